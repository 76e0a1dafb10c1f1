import { DateTime } from "luxon";
import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";

/**
 * Per-shop sending limits. Email: `email_quota_limit` messages per calendar month (in the shop's
 * time zone), counted in `email_quota_used` since `email_quota_period_start`. SMS: prepaid credits
 * in `sms_balance`, one per message. Both are taken with a conditional UPDATE inside the caller's
 * IMMEDIATE transaction, so concurrent senders can never overspend them.
 */

/** Start of the quota month containing `now`, in the shop's zone. */
export function quotaPeriodStart(now: number, timeZone: string): number {
  const local = DateTime.fromMillis(now, { zone: timeZone });
  return (local.isValid ? local : DateTime.fromMillis(now, { zone: "UTC" })).startOf("month").toMillis();
}

/** Takes one message from the shop's email quota or SMS balance; false when none is left. Call inside a transaction. */
export function consumeQuota(db: Db, { shopId, channel, now }: { shopId: number; channel: Channel; now: number }): boolean {
  const sqlite = db.$client;
  if (channel === "sms") {
    return sqlite.prepare(`UPDATE shops SET sms_balance = sms_balance - 1 WHERE id = ? AND sms_balance > 0`).run(shopId).changes === 1;
  }
  const zone = sqlite.prepare(`SELECT time_zone FROM shops WHERE id = ?`).pluck().get(shopId) as string;
  const period = quotaPeriodStart(now, zone);
  // a new month starts from zero; the same statement takes the first message of it
  return (
    sqlite
      .prepare(
        `UPDATE shops SET
           email_quota_used = CASE WHEN coalesce(email_quota_period_start, 0) < @period THEN 1 ELSE email_quota_used + 1 END,
           email_quota_period_start = max(coalesce(email_quota_period_start, 0), @period)
         WHERE id = @shopId AND (CASE WHEN coalesce(email_quota_period_start, 0) < @period THEN 0 ELSE email_quota_used END) < email_quota_limit`,
      )
      .run({ period, shopId }).changes === 1
  );
}

export type QuotaUsage = { emailLimit: number; emailUsed: number; emailRemaining: number; periodStart: number; smsBalance: number };

/** What is left now (a month not started yet counts as unused). */
export function quotaUsage(db: Db, { shopId, now }: { shopId: number; now: number }): QuotaUsage {
  const row = db.$client
    .prepare(`SELECT email_quota_limit AS lim, email_quota_used AS used, email_quota_period_start AS start, sms_balance AS sms, time_zone AS zone FROM shops WHERE id = ?`)
    .get(shopId) as { lim: number; used: number; start: number | null; sms: number; zone: string };
  const period = quotaPeriodStart(now, row.zone);
  const used = (row.start ?? 0) < period ? 0 : row.used;
  return { emailLimit: row.lim, emailUsed: used, emailRemaining: Math.max(0, row.lim - used), periodStart: period, smsBalance: row.sms };
}
