import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import type { RunLogStatus } from "../../db/schema";
import { prepared } from "../../db/statement-cache";
import { enqueueMessage, messageIdempotencyKey } from "../messaging/enqueue.server";
import { marketingAddress, SKIP_REASON_LABELS, type ContactForSending } from "../messaging/safety";
import { enqueueJob } from "../jobs/queue.server";
import { FLOW_TRIGGER_JOB, enqueueRunStep } from "./queue.server";
import { channelsFrom, formatDuration, parseSteps, type AutomationStep } from "./steps";

/**
 * One step of one run, as the `automations.step` job runs it, in one IMMEDIATE transaction: the
 * step's effect (a message enqueued, a wait scheduled, a Flow trigger queued), its log row and the
 * run's move to the next step commit together. A job that runs again finds the run already past
 * that step and does nothing, so no step happens twice. After a wait the contact is checked
 * again: a contact who left the segment (or, for "left" automations, came back), was erased, or
 * can no longer be reached on any channel the remaining messages use, exits the run.
 */

export type StepResult = "nothing" | "advanced" | "waiting" | "completed" | "exited" | "held" | "failed";

export type ExitReason = "left_segment" | "back_in_segment" | "contact_gone" | "unsubscribed" | "steps_invalid" | "shop_uninstalled";

export const EXIT_LABELS: Record<ExitReason, string> = {
  left_segment: "Left the segment during a wait",
  back_in_segment: "Back in the segment during a wait",
  contact_gone: "Contact deleted or erased",
  unsubscribed: "No longer subscribed on the channels of the remaining messages",
  steps_invalid: "The automation's steps could not be read",
  shop_uninstalled: "The app was uninstalled",
};

type RunRow = {
  id: number;
  shop_id: number;
  contact_id: number;
  status: string;
  step_index: number;
  automation_id: number;
  automation_status: string;
  uninstalled_at: number | null;
  steps: string;
  segment_id: number;
  trigger: "entered" | "left";
};

const LOAD_RUN = `SELECT r.id, r.shop_id, r.contact_id, r.status, r.step_index, r.automation_id, a.status AS automation_status, a.steps, a.segment_id, a.trigger, s.uninstalled_at
  FROM automation_runs r JOIN automations a ON a.id = r.automation_id JOIN shops s ON s.id = r.shop_id WHERE r.id = ? AND r.shop_id = ?`;
const LOAD_CONTACT = `SELECT email, phone, country_code AS countryCode, email_consent AS emailConsent, sms_consent AS smsConsent, email_validity AS emailValidity,
  phone_validity AS phoneValidity, deleted_at AS deletedAt, redacted_at AS redactedAt FROM contacts WHERE id = ? AND shop_id = ?`;
