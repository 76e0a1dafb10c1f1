import { z } from "zod";

/**
 * Lifecycle stage thresholds (editable per shop). Stages apply to buyers only, first rule wins:
 *
 * | stage          | rule (days are whole days in the shop's time zone)                               |
 * | churned        | last order more than `churnedAfterDays` ago                                      |
 * | dormant        | last order more than `dormantAfterDays` ago                                      |
 * | loyal          | at least `loyalMinOrders` orders, last one within `loyalWithinDays`              |
 * | high_potential | fewer orders, but spent ≥ `highPotentialMinSpendMinor`, last within `highPotentialWithinDays` |
 * | nurture_needed | every other buyer                                                                |
 */
export const LifecycleThresholdsSchema = z
  .object({
    loyalMinOrders: z.number().int().min(2, "Loyal needs at least 2 orders").max(1000).default(3),
    loyalWithinDays: z.number().int().min(1).max(3650).default(180),
    highPotentialWithinDays: z.number().int().min(1).max(3650).default(60),
    highPotentialMinSpendMinor: z.number().int().min(0).default(15_000),
    dormantAfterDays: z.number().int().min(1).max(3650).default(180),
    churnedAfterDays: z.number().int().min(1).max(3650).default(365),
  })
  .refine((t) => t.dormantAfterDays < t.churnedAfterDays, { message: "Dormant must start before churned", path: ["dormantAfterDays"] })
  .refine((t) => t.loyalWithinDays <= t.dormantAfterDays, { message: "Loyal buyers must have ordered more recently than dormant ones", path: ["loyalWithinDays"] })
  .refine((t) => t.highPotentialWithinDays <= t.dormantAfterDays, {
    message: "High-potential buyers must have ordered more recently than dormant ones",
    path: ["highPotentialWithinDays"],
  });
export type LifecycleThresholds = z.infer<typeof LifecycleThresholdsSchema>;

const tagNames = z.array(z.string().trim().min(1).max(255)).max(50);

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a 24-hour time such as 21:00");

/**
 * Quiet hours, in each contact's own time zone (the shop's when the contact has none): a message
 * due inside the window is deferred to its end. `start` after `end` wraps midnight (21:00–08:00).
 */
export const QuietHoursSchema = z
  .object({
    enabled: z.boolean().default(false),
    start: clockTime.default("21:00"),
    end: clockTime.default("08:00"),
    channels: z.array(z.enum(["email", "sms"])).max(2).default(["sms"]),
  })
  .refine((q) => q.start !== q.end, { message: "Quiet hours must start and end at different times", path: ["end"] });
export type QuietHours = z.infer<typeof QuietHoursSchema>;

/** A tag the popup applies: what Shopify accepts in a customer tag, without commas. */
export const popupTag = z
  .string()
  .trim()
  .min(1, "A tag cannot be empty")
  .max(40, "Tags are at most 40 characters")
  .regex(/^[^,<>]+$/, "Tags cannot contain commas or angle brackets");

/**
 * The signup popup (extensions/signup-popup). What it shows (headline, fields, consent texts,
 * timing, frequency cap) is set on the theme editor's block; what the app trusts is set here. The
 * block's own tags are applied only when listed in `blockTags`: the storefront is public, so a
 * visitor could otherwise tag themselves with anything (say, "VIP").
 */
export const PopupSettingsSchema = z.object({
  /** Email signups get a confirmation email and stay `pending` until its link is followed. */
  doubleOptIn: z.boolean().default(false),
  /** Tags every popup subscriber gets (source `popup`). */
  tags: z.array(popupTag).max(10, "At most 10 tags").default(["popup-signup"]),
  /** Tags the theme block may ask for; any other requested tag is refused. */
  blockTags: z.array(popupTag).max(50, "At most 50 tags").default([]),
});
export type PopupSettings = z.infer<typeof PopupSettingsSchema>;

export const ShopSettingsSchema = z.object({
  lifecycle: LifecycleThresholdsSchema.default(LifecycleThresholdsSchema.parse({})),
  /** A checkout with a known contact and no order after this many minutes is abandoned. */
  abandonedCheckoutMinutes: z.number().int().min(5).max(7 * 24 * 60).default(60),
  /**
   * Subscription apps tag their customers; an app cannot read other apps' subscription contracts,
   * so these platform tags (case-insensitive) become "subscription started/cancelled" events.
   */
  subscriptionTags: z
    .object({ started: tagNames.default(["subscription-active", "active_subscriber"]), cancelled: tagNames.default(["subscription-cancelled", "cancelled_subscriber"]) })
    .default({ started: ["subscription-active", "active_subscriber"], cancelled: ["subscription-cancelled", "cancelled_subscriber"] }),
  /** Customer metafields (`namespace.key`) holding birthday (a date) and gender, read by backfill and reconciliation. */
  birthdayMetafield: z.string().regex(/^[\w-]+\.[\w-]+$/).default("facts.birth_date"),
  genderMetafield: z.string().regex(/^[\w-]+\.[\w-]+$/).nullable().default(null),
  quietHours: QuietHoursSchema.default(QuietHoursSchema.parse({})),
  popup: PopupSettingsSchema.default(PopupSettingsSchema.parse({})),
});
export type ShopSettings = z.infer<typeof ShopSettingsSchema>;

/** The shop's settings from its stored JSON; anything unreadable falls back to the defaults. */
export function readShopSettings(raw: string | null | undefined): ShopSettings {
  let value: unknown = {};
  try {
    value = JSON.parse(raw || "{}");
  } catch {
    value = {};
  }
  const parsed = ShopSettingsSchema.safeParse(value);
  return parsed.success ? parsed.data : ShopSettingsSchema.parse({});
}
