import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import type { AdminApi } from "../platforms/shopify/admin-api.server";
import { ORDERS_PAGE_QUERY, ORDER_LINES_QUERY, customersPageQuery } from "../platforms/shopify/admin-queries";
import { GraphqlCustomerSchema, GraphqlOrderSchema, graphqlCustomerUpsert, graphqlOrderUpsert, type GraphqlLineItem, type GraphqlOrder } from "../platforms/shopify/graphql-mappers";
import type { ShopSettings } from "../settings/shop-settings";
import { applyPlatformBatch } from "./apply-batch.server";
import { backfillStatus } from "./backfill.server";

/**
 * Reconciliation (sync_state kind "reconcile"): Shopify gives up on a webhook after 8 failed
 * deliveries over about 4 hours, and an outage loses what it dropped. Every hour — and once after
 * the app was down — each installed shop's customers and orders updated since the watermark (minus
 * an overlap for clock skew and in-flight writes) are fetched page by page and fed through the
 * webhook apply layer, which ignores what it already holds; then the watermark moves to the time
 * the run started.
 */

export const RECONCILE_JOB = "sync.reconcile";
export const RECONCILE_KIND = "reconcile";
export const RECONCILE_OVERLAP_MS = 10 * 60_000;

export type ReconcileReport =
  | { shopId: number; skipped: string }
  | { shopId: number; since: number; watermark: number; customers: number; orders: number; changedContacts: number };

type Page<T> = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: T[] };

/** Shopify search syntax for "updated after": `updated_at:>'2026-11-28T12:00:00.000Z'`. */
export function updatedSinceQuery(since: number): string {
  return `updated_at:>'${new Date(since).toISOString()}'`;
}

export function readReconcileWatermark(db: Db, shopId: number): number | null {
  const row = db.$client.prepare(`SELECT watermark FROM sync_state WHERE shop_id = ? AND kind = ?`).get(shopId, RECONCILE_KIND) as { watermark: number | null } | undefined;
  return row?.watermark ?? null;
}

/** Where a run starts: the watermark (or the initial backfill's start) minus the overlap; null before the backfill is done. */
export function reconcileSince(db: Db, shopId: number): number | null {
  let watermark = readReconcileWatermark(db, shopId);
  if (watermark === null) {
    const backfill = backfillStatus(db, shopId);
    if (backfill?.status !== "done" || backfill.startedAt === null) return null;
    watermark = backfill.startedAt;
  }
  return watermark - RECONCILE_OVERLAP_MS;
}

export function writeReconcileState(db: Db, shopId: number, now: number, values: { status: string; watermark?: number; done?: number; error?: string | null; startedAt?: number; finishedAt?: number }): void {
  db.run(sql`INSERT INTO sync_state (shop_id, kind, status, watermark, progress_done, error, started_at, finished_at, updated_at)
    VALUES (${shopId}, ${RECONCILE_KIND}, ${values.status}, ${values.watermark ?? null}, ${values.done ?? 0}, ${values.error ?? null}, ${values.startedAt ?? null}, ${values.finishedAt ?? null}, ${now})
    ON CONFLICT (shop_id, kind) DO UPDATE SET status = excluded.status,
      watermark = coalesce(excluded.watermark, sync_state.watermark),
      progress_done = excluded.progress_done, error = excluded.error,
      started_at = coalesce(excluded.started_at, sync_state.started_at),
      finished_at = coalesce(excluded.finished_at, sync_state.finished_at), updated_at = excluded.updated_at`);
}

export type ReconcileOptions = {
  api: AdminApi;
  shopId: number;
  clock: () => number;
  settings: Pick<ShopSettings, "birthdayMetafield" | "genderMetafield">;
  customersPerPage?: number;
  ordersPerPage?: number;
};

export async function reconcileShop(db: Db, options: ReconcileOptions): Promise<ReconcileReport> {
  const { api, shopId, clock } = options;
  const startedAt = clock();
  const since = reconcileSince(db, shopId);
  if (since === null) return { shopId, skipped: "the initial backfill has not finished" };
  const query = updatedSinceQuery(since);
  writeReconcileState(db, shopId, startedAt, { status: "running", startedAt });
  let customers = 0;
  let orders = 0;
  let changedContacts = 0;
  try {
    let after: string | null = null;
    do {
      const data: { customers: Page<unknown> } = await api.request(customersPageQuery(options.settings), { first: options.customersPerPage ?? 100, after, query });
      const now = clock();
      const upserts = data.customers.nodes.flatMap((node) => {
        const parsed = GraphqlCustomerSchema.safeParse(node);
        return parsed.success ? [graphqlCustomerUpsert(parsed.data, now)] : [];
      });
      changedContacts += applyPlatformBatch(db, { shopId, contacts: upserts, now, causeDetail: "reconcile" }).changedContacts;
      customers += upserts.length;
      after = data.customers.pageInfo.hasNextPage ? data.customers.pageInfo.endCursor : null;
    } while (after);

    after = null;
    do {
      const data: { orders: Page<unknown> } = await api.request(ORDERS_PAGE_QUERY, { first: options.ordersPerPage ?? 5, after, query });
      const nodes = data.orders.nodes.flatMap((node) => {
        const parsed = GraphqlOrderSchema.safeParse(node);
        return parsed.success ? [parsed.data] : [];
      });
      const upserts = [];
      for (const node of nodes) upserts.push(graphqlOrderUpsert(node, await allLines(api, node), clock()));
      changedContacts += applyPlatformBatch(db, { shopId, orders: upserts, now: clock(), causeDetail: "reconcile" }).changedContacts;
      orders += upserts.length;
      after = data.orders.pageInfo.hasNextPage ? data.orders.pageInfo.endCursor : null;
    } while (after);
  } catch (error) {
    writeReconcileState(db, shopId, clock(), { status: "failed", error: error instanceof Error ? error.message : String(error), finishedAt: clock() });
    throw error;
  }
  writeReconcileState(db, shopId, clock(), { status: "done", watermark: startedAt, done: customers + orders, error: null, finishedAt: clock() });
  logger.info({ shopId, customers, orders, changedContacts, since }, "reconciled");
  return { shopId, since, watermark: startedAt, customers, orders, changedContacts };
}

/** An order's line items: the first page came with the order, the rest page by page. */
async function allLines(api: AdminApi, order: GraphqlOrder): Promise<GraphqlLineItem[]> {
  const lines = [...(order.lineItems?.nodes ?? [])];
  let page = order.lineItems?.pageInfo;
  while (page?.hasNextPage && page.endCursor) {
    type Result = { node: { lineItems: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: GraphqlLineItem[] } } | null };
    const data: Result = await api.request(ORDER_LINES_QUERY, { id: order.id, after: page.endCursor });
    if (!data.node) break;
    lines.push(...data.node.lineItems.nodes);
    page = data.node.lineItems.pageInfo;
  }
  return lines;
}

/** Installed Shopify shops with an offline session: the ones reconciliation can reach. */
export function reconcilableShops(db: Db): { id: number; domain: string; settings: string }[] {
  return db.$client
    .prepare(
      `SELECT s.id, s.domain, s.settings FROM shops s
        WHERE s.platform = 'shopify' AND s.uninstalled_at IS NULL
          AND EXISTS (SELECT 1 FROM sessions x WHERE x.shop = s.domain AND x.isOnline = 0)
        ORDER BY s.id`,
    )
    .all() as { id: number; domain: string; settings: string }[];
}
