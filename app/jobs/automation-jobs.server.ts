import { z } from "zod";
import type { Db } from "../../db/client.server";
import { enrolNewChanges, shopsWithActiveAutomations } from "../automations/enrol.server";
import { failFlowTrigger, fireFlowTrigger } from "../automations/flow.server";
import { ENROL_JOB, ENROL_SWEEP_JOB, FLOW_TRIGGER_JOB, RUN_STEP_JOB, TRIGGER_ALL_JOB } from "../automations/queue.server";
import { runStep } from "../automations/run-steps.server";
import { runTriggerAll } from "../automations/trigger-all.server";
import { logger } from "../logger.server";
import { MissingSessionError, type AdminApi } from "../platforms/shopify/admin-api.server";
import { defineJob, type JobDefinition } from "./define-job";
import { jobAdminApi } from "./shop-admin-api.server";

const id = z.number().int().positive();

/** Enrols a shop's new membership changes into its active automations (woken where changes are written). */
export const enrolJob = defineJob({
  type: ENROL_JOB,
  payload: z.object({ shopId: id }),
  run: ({ shopId }, ctx) => {
    const report = enrolNewChanges(ctx.db, { shopId, now: ctx.now() });
    if (report.changes > 0) logger.info({ shopId, ...report }, "automation enrolment");
  },
});

/** The safety net: the same scan for every shop with an active automation, every minute. */
export const enrolSweepJob = defineJob({
  type: ENROL_SWEEP_JOB,
  payload: z.object({}),
  maxAttempts: 1,
  run: (_payload, ctx) => {
    for (const shopId of shopsWithActiveAutomations(ctx.db)) {
      const report = enrolNewChanges(ctx.db, { shopId, now: ctx.now() });
      if (report.changes > 0) logger.info({ shopId, ...report }, "automation enrolment (sweep)");
    }
  },
});

/** One step of one automation run (a message, a wait, a Flow trigger, or the exit after a wait). */
export const runStepJob = defineJob({
  type: RUN_STEP_JOB,
  payload: z.object({ shopId: id, runId: id, stepIndex: z.number().int().min(0) }),
  maxAttempts: 8,
  run: ({ shopId, runId, stepIndex }, ctx) => {
    const result = runStep(ctx.db, { shopId, runId, stepIndex, now: ctx.now() });
    logger.debug({ shopId, runId, stepIndex, result }, "automation step");
  },
});

const FLOW_ATTEMPTS = 8;

/** Fires a run's Flow trigger through the Admin API; `adminApi` is replaceable for tests. */
export function createFlowTriggerJob(adminApi: (db: Db, shopId: number) => Promise<AdminApi | null> = jobAdminApi) {
  return defineJob({
    type: FLOW_TRIGGER_JOB,
    payload: z.object({ shopId: id, runId: id, stepIndex: z.number().int().min(0) }),
    maxAttempts: FLOW_ATTEMPTS,
    run: async ({ shopId, runId, stepIndex }, ctx) => {
      try {
        const status = await fireFlowTrigger(ctx.db, { shopId, runId, stepIndex, api: await adminApi(ctx.db, shopId), now: ctx.now });
        logger.info({ shopId, runId, stepIndex, status }, "flow trigger");
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // retried by the job (backoff) until the last attempt; then the run's log shows the failure
        if (error instanceof MissingSessionError || ctx.attempt >= FLOW_ATTEMPTS) failFlowTrigger(ctx.db, { shopId, runId, stepIndex, error: message, now: ctx.now() });
        else throw error;
      }
    },
  });
}

/** "Trigger all current members" after a segment update, once the new members are computed. */
export const triggerAllJob = defineJob({
  type: TRIGGER_ALL_JOB,
  payload: z.object({ shopId: id, segmentId: id, revision: z.number().int().positive(), polls: z.number().int().min(0) }),
  run: (payload, ctx) => {
    const result = runTriggerAll(ctx.db, payload, ctx.now());
    if (result.status === "done") logger.info({ ...payload, reports: result.reports }, "triggered all members into automations");
  },
});

export const AUTOMATION_JOBS: JobDefinition[] = [enrolJob, enrolSweepJob, runStepJob, createFlowTriggerJob(), triggerAllJob];
