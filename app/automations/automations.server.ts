import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { automations, segments, type AutomationStatus, type ReentryPolicy } from "../../db/schema";
import { checkTemplate } from "../messaging/render.server";
import { DAY, parseSteps, StepsSchema, type AutomationStep } from "./steps";
import { enqueueRunStep } from "./queue.server";

/** Automations (SPEC §6): a trigger on one segment, steps, a re-entry rule, active or paused. */

export type AutomationTrigger = "entered" | "left";

export type AutomationInput = {
  name: string;
  segmentId: number;
  trigger: AutomationTrigger;
  steps: unknown;
  reentry: ReentryPolicy;
  /** For `cooldown`: no second run within this long of the previous one. */
  reentryCooldownMs?: number | null;
  /** An enter/leave/enter (or leave/enter/leave) within this long starts no second run; 0 = off. */
  flapWindowMs?: number;
  status: AutomationStatus;
};

/** Problems by field (`name`, `segmentId`, `steps`, `steps.2`, `reentryCooldownMs`, `flapWindowMs`). */
export type FieldErrors = Record<string, string>;
export type SaveAutomationResult = { ok: true; automation: AutomationRecord } | { ok: false; errors: FieldErrors };

export type AutomationRecord = Omit<typeof automations.$inferSelect, "steps"> & {
  /** Re-validated on read; null when the stored JSON no longer parses. */
  steps: AutomationStep[] | null;
  segmentName: string;
};

const MAX_FLAP_WINDOW_MS = 30 * DAY;

function validate(db: Db, shopId: number, input: AutomationInput): { ok: true; steps: AutomationStep[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Give the automation a name";
  else if (name.length > 120) errors.name = "Names are at most 120 characters";
  const segment = db.select({ id: segments.id }).from(segments).where(and(eq(segments.id, input.segmentId), eq(segments.shopId, shopId))).get();
  if (!segment) errors.segmentId = "Choose a segment";
  if (input.trigger !== "entered" && input.trigger !== "left") errors.trigger = "Choose when the automation starts";
  if (input.reentry === "cooldown" && !(typeof input.reentryCooldownMs === "number" && input.reentryCooldownMs >= DAY && input.reentryCooldownMs <= 365 * DAY)) {
    errors.reentryCooldownMs = "Give a number of days between 1 and 365";
  }
  const flap = input.flapWindowMs ?? 0;
  if (!Number.isInteger(flap) || flap < 0 || flap > MAX_FLAP_WINDOW_MS) errors.flapWindowMs = "Give a time between 0 and 30 days";
  const parsed = StepsSchema.safeParse(input.steps);
  let steps: AutomationStep[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length > 0 && typeof issue.path[0] === "number" ? `steps.${issue.path[0]}` : "steps";
      errors[key] ??= issue.message;
    }
  } else {
    steps = parsed.data;
    steps.forEach((step, i) => {
      if (step.type === "send_email" || step.type === "send_sms") {
        const problem = checkTemplate(step.type === "send_email" ? "email" : "sms", step.type === "send_email" ? { subject: step.subject, body: step.body } : { body: step.body });
        if (problem) errors[`steps.${i}`] = problem;
      }
      if (step.type === "send_email" && step.couponId !== null) {
        const coupon = db.$client.prepare(`SELECT 1 FROM coupons WHERE id = ? AND shop_id = ?`).get(step.couponId, shopId);
        if (!coupon) errors[`steps.${i}`] = "That coupon no longer exists";
      }
    });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, steps };
}

/** The newest membership change: an automation (re)activated now starts with the changes after it. */
function latestChangeId(db: Db): number {
  return db.$client.prepare(`SELECT coalesce(max(id), 0) FROM membership_changes`).pluck().get() as number;
}

const RECORD_COLUMNS = {
  id: automations.id,
  shopId: automations.shopId,
  name: automations.name,
  segmentId: automations.segmentId,
  trigger: automations.trigger,
  status: automations.status,
  steps: automations.steps,
  reentry: automations.reentry,
  reentryCooldownMs: automations.reentryCooldownMs,
  flapWindowMs: automations.flapWindowMs,
  changeCursor: automations.changeCursor,
  createdAt: automations.createdAt,
  updatedAt: automations.updatedAt,
  segmentName: segments.name,
};

type Row = Omit<AutomationRecord, "steps"> & { steps: string };
const toRecord = (row: Row): AutomationRecord => ({ ...row, steps: parseSteps(row.steps) });

export function findAutomation(db: Db, { shopId, automationId }: { shopId: number; automationId: number }): AutomationRecord | null {
  const row = db
    .select(RECORD_COLUMNS)
    .from(automations)
    .innerJoin(segments, eq(segments.id, automations.segmentId))
    .where(and(eq(automations.id, automationId), eq(automations.shopId, shopId)))
    .get();
  return row ? toRecord(row) : null;
}

