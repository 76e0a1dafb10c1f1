import type { Db } from "../../db/client.server";
import type { RunLogStatus } from "../../db/schema";
import type { AdminApi } from "../platforms/shopify/admin-api.server";
import { FLOW_TRIGGER_FIELDS, FLOW_TRIGGER_HANDLES } from "./flow-handles";

/**
 * The "Fire Shopify Flow trigger" step: `flowTriggerReceive(handle, payload)` through the shop's
 * Admin API (offline session), with the trigger of the automation's kind. The payload carries the
 * customer reference (`customer_id`, the numeric customer id) and the custom fields the extension
 * declares, by their keys. Without a store behind the app (demo mode) nothing is sent and the
 * run's log says so. Transport failures throw, and the job retries them; refusals (`userErrors`)
 * are final and logged.
 */

export const FLOW_TRIGGER_MUTATION = `mutation SegmentflowFlowTrigger($handle: String, $payload: JSON) {
  flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } }
}`;

export type FlowTriggerPayload = { customer_id: number | string; "Segment name": string; "Segment id": number };

export function flowTriggerPayload({ customerId, segmentName, segmentId }: { customerId: string; segmentName: string; segmentId: number }): FlowTriggerPayload {
  const numeric = Number(customerId);
  return {
    // Flow's customer reference is the numeric id; one too large for a double stays a string
    customer_id: Number.isSafeInteger(numeric) ? numeric : customerId,
    [FLOW_TRIGGER_FIELDS.segmentName]: segmentName,
    [FLOW_TRIGGER_FIELDS.segmentId]: segmentId,
  } as FlowTriggerPayload;
}

type Entry = {
  log_id: number;
  status: RunLogStatus;
  trigger: "entered" | "left";
  segment_id: number;
  segment_name: string;
  platform_id: string | null;
  platform: string;
};

function mark(db: Db, logId: number, status: RunLogStatus, detail: string, now: number): RunLogStatus {
  db.$client.prepare(`UPDATE automation_run_log SET status = ?, detail = ?, at = ? WHERE id = ?`).run(status, detail, now, logId);
  return status;
}

function loadEntry(db: Db, { shopId, runId, stepIndex }: { shopId: number; runId: number; stepIndex: number }): Entry | undefined {
  return db.$client
    .prepare(
      `SELECT l.id AS log_id, l.status, a.trigger, a.segment_id, s.name AS segment_name, c.platform_id, sh.platform
       FROM automation_run_log l
       JOIN automation_runs r ON r.id = l.run_id
       JOIN automations a ON a.id = r.automation_id
       JOIN segments s ON s.id = a.segment_id
       JOIN contacts c ON c.id = r.contact_id
       JOIN shops sh ON sh.id = l.shop_id
       WHERE l.run_id = ? AND l.step_index = ? AND l.shop_id = ? AND l.kind = 'flow_trigger'`,
    )
    .get(runId, stepIndex, shopId) as Entry | undefined;
}

/**
 * Fires the trigger of one run's Flow step once: a log row no longer `pending` is left alone.
 * `api` is the shop's Admin API, or null when there is no store (demo mode).
 */
export async function fireFlowTrigger(
  db: Db,
  { shopId, runId, stepIndex, api, now }: { shopId: number; runId: number; stepIndex: number; api: AdminApi | null; now: () => number },
): Promise<RunLogStatus | null> {
  const entry = loadEntry(db, { shopId, runId, stepIndex });
  if (!entry || entry.status !== "pending") return entry?.status ?? null;
  const handle = FLOW_TRIGGER_HANDLES[entry.trigger];
  if (entry.platform !== "shopify") return mark(db, entry.log_id, "failed", `Shopify Flow is not available on ${entry.platform}`, now());
  if (!api) return mark(db, entry.log_id, "skipped_demo", `Demo mode: no Shopify store behind the app, so the Flow trigger “${handle}” was not sent`, now());
  if (!entry.platform_id) return mark(db, entry.log_id, "failed", "The contact has no Shopify customer to reference", now());
  const payload = flowTriggerPayload({ customerId: entry.platform_id, segmentName: entry.segment_name, segmentId: entry.segment_id });
  const data = await api.request<{ flowTriggerReceive: { userErrors: { field: string[] | null; message: string }[] } | null }>(FLOW_TRIGGER_MUTATION, { handle, payload });
  const errors = data.flowTriggerReceive?.userErrors ?? [];
  if (errors.length > 0) return mark(db, entry.log_id, "failed", `Shopify refused the trigger: ${errors.map((e) => `${(e.field ?? []).join(".")}${e.field?.length ? ": " : ""}${e.message}`).join("; ")}`, now());
  return mark(db, entry.log_id, "fired", `Sent “${handle}” to Shopify Flow`, now());
}

/** After the job's last attempt: the run went on; its log shows the trigger failed and why. */
export function failFlowTrigger(db: Db, { shopId, runId, stepIndex, error, now }: { shopId: number; runId: number; stepIndex: number; error: string; now: number }): void {
  db.$client
    .prepare(`UPDATE automation_run_log SET status = 'failed', detail = ?, at = ? WHERE run_id = ? AND step_index = ? AND shop_id = ? AND status = 'pending'`)
    .run(error, now, runId, stepIndex, shopId);
}
