import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Channel } from "../enums";
import { coupons } from "./catalog";
import { contacts } from "./contacts";
import { membershipChanges, segments } from "./segments";
import { shops } from "./shops";

const shopRef = () => integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" });

export type CampaignStatus = "draft" | "scheduled" | "sending" | "sent" | "cancelled" | "failed";

/** One email or SMS send to include-segments minus exclude-segments. */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    name: text("name").notNull(),
    channel: text("channel").$type<Channel>().notNull(),
    status: text("status").$type<CampaignStatus>().notNull().default("draft"),
    subject: text("subject"),
    body: text("body").notNull().default(""),
    couponId: integer("coupon_id").references(() => coupons.id, { onDelete: "set null" }),
    scheduledAt: integer("scheduled_at"),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    audienceCount: integer("audience_count"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("campaigns_shop_status_idx").on(t.shopId, t.status, t.scheduledAt)],
);

export const campaignSegments = sqliteTable(
  "campaign_segments",
  {
    campaignId: integer("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    segmentId: integer("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    role: text("role").$type<"include" | "exclude">().notNull(),
    shopId: shopRef(),
  },
  (t) => [
    primaryKey({ name: "campaign_segments_pk", columns: [t.campaignId, t.segmentId] }),
    index("campaign_segments_segment_idx").on(t.segmentId),
  ],
);

export type AutomationStatus = "active" | "paused";

/** Triggered by a contact entering (or leaving) a segment; `steps` is validated JSON. */
export const automations = sqliteTable(
  "automations",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    name: text("name").notNull(),
    segmentId: integer("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    trigger: text("trigger").$type<"entered" | "left">().notNull(),
    status: text("status").$type<AutomationStatus>().notNull().default("paused"),
    steps: text("steps").notNull().default("[]"),
    /** `once` | `every_time` | `cooldown` (with `reentry_cooldown_ms`). */
    reentry: text("reentry").notNull().default("once"),
    reentryCooldownMs: integer("reentry_cooldown_ms"),
    /** Enter/leave/enter within this window does not start a second run. */
    flapWindowMs: integer("flap_window_ms").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("automations_segment_idx").on(t.segmentId, t.status), index("automations_shop_idx").on(t.shopId, t.updatedAt)],
);

/** One run per (automation, membership change): a change processed twice enrols once. */
export const automationRuns = sqliteTable(
  "automation_runs",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    automationId: integer("automation_id")
      .notNull()
      .references(() => automations.id, { onDelete: "cascade" }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    membershipChangeId: integer("membership_change_id").references(() => membershipChanges.id, {
      onDelete: "set null",
    }),
    status: text("status").$type<"waiting" | "running" | "completed" | "exited" | "failed">().notNull(),
    stepIndex: integer("step_index").notNull().default(0),
    nextStepAt: integer("next_step_at"),
    exitReason: text("exit_reason"),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    uniqueIndex("automation_runs_change_key").on(t.automationId, t.membershipChangeId),
    index("automation_runs_due_idx").on(t.nextStepAt).where(sql`${t.status} = 'waiting'`),
    index("automation_runs_contact_idx").on(t.automationId, t.contactId, t.startedAt),
  ],
);

export type SendStatus = "queued" | "deferred" | "sending" | "sent" | "failed" | "dead" | "skipped";

/**
 * The outbox: one row per message, claimed before the provider is called. `idempotency_key` is
 * derived from (campaign or automation step, contact) and sent to the provider.
 */
export const messageSends = sqliteTable(
  "message_sends",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    channel: text("channel").$type<Channel>().notNull(),
    campaignId: integer("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    automationRunId: integer("automation_run_id").references(() => automationRuns.id, { onDelete: "set null" }),
    stepIndex: integer("step_index"),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").$type<SendStatus>().notNull(),
    skipReason: text("skip_reason"),
    /** Why the contact is in the audience (segment ids), frozen at send time. */
    qualifiedBy: text("qualified_by"),
    toAddress: text("to_address"),
    subject: text("subject"),
    body: text("body"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    providerMessageId: text("provider_message_id"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [
    uniqueIndex("message_sends_idempotency_key").on(t.shopId, t.idempotencyKey),
    index("message_sends_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} IN ('queued', 'deferred', 'sending')`),
    index("message_sends_campaign_idx").on(t.campaignId, t.status),
    index("message_sends_contact_idx").on(t.contactId, t.createdAt),
  ],
);

/** Delivery log: every HTTP attempt of a send hook. */
export const sendAttempts = sqliteTable(
  "send_attempts",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    sendId: integer("send_id")
      .notNull()
      .references(() => messageSends.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    at: integer("at").notNull(),
    httpStatus: integer("http_status"),
    error: text("error"),
    durationMs: integer("duration_ms"),
  },
  (t) => [index("send_attempts_send_idx").on(t.sendId, t.attempt)],
);

/** Where messages are delivered: a signed POST per channel. */
export const sendHooks = sqliteTable(
  "send_hooks",
  {
    shopId: shopRef(),
    channel: text("channel").$type<Channel>().notNull(),
    url: text("url").notNull(),
    secret: text("secret").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ name: "send_hooks_pk", columns: [t.shopId, t.channel] })],
);
