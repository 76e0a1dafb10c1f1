import { z } from "zod";
import { enqueueJob } from "../../app/jobs/queue.server";
import { logger } from "../../app/logger.server";
import { BACKFILL_ATTEMPTS, BACKFILL_DOWNLOAD_JOB, backfillOperationId } from "../../app/sync/backfill.server";
import { parseWith, type TopicHandler } from "../handler";

/** bulk_operations/finish: https://shopify.dev/docs/api/webhooks/latest?reference=toml#list-of-topics-bulk_operations/finish */
const BulkFinishSchema = z.object({
  admin_graphql_api_id: z.string(),
  status: z.string(),
  type: z.string().nullish(),
  error_code: z.string().nullish(),
  completed_at: z.string().nullish(),
});

/**
 * A bulk export finished. Nothing slow happens here (this runs inside the inbox transaction): when
 * it is the export the shop's backfill waits for, the download job is enqueued (once per
 * operation); the job itself checks the operation's status and link through the Admin API.
 */
export const bulkOperationFinish: TopicHandler = (ctx) => {
  const payload = parseWith(BulkFinishSchema, ctx);
  if (payload.type && payload.type.toLowerCase() !== "query") return [];
  const operationId = payload.admin_graphql_api_id;
  if (backfillOperationId(ctx.db, ctx.shopId) !== operationId) {
    logger.debug({ shopId: ctx.shopId, operationId }, "bulk operation finished that no backfill waits for");
    return [];
  }
  enqueueJob(
    ctx.db,
    { type: BACKFILL_DOWNLOAD_JOB, shopId: ctx.shopId, payload: { shopId: ctx.shopId, operationId }, uniqueKey: `${BACKFILL_DOWNLOAD_JOB}:${operationId}`, priority: 50, maxAttempts: BACKFILL_ATTEMPTS },
    ctx.now,
  );
  logger.info({ shopId: ctx.shopId, operationId, status: payload.status, errorCode: payload.error_code }, "bulk export finished; download enqueued");
  return [];
};
