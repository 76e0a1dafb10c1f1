import { sql } from "drizzle-orm";
import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Platform } from "../enums";

/** One installed store: the tenant. Every other tenant row carries `shop_id`. */
export const shops = sqliteTable(
  "shops",
  {
    id: integer("id").primaryKey(),
    platform: text("platform").$type<Platform>().notNull(),
    /** `example.myshopify.com` or `handle.myshopline.com`. */
    domain: text("domain").notNull(),
    name: text("name"),
    email: text("email"),
    /** IANA zone: whole-day windows and calendar dates are counted in it. */
    timeZone: text("time_zone").notNull().default("UTC"),
    currency: text("currency").notNull().default("USD"),
    planName: text("plan_name"),
    /** Messages allowed per quota period; consumed atomically (`email_quota_used`). */
    emailQuotaLimit: integer("email_quota_limit").notNull().default(10000),
    emailQuotaUsed: integer("email_quota_used").notNull().default(0),
    emailQuotaPeriodStart: integer("email_quota_period_start"),
    /** Prepaid SMS credits left; decremented atomically per SMS. */
    smsBalance: integer("sms_balance").notNull().default(0),
    /** Per-shop key the web pixel sends; maps pixel traffic to the shop. */
    pixelKey: text("pixel_key"),
    /** Validated JSON (lifecycle thresholds, quiet hours, subscription tags…). */
    settings: text("settings").notNull().default("{}"),
    /** The scheduler's last time-window tick for this shop (the next one re-checks from here). */
    segmentsTickedAt: integer("segments_ticked_at"),
    /** Bumped by triggers whenever one of the shop's segment definitions is added, edited or deleted (migration 0013): the engine's cache key. */
    segmentsVersion: integer("segments_version").notNull().default(0),
    /** When lifecycle stages were last recomputed (daily). */
    lifecycleComputedAt: integer("lifecycle_computed_at"),
    installedAt: integer("installed_at"),
    uninstalledAt: integer("uninstalled_at"),
    /** Platform time of the shop data we hold (shop/update). */
    sourceUpdatedAt: integer("source_updated_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("shops_platform_domain_key").on(t.platform, t.domain),
    uniqueIndex("shops_pixel_key_key").on(t.pixelKey).where(sql`${t.pixelKey} IS NOT NULL`),
  ],
);

/**
 * Shopify sessions, in the exact shape `@shopify/shopify-app-session-storage-drizzle` reads and
 * writes (its column names, not ours). Keyed by the shop domain, like the library.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    shop: text("shop").notNull(),
    state: text("state").notNull(),
    isOnline: integer("isOnline", { mode: "boolean" }).notNull().default(false),
    scope: text("scope"),
    expires: text("expires"),
    accessToken: text("accessToken").notNull(),
    userId: blob("userId", { mode: "bigint" }),
    firstName: text("firstName"),
    lastName: text("lastName"),
    email: text("email"),
    accountOwner: integer("accountOwner", { mode: "boolean" }),
    locale: text("locale"),
    collaborator: integer("collaborator", { mode: "boolean" }),
    emailVerified: integer("emailVerified", { mode: "boolean" }),
    refreshToken: text("refreshToken"),
    refreshTokenExpires: text("refreshTokenExpires"),
  },
  (t) => [index("sessions_shop_idx").on(t.shop)],
);
