import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { ComputeProgress } from "../components/builder/compute-progress";
import type { Draft } from "../components/builder/definition-editing";
import { SegmentEditorLayout } from "../components/builder/segment-editor-layout";
import { useSegmentEditor } from "../components/builder/use-segment-editor";
import { ImportShopifyQuery } from "../components/shopify-query/import-query";
import { getDb } from "../db.server";
import { builderSetup, emptyDefinition, findSuggestion } from "../models/segment-builder.server";
import { createSegment } from "../models/segments.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const db = getDb();
  const key = new URL(request.url).searchParams.get("suggestion");
  const suggestion = key ? findSuggestion(db, { shopId: shop.id, key }) : null;
  return json({
    setup: builderSetup(db, { shopId: shop.id, now: Date.now() }),
    suggestion: suggestion ? { key: suggestion.key, name: suggestion.name, description: suggestion.description } : null,
    unknownSuggestion: key && !suggestion ? key : null,
    name: suggestion?.name ?? "",
    definition: suggestion?.definition ?? emptyDefinition(),
  });
};

const CreateSchema = z.object({
  name: z.string().max(1_000),
  definition: z.unknown(),
  suggestionKey: z.string().max(100).nullish(),
});

/** Create (or generate, from a suggestion): JSON `{ name, definition, suggestionKey? }` → `{ ok, segmentId }` or the issues. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const body = CreateSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return json({ ok: false as const, issues: [{ nodeId: null, message: "Send the segment as JSON: { name, definition }" }] }, { status: 400 });
  const db = getDb();
  const { name, definition, suggestionKey } = body.data;
  const suggestion = suggestionKey ? findSuggestion(db, { shopId: shop.id, key: suggestionKey }) : null;
  const result = createSegment(db, { shopId: shop.id, name, definition, suggestionKey: suggestion?.key ?? null, now: Date.now() });
  if (!result.ok) return json({ ok: false as const, issues: result.issues }, { status: 422 });
  return json({ ok: true as const, segmentId: result.segment.id });
};

export default function NewSegmentPage() {
  const { setup, suggestion, unknownSuggestion, name, definition } = useLoaderData<typeof loader>();
  const editor = useSegmentEditor({ initialName: name, initialDraft: definition as Draft, limits: setup.limits });
  const fetcher = useFetcher<typeof action>();
  const navigate = useNavigate();
  const [createdId, setCreatedId] = useState<number | null>(null);
  const { setSubmitIssues } = editor;

  useEffect(() => {
    if (!fetcher.data) return;
    if (fetcher.data.ok) setCreatedId(fetcher.data.segmentId);
    else setSubmitIssues(fetcher.data.issues);
  }, [fetcher.data, setSubmitIssues]);

  const create = () => {
    const payload = { name: editor.name, definition: editor.draft, suggestionKey: suggestion?.key ?? null };
    fetcher.submit(payload as unknown as Parameters<typeof fetcher.submit>[0], { method: "post", encType: "application/json" });
  };

  return (
    <Page
      title={suggestion ? "Create a suggested segment" : "Create segment"}
      backAction={{ content: "Segments", url: "/app/segments" }}
      primaryAction={{ content: suggestion ? "Generate segment" : "Create segment", onAction: create, loading: fetcher.state !== "idle", disabled: createdId !== null }}
    >
      <SegmentEditorLayout
        editor={editor}
        setup={setup}
        top={
          <>
            {createdId !== null && <ComputeProgress segmentId={createdId} onReady={() => navigate(`/app/segments/${createdId}`)} />}
            {suggestion && (
              <Banner tone="info" title={`Suggested segment: ${suggestion.name}`}>
                <p>{suggestion.description} Rename it and review its conditions, then generate it.</p>
              </Banner>
            )}
            {unknownSuggestion && (
              <Banner tone="warning" title="This suggestion is not available">
                <p>Start from an empty segment below, or pick another suggestion.</p>
              </Banner>
            )}
            {!suggestion && <ImportShopifyQuery onImport={(draft) => editor.dispatch({ type: "reset", draft })} />}
          </>
        }
      />
    </Page>
  );
}
