import { sql } from "drizzle-orm";
import type { Db } from "../db/client.server";
import type { Platform } from "../db/enums";
import { prepared } from "../db/statement-cache";
import { logger } from "../app/logger.server";
import { onContactChanged } from "../app/membership/incremental.server";
import { parsePayload } from "../app/platforms/json";
import { readShopSettings } from "../app/settings/shop-settings";
import { flushErasures, type ErasureFlushReport } from "../app/sync/compliance-erasure.server";
import { InvalidPayloadError, type TopicHandler } from "./handler";

export type HandlerRegistry = Record<Platform, Partial<Record<string, TopicHandler>>>;

/** Topics still processed after uninstall: the uninstall itself and the privacy-law duties. */
const AFTER_UNINSTALL = new Set(["app/uninstalled", "apps/installed_uninstalled", "customers/redact", "shop/redact", "customers/data_request", "merchants/redact"]);
const MAX_ATTEMPTS = 12;

export type InboxReport = {
  processed: number;
  failed: number;
  retried: number;
  skipped: number;
  /** Set when the batch erased personal data: the checkpoint has run, the byte scan (and any VACUUM) settles this. */
  erasureFlush?: Promise<ErasureFlushReport>;
};

type InboxRow = {
  id: number;
  shop_id: number;
  platform: Platform;
  topic: string;
  body: string;
  triggered_at: number | null;
  received_at: number;
  attempts: number;
  uninstalled_at: number | null;
  settings: string;
};

/** Backoff for a delivery that could not be applied yet: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function inboxRetryDelayMs(attempts: number): number {
  return Math.min(600_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Applies stored deliveries in the order the platform triggered them. Each delivery — its data,
 * the membership changes it causes and its `processed` mark — commits together, so a crash never
 * applies one twice or loses one; a batch shares one transaction for throughput, each delivery in
 * its own savepoint. Bad payloads fail without changing anything; data that has not arrived yet
 * (a refund before its order) is retried with backoff.
 *
 * With `budgetMs`, no delivery is started once that much time (by `clock`, default
 * `performance.now`) has passed since the batch began: the rest wait, still pending, for the next
 * batch, so one batch never holds the event loop (and the write lock) long enough to delay intake.
 */
export function processInbox(
  db: Db,
  { now, handlers, limit = 200, budgetMs, clock = () => performance.now() }: { now: number; handlers: HandlerRegistry; limit?: number; budgetMs?: number; clock?: () => number },
): InboxReport {
  const sqlite = db.$client;
  const report: InboxReport = { processed: 0, failed: 0, retried: 0, skipped: 0 };
  const rows = prepared(
    sqlite,
    `SELECT w.id, w.shop_id, w.platform, w.topic, w.body, w.triggered_at, w.received_at, w.attempts, s.uninstalled_at, s.settings
       FROM webhook_inbox w JOIN shops s ON s.id = w.shop_id
      WHERE w.status = 'pending' AND (w.available_at IS NULL OR w.available_at <= ?)
      ORDER BY coalesce(w.triggered_at, w.received_at), w.id LIMIT ?`,
  ).all(now, limit) as InboxRow[];
  if (rows.length === 0) return report;
  const mark = prepared(sqlite, `UPDATE webhook_inbox SET status = ?, attempts = ?, last_error = ?, available_at = ?, processed_at = ? WHERE id = ?`);

  const started = budgetMs === undefined ? 0 : clock();
  sqlite
    .transaction(() => {
      for (const row of rows) {
        if (budgetMs !== undefined && row !== rows[0] && clock() - started >= budgetMs) break;
        const handler = handlers[row.platform]?.[row.topic];
        if (!handler || (row.uninstalled_at !== null && !AFTER_UNINSTALL.has(row.topic))) {
          mark.run("skipped", row.attempts, handler ? "the shop has uninstalled the app" : `no handler for ${row.platform} ${row.topic}`, null, now, row.id);
          report.skipped++;
          continue;
        }
        try {
          sqlite.transaction(() => {
            let payload: unknown;
            try {
              payload = parsePayload(row.body);
            } catch {
              throw new InvalidPayloadError(`${row.topic} body is not valid JSON`);
            }
            const settings = readShopSettings(row.settings);
            const notices = handler({ db, shopId: row.shop_id, topic: row.topic, payload, triggeredAt: row.triggered_at, receivedAt: row.received_at, now, settings });
            for (const notice of notices) onContactChanged(db, { shopId: row.shop_id, ...notice, now });
            mark.run("processed", row.attempts + 1, null, null, now, row.id);
          })();
          report.processed++;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const attempts = row.attempts + 1;
          if (error instanceof InvalidPayloadError || attempts >= MAX_ATTEMPTS) {
            mark.run("failed", attempts, message, null, now, row.id);
            report.failed++;
            logger.warn({ inbox: row.id, topic: row.topic, error: message }, "webhook delivery failed");
          } else {
            mark.run("pending", attempts, message, now + inboxRetryDelayMs(attempts), null, row.id);
            report.retried++;
          }
        }
      }
    })
    .immediate();
  // erasures (customers/redact, shop/redact) committed: their bytes leave the file and the WAL now
  const flush = flushErasures(db);
  if (flush) report.erasureFlush = flush;
  return report;
}

/** How many deliveries wait (the admin shows it; the benchmark drains it). */
export function pendingDeliveries(db: Db, shopId?: number): number {
  return db.get<{ n: number }>(
    shopId === undefined ? sql`SELECT count(*) AS n FROM webhook_inbox WHERE status = 'pending'` : sql`SELECT count(*) AS n FROM webhook_inbox WHERE status = 'pending' AND shop_id = ${shopId}`,
  )!.n;
}
