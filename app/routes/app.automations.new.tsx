import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Page } from "@shopify/polaris";
import { useState } from "react";
import { requireAdmin } from "../admin.server";
import { automationFormSetup, readAutomationPayload } from "../automations/automation-page.server";
import { createAutomation } from "../automations/automations.server";
import { AutomationForm, emptyDraft, toAutomationPayload } from "../components/automations/automation-form";
import { newStep } from "../components/automations/step-editor";
import { RouteErrorPage } from "../components/route-error";
import { getDb } from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const segmentId = new URL(request.url).searchParams.get("segment") ?? "";
  return json({ ...automationFormSetup(getDb(), { shopId: shop.id }), segmentId });
};

/** JSON (the editor's payload) → the new automation's page, or the problems by field. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const input = readAutomationPayload(await request.json().catch(() => null));
  if (!input) return json({ errors: { form: "Send the automation as JSON" } as Record<string, string> }, { status: 400 });
  const result = createAutomation(getDb(), { shopId: shop.id, input, now: Date.now() });
  if (!result.ok) return json({ errors: result.errors }, { status: 422 });
  return redirect(`/app/automations/${result.automation.id}`);
};

export default function NewAutomationPage() {
  const { segments, coupons, segmentId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [draft, setDraft] = useState(() => ({ ...emptyDraft(segments.some((s) => String(s.id) === segmentId) ? segmentId : ""), steps: [newStep("send_email")] }));
  const errors = result?.errors ?? {};
  const save = () => submit(toAutomationPayload(draft) as unknown as Parameters<typeof submit>[0], { method: "post", encType: "application/json" });
  return (
    <Page
      title="Create automation"
      backAction={{ content: "Automations", url: "/app/automations" }}
      primaryAction={{ content: "Save automation", onAction: save, loading: navigation.state !== "idle" }}
    >
      <BlockStack gap="400">
        {Object.keys(errors).length > 0 ? <Banner tone="critical" title="The automation could not be saved">{errors.form ?? "Fix the marked fields, then save again."}</Banner> : null}
        <AutomationForm draft={draft} segments={segments} coupons={coupons} errors={errors} onChange={setDraft} />
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/automations" notFoundTitle="Automation not found" />;
}
