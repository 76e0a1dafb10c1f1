import { DateTime } from "luxon";
import { z } from "zod";
import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import { quotaUsage } from "../messaging/quota.server";
import { countAudience } from "./audience.server";
import type { CampaignInput } from "./campaigns.server";

/** What the campaign pages need besides the model: form parsing, pick lists, the audience summary. */

export function campaignFormSetup(db: Db, { shopId }: { shopId: number }) {
  const segments = db.$client.prepare(`SELECT id, name, member_count AS memberCount FROM segments WHERE shop_id = ? ORDER BY name COLLATE NOCASE`).all(shopId) as {
    id: number;
    name: string;
    memberCount: number;
  }[];
  const coupons = db.$client.prepare(`SELECT id, code FROM coupons WHERE shop_id = ? ORDER BY code`).all(shopId) as { id: number; code: string }[];
  return { segments, coupons };
}

/** The audience as the form shows it, with what is left of the channel's quota or balance. */
export function audienceSummary(db: Db, { shopId, channel, include, exclude, now }: { shopId: number; channel: Channel; include: number[]; exclude: number[]; now: number }) {
  if (include.length === 0) return null;
  const usage = quotaUsage(db, { shopId, now });
  return { ...countAudience(db, { shopId, channel, include, exclude }), channel, remaining: channel === "email" ? usage.emailRemaining : usage.smsBalance };
}

const ids = z.array(z.coerce.number().int().positive()).max(200);

export const CampaignFormSchema = z.object({
  intent: z.enum(["draft", "send", "schedule", "count"]),
  name: z.string().max(1_000).default(""),
  channel: z.enum(["email", "sms"]).catch("email"),
  subject: z.string().max(1_000).default(""),
  body: z.string().max(300_000).default(""),
  couponId: z.union([z.literal(""), z.coerce.number().int().positive()]).default(""),
  include: ids.default([]),
  exclude: ids.default([]),
  scheduleAt: z.string().max(40).default(""),
});

/** Reads the form (repeated `include` / `exclude` fields) into the schema's shape. */
export function readCampaignForm(form: FormData) {
  const single = (key: string) => (form.get(key) ?? undefined) as string | undefined;
  return CampaignFormSchema.safeParse({
    intent: single("intent"),
    name: single("name"),
    channel: single("channel"),
    subject: single("subject"),
    body: single("body"),
    couponId: single("couponId"),
    include: form.getAll("include"),
    exclude: form.getAll("exclude"),
    scheduleAt: single("scheduleAt"),
  });
}

export function toCampaignInput(form: z.infer<typeof CampaignFormSchema>): CampaignInput {
  return {
    name: form.name,
    channel: form.channel,
    subject: form.channel === "email" ? form.subject : null,
    body: form.body,
    couponId: form.couponId === "" ? null : form.couponId,
    include: form.include,
    exclude: form.exclude,
  };
}

/** A `datetime-local` value read in the shop's time zone; null when missing or not a date. */
export function readScheduleTime(value: string, timeZone: string): number | null {
  if (!value) return null;
  const at = DateTime.fromISO(value, { zone: timeZone });
  return at.isValid ? at.toMillis() : null;
}
