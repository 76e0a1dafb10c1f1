import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, InlineStack, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../admin.server";
import { automationFormSetup, readAutomationPayload } from "../automations/automation-page.server";
import { deleteAutomation, findAutomation, setAutomationStatus, updateAutomation } from "../automations/automations.server";
import { listRuns, runCounts, runLog } from "../automations/runs.server";
import { describeStep, STEP_LABELS, type StepType } from "../automations/steps";
import { AutomationForm, toAutomationPayload, type AutomationDraft } from "../components/automations/automation-form";
import { AUTOMATION_STATUS } from "../components/automations/labels";
import { RunsCard } from "../components/automations/runs-card";
import { fromStoredStep } from "../components/automations/step-editor";
import { RouteErrorPage } from "../components/route-error";
import { useRevalidateWhile } from "../components/segments/use-revalidate-while";
import { getDb } from "../db.server";
import { formatDateTime } from "../format/dates";

const IdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const DAY = 86_400_000;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const db = getDb();
  const id = IdSchema.safeParse(params.automationId);
  const automation = id.success ? findAutomation(db, { shopId: shop.id, automationId: id.data }) : null;
  if (!automation) throw new Response("Automation not found", { status: 404 });
  const steps = automation.steps ?? [];
  const selected = IdSchema.safeParse(new URL(request.url).searchParams.get("run"));
  const runs = listRuns(db, { shopId: shop.id, automationId: automation.id }).map((run) => ({
    id: run.id,
    contactId: run.contactId,
    contact: run.contact,
    status: run.status,
    step: steps[run.stepIndex] ? describeStep(steps[run.stepIndex]!) : "—",
    started: formatDateTime(run.startedAt, shop.timeZone),
    detail: run.reason ?? (run.status === "waiting" ? `Waiting until ${formatDateTime(run.nextStepAt, shop.timeZone)}` : null),
  }));
  const log = selected.success
    ? runLog(db, { shopId: shop.id, runId: selected.data }).map((entry) => ({
        step: entry.kind === "exit" ? "Exit" : `${entry.stepIndex + 1}. ${STEP_LABELS[entry.kind as StepType] ?? entry.kind}`,
        status: entry.status,
        detail: entry.detail,
        at: formatDateTime(entry.at, shop.timeZone),
        sendId: entry.sendId,
      }))
    : null;
  const draft: AutomationDraft = {
    name: automation.name,
    segmentId: String(automation.segmentId),
    trigger: automation.trigger,
    steps: steps.map(fromStoredStep),
    reentry: automation.reentry,
    cooldownDays: String(Math.round((automation.reentryCooldownMs ?? 30 * DAY) / DAY)),
    flapMinutes: String(Math.round(automation.flapWindowMs / 60_000)),
    active: automation.status === "active",
  };
  const counts = runCounts(db, { shopId: shop.id, automationId: automation.id });
  return json({
    automation: { id: automation.id, name: automation.name, status: automation.status, updated: formatDateTime(automation.updatedAt, shop.timeZone), stepsUnreadable: automation.steps === null },
    draft,
    ...automationFormSetup(db, { shopId: shop.id }),
    runs,
    counts,
    selected: selected.success ? selected.data : null,
    log,
    busy: counts.running > 0,
  });
};

const IntentSchema = z.object({ intent: z.enum(["activate", "pause", "delete"]) });

/** JSON → saves the editor's changes; a form `intent` → activate, pause or delete. */
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const db = getDb();
  const id = IdSchema.safeParse(params.automationId);
  if (!id.success) throw new Response("Automation not found", { status: 404 });
  const target = { shopId: shop.id, automationId: id.data, now: Date.now() };
  if (request.headers.get("Content-Type")?.includes("application/json")) {
    const input = readAutomationPayload(await request.json().catch(() => null));
    if (!input) return json({ errors: { form: "Send the automation as JSON" } as Record<string, string>, saved: false }, { status: 400 });
    const result = updateAutomation(db, { ...target, input });
    if (!result) throw new Response("Automation not found", { status: 404 });
    if (!result.ok) return json({ errors: result.errors, saved: false }, { status: 422 });
    return json({ errors: {} as Record<string, string>, saved: true });
  }
  const form = IntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return json({ errors: { form: "Choose an action" } as Record<string, string>, saved: false }, { status: 400 });
  if (form.data.intent === "delete") {
    if (!deleteAutomation(db, target)) throw new Response("Automation not found", { status: 404 });
    return redirect("/app/automations");
  }
  if (!setAutomationStatus(db, { ...target, status: form.data.intent === "activate" ? "active" : "paused" })) throw new Response("Automation not found", { status: 404 });
  return json({ errors: {} as Record<string, string>, saved: false });
};

export default function AutomationPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [draft, setDraft] = useState<AutomationDraft>(data.draft);
  useRevalidateWhile(data.busy, 2_000);
  const isActive = data.automation.status === "active";
  useEffect(() => setDraft((d) => ({ ...d, active: isActive })), [isActive]);
  const errors = result?.errors ?? {};
  const status = AUTOMATION_STATUS[data.automation.status];
  const save = () => submit({ ...toAutomationPayload(draft) } as unknown as Parameters<typeof submit>[0], { method: "post", encType: "application/json" });
  const toggle = data.automation.status === "active" ? "pause" : "activate";
  return (
    <Page
      title={data.automation.name}
      titleMetadata={<Badge tone={status.tone}>{status.label}</Badge>}
      subtitle={`Last updated ${data.automation.updated}`}
      backAction={{ content: "Automations", url: "/app/automations" }}
      primaryAction={{ content: "Save", onAction: save, loading: navigation.state !== "idle" && navigation.formEncType === "application/json" }}
    >
      <BlockStack gap="400">
        {result?.saved ? <Banner tone="success">Saved. Runs in progress continue with the new steps.</Banner> : null}
        {Object.keys(errors).length > 0 ? <Banner tone="critical" title="The automation could not be saved">{errors.form ?? "Fix the marked fields, then save again."}</Banner> : null}
        {data.automation.stepsUnreadable ? <Banner tone="warning">The saved steps could not be read. Build them again below and save.</Banner> : null}
        <InlineStack gap="200" align="end">
          <Form method="post">
            <input type="hidden" name="intent" value={toggle} />
            <Button submit>{toggle === "pause" ? "Pause automation" : "Activate automation"}</Button>
          </Form>
          <Form method="post" onSubmit={(event) => (confirm("Delete this automation and its runs? This cannot be undone.") ? undefined : event.preventDefault())}>
            <input type="hidden" name="intent" value="delete" />
            <Button submit tone="critical" variant="plain">
              Delete
            </Button>
          </Form>
        </InlineStack>
        <AutomationForm draft={draft} segments={data.segments} coupons={data.coupons} errors={errors} onChange={setDraft} />
        <Text as="h2" variant="headingMd">
          Activity
        </Text>
        <RunsCard runs={data.runs} counts={data.counts} selected={data.selected} log={data.log} />
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorPage backUrl="/app/automations" notFoundTitle="Automation not found" />;
}
