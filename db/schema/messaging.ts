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
    /** When the audience was frozen into `campaign_recipients` (the send job's first step). */
    frozenAt: integer("frozen_at"),
    /** Batches enqueue recipients in contact order: the last contact whose message exists, and how many do. */
    sendCursor: integer("send_cursor").notNull().default(0),
    enqueuedCount: integer("enqueued_count").notNull().default(0),
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
export type ReentryPolicy = "once" | "every_time" | "cooldown";

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
    reentry: text("reentry").$type<ReentryPolicy>().notNull().default("once"),
    reentryCooldownMs: integer("reentry_cooldown_ms"),
    /** Enter/leave/enter within this window does not start a second run. */
    flapWindowMs: integer("flap_window_ms").notNull().default(0),
    /** Enrolment cursor: the last `membership_changes.id` this automation has processed. */
    changeCursor: integer("change_cursor").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("automations_segment_idx").on(t.segmentId, t.status), index("automations_shop_idx").on(t.shopId, t.updatedAt)],
);

/**
 * `running` and `waiting` are in progress, `held` waits for a paused automation to resume;
 * `skipped` records a change the re-entry or flapping rule did not enrol (so it counts as processed).
 */
export type AutomationRunStatus = "running" | "waiting" | "held" | "completed" | "exited" | "skipped" | "failed";

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
    status: text("status").$type<AutomationRunStatus>().notNull(),
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

/** A reusable message: email (subject + HTML body) or SMS (text). Bodies are Liquid templates. */
export const messageTemplates = sqliteTable(
  "message_templates",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    channel: text("channel").$type<Channel>().notNull(),
    name: text("name").notNull(),
    subject: text("subject"),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("message_templates_shop_idx").on(t.shopId, t.channel, t.updatedAt)],
);

export type SendStatus = "queued" | "deferred" | "sending" | "sent" | "failed" | "dead" | "skipped";
/**
 * `marketing`: campaigns and automations (the contact must be subscribed). `opt_in`: the double
 * opt-in confirmation of a popup signup, sent while the email consent is `pending`.
 */
export type SendPurpose = "marketing" | "opt_in";

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
    purpose: text("purpose").$type<SendPurpose>().notNull().default("marketing"),
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
    /** The stored template to render at send time, or `template` (inline JSON `{subject, body}`). */
    templateId: integer("template_id").references(() => messageTemplates.id, { onDelete: "set null" }),
    template: text("template"),
    /** The coupon `{{ coupon_code }}` renders; sending it records `coupon_received`. */
    couponId: integer("coupon_id").references(() => coupons.id, { onDelete: "set null" }),
    /** Tracked link targets (JSON `[{url, coupon}]`), frozen when the message is rendered. */
    links: text("links"),
    /** First time each provider or tracking outcome was recorded (each becomes one event per message). */
    deliveredAt: integer("delivered_at"),
    openedAt: integer("opened_at"),
    clickedAt: integer("clicked_at"),
    couponClickedAt: integer("coupon_clicked_at"),
    bouncedAt: integer("bounced_at"),
    complainedAt: integer("complained_at"),
    unsubscribedAt: integer("unsubscribed_at"),
  },
  (t) => [
    uniqueIndex("message_sends_idempotency_key").on(t.shopId, t.idempotencyKey),
    index("message_sends_shop_status_idx").on(t.shopId, t.status, t.createdAt),
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

/** Where a consent change made here came from; `popup` is a signup, `popup_confirm` its double opt-in link, `import` a CSV import. */
export type ConsentChangeSource =
  | "unsubscribe_link"
  | "one_click"
  | "sms_stop"
  | "sms_start"
  | "provider_unsubscribe"
  | "provider_complaint"
  | "popup"
  | "popup_confirm"
  | "import";
export type WritebackStatus = "pending" | "done" | "skipped" | "failed";
/** `pending`: a double opt-in signup waiting for its confirmation link. */
export type ConsentChangeState = "subscribed" | "unsubscribed" | "pending";

/**
 * Consent changes made here (unsubscribe link, STOP reply, provider callback, popup signup and its
 * confirmation, a CSV import): the record of the opt-out or opt-in, and the state of its write-back to the platform.
 */
export const consentChanges = sqliteTable(
  "consent_changes",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    channel: text("channel").$type<Channel>().notNull(),
    state: text("state").$type<ConsentChangeState>().notNull(),
    source: text("source").$type<ConsentChangeSource>().notNull(),
    sendId: integer("send_id").references(() => messageSends.id, { onDelete: "set null" }),
    at: integer("at").notNull(),
    writebackStatus: text("writeback_status").$type<WritebackStatus>().notNull(),
    writebackDetail: text("writeback_detail"),
    writebackAt: integer("writeback_at"),
  },
  (t) => [index("consent_changes_contact_idx").on(t.shopId, t.contactId, t.at)],
);

/**
 * The demo mode's built-in provider: messages the app's own `/hooks/outbox` route received
 * (signature verified), one row per idempotency key; `deliveries` counts repeats.
 */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    channel: text("channel").$type<Channel>().notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    toAddress: text("to_address"),
    subject: text("subject"),
    body: text("body"),
    isTest: integer("is_test", { mode: "boolean" }).notNull().default(false),
    deliveries: integer("deliveries").notNull().default(1),
    receivedAt: integer("received_at").notNull(),
    lastReceivedAt: integer("last_received_at").notNull(),
  },
  (t) => [uniqueIndex("outbox_messages_key").on(t.shopId, t.idempotencyKey), index("outbox_messages_shop_idx").on(t.shopId, t.receivedAt)],
);

/** Per-shop key that signs unsubscribe, open and click tokens (kept apart from `shops` so it never reaches a page). */
export const messageKeys = sqliteTable("message_keys", {
  shopId: integer("shop_id")
    .primaryKey()
    .references(() => shops.id, { onDelete: "cascade" }),
  key: text("key").notNull(),
  createdAt: integer("created_at").notNull(),
});
