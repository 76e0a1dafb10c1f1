import type { Db } from "../../db/client.server";
import { EVENT_TYPES } from "../../db/enums";

/**
 * A campaign's progress and results, from its messages (`message_sends`): how many are still on
 * their way, sent, failed (refused or given up: dead letters), skipped at send time (and why),
 * opened and clicked. Campaigns sent before the app kept messages (the demo's history) have only
 * events, so their results are counted from those.
 */

export type CampaignResults = {
  audience: number | null;
  enqueued: number;
  pending: number;
  sent: number;
  failed: number;
  skipped: number;
  opened: number;
  clicked: number;
  skippedBy: Record<string, number>;
  /** True when counted from events (no message rows). */
  fromEvents: boolean;
};

export function campaignResults(db: Db, { shopId, campaignId }: { shopId: number; campaignId: number }): CampaignResults | null {
  const sqlite = db.$client;
  const campaign = sqlite.prepare(`SELECT channel, status, frozen_at, audience_count, enqueued_count FROM campaigns WHERE id = ? AND shop_id = ?`).get(campaignId, shopId) as
    | { channel: "email" | "sms"; status: string; frozen_at: number | null; audience_count: number | null; enqueued_count: number }
    | undefined;
  if (!campaign) return null;
  const row = sqlite
    .prepare(
      `SELECT count(*) AS total,
         coalesce(sum(status IN ('queued', 'deferred', 'sending')), 0) AS pending,
         coalesce(sum(status = 'sent'), 0) AS sent,
         coalesce(sum(status IN ('failed', 'dead')), 0) AS failed,
         coalesce(sum(status = 'skipped'), 0) AS skipped,
         coalesce(sum(opened_at IS NOT NULL), 0) AS opened,
         coalesce(sum(clicked_at IS NOT NULL), 0) AS clicked
       FROM message_sends WHERE shop_id = ? AND campaign_id = ?`,
    )
    .get(shopId, campaignId) as { total: number; pending: number; sent: number; failed: number; skipped: number; opened: number; clicked: number };
  const skippedBy = Object.fromEntries(
    (sqlite.prepare(`SELECT skip_reason AS reason, count(*) AS n FROM message_sends WHERE shop_id = ? AND campaign_id = ? AND status = 'skipped' GROUP BY skip_reason`).all(shopId, campaignId) as {
      reason: string | null;
      n: number;
    }[]).map((r) => [r.reason ?? "unknown", r.n]),
  );
  const base = { audience: campaign.audience_count, enqueued: campaign.enqueued_count, skippedBy };
  // a campaign this app sent froze its audience; one sent before (imported history) did not
  if (row.total > 0 || campaign.frozen_at !== null || campaign.status !== "sent") {
    const { total: _total, ...counts } = row;
    return { ...base, ...counts, fromEvents: false };
  }
  const contacts = (type: number) =>
    sqlite.prepare(`SELECT count(DISTINCT contact_id) FROM events WHERE shop_id = ? AND type = ? AND subject_id = ?`).pluck().get(shopId, type, campaignId) as number;
  const email = campaign.channel === "email";
  return {
    ...base,
    pending: 0,
    sent: contacts(email ? EVENT_TYPES.email_sent : EVENT_TYPES.sms_sent),
    failed: 0,
    skipped: 0,
    opened: email ? contacts(EVENT_TYPES.email_opened) : 0,
    clicked: contacts(email ? EVENT_TYPES.email_clicked : EVENT_TYPES.sms_clicked),
    fromEvents: true,
  };
}
