import type { Db } from "../../db/client.server";

/** Zero loss, from the database: every delivery answered 200 is in the inbox, and was processed. */
export type IntakeCheck = {
  /** Deliveries answered 200 (warm-up included). */
  answered: number;
  /** Of those, rows in `webhook_inbox` (by webhook id). */
  stored: number;
  /** Answered 200 but not stored: must be 0. */
  lost: number;
  processed: number;
  /** Stored but not processed (still pending, failed or skipped), by status: must be empty. */
  unprocessed: number;
  byStatus: Record<string, number>;
};

export function checkIntake(db: Db, { shopId, afterInboxId, run, answered }: { shopId: number; afterInboxId: number; run: string; answered: number[] }): IntakeCheck {
  const rows = db.$client
    .prepare(`SELECT webhook_id, status FROM webhook_inbox WHERE id > ? AND shop_id = ? AND webhook_id LIKE ? ESCAPE '\\'`)
    .all(afterInboxId, shopId, `${run.replace(/[\\%_]/g, "\\$&")}-%`) as { webhook_id: string; status: string }[];
  const status = new Map(rows.map((r) => [r.webhook_id, r.status]));
  const byStatus: Record<string, number> = {};
  let stored = 0;
  for (const i of answered) {
    const s = status.get(`${run}-${i}`);
    if (s === undefined) continue;
    stored++;
    byStatus[s] = (byStatus[s] ?? 0) + 1;
  }
  const processed = byStatus.processed ?? 0;
  return { answered: answered.length, stored, lost: answered.length - stored, processed, unprocessed: stored - processed, byStatus };
}

/** Per second, to one decimal. */
export function rateOf(count: number, ms: number): number {
  return ms > 0 ? Math.round((count / ms) * 10_000) / 10 : 0;
}
