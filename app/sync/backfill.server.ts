import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { recomputeOrderRefunds } from "../contacts/order-stats.server";
import { enqueueJob } from "../jobs/queue.server";
import { logger } from "../logger.server";
import { onContactChanged } from "../membership/incremental.server";
import { userErrorMessage, AdminApiError, type AdminApi, type UserError } from "../platforms/shopify/admin-api.server";
import { BULK_OPERATION_QUERY, ORDERS_BULK_QUERY, REFUND_LINES_QUERY, RUN_BULK_QUERY, customersBulkQuery } from "../platforms/shopify/admin-queries";
import { GraphqlCustomerSchema, GraphqlLineItemSchema, GraphqlOrderSchema, graphqlCustomerUpsert, graphqlOrderUpsert } from "../platforms/shopify/graphql-mappers";
import { idText } from "../platforms/json";
import type { ContactUpsert, OrderUpsert } from "../platforms/types";
import type { ShopSettings } from "../settings/shop-settings";
import { applyPlatformBatch } from "./apply-batch.server";
import { bulkRecords, fetchJsonlLines, type BulkRecord } from "./jsonl.server";

/**
 * The initial import of a Shopify store (sync_state kind "backfill"): a bulk export of every
 * customer, then of every order with its lines, each downloaded as a JSONL stream and applied in
 * batches through the webhook apply layer; then the refunded quantities that bulk exports cannot
 * carry. The state machine lives in `sync_state.cursor` (phase, bulk operation id, lines applied),
 * written in the same transaction as each batch, so a crash resumes where it stopped, and a batch
 * applied twice changes nothing.
 */

export const BACKFILL_JOB = "sync.backfill";
export const BACKFILL_DOWNLOAD_JOB = "sync.backfill-download";
export const BACKFILL_KIND = "backfill";
/** Attempts of each backfill job before the import is marked failed (enqueue them with this). */
export const BACKFILL_ATTEMPTS = 8;

export type BackfillPhase = "customers" | "orders" | "refunds";
type Cursor = { phase: BackfillPhase; operationId: string | null; lines: number; refundAfter: number };
type StateRow = {
  status: "idle" | "running" | "done" | "failed";
  cursor: string | null;
  progress_done: number;
  progress_total: number | null;
  error: string | null;
  started_at: number | null;
  finished_at: number | null;
};
type BulkOperation = { id: string; status: string; errorCode: string | null; objectCount: string; rootObjectCount: string; url: string | null };

export type BackfillProgress = { phase: BackfillPhase; done: number; total: number | null };

function readState(db: Db, shopId: number): (StateRow & { parsed: Cursor }) | null {
  const row = db.$client
    .prepare(`SELECT status, cursor, progress_done, progress_total, error, started_at, finished_at FROM sync_state WHERE shop_id = ? AND kind = ?`)
    .get(shopId, BACKFILL_KIND) as StateRow | undefined;
  if (!row) return null;
  const parsed = { phase: "customers", operationId: null, lines: 0, refundAfter: 0, ...(row.cursor ? (JSON.parse(row.cursor) as Partial<Cursor>) : {}) } as Cursor;
  return { ...row, parsed };
}

function writeState(db: Db, shopId: number, now: number, patch: { status?: StateRow["status"]; cursor?: Cursor; done?: number; total?: number | null; error?: string | null; finishedAt?: number; watermark?: number }): void {
  db.run(sql`UPDATE sync_state SET
      status = coalesce(${patch.status ?? null}, status),
      cursor = coalesce(${patch.cursor ? JSON.stringify(patch.cursor) : null}, cursor),
      progress_done = coalesce(${patch.done ?? null}, progress_done),
      progress_total = ${patch.total === undefined ? sql`progress_total` : patch.total},
      error = ${patch.error === undefined ? sql`error` : patch.error},
      finished_at = coalesce(${patch.finishedAt ?? null}, finished_at),
      watermark = coalesce(${patch.watermark ?? null}, watermark),
      updated_at = ${now}
    WHERE shop_id = ${shopId} AND kind = ${BACKFILL_KIND}`);
}

/** Progress for the admin while a backfill runs (null when none runs). */
export function backfillProgress(db: Db, shopId: number): BackfillProgress | null {
  const state = readState(db, shopId);
  if (!state || state.status !== "running") return null;
  return { phase: state.parsed.phase, done: state.progress_done, total: state.progress_total };
}

