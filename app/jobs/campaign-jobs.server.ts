import { z } from "zod";
import { runCampaignSend, SEND_CAMPAIGN_JOB } from "../campaigns/send.server";
import { logger } from "../logger.server";
import { defineJob, type JobDefinition } from "./define-job";

/** Sends a campaign (now, or when its schedule is due): freeze the audience, then enqueue its messages in batches. */
export const sendCampaignJob = defineJob({
  type: SEND_CAMPAIGN_JOB,
  payload: z.object({ shopId: z.number().int().positive(), campaignId: z.number().int().positive(), scheduledAt: z.number().int().nullable() }),
  maxAttempts: 10,
  run: async ({ shopId, campaignId, scheduledAt }, ctx) => {
    const result = await runCampaignSend(ctx.db, { shopId, campaignId, scheduledAt, now: ctx.now, onBatch: (done, total) => ctx.reportProgress(done, total) });
    logger.info({ shopId, campaignId, ...result }, "campaign send");
  },
});

export const CAMPAIGN_JOBS: JobDefinition[] = [sendCampaignJob];
