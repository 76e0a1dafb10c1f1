import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import { SHOPLINE_CUSTOMERS_QUERY, ShoplineCustomerSchema, shoplineCustomerUpsert, type ShoplineApi } from "../platforms/shopline/admin-graphql.server";
import { applyPlatformBatch } from "./apply-batch.server";
import { BACKFILL_KIND } from "./backfill.server";

type Page = { customers: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] } };

/**
 * The initial import of a SHOPLINE store's customers: page by page through the GraphQL Admin API,
 * each page applied in one transaction with its page cursor (sync_state kind "backfill"), so a
 * crash resumes at the page it stopped on. SHOPLINE has no bulk export, hence the pages.
 */
export async function backfillShoplineCustomers(
  db: Db,
  { api, shopId, clock, pageSize = 100 }: { api: ShoplineApi; shopId: number; clock: () => number; pageSize?: number },
): Promise<{ customers: number; changedContacts: number }> {
  const start = clock();
  const existing = db.$client.prepare(`SELECT status, cursor, progress_done FROM sync_state WHERE shop_id = ? AND kind = ?`).get(shopId, BACKFILL_KIND) as
    | { status: string; cursor: string | null; progress_done: number }
    | undefined;
  const resuming = existing?.status === "running";
  let after: string | null = resuming && existing?.cursor ? ((JSON.parse(existing.cursor) as { after?: string | null }).after ?? null) : null;
  let done = resuming ? existing!.progress_done : 0;
  if (!resuming) {
    db.run(sql`INSERT INTO sync_state (shop_id, kind, status, cursor, progress_done, progress_total, error, started_at, finished_at, updated_at)
      VALUES (${shopId}, ${BACKFILL_KIND}, 'running', ${JSON.stringify({ phase: "customers", after: null })}, 0, NULL, NULL, ${start}, NULL, ${start})
      ON CONFLICT (shop_id, kind) DO UPDATE SET status = 'running', cursor = excluded.cursor, progress_done = 0, progress_total = NULL,
        error = NULL, started_at = excluded.started_at, finished_at = NULL, updated_at = excluded.updated_at`);
  }
  let changedContacts = 0;
  for (;;) {
    const data = await api.request<Page>(SHOPLINE_CUSTOMERS_QUERY, { first: pageSize, after });
    const now = clock();
    const upserts = data.customers.nodes.flatMap((node) => {
      const parsed = ShoplineCustomerSchema.safeParse(node);
      if (!parsed.success) logger.warn({ shopId, issues: parsed.error.issues.slice(0, 3) }, "SHOPLINE backfill skipped a customer it cannot read");
      return parsed.success ? [shoplineCustomerUpsert(parsed.data, now)] : [];
    });
    const next = data.customers.pageInfo.hasNextPage ? data.customers.pageInfo.endCursor : null;
    done += upserts.length;
    changedContacts += applyPlatformBatch(db, {
      shopId,
      contacts: upserts,
      now,
      causeDetail: "backfill",
      alsoInTransaction: () =>
        db.run(sql`UPDATE sync_state SET cursor = ${JSON.stringify({ phase: "customers", after: next })}, progress_done = ${done}, updated_at = ${now}
          WHERE shop_id = ${shopId} AND kind = ${BACKFILL_KIND}`),
    }).changedContacts;
    if (!next) break;
    after = next;
  }
  const end = clock();
  db.run(sql`UPDATE sync_state SET status = 'done', finished_at = ${end}, watermark = started_at, updated_at = ${end} WHERE shop_id = ${shopId} AND kind = ${BACKFILL_KIND}`);
  return { customers: done, changedContacts };
}