/** What the Contacts page shows: the running import's progress, or why the last one failed. */
export type BackfillView =
  | { status: "running"; phase: BackfillPhase; done: number; total: number | null }
  | { status: "failed"; error: string; failedAt: number | null };

export function backfillView(db: Db, shopId: number): BackfillView | null {
  const state = readState(db, shopId);
  if (state?.status === "running") return { status: "running", phase: state.parsed.phase, done: state.progress_done, total: state.progress_total };
  if (state?.status === "failed") return { status: "failed", error: state.error ?? "The import stopped.", failedAt: state.finished_at };
  return null;
}

/** When the shop's last backfill finished (null if none has). Reconciliation starts from its start. */
export function backfillStatus(db: Db, shopId: number): { status: StateRow["status"]; startedAt: number | null } | null {
  const state = readState(db, shopId);
  return state ? { status: state.status, startedAt: state.started_at } : null;
}

/**
 * Marks a backfill as wanted (the job then drives it). A running one is left alone unless
 * `restart`; a finished or failed one starts over from the customers.
 */
export function startBackfill(db: Db, { shopId, now, restart = false }: { shopId: number; now: number; restart?: boolean }): boolean {
  const existing = readState(db, shopId);
  if (existing?.status === "running" && !restart) return false;
  const cursor: Cursor = { phase: "customers", operationId: null, lines: 0, refundAfter: 0 };
  db.run(sql`INSERT INTO sync_state (shop_id, kind, status, cursor, progress_done, progress_total, error, started_at, finished_at, updated_at)
    VALUES (${shopId}, ${BACKFILL_KIND}, 'running', ${JSON.stringify(cursor)}, 0, NULL, NULL, ${now}, NULL, ${now})
    ON CONFLICT (shop_id, kind) DO UPDATE SET status = 'running', cursor = excluded.cursor, progress_done = 0, progress_total = NULL,
      error = NULL, started_at = excluded.started_at, finished_at = NULL, updated_at = excluded.updated_at`);
  return true;
}

/**
 * Starts the shop's import (or, with `restart`, starts it over) and enqueues the job that drives
 * it. The job key names the run, so asking again while it runs enqueues nothing (returns null).
 */
export function requestBackfill(db: Db, { shopId, now, restart = false }: { shopId: number; now: number; restart?: boolean }): number | null {
  startBackfill(db, { shopId, now, restart });
  const run = readState(db, shopId)!.started_at;
  return enqueueJob(
    db,
    { type: BACKFILL_JOB, shopId, payload: { shopId }, uniqueKey: `${BACKFILL_JOB}:${shopId}:start:${run}`, priority: 50, maxAttempts: BACKFILL_ATTEMPTS },
    now,
  );
}

/**
 * Gives up on a running backfill (its job ran out of attempts): the Contacts page shows why. An
 * import that another job finished meanwhile stays finished.
 */
export function failBackfill(db: Db, { shopId, now, error }: { shopId: number; now: number; error: string }): void {
  db.run(sql`UPDATE sync_state SET status = 'failed', error = ${error}, finished_at = ${now}, updated_at = ${now}
    WHERE shop_id = ${shopId} AND kind = ${BACKFILL_KIND} AND status = 'running'`);
}

/** The bulk operation a running backfill waits for (the finish webhook checks it is ours). */
export function backfillOperationId(db: Db, shopId: number): string | null {
  const state = readState(db, shopId);
  return state?.status === "running" ? state.parsed.operationId : null;
}

export type AdvanceOptions = {
  api: AdminApi;
  shopId: number;
  clock: () => number;
  settings: Pick<ShopSettings, "birthdayMetafield" | "genderMetafield">;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Root rows per transaction (default 500). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
};

export type AdvanceResult = { status: "waiting" | "done" | "failed" | "idle"; phase?: BackfillPhase };

/**
 * Takes the backfill as far as it can go now: starts the phase's bulk export, or finds it still
 * running ("waiting": poll again later), or downloads and applies a finished one and moves on.
 * Safe to call from the poll job and from the finish webhook's job alike.
 */
