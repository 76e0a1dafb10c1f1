import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts, tags } from "./contacts";
import { shops } from "./shops";

const shopRef = () => integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" });

/**
 * Progress and watermarks of the platform syncs per shop: the initial backfill (customers,
 * orders) and the periodic reconciliation that catches webhooks the platform dropped.
 */
export const syncState = sqliteTable(
  "sync_state",
  {
    shopId: shopRef(),
    /** `backfill` | `reconcile`. */
    kind: text("kind").notNull(),
    status: text("status").$type<"idle" | "running" | "done" | "failed">().notNull().default("idle"),
    /** The platform's id of a running bulk operation, or a page cursor. */
    cursor: text("cursor"),
    /** Everything updated before this instant (ms) has been fetched. */
    watermark: integer("watermark"),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total"),
    error: text("error"),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ name: "sync_state_pk", columns: [t.shopId, t.kind] })],
);

/** A storefront browser (web pixel client id), linked to a contact once they are identified. */
export const browsers = sqliteTable(
  "browsers",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    clientKey: text("client_key").notNull(),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    firstSeenAt: integer("first_seen_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [uniqueIndex("browsers_shop_client_key").on(t.shopId, t.clientKey), index("browsers_contact_idx").on(t.contactId)],
);

/** Storefront events of a browser not yet tied to a contact; moved into `events` when it is. */
export const anonymousEvents = sqliteTable(
  "anonymous_events",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    browserId: integer("browser_id")
      .notNull()
      .references(() => browsers.id, { onDelete: "cascade" }),
    type: integer("type").notNull(),
    subjectId: integer("subject_id"),
    detailId: integer("detail_id"),
    value: integer("value"),
    occurredAt: integer("occurred_at").notNull(),
    source: integer("source").notNull(),
  },
  (t) => [index("anonymous_events_browser_idx").on(t.browserId, t.occurredAt)],
);

/**
 * Recently seen pixel event ids (a 52-bit hash), kept 48 hours to drop re-sent events. Separate
 * from `events`, whose storage budget has no room for a per-event unique index. WITHOUT ROWID.
 */
export const pixelEventIds = sqliteTable(
  "pixel_event_ids",
  {
    shopId: shopRef(),
    hash: integer("hash").notNull(),
    seenAt: integer("seen_at").notNull(),
  },
  (t) => [primaryKey({ name: "pixel_event_ids_pk", columns: [t.shopId, t.hash] }), index("pixel_event_ids_seen_idx").on(t.seenAt)],
);

/**
 * Removed platform tags, remembered with the time of the removal so that an older "tag added"
 * delivered late cannot bring the tag back. WITHOUT ROWID.
 */
export const tagTombstones = sqliteTable(
  "tag_tombstones",
  {
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    shopId: shopRef(),
    removedAt: integer("removed_at").notNull(),
  },
  (t) => [primaryKey({ name: "tag_tombstones_pk", columns: [t.contactId, t.tagId, t.source] })],
);

/** customers/data_request: what we hold on a customer, exported for the merchant. */
export const dataRequests = sqliteTable(
  "data_requests",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    platformRequestId: text("platform_request_id"),
    customerPlatformId: text("customer_platform_id"),
    /** JSON export of everything held on the contact (null when we hold nothing). */
    export: text("export"),
    requestedAt: integer("requested_at").notNull(),
    completedAt: integer("completed_at"),
  },
  (t) => [index("data_requests_shop_idx").on(t.shopId, t.requestedAt)],
);
