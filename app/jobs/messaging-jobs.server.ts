import { z } from "zod";
import { logger } from "../logger.server";
import { CONSENT_WRITEBACK_JOB } from "../messaging/consent.server";
import { messagingConfig } from "../messaging/config.server";
import { runSendStep } from "../messaging/deliver.server";
import { SEND_MESSAGE_JOB } from "../messaging/enqueue.server";
import { failConsentWriteback, writeBackConsent } from "../messaging/writeback.server";
import { MissingSessionError } from "../platforms/shopify/admin-api.server";
import { defineJob } from "./define-job";
import { jobAdminApi } from "./shop-admin-api.server";

const Ids = z.object({ shopId: z.number().int().positive(), sendId: z.number().int().positive() });

/**
 * One step of one message (claim and send, a retry, or the end of quiet hours). HTTP results never
 * fail the job: they are recorded and scheduled by the message itself. Only unexpected errors
 * (the database) fail it, and the job's own retry re-runs the same step.
 */
export const sendMessageJob = defineJob({
  type: SEND_MESSAGE_JOB,
  payload: Ids,
  maxAttempts: 10,
  run: async ({ shopId, sendId }, ctx) => {
    const step = await runSendStep(ctx.db, { shopId, sendId, config: messagingConfig(), now: ctx.now });
    logger.debug({ shopId, sendId, ...step }, "message step");
  },
});

/** Writes a consent change made here back to the platform (retried; the last failure is shown). */
export const consentWritebackJob = defineJob({
  type: CONSENT_WRITEBACK_JOB,
  payload: z.object({ shopId: z.number().int().positive(), changeId: z.number().int().positive() }),
  maxAttempts: 8,
  run: async ({ shopId, changeId }, ctx) => {
    try {
      await writeBackConsent(ctx.db, { shopId, changeId, api: await jobAdminApi(ctx.db, shopId), now: ctx.now });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof MissingSessionError || ctx.attempt >= 8) failConsentWriteback(ctx.db, { shopId, changeId, error: message, now: ctx.now() });
      else throw error;
    }
  },
});

export const MESSAGING_JOBS = [sendMessageJob, consentWritebackJob];
