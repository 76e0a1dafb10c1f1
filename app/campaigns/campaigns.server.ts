import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import { campaigns, campaignSegments, segments, type CampaignStatus } from "../../db/schema";
import { checkTemplate } from "../messaging/render.server";
import { countAudience, type AudienceCount } from "./audience.server";
import { enqueueCampaignSend } from "./send.server";

/** Campaigns (SPEC §6): one email or SMS to include segments minus exclude segments, now or at a time. */

export type CampaignInput = {
  name: string;
  channel: Channel;
  subject?: string | null;
  body: string;
  couponId?: number | null;
  include: number[];
  exclude: number[];
};

export type FieldErrors = Record<string, string>;
export type SaveCampaignResult = { ok: true; campaign: CampaignRecord } | { ok: false; errors: FieldErrors };

export type CampaignRecord = typeof campaigns.$inferSelect & {
  include: { id: number; name: string }[];
  exclude: { id: number; name: string }[];
};

function validate(db: Db, shopId: number, input: CampaignInput): FieldErrors {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Give the campaign a name";
  else if (name.length > 120) errors.name = "Names are at most 120 characters";
  if (input.channel !== "email" && input.channel !== "sms") errors.channel = "Choose email or SMS";
  else {
    const problem = checkTemplate(input.channel, { subject: input.channel === "email" ? (input.subject ?? "") : null, body: input.body });
    if (problem) errors[problem.toLowerCase().includes("subject") ? "subject" : "body"] = problem;
  }
  const ids = [...input.include, ...input.exclude];
  const owned = ids.length === 0 ? [] : db.select({ id: segments.id }).from(segments).where(and(eq(segments.shopId, shopId), inArray(segments.id, ids))).all();
  if (input.include.length === 0) errors.include = "Choose at least one segment to send to";
  else if (owned.length !== new Set(ids).size) errors.include = "A chosen segment no longer exists";
  if (input.include.some((id) => input.exclude.includes(id))) errors.exclude = "A segment cannot be both included and excluded";
  if (input.couponId != null && !db.$client.prepare(`SELECT 1 FROM coupons WHERE id = ? AND shop_id = ?`).get(input.couponId, shopId)) errors.couponId = "That coupon no longer exists";
  return errors;
}

/** Saves a draft; sending or scheduling is a separate step (`sendCampaignNow`, `scheduleCampaign`). */
export function createCampaign(db: Db, { shopId, input, now }: { shopId: number; input: CampaignInput; now: number }): SaveCampaignResult {
  const errors = validate(db, shopId, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const id = db.$client
    .transaction(() => {
      const row = db
        .insert(campaigns)
        .values({
          shopId,
          name: input.name.trim(),
          channel: input.channel,
          status: "draft",
          subject: input.channel === "email" ? (input.subject ?? "").trim() : null,
          body: input.body,
          couponId: input.couponId ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: campaigns.id })
        .get();
      const role = (ids: number[], which: "include" | "exclude") => [...new Set(ids)].map((segmentId) => ({ campaignId: row.id, segmentId, role: which, shopId }));
      const roles = [...role(input.include, "include"), ...role(input.exclude, "exclude")];
      db.insert(campaignSegments).values(roles).run();
      return row.id;
    })
    .immediate();
  return { ok: true, campaign: findCampaign(db, { shopId, campaignId: id })! };
}

export function findCampaign(db: Db, { shopId, campaignId }: { shopId: number; campaignId: number }): CampaignRecord | null {
  const row = db.select().from(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId))).get();
  if (!row) return null;
  const roles = db
    .select({ id: segments.id, name: segments.name, role: campaignSegments.role })
    .from(campaignSegments)
    .innerJoin(segments, eq(segments.id, campaignSegments.segmentId))
    .where(and(eq(campaignSegments.campaignId, campaignId), eq(campaignSegments.shopId, shopId)))
    .orderBy(segments.name)
    .all();
  return {
    ...row,
    include: roles.filter((r) => r.role === "include").map(({ id, name }) => ({ id, name })),
    exclude: roles.filter((r) => r.role === "exclude").map(({ id, name }) => ({ id, name })),
  };
}

/** The audience a campaign would have if it were sent now. */
export function campaignAudience(db: Db, campaign: CampaignRecord): AudienceCount {
  return countAudience(db, { shopId: campaign.shopId, channel: campaign.channel, include: campaign.include.map((s) => s.id), exclude: campaign.exclude.map((s) => s.id) });
}

