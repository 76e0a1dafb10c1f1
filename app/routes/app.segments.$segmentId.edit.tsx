import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { ComputeProgress } from "../components/builder/compute-progress";
import type { Draft } from "../components/builder/definition-editing";
import { MemberDiffModal } from "../components/builder/member-diff-modal";
import { SegmentEditorLayout } from "../components/builder/segment-editor-layout";
import { UpdateAutomations } from "../components/segments/update-automations";
import { useSegmentEditor } from "../components/builder/use-segment-editor";
import { RouteErrorPage } from "../components/route-error";
import { getDb } from "../db.server";
import { builderSetup, emptyDefinition } from "../models/segment-builder.server";
import { findSegment, updateSegment } from "../models/segments.server";
import { requestTriggerAll } from "../automations/trigger-all.server";

const SegmentIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const db = getDb();
  const segmentId = SegmentIdSchema.safeParse(params.segmentId);
  const segment = segmentId.success ? findSegment(db, { shopId: shop.id, segmentId: segmentId.data }) : null;
  if (!segment) throw new Response("Segment not found", { status: 404 });
  return json({
    setup: builderSetup(db, { shopId: shop.id, now: Date.now() }),
    segment: { id: segment.id, name: segment.name, status: segment.status, memberCount: segment.memberCount },
    definition: segment.definition ?? emptyDefinition(),
    definitionIssues: segment.definitionIssues,
  });
};

const UpdateSchema = z.object({ name: z.string().max(1_000), definition: z.unknown(), triggerAll: z.boolean().optional() });

/** Update: JSON `{ name, definition }` → `{ ok, segmentId }` (a new definition is recomputed) or the issues. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const segmentId = SegmentIdSchema.safeParse(params.segmentId);
  const body = UpdateSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return json({ ok: false as const, issues: [{ nodeId: null, message: "Send the segment as JSON: { name, definition }" }] }, { status: 400 });
  const { triggerAll, ...update } = body.data;
  const result = segmentId.success ? updateSegment(getDb(), { shopId: shop.id, segmentId: segmentId.data, ...update, now: Date.now() }) : null;
  if (!result) throw new Response("Segment not found", { status: 404 });
  if (!result.ok) return json({ ok: false as const, issues: result.issues }, { status: 422 });
  // enrols the members active automations have not processed, once the new members are computed
  if (triggerAll) requestTriggerAll(getDb(), { shopId: shop.id, segmentId: result.segment.id, revision: result.segment.revision, now: Date.now() });
  return json({ ok: true as const, segmentId: result.segment.id });
};

export default function EditSegmentPage() {
  const { setup, segment, definition, definitionIssues } = useLoaderData<typeof loader>();
  const editor = useSegmentEditor({ initialName: segment.name, initialDraft: definition as Draft, limits: setup.limits });
  const fetcher = useFetcher<typeof action>();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState(false);
  const [triggerAll, setTriggerAll] = useState(false);
  const { setSubmitIssues } = editor;

  useEffect(() => {
    if (!fetcher.data) return;
    setConfirming(false);
    if (fetcher.data.ok) setSaved(true);
    else setSubmitIssues(fetcher.data.issues);
  }, [fetcher.data, setSubmitIssues]);

  const save = () => {
    const payload = { name: editor.name, definition: editor.draft, ...(confirming ? { triggerAll } : {}) };
    fetcher.submit(payload as unknown as Parameters<typeof fetcher.submit>[0], { method: "post", encType: "application/json" });
  };
  // only a new definition changes members: a rename saves at once
  const update = () => (JSON.stringify(editor.draft) === JSON.stringify(definition) ? save() : setConfirming(true));

  return (
    <Page
      title={`Edit ${segment.name}`}
      backAction={{ content: segment.name, url: `/app/segments/${segment.id}` }}
      primaryAction={{ content: "Update segment", onAction: update, loading: fetcher.state !== "idle", disabled: saved }}
    >
      <SegmentEditorLayout
        editor={editor}
        setup={setup}
        top={
          <>
            {saved && <ComputeProgress segmentId={segment.id} onReady={() => navigate(`/app/segments/${segment.id}`)} />}
            {segment.status === "computing" && !saved && (
              <Banner tone="info" title="Members are still being computed">
                <p>The preview of changes compares against the members computed so far.</p>
              </Banner>
            )}
            {definitionIssues.length > 0 && (
              <Banner tone="warning" title="The saved conditions could not be read">
                <p>{definitionIssues.map((i) => i.message).join(" ")} Build the conditions again below and update the segment.</p>
              </Banner>
            )}
          </>
        }
      />
      <MemberDiffModal
        open={confirming}
        segmentId={segment.id}
        segmentName={editor.name || segment.name}
        draft={editor.draft}
        saving={fetcher.state !== "idle"}
        onConfirm={save}
        onClose={() => setConfirming(false)}
        onIssues={(issues) => {
          setConfirming(false);
          setSubmitIssues(issues);
        }}
      >
        <UpdateAutomations segmentId={segment.id} open={confirming} triggerAll={triggerAll} onTriggerAllChange={setTriggerAll} />
      </MemberDiffModal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/segments" notFoundTitle="Segment not found" />;
}
