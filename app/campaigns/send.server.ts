import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import type { CampaignStatus } from "../../db/schema";
import { enqueueJob } from "../jobs/queue.server";
import { enqueueMessage, messageIdempotencyKey } from "../messaging/enqueue.server";
import { freezeAudience } from "./audience.server";

/**
 * Sending a campaign, as the `campaigns.send` job does it:
 *   1. (one IMMEDIATE transaction) a scheduled campaign that is due becomes `sending`; the
 *      audience is frozen into `campaign_recipients` once, with why each contact qualified;
 *   2. batches, each one transaction: a message per recipient (`enqueueMessage`, unique per
 *      campaign and contact) and the cursor's move past them;
 *   3. when none is left the campaign is `sent` (handed to delivery) and the snapshot dropped.
 * A crash or a retry continues from the cursor; a message enqueued twice is created once, so no
 * contact ever gets the campaign twice. Consent, quota and quiet hours are decided per message
 * at send time by the delivery layer.
 */

export const SEND_CAMPAIGN_JOB = "campaigns.send";
export const CAMPAIGN_BATCH = 500;

export function enqueueCampaignSend(
  db: Db,
  { shopId, campaignId, scheduledAt, runAfter, now }: { shopId: number; campaignId: number; scheduledAt: number | null; runAfter: number; now: number },
): void {
  enqueueJob(
    db,
    {
      type: SEND_CAMPAIGN_JOB,
      shopId,
      payload: { shopId, campaignId, scheduledAt },
      // one job per schedule: rescheduling makes a new one, and the old one finds it is stale
      uniqueKey: `${SEND_CAMPAIGN_JOB}:${campaignId}:${scheduledAt ?? "now"}`,
      runAfter,
      // ahead of message and automation jobs: freezing the audience should not wait behind them
      priority: 60,
      maxAttempts: 10,
    },
    now,
  );
}

type CampaignRow = {
  id: number;
  shop_id: number;
  channel: Channel;
  status: CampaignStatus;
  subject: string | null;
  body: string;
  coupon_id: number | null;
  scheduled_at: number | null;
  frozen_at: number | null;
  send_cursor: number;
  enqueued_count: number;
  audience_count: number | null;
};

function load(db: Db, shopId: number, campaignId: number): CampaignRow | undefined {
  return db.$client.prepare(`SELECT * FROM campaigns WHERE id = ? AND shop_id = ?`).get(campaignId, shopId) as CampaignRow | undefined;
}

/** Step 1: start (when due) and freeze. Returns the campaign to send, or why there is nothing to do. */
function start(db: Db, { shopId, campaignId, scheduledAt, now }: { shopId: number; campaignId: number; scheduledAt: number | null; now: number }): CampaignRow | "stale" | "not_due" {
  const sqlite = db.$client;
  return sqlite
    .transaction((): CampaignRow | "stale" | "not_due" => {
      let campaign = load(db, shopId, campaignId);
      if (!campaign) return "stale";
      if (sqlite.prepare(`SELECT uninstalled_at FROM shops WHERE id = ?`).pluck().get(shopId) !== null) {
        // the app was uninstalled: nothing goes out for the shop any more
        if (campaign.status === "scheduled" || campaign.status === "sending") sqlite.prepare(`UPDATE campaigns SET status = 'cancelled', updated_at = ? WHERE id = ?`).run(now, campaignId);
        return "stale";
      }
      if (campaign.status === "scheduled") {
        if (scheduledAt === null || campaign.scheduled_at !== scheduledAt) return "stale";
        if (scheduledAt > now) return "not_due";
        sqlite.prepare(`UPDATE campaigns SET status = 'sending', started_at = ?, updated_at = ? WHERE id = ?`).run(now, now, campaignId);
      } else if (campaign.status !== "sending") {
        return "stale";
      }
      if (campaign.frozen_at === null) {
        const roles = sqlite.prepare(`SELECT segment_id, role FROM campaign_segments WHERE campaign_id = ? AND shop_id = ?`).all(campaignId, shopId) as { segment_id: number; role: string }[];
        const pick = (role: string) => roles.filter((r) => r.role === role).map((r) => r.segment_id);
        const count = freezeAudience(db, { campaignId, shopId, channel: campaign.channel, include: pick("include"), exclude: pick("exclude") });
        sqlite.prepare(`UPDATE campaigns SET frozen_at = ?, audience_count = ?, updated_at = ? WHERE id = ?`).run(now, count, now, campaignId);
      }
      campaign = load(db, shopId, campaignId)!;
      return campaign;
    })
    .immediate();
}

