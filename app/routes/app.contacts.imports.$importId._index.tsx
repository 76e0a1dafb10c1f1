import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Page } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { ImportProgress } from "../components/imports/import-progress";
import { ImportSummary } from "../components/imports/import-summary";
import { IMPORT_STATUS_LABELS, IMPORT_STATUS_TONES } from "../components/imports/labels";
import { ImportPreview, MappingForm, type MappingOptionGroup } from "../components/imports/mapping-form";
import { getDb } from "../db.server";
import { ATTRIBUTE_TYPES } from "../../db/enums";
import { CONTACT_FIELDS, guessMapping } from "../imports/fields";
import { attributeOptions, countRejections, findImport, importView, startImport } from "../imports/imports.server";

const ParamsSchema = z.object({ importId: z.coerce.number().int().positive() });

function loadImport(shopId: number, params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  const record = parsed.success ? findImport(getDb(), { shopId, importId: parsed.data.importId }) : null;
  if (!record) throw new Response("Import not found", { status: 404 });
  return record;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const record = loadImport(shop.id, params);
  const attributes = attributeOptions(getDb(), shop.id);
  const groups: MappingOptionGroup[] = [
    { title: "Skip", options: [{ label: "Don't import", value: "ignore" }] },
    { title: "Contact", options: CONTACT_FIELDS.map((f) => ({ label: f.label, value: f.field })) },
    ...(attributes.length ? [{ title: "Custom attributes", options: attributes.map((a) => ({ label: `${a.label} (${a.type})`, value: `attribute:${a.key}` })) }] : []),
    { title: "New custom attribute, named after the column", options: ATTRIBUTE_TYPES.map((t) => ({ label: `New ${t} attribute`, value: `new_attribute:${t}` })) },
  ];
  return json({
    view: importView(record),
    header: record.header,
    preview: record.preview,
    guessed: record.mapping ?? guessMapping(record.header, attributes),
    groups,
    problems: record.status === "done" || record.status === "failed" ? countRejections(getDb(), { shopId: shop.id, importId: record.id }) : 0,
  });
};

/** "Start import" with the mapping form. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const record = loadImport(shop.id, params);
  const form = Object.fromEntries(await request.formData());
  const result = startImport(getDb(), { shopId: shop.id, importId: record.id, form, now: Date.now() });
  if (!result.ok) return json({ problems: result.problems }, { status: 400 });
  return redirect(`/app/contacts/imports/${record.id}`);
};

export default function ImportPage() {
  const { view, header, preview, guessed, groups, problems } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <Page
      title={view.fileName}
      titleMetadata={<Badge tone={IMPORT_STATUS_TONES[view.status]}>{IMPORT_STATUS_LABELS[view.status]}</Badge>}
      backAction={{ content: "Imports", url: "/app/contacts/imports" }}
    >
      <BlockStack gap="400">
        {view.status === "uploaded" ? (
          <>
            <ImportPreview header={header} rows={preview} />
            <MappingForm header={header} guessed={guessed} groups={groups} problems={actionData?.problems ?? []} />
          </>
        ) : view.status === "queued" || view.status === "running" ? (
          <ImportProgress importId={view.id} initial={{ status: view.status, percent: view.percent, rowsDone: view.rowsDone }} />
        ) : (
          <ImportSummary importId={view.id} counts={view.counts} error={view.error} problems={problems} />
        )}
      </BlockStack>
    </Page>
  );
}
