import { z } from "zod";
import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import { readShopSettings } from "../settings/shop-settings";
import { BACKFILL_ATTEMPTS, BACKFILL_DOWNLOAD_JOB, BACKFILL_JOB, advanceBackfill, backfillOperationId, failBackfill } from "../sync/backfill.server";
import { RECONCILE_JOB, reconcilableShops, reconcileShop } from "../sync/reconcile.server";
import { backfillShoplineCustomers } from "../sync/shopline-backfill.server";
import { reconcilableShoplineShops, reconcileShoplineShop } from "../sync/shopline-reconcile.server";
import { defineJob, type JobContext } from "./define-job";
import { enqueueJob } from "./queue.server";
import { offlineAdminApi, shoplineJobApi } from "./shop-admin-api.server";

/** How often a running bulk export is polled when its finish webhook has not arrived. */
export const BACKFILL_POLL_MS = 15_000;
/** A gap this long between two heartbeats means the app was down: reconcile at once. */
export const OUTAGE_GAP_MS = 30 * 60_000;
export const HEARTBEAT_JOB = "sync.heartbeat";

type ShopRow = { id: number; domain: string; platform: string; settings: string; uninstalled_at: number | null };

async function driveBackfill(ctx: JobContext, shopId: number): Promise<void> {
  const shop = ctx.db.$client.prepare(`SELECT id, domain, platform, settings, uninstalled_at FROM shops WHERE id = ?`).get(shopId) as ShopRow | undefined;
  if (!shop || shop.uninstalled_at !== null) return;
  if (shop.platform === "shopline") return driveShoplineBackfill(ctx, shopId);
  if (shop.platform !== "shopify") return;
  try {
    const result = await advanceBackfill(ctx.db, {
      api: offlineAdminApi(ctx.db, shop.domain),
      shopId,
      clock: ctx.now,
      settings: readShopSettings(shop.settings),
      signal: ctx.signal,
      onProgress: ctx.reportProgress,
    });
    if (result.status === "waiting") {
      // the finish webhook usually comes first; this poll is the fallback
      const at = ctx.now() + BACKFILL_POLL_MS;
      enqueueJob(
        ctx.db,
        { type: BACKFILL_JOB, shopId, payload: { shopId }, uniqueKey: `${BACKFILL_JOB}:${shopId}:poll:${Math.floor(at / BACKFILL_POLL_MS)}`, runAfter: at, maxAttempts: BACKFILL_ATTEMPTS },
        ctx.now(),
      );
    }
  } catch (error) {
    // the job's last attempt: the import stops, and the Contacts page says so
    const maxAttempts = ctx.db.$client.prepare(`SELECT max_attempts FROM jobs WHERE id = ?`).pluck().get(ctx.jobId) as number | undefined;
    if (ctx.attempt >= (maxAttempts ?? BACKFILL_ATTEMPTS)) failBackfill(ctx.db, { shopId, now: ctx.now(), error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/** SHOPLINE has no bulk export: the customers are paged through in one run (resumable per page). */
async function driveShoplineBackfill(ctx: JobContext, shopId: number): Promise<void> {
  const api = shoplineJobApi(ctx.db, shopId);
  if (!api) {
    failBackfill(ctx.db, { shopId, now: ctx.now(), error: "The store has no SHOPLINE access token: install the app from SHOPLINE again." });
    return;
  }
  try {
    await backfillShoplineCustomers(ctx.db, { api, shopId, clock: ctx.now });
  } catch (error) {
    const maxAttempts = ctx.db.$client.prepare(`SELECT max_attempts FROM jobs WHERE id = ?`).pluck().get(ctx.jobId) as number | undefined;
    if (ctx.attempt >= (maxAttempts ?? BACKFILL_ATTEMPTS)) failBackfill(ctx.db, { shopId, now: ctx.now(), error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/** Starts or continues a shop's backfill (enqueued at install, then by itself while exports run). */
export const backfillJob = defineJob({
  type: BACKFILL_JOB,
  payload: z.object({ shopId: z.number().int().positive() }),
  maxAttempts: BACKFILL_ATTEMPTS,
  run: ({ shopId }, ctx) => driveBackfill(ctx, shopId),
});

/** Enqueued by the bulk_operations/finish webhook: downloads and applies that export. */
export const backfillDownloadJob = defineJob({
  type: BACKFILL_DOWNLOAD_JOB,
  payload: z.object({ shopId: z.number().int().positive(), operationId: z.string().min(1) }),
  maxAttempts: BACKFILL_ATTEMPTS,
  run: async ({ shopId, operationId }, ctx) => {
    // a poll may have handled it already, and moved on to the next export
    if (backfillOperationId(ctx.db, shopId) !== operationId) return;
    await driveBackfill(ctx, shopId);
  },
});

/**
 * Hourly (and after an outage): every installed shop, or one — Shopify shops with an offline
 * session, then SHOPLINE shops with an access token. A failing shop does not stop the others.
 */
export const reconcileJob = defineJob({
  type: RECONCILE_JOB,
  payload: z.object({ shopId: z.number().int().positive().optional() }),
  maxAttempts: 1,
  run: async ({ shopId }, ctx) => {
    for (const shop of reconcilableShops(ctx.db).filter((s) => shopId === undefined || s.id === shopId)) {
      try {
        await reconcileShop(ctx.db, { api: offlineAdminApi(ctx.db, shop.domain), shopId: shop.id, clock: ctx.now, settings: readShopSettings(shop.settings) });
      } catch (error) {
        logger.warn({ shopId: shop.id, err: error }, "reconciliation failed; the next run retries from the same watermark");
      }
    }
    for (const shop of reconcilableShoplineShops(ctx.db).filter((s) => shopId === undefined || s.id === shopId)) {
      const api = shoplineJobApi(ctx.db, shop.id);
      if (!api) continue;
      try {
        await reconcileShoplineShop(ctx.db, { api, shopId: shop.id, clock: ctx.now });
      } catch (error) {
        logger.warn({ shopId: shop.id, err: error }, "SHOPLINE reconciliation failed; the next run retries from the same watermark");
      }
    }
  },
});

/**
 * Enqueues one reconciliation when the previous heartbeat finished more than OUTAGE_GAP_MS ago
 * (the process was down, so webhooks may have been dropped). Returns the job id, if enqueued.
 */
export function detectOutage(db: Db, { now, jobId }: { now: number; jobId: number }): number | null {
  const last = db.$client
    .prepare(`SELECT max(finished_at) FROM jobs WHERE type = ? AND status = 'succeeded' AND id <> ?`)
    .pluck()
    .get(HEARTBEAT_JOB, jobId) as number | null;
  if (last === null || now - last <= OUTAGE_GAP_MS) return null;
  logger.info({ downForMs: now - last }, "outage detected; reconciling");
  return enqueueJob(db, { type: RECONCILE_JOB, payload: {}, uniqueKey: `${RECONCILE_JOB}:outage:${last}`, priority: 50 }, now);
}

/** Every minute: a cheap heartbeat whose gaps reveal outages. */
export const heartbeatJob = defineJob({
  type: HEARTBEAT_JOB,
  payload: z.object({}),
  maxAttempts: 1,
  run: (_payload, ctx) => {
    detectOutage(ctx.db, { now: ctx.now(), jobId: ctx.jobId });
  },
});

export const DATA_SYNC_JOBS = [backfillJob, backfillDownloadJob, reconcileJob, heartbeatJob];
