import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import { isoTime } from "../platforms/json";
import { SHOPLINE_RECENT_CUSTOMERS_QUERY, ShoplineCustomerSchema, shoplineCustomerUpsert, type ShoplineApi } from "../platforms/shopline/admin-graphql.server";
import { applyPlatformBatch } from "./apply-batch.server";
import { reconcileSince, writeReconcileState, type ReconcileReport } from "./reconcile.server";

/**
 * Reconciliation of a SHOPLINE store (the hourly `sync.reconcile`, same watermark, overlap and
 * sync_state row as Shopify's, app/sync/reconcile.server.ts): the customers updated since the
 * watermark minus the overlap go through the webhooks' apply layer, which ignores what it already
 * holds at that version or newer.
 *
 * SHOPLINE's `customers` query documents no updated-since filter (`rawQuery` is an undocumented
 * "crowd screening" JSON string), so the sweep asks for the most recently updated first
 * (`sortKey: UPDATE_TIME, reverse: true`) and stops after the first page that reaches a customer
 * updated before `since`. Should SHOPLINE ever answer in another order (a customer newer than the
 * one before it), the early stop is off for that run and every page is read: slower, never wrong.
 * Orders are not reconciled: the GraphQL Admin API has no orders query (README "SHOPLINE").
 */

type Page = { customers: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] } };

export async function reconcileShoplineShop(
  db: Db,
  { api, shopId, clock, pageSize = 100 }: { api: ShoplineApi; shopId: number; clock: () => number; pageSize?: number },
): Promise<ReconcileReport> {
  const startedAt = clock();
  const since = reconcileSince(db, shopId);
  if (since === null) return { shopId, skipped: "the initial backfill has not finished" };
  writeReconcileState(db, shopId, startedAt, { status: "running", startedAt });
  let customers = 0;
  let changedContacts = 0;
  let newestFirst = true;
  let previous = Number.POSITIVE_INFINITY;
  try {
    let after: string | null = null;
    for (;;) {
      const data: Page = await api.request<Page>(SHOPLINE_RECENT_CUSTOMERS_QUERY, { first: pageSize, after });
      const now = clock();
      let reachedWatermark = false;
      const upserts = data.customers.nodes.flatMap((node) => {
        const parsed = ShoplineCustomerSchema.safeParse(node);
        if (!parsed.success) return [];
        const updatedAt = isoTime(parsed.data.updatedAt);
        if (updatedAt !== null) {
          if (updatedAt > previous && newestFirst) {
            newestFirst = false;
            logger.warn({ shopId }, "SHOPLINE did not list customers newest first; this reconciliation reads every page");
          }
          previous = updatedAt;
          if (updatedAt < since) {
            reachedWatermark = true;
            return [];
          }
        }
        return [shoplineCustomerUpsert(parsed.data, now)];
      });
      changedContacts += applyPlatformBatch(db, { shopId, contacts: upserts, now, causeDetail: "reconcile" }).changedContacts;
      customers += upserts.length;
      after = data.customers.pageInfo.hasNextPage ? data.customers.pageInfo.endCursor : null;
      if (!after || (reachedWatermark && newestFirst)) break;
    }
  } catch (error) {
    writeReconcileState(db, shopId, clock(), { status: "failed", error: error instanceof Error ? error.message : String(error), finishedAt: clock() });
    throw error;
  }
  writeReconcileState(db, shopId, clock(), { status: "done", watermark: startedAt, done: customers, error: null, finishedAt: clock() });
  logger.info({ shopId, customers, changedContacts, since }, "reconciled (SHOPLINE)");
  return { shopId, since, watermark: startedAt, customers, orders: 0, changedContacts };
}

/** Installed SHOPLINE shops with an access token: the ones reconciliation can reach. */
export function reconcilableShoplineShops(db: Db): { id: number }[] {
  return db.$client
    .prepare(
      `SELECT s.id FROM shops s
        WHERE s.platform = 'shopline' AND s.uninstalled_at IS NULL
          AND EXISTS (SELECT 1 FROM shopline_tokens t WHERE t.shop_id = s.id)
        ORDER BY s.id`,
    )
    .all() as { id: number }[];
}
