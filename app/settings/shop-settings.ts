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