/** Step 2: one batch. Returns how many recipients it covered (0 = the campaign is fully enqueued and marked sent). */
function enqueueBatch(db: Db, campaign: CampaignRow, { batchSize, now }: { batchSize: number; now: number }): number {
  const sqlite = db.$client;
  return sqlite
    .transaction((): number => {
      const current = load(db, campaign.shop_id, campaign.id);
      if (!current || current.status !== "sending") return 0;
      const recipients = sqlite
        .prepare(`SELECT contact_id, qualified_by FROM campaign_recipients WHERE campaign_id = ? AND contact_id > ? ORDER BY contact_id LIMIT ?`)
        .all(campaign.id, current.send_cursor, batchSize) as { contact_id: number; qualified_by: string }[];
      if (recipients.length === 0) {
        sqlite.prepare(`UPDATE campaigns SET status = 'sent', finished_at = ?, updated_at = ? WHERE id = ?`).run(now, now, campaign.id);
        sqlite.prepare(`DELETE FROM campaign_recipients WHERE campaign_id = ?`).run(campaign.id);
        return 0;
      }
      const source = { kind: "campaign" as const, id: campaign.id };
      const template = campaign.channel === "email" ? { subject: campaign.subject ?? "", body: campaign.body } : { body: campaign.body };
      for (const recipient of recipients) {
        enqueueMessage(db, {
          shopId: campaign.shop_id,
          contactId: recipient.contact_id,
          channel: campaign.channel,
          source,
          idempotencyKey: messageIdempotencyKey(source, recipient.contact_id),
          template,
          couponId: campaign.coupon_id,
          qualifiedBy: JSON.parse(recipient.qualified_by) as number[],
          now,
        });
      }
      sqlite
        .prepare(`UPDATE campaigns SET send_cursor = ?, enqueued_count = enqueued_count + ?, updated_at = ? WHERE id = ?`)
        .run(recipients.at(-1)!.contact_id, recipients.length, now, campaign.id);
      return recipients.length;
    })
    .immediate();
}

export type CampaignSendResult = { status: "stale" | "not_due" | "sent"; audience: number; enqueued: number };

/** The job's body (see the file comment); `onBatch` reports progress between batches. */
export async function runCampaignSend(
  db: Db,
  { shopId, campaignId, scheduledAt, now, batchSize = CAMPAIGN_BATCH, onBatch }: {
    shopId: number;
    campaignId: number;
    scheduledAt: number | null;
    now: () => number;
    batchSize?: number;
    onBatch?: (enqueued: number, audience: number) => void;
  },
): Promise<CampaignSendResult> {
  const started = start(db, { shopId, campaignId, scheduledAt, now: now() });
  if (started === "stale" || started === "not_due") return { status: started, audience: 0, enqueued: 0 };
  for (;;) {
    const covered = enqueueBatch(db, started, { batchSize, now: now() });
    const state = load(db, shopId, campaignId);
    const audience = state?.audience_count ?? 0;
    const enqueued = state?.enqueued_count ?? 0;
    onBatch?.(enqueued, audience);
    if (covered === 0) return { status: "sent", audience, enqueued };
    // let HTTP requests and webhooks in between batches
    await new Promise((resolve) => setImmediate(resolve));
  }
}
