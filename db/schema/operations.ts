import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Platform } from "../enums";
import { shops } from "./shops";

export type InboxStatus = "pending" | "processed" | "failed" | "skipped";

/**
 * Durable webhook intake. A delivery is stored here (raw body, unparsed) before we answer 200;
 * `dedupe_key` is the platform event id, else the delivery id, so a redelivery is stored once.
 */
export const webhookInbox = sqliteTable(
  "webhook_inbox",
  {
    id: integer("id").primaryKey(),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    platform: text("platform").$type<Platform>().notNull(),
    topic: text("topic").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    webhookId: text("webhook_id"),
    eventId: text("event_id"),
    /** Platform trigger time (ms); orders deliveries and breaks `updated_at` ties. */
    triggeredAt: integer("triggered_at"),
    apiVersion: text("api_version"),
    body: text("body").notNull(),
    status: text("status").$type<InboxStatus>().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** A failed attempt is retried from this time on (backoff). */
    availableAt: integer("available_at"),
    receivedAt: integer("received_at").notNull(),
    processedAt: integer("processed_at"),
  },
  (t) => [
    uniqueIndex("webhook_inbox_dedupe_key").on(t.shopId, t.topic, t.dedupeKey),
    // the inbox worker's order (platform trigger time, else arrival): read from the index, never sorted, however long the backlog
    index("webhook_inbox_pending_order_idx")
      .on(sql`coalesce(${t.triggeredAt}, ${t.receivedAt})`, t.id)
      .where(sql`${t.status} = 'pending'`),
    index("webhook_inbox_processed_idx").on(t.processedAt).where(sql`${t.status} <> 'pending'`),
  ],
);

export type JobStatus = "queued" | "running" | "succeeded" | "failed";

/**
 * The durable job queue. A runner claims a due job by taking a lease; an expired lease (crash)
 * makes the job claimable again. `unique_key` makes enqueueing idempotent for as long as the job row
 * is kept (e.g. `maintenance.prune:2026-11-28` is enqueued once however often the scheduler asks).
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey(),
    shopId: integer("shop_id").references(() => shops.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    payload: text("payload").notNull().default("{}"),
    uniqueKey: text("unique_key"),
    status: text("status").$type<JobStatus>().notNull().default("queued"),
    priority: integer("priority").notNull().default(100),
    runAfter: integer("run_after").notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    progressDone: integer("progress_done"),
    progressTotal: integer("progress_total"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    uniqueIndex("jobs_unique_key").on(t.uniqueKey),
    index("jobs_due_idx").on(t.priority, t.runAfter).where(sql`${t.status} = 'queued'`),
    index("jobs_lease_idx").on(t.leaseUntil).where(sql`${t.status} = 'running'`),
    index("jobs_finished_idx").on(t.finishedAt).where(sql`${t.finishedAt} IS NOT NULL`),
  ],
);