export async function advanceBackfill(db: Db, options: AdvanceOptions): Promise<AdvanceResult> {
  const { api, shopId, clock } = options;
  for (;;) {
    const state = readState(db, shopId);
    if (!state || state.status !== "running") return { status: state?.status === "done" ? "done" : state?.status === "failed" ? "failed" : "idle" };
    const cursor = state.parsed;
    if (cursor.phase === "refunds") {
      await fillRefundLines(db, { ...options, after: cursor.refundAfter });
      writeState(db, shopId, clock(), { status: "done", finishedAt: clock(), watermark: state.started_at ?? clock() });
      logger.info({ shopId }, "backfill finished");
      return { status: "done" };
    }
    if (cursor.operationId === null) {
      const query = cursor.phase === "customers" ? customersBulkQuery(options.settings) : ORDERS_BULK_QUERY;
      const operationId = await runBulkQuery(api, query, cursor.phase === "orders");
      // null: another export of this app still runs on the shop (e.g. one from before a reinstall); try again at the next poll
      if (operationId) writeState(db, shopId, clock(), { cursor: { ...cursor, operationId, lines: 0 }, done: 0, total: null });
      return { status: "waiting", phase: cursor.phase };
    }
    const operation = await bulkOperation(api, cursor.operationId);
    const status = operation?.status ?? "MISSING";
    if (status === "CREATED" || status === "RUNNING" || status === "CANCELING") return { status: "waiting", phase: cursor.phase };
    if (status === "EXPIRED" || status === "MISSING") {
      // the result link lasts 7 days (or the operation is gone): export again
      writeState(db, shopId, clock(), { cursor: { ...cursor, operationId: null, lines: 0 }, done: 0, total: null });
      continue;
    }
    if (status !== "COMPLETED") {
      const error = `The ${cursor.phase} export ended ${status}${operation?.errorCode ? ` (${operation.errorCode})` : ""}`;
      writeState(db, shopId, clock(), { status: "failed", error, finishedAt: clock() });
      logger.warn({ shopId, error }, "backfill failed");
      return { status: "failed", phase: cursor.phase };
    }
    const total = Number(operation!.rootObjectCount || operation!.objectCount || 0);
    writeState(db, shopId, clock(), { total });
    if (operation!.url) await applyBulkResult(db, { ...options, url: operation!.url, cursor, total, done: cursor.lines === 0 ? 0 : state.progress_done });
    const next: Cursor = { phase: cursor.phase === "customers" ? "orders" : "refunds", operationId: null, lines: 0, refundAfter: 0 };
    writeState(db, shopId, clock(), { cursor: next, done: 0, total: next.phase === "refunds" ? ordersMissingRefundLines(db, shopId, 0) : null });
  }
}

/** Starts a bulk export; null when Shopify says to come back later (an export of this app still runs, or the limit is reached). */
async function runBulkQuery(api: AdminApi, query: string, groupObjects: boolean): Promise<string | null> {
  type Result = { bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: UserError[] } };
  const data = await api.request<Result>(RUN_BULK_QUERY, { query, groupObjects });
  const { bulkOperation: operation, userErrors } = data.bulkOperationRunQuery;
  if (userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS" || e.code === "LIMIT_REACHED" || /already in progress/i.test(e.message))) return null;
  if (userErrors.length > 0 || !operation) throw new AdminApiError(userErrorMessage(api.shop, "refused the bulk export", userErrors), { shop: api.shop });
  return operation.id;
}

export async function bulkOperation(api: AdminApi, id: string): Promise<BulkOperation | null> {
  const data = await api.request<{ node: BulkOperation | null }>(BULK_OPERATION_QUERY, { id });
  return data.node;
}

function toUpserts(phase: BackfillPhase, records: BulkRecord[], now: number): { contacts: ContactUpsert[]; orders: OrderUpsert[] } {
  const contacts: ContactUpsert[] = [];
  const orders: OrderUpsert[] = [];
  for (const { row, children } of records) {
    if (phase === "customers") {
      const parsed = GraphqlCustomerSchema.safeParse(row);
      if (parsed.success) contacts.push(graphqlCustomerUpsert(parsed.data, now));
      else logger.warn({ id: row.id, issues: parsed.error.issues.slice(0, 3) }, "backfill skipped a customer row it cannot read");
    } else {
      const parsed = GraphqlOrderSchema.safeParse(row);
      const lines = children.flatMap((child) => {
        const line = GraphqlLineItemSchema.safeParse(child);
        return line.success ? [line.data] : [];
      });
      if (parsed.success) orders.push(graphqlOrderUpsert(parsed.data, lines, now));
      else logger.warn({ id: row.id, issues: parsed.error.issues.slice(0, 3) }, "backfill skipped an order row it cannot read");
    }
  }
  return { contacts, orders };
}

