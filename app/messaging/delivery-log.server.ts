import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import type { SendStatus } from "../../db/schema";

/** The delivery log as the admin shows it: messages with their state, and each one's HTTP attempts. */

export type SendSummary = {
  id: number;
  channel: Channel;
  status: SendStatus;
  skipReason: string | null;
  idempotencyKey: string;
  to: string | null;
  subject: string | null;
  contactId: number | null;
  campaignId: number | null;
  automationRunId: number | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  sentAt: number | null;
};
export type AttemptRow = { sendId: number; attempt: number; at: number; httpStatus: number | null; error: string | null; durationMs: number | null };

const COLUMNS = `id, channel, status, skip_reason AS skipReason, idempotency_key AS idempotencyKey, to_address AS "to", subject, contact_id AS contactId,
  campaign_id AS campaignId, automation_run_id AS automationRunId, attempts, last_error AS lastError, next_attempt_at AS nextAttemptAt, created_at AS createdAt, sent_at AS sentAt`;

/** Recent messages of a shop, optionally of some statuses (e.g. `dead` for the dead letters). */
export function listSends(db: Db, { shopId, statuses, limit = 50 }: { shopId: number; statuses?: SendStatus[]; limit?: number }): SendSummary[] {
  const filter = statuses?.length ? `AND status IN (${statuses.map(() => "?").join(", ")})` : "";
  return db.$client
    .prepare(`SELECT ${COLUMNS} FROM message_sends WHERE shop_id = ? ${filter} ORDER BY created_at DESC, id DESC LIMIT ?`)
    .all(shopId, ...(statuses ?? []), limit) as SendSummary[];
}

/** The HTTP attempts of the given messages, oldest first. */
export function attemptsOf(db: Db, { shopId, sendIds }: { shopId: number; sendIds: number[] }): AttemptRow[] {
  if (sendIds.length === 0) return [];
  return db.$client
    .prepare(
      `SELECT send_id AS sendId, attempt, at, http_status AS httpStatus, error, duration_ms AS durationMs FROM send_attempts
       WHERE shop_id = ? AND send_id IN (SELECT value FROM json_each(?)) ORDER BY send_id, attempt, id`,
    )
    .all(shopId, JSON.stringify(sendIds)) as AttemptRow[];
}

/** How many messages are in each state (and skipped by reason). */
export function sendCounts(db: Db, { shopId, campaignId }: { shopId: number; campaignId?: number }): { byStatus: Partial<Record<SendStatus, number>>; skipped: Record<string, number> } {
  const scope = campaignId === undefined ? "" : "AND campaign_id = ?";
  const params = campaignId === undefined ? [shopId] : [shopId, campaignId];
  const rows = db.$client.prepare(`SELECT status, skip_reason AS reason, count(*) AS n FROM message_sends WHERE shop_id = ? ${scope} GROUP BY status, skip_reason`).all(...params) as {
    status: SendStatus;
    reason: string | null;
    n: number;
  }[];
  const byStatus: Partial<Record<SendStatus, number>> = {};
  const skipped: Record<string, number> = {};
  for (const row of rows) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
    if (row.status === "skipped") skipped[row.reason ?? "unknown"] = (skipped[row.reason ?? "unknown"] ?? 0) + row.n;
  }
  return { byStatus, skipped };
}
