import type { Db } from "../../db/client.server";
import { enqueueJob } from "../jobs/queue.server";

/** Job types of automations (handlers in app/jobs/automation-jobs.server.ts). */
export const ENROL_JOB = "automations.enrol";
export const ENROL_SWEEP_JOB = "automations.enrol-sweep";
export const RUN_STEP_JOB = "automations.step";
export const FLOW_TRIGGER_JOB = "automations.flow-trigger";
export const TRIGGER_ALL_JOB = "automations.trigger-all";

/**
 * The job that runs step `stepIndex` of a run. Its unique key names the step, so reaching the same
 * step twice (a retried job, a change processed twice) queues it once; `slot` distinguishes a
 * deliberate second attempt at the same step (a run resumed after its automation was paused).
 */
export function enqueueRunStep(
  db: Db,
  { shopId, runId, stepIndex, runAfter, now, slot }: { shopId: number; runId: number; stepIndex: number; runAfter: number; now: number; slot?: string },
): void {
  enqueueJob(
    db,
    { type: RUN_STEP_JOB, shopId, payload: { shopId, runId, stepIndex }, uniqueKey: `${RUN_STEP_JOB}:${runId}:${stepIndex}${slot ? `:${slot}` : ""}`, runAfter, maxAttempts: 8 },
    now,
  );
}

/** Scans the shop's new membership changes for its active automations (soon, once per batch of changes). */
export function enqueueEnrolment(db: Db, { shopId, key, now }: { shopId: number; key: string; now: number }): void {
  enqueueJob(db, { type: ENROL_JOB, shopId, payload: { shopId }, uniqueKey: `${ENROL_JOB}:${shopId}:${key}`, runAfter: now, priority: 60 }, now);
}