/** Streams the result file and applies it in batches, skipping the lines a previous run applied. */
async function applyBulkResult(
  db: Db,
  options: AdvanceOptions & { url: string; cursor: Cursor; total: number; done: number },
): Promise<void> {
  const { shopId, clock, cursor } = options;
  const batchSize = options.batchSize ?? 500;
  let lines = cursor.lines;
  let done = options.done;
  let skip = cursor.lines;
  let batch: BulkRecord[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    const now = clock();
    const consumed = lines + batch.reduce((sum, r) => sum + r.lines, 0);
    const rows = done + batch.length;
    applyPlatformBatch(db, {
      shopId,
      ...toUpserts(cursor.phase, batch, now),
      now,
      causeDetail: "backfill",
      alsoInTransaction: () => writeState(db, shopId, now, { cursor: { ...cursor, lines: consumed }, done: rows }),
    });
    lines = consumed;
    done = rows;
    batch = [];
    options.onProgress?.(done, Math.max(done, options.total));
  };
  for await (const record of bulkRecords(fetchJsonlLines(options.url, { fetch: options.fetch, signal: options.signal }))) {
    if (skip > 0) {
      skip -= record.lines;
      continue;
    }
    batch.push(record);
    if (batch.length >= batchSize) flush();
  }
  flush();
}

type RefundLinesResult = { nodes: ({ id: string; refunds: { id: string; refundLineItems: { nodes: { quantity: number; lineItem: { id: string } | null }[] } }[] } | null)[] };

/**
 * Bulk exports carry refund headers only; this fills the refunded quantity per line of refunds
 * stored without lines, ten orders a request, then recomputes those orders' refunded lines.
 */
function ordersMissingRefundLines(db: Db, shopId: number, after: number): number {
  return db.$client
    .prepare(`SELECT count(DISTINCT o.id) FROM orders o JOIN refunds r ON r.order_id = o.id WHERE o.shop_id = ? AND r.shop_id = ? AND r.lines = '[]' AND o.id > ?`)
    .pluck()
    .get(shopId, shopId, after) as number;
}

async function fillRefundLines(db: Db, { api, shopId, clock, after, onProgress }: AdvanceOptions & { after: number }): Promise<void> {
  const start = readState(db, shopId)!;
  let done = start.progress_done;
  const total = start.progress_total ?? done + ordersMissingRefundLines(db, shopId, after);
  const pending = db.$client.prepare(
    `SELECT DISTINCT o.id, o.platform_id, o.contact_id FROM orders o JOIN refunds r ON r.order_id = o.id
      WHERE o.shop_id = ? AND r.shop_id = ? AND r.lines = '[]' AND o.id > ? ORDER BY o.id LIMIT 10`,
  );
  const setLines = db.$client.prepare(`UPDATE refunds SET lines = ? WHERE shop_id = ? AND order_id = ? AND platform_id = ? AND lines = '[]'`);
  for (;;) {
    const orders = pending.all(shopId, shopId, after) as { id: number; platform_id: string; contact_id: number | null }[];
    if (orders.length === 0) return;
    const data = await api.request<RefundLinesResult>(REFUND_LINES_QUERY, { ids: orders.map((o) => `gid://shopify/Order/${o.platform_id}`) });
    const now = clock();
    const byPlatformId = new Map(orders.map((o) => [o.platform_id, o]));
    after = orders[orders.length - 1].id;
    db.$client
      .transaction(() => {
        const touched: number[] = [];
        for (const node of data.nodes) {
          const order = node ? byPlatformId.get(idText(node.id)!) : undefined;
          if (!order || !node) continue;
          for (const refund of node.refunds) {
            const lines = refund.refundLineItems.nodes.filter((l) => l.lineItem).map((l) => ({ linePlatformId: idText(l.lineItem!.id)!, quantity: l.quantity }));
            if (lines.length > 0 && setLines.run(JSON.stringify(lines), shopId, order.id, idText(refund.id)).changes > 0) touched.push(order.id);
          }
        }
        if (touched.length > 0) recomputeOrderRefunds(db, { shopId, orderIds: touched });
        const contactIds = [...new Set(orders.filter((o) => touched.includes(o.id) && o.contact_id !== null).map((o) => o.contact_id!))];
        if (contactIds.length > 0) onContactChanged(db, { shopId, contactIds, change: { orders: true }, now, cause: "event", causeDetail: "backfill" });
        done += orders.length;
        const state = readState(db, shopId)!;
        writeState(db, shopId, now, { cursor: { ...state.parsed, refundAfter: after }, done });
      })
      .immediate();
    onProgress?.(done, Math.max(done, total));
  }
}