export type CampaignListItem = Pick<typeof campaigns.$inferSelect, "id" | "name" | "channel" | "status" | "scheduledAt" | "startedAt" | "finishedAt" | "audienceCount" | "updatedAt">;

/** The shop's campaigns: scheduled and sending first, then the rest by last update. */
export function listCampaigns(db: Db, { shopId }: { shopId: number }): CampaignListItem[] {
  const rows = db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      channel: campaigns.channel,
      status: campaigns.status,
      scheduledAt: campaigns.scheduledAt,
      startedAt: campaigns.startedAt,
      finishedAt: campaigns.finishedAt,
      audienceCount: campaigns.audienceCount,
      updatedAt: campaigns.updatedAt,
    })
    .from(campaigns)
    .where(eq(campaigns.shopId, shopId))
    .orderBy(desc(campaigns.updatedAt), desc(campaigns.id))
    .all();
  const rank = (status: CampaignStatus) => (status === "sending" ? 0 : status === "scheduled" ? 1 : status === "draft" ? 2 : 3);
  return rows.sort((a, b) => rank(a.status) - rank(b.status));
}

export type TransitionResult = { ok: true } | { ok: false; error: string };

/** Sends a draft, a cancelled or a scheduled campaign now: its audience is frozen by the send job. */
export function sendCampaignNow(db: Db, { shopId, campaignId, now }: { shopId: number; campaignId: number; now: number }): TransitionResult | null {
  return db.$client
    .transaction((): TransitionResult | null => {
      const campaign = findCampaign(db, { shopId, campaignId });
      if (!campaign) return null;
      if (!["draft", "scheduled", "cancelled"].includes(campaign.status)) return { ok: false, error: "This campaign has already been sent" };
      db.update(campaigns).set({ status: "sending", scheduledAt: null, startedAt: now, updatedAt: now }).where(eq(campaigns.id, campaignId)).run();
      enqueueCampaignSend(db, { shopId, campaignId, scheduledAt: null, runAfter: now, now });
      return { ok: true };
    })
    .immediate();
}

/** Schedules a campaign: the send job waits (durably, in `jobs`) until `at`. */
export function scheduleCampaign(db: Db, { shopId, campaignId, at, now }: { shopId: number; campaignId: number; at: number; now: number }): TransitionResult | null {
  return db.$client
    .transaction((): TransitionResult | null => {
      const campaign = findCampaign(db, { shopId, campaignId });
      if (!campaign) return null;
      if (!["draft", "scheduled", "cancelled"].includes(campaign.status)) return { ok: false, error: "This campaign has already been sent" };
      if (!Number.isFinite(at) || at <= now) return { ok: false, error: "Choose a time in the future" };
      db.update(campaigns).set({ status: "scheduled", scheduledAt: at, updatedAt: now }).where(eq(campaigns.id, campaignId)).run();
      enqueueCampaignSend(db, { shopId, campaignId, scheduledAt: at, runAfter: at, now });
      return { ok: true };
    })
    .immediate();
}

/** Takes a scheduled campaign off the schedule (back to a draft); its job finds nothing to do. */
export function unscheduleCampaign(db: Db, { shopId, campaignId, now }: { shopId: number; campaignId: number; now: number }): TransitionResult | null {
  const result = db
    .update(campaigns)
    .set({ status: "draft", scheduledAt: null, updatedAt: now })
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId), eq(campaigns.status, "scheduled")))
    .run();
  if (result.changes === 1) return { ok: true };
  return findCampaign(db, { shopId, campaignId }) ? { ok: false, error: "Only a scheduled campaign can be unscheduled" } : null;
}

/** Deletes a draft (a sent campaign stays: its messages and events refer to it). */
export function deleteCampaign(db: Db, { shopId, campaignId }: { shopId: number; campaignId: number }): TransitionResult | null {
  const result = db.delete(campaigns).where(and(eq(campaigns.id, campaignId), eq(campaigns.shopId, shopId), inArray(campaigns.status, ["draft", "cancelled"]))).run();
  if (result.changes === 1) return { ok: true };
  return findCampaign(db, { shopId, campaignId }) ? { ok: false, error: "Only a draft can be deleted" } : null;
}