const IS_MEMBER = `SELECT 1 FROM segment_members WHERE segment_id = ? AND contact_id = ?`;
const LOG = `INSERT INTO automation_run_log (shop_id, run_id, step_index, kind, status, detail, send_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

function loadContact(db: Db, run: RunRow): ContactForSending | null {
  return (prepared(db.$client, LOAD_CONTACT).get(run.contact_id, run.shop_id) as ContactForSending | undefined) ?? null;
}

function log(db: Db, run: RunRow, stepIndex: number, kind: string, status: RunLogStatus, detail: string | null, now: number, sendId: number | null = null): void {
  prepared(db.$client, LOG).run(run.shop_id, run.id, stepIndex, kind, status, detail, sendId, now);
}

function exit(db: Db, run: RunRow, stepIndex: number, reason: ExitReason, now: number): StepResult {
  db.$client
    .prepare(`UPDATE automation_runs SET status = ?, exit_reason = ?, step_index = ?, next_step_at = NULL, finished_at = ? WHERE id = ?`)
    .run(reason === "steps_invalid" ? "failed" : "exited", reason, stepIndex, now, run.id);
  log(db, run, stepIndex, "exit", "exited", EXIT_LABELS[reason], now);
  return reason === "steps_invalid" ? "failed" : "exited";
}

function complete(db: Db, run: RunRow, stepIndex: number, now: number): StepResult {
  db.$client.prepare(`UPDATE automation_runs SET status = 'completed', step_index = ?, next_step_at = NULL, finished_at = ? WHERE id = ?`).run(stepIndex, now, run.id);
  return "completed";
}

/** The next step runs now (or the run completes when there is none). */
function advance(db: Db, run: RunRow, steps: AutomationStep[], from: number, now: number): StepResult {
  const next = from + 1;
  if (next >= steps.length) return complete(db, run, next, now);
  db.$client.prepare(`UPDATE automation_runs SET status = 'running', step_index = ?, next_step_at = NULL WHERE id = ?`).run(next, run.id);
  enqueueRunStep(db, { shopId: run.shop_id, runId: run.id, stepIndex: next, runAfter: now, now });
  return "advanced";
}

/** Why the run must end after a wait, or null to go on. */
function recheck(db: Db, run: RunRow, steps: AutomationStep[], stepIndex: number): ExitReason | null {
  const contact = loadContact(db, run);
  if (!contact || contact.deletedAt !== null || contact.redactedAt !== null) return "contact_gone";
  const isMember = prepared(db.$client, IS_MEMBER).get(run.segment_id, run.contact_id) !== undefined;
  if (run.trigger === "entered" && !isMember) return "left_segment";
  if (run.trigger === "left" && isMember) return "back_in_segment";
  const channels = channelsFrom(steps, stepIndex);
  const firesFlow = steps.slice(stepIndex).some((s) => s.type === "flow_trigger");
  if (channels.size > 0 && !firesFlow && [...channels].every((channel) => "skip" in marketingAddress(contact, channel))) return "unsubscribed";
  return null;
}

function sendMessage(db: Db, run: RunRow, steps: AutomationStep[], stepIndex: number, step: Extract<AutomationStep, { type: "send_email" | "send_sms" }>, now: number): StepResult {
  const channel: Channel = step.type === "send_email" ? "email" : "sms";
  const reach = marketingAddress(loadContact(db, run), channel);
  if ("skip" in reach) {
    // consent is read now; the message would be skipped at send time anyway, so none is created
    log(db, run, stepIndex, step.type, "skipped", SKIP_REASON_LABELS[reach.skip], now);
    return advance(db, run, steps, stepIndex, now);
  }
  const source = { kind: "automation_step" as const, id: run.id, stepIndex };
  const message = enqueueMessage(db, {
    shopId: run.shop_id,
    contactId: run.contact_id,
    channel,
    source,
    idempotencyKey: messageIdempotencyKey(source, run.contact_id),
    template: step.type === "send_email" ? { subject: step.subject, body: step.body } : { body: step.body },
    couponId: step.type === "send_email" ? step.couponId : null,
    qualifiedBy: [run.segment_id],
    now,
  });
  log(db, run, stepIndex, step.type, "queued", null, now, message.sendId);
  return advance(db, run, steps, stepIndex, now);
}

/** Runs step `stepIndex` of a run if the run is still at it; see the file comment. */
export function runStep(db: Db, { shopId, runId, stepIndex, now }: { shopId: number; runId: number; stepIndex: number; now: number }): StepResult {
  const sqlite = db.$client;
  return sqlite
    .transaction((): StepResult => {
      const run = prepared(sqlite, LOAD_RUN).get(runId, shopId) as RunRow | undefined;
      if (!run || (run.status !== "running" && run.status !== "waiting") || run.step_index !== stepIndex) return "nothing";
      if (run.uninstalled_at !== null) return exit(db, run, stepIndex, "shop_uninstalled", now);
      if (run.automation_status !== "active") {
        // paused: the run holds here and continues when the automation is activated again
        sqlite.prepare(`UPDATE automation_runs SET status = 'held', next_step_at = NULL WHERE id = ?`).run(run.id);
        return "held";
      }
      const steps = parseSteps(run.steps);
      if (!steps) return exit(db, run, stepIndex, "steps_invalid", now);
      if (stepIndex > 0 && steps[stepIndex - 1]?.type === "wait") {
        const reason = recheck(db, run, steps, stepIndex);
        if (reason) return exit(db, run, stepIndex, reason, now);
      }
      const step = steps[stepIndex];
      if (!step) return complete(db, run, stepIndex, now);
      switch (step.type) {
        case "send_email":
        case "send_sms":
          return sendMessage(db, run, steps, stepIndex, step, now);
        case "wait": {
          const until = now + step.durationMs;
          log(db, run, stepIndex, "wait", "waiting", `${formatDuration(step.durationMs)}, until ${new Date(until).toISOString()}`, now);
          sqlite.prepare(`UPDATE automation_runs SET status = 'waiting', step_index = ?, next_step_at = ? WHERE id = ?`).run(stepIndex + 1, until, run.id);
          enqueueRunStep(db, { shopId, runId, stepIndex: stepIndex + 1, runAfter: until, now });
          return "waiting";
        }
        case "flow_trigger":
          log(db, run, stepIndex, "flow_trigger", "pending", null, now);
          enqueueJob(db, { type: FLOW_TRIGGER_JOB, shopId, payload: { shopId, runId, stepIndex }, uniqueKey: `${FLOW_TRIGGER_JOB}:${runId}:${stepIndex}`, runAfter: now, maxAttempts: 8 }, now);
          return advance(db, run, steps, stepIndex, now);
      }
    })
    .immediate();
}