/** Creates an automation; an active one enrols contacts whose change happens from now on. */
export function createAutomation(db: Db, { shopId, input, now }: { shopId: number; input: AutomationInput; now: number }): SaveAutomationResult {
  const checked = validate(db, shopId, input);
  if (!checked.ok) return checked;
  const id = db.$client
    .transaction(() =>
      db
        .insert(automations)
        .values({
          shopId,
          name: input.name.trim(),
          segmentId: input.segmentId,
          trigger: input.trigger,
          status: input.status,
          steps: JSON.stringify(checked.steps),
          reentry: input.reentry,
          reentryCooldownMs: input.reentry === "cooldown" ? input.reentryCooldownMs! : null,
          flapWindowMs: input.flapWindowMs ?? 0,
          changeCursor: latestChangeId(db),
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: automations.id })
        .get().id,
    )
    .immediate();
  return { ok: true, automation: findAutomation(db, { shopId, automationId: id })! };
}

/**
 * Saves an edit. Runs in progress continue with the new steps from where they are. Pointing the
 * automation at another segment (or trigger) starts from that segment's changes after now;
 * activating it is handled as in `setAutomationStatus`.
 */
export function updateAutomation(
  db: Db,
  { shopId, automationId, input, now }: { shopId: number; automationId: number; input: AutomationInput; now: number },
): SaveAutomationResult | null {
  const existing = findAutomation(db, { shopId, automationId });
  if (!existing) return null;
  const checked = validate(db, shopId, input);
  if (!checked.ok) return checked;
  db.$client
    .transaction(() => {
      const retargeted = existing.segmentId !== input.segmentId || existing.trigger !== input.trigger;
      db.update(automations)
        .set({
          name: input.name.trim(),
          segmentId: input.segmentId,
          trigger: input.trigger,
          steps: JSON.stringify(checked.steps),
          reentry: input.reentry,
          reentryCooldownMs: input.reentry === "cooldown" ? input.reentryCooldownMs! : null,
          flapWindowMs: input.flapWindowMs ?? 0,
          ...(retargeted ? { changeCursor: latestChangeId(db) } : {}),
          updatedAt: now,
        })
        .where(and(eq(automations.id, automationId), eq(automations.shopId, shopId)))
        .run();
      applyStatus(db, { shopId, automationId, from: existing.status, to: input.status, now });
    })
    .immediate();
  return { ok: true, automation: findAutomation(db, { shopId, automationId })! };
}

function applyStatus(db: Db, { shopId, automationId, from, to, now }: { shopId: number; automationId: number; from: AutomationStatus; to: AutomationStatus; now: number }): void {
  if (from === to) return;
  // changes made while paused are not replayed on resume ("trigger all" enrols current members)
  db.update(automations)
    .set({ status: to, updatedAt: now, ...(to === "active" ? { changeCursor: latestChangeId(db) } : {}) })
    .where(and(eq(automations.id, automationId), eq(automations.shopId, shopId)))
    .run();
  if (to !== "active") return;
  const held = db.$client
    .prepare(`UPDATE automation_runs SET status = 'running' WHERE automation_id = ? AND shop_id = ? AND status = 'held' RETURNING id, step_index AS stepIndex`)
    .all(automationId, shopId) as { id: number; stepIndex: number }[];
  for (const run of held) enqueueRunStep(db, { shopId, runId: run.id, stepIndex: run.stepIndex, runAfter: now, now, slot: `resume:${now}` });
}

/** Pauses (runs in progress hold at their next step) or activates (held runs continue) an automation. */
export function setAutomationStatus(db: Db, { shopId, automationId, status, now }: { shopId: number; automationId: number; status: AutomationStatus; now: number }): boolean {
  const existing = findAutomation(db, { shopId, automationId });
  if (!existing) return false;
  db.$client.transaction(() => applyStatus(db, { shopId, automationId, from: existing.status, to: status, now })).immediate();
  return true;
}

export function deleteAutomation(db: Db, { shopId, automationId }: { shopId: number; automationId: number }): boolean {
  return db.delete(automations).where(and(eq(automations.id, automationId), eq(automations.shopId, shopId))).run().changes === 1;
}

export type AutomationListItem = {
  id: number;
  name: string;
  status: AutomationStatus;
  trigger: AutomationTrigger;
  segmentId: number;
  segmentName: string;
  stepCount: number;
  inProgress: number;
  enrolled: number;
  updatedAt: number;
};

/** The shop's automations, last updated first, with how many runs are in progress and ever started. */
export function listAutomations(db: Db, { shopId, segmentId }: { shopId: number; segmentId?: number }): AutomationListItem[] {
  const where = segmentId === undefined ? eq(automations.shopId, shopId) : and(eq(automations.shopId, shopId), eq(automations.segmentId, segmentId));
  return db
    .select({
      id: automations.id,
      name: automations.name,
      status: automations.status,
      trigger: automations.trigger,
      segmentId: automations.segmentId,
      segmentName: segments.name,
      steps: automations.steps,
      updatedAt: automations.updatedAt,
      inProgress: sql<number>`(SELECT count(*) FROM automation_runs r WHERE r.automation_id = ${automations.id} AND r.status IN ('running', 'waiting', 'held'))`,
      enrolled: sql<number>`(SELECT count(*) FROM automation_runs r WHERE r.automation_id = ${automations.id} AND r.status <> 'skipped')`,
    })
    .from(automations)
    .innerJoin(segments, eq(segments.id, automations.segmentId))
    .where(where)
    .orderBy(desc(automations.updatedAt), desc(automations.id))
    .all()
    .map(({ steps, ...row }) => ({ ...row, stepCount: parseSteps(steps)?.length ?? 0 }));
}
