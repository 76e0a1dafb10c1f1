import { z } from "zod";
import { computeSegmentOffThread } from "../membership/compute-in-worker.server";
import { onContactChanged } from "../membership/incremental.server";
import { recomputeLifecycleStages } from "../membership/lifecycle.server";
import { refreshStaleCounts, runTimeTick } from "../membership/tick.server";
import { logger } from "../logger.server";
import { COMPUTE_SEGMENT_JOB } from "../models/segments.server";
import { defineJob } from "./define-job";

/** Full computation of one segment revision, in a worker thread. */
export const computeSegmentJob = defineJob({
  type: COMPUTE_SEGMENT_JOB,
  payload: z.object({ segmentId: z.number().int().positive(), revision: z.number().int().positive().optional() }),
  maxAttempts: 3,
  run: async ({ segmentId, revision }, ctx) => {
    const result = await computeSegmentOffThread(ctx.db, { segmentId, revision, clock: ctx.now, onProgress: ctx.reportProgress });
    logger.info({ segmentId, revision, ...result }, "segment computed");
  },
});

function shopsWithSegments(ctx: { db: import("../../db/client.server").Db }): number[] {
  return ctx.db.$client.prepare(`SELECT DISTINCT shop_id FROM segments ORDER BY shop_id`).pluck().all() as number[];
}

/** The scheduler's tick: time-window edges for every shop, then stale reachability counts. */
export const timeTickJob = defineJob({
  type: "segments.tick",
  payload: z.object({}),
  maxAttempts: 1,
  run: (_payload, ctx) => {
    for (const shopId of shopsWithSegments(ctx)) {
      const report = runTimeTick(ctx.db, { shopId, now: ctx.now() });
      refreshStaleCounts(ctx.db, { shopId });
      if (report.candidates > 0) logger.info({ shopId, ...report }, "time tick");
    }
  },
});

const LIFECYCLE_BATCH = 1_000;

/** The daily lifecycle model (T+1): new stages, then membership changes with cause `lifecycle`. */
export const lifecycleJob = defineJob({
  type: "segments.lifecycle",
  payload: z.object({}),
  run: (_payload, ctx) => {
    const shops = ctx.db.$client.prepare(`SELECT id FROM shops WHERE uninstalled_at IS NULL ORDER BY id`).pluck().all() as number[];
    for (const shopId of shops) {
      const now = ctx.now();
      const changed = recomputeLifecycleStages(ctx.db, { shopId, now });
      for (let i = 0; i < changed.length; i += LIFECYCLE_BATCH) {
        onContactChanged(ctx.db, { shopId, contactIds: changed.slice(i, i + LIFECYCLE_BATCH), change: { fields: ["lifecycle_stage"] }, now, cause: "lifecycle" });
      }
      logger.info({ shopId, changed: changed.length }, "lifecycle stages recomputed");
    }
  },
});
