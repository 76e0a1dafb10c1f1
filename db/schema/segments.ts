import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { contacts } from "./contacts";
import { shops } from "./shops";

const shopRef = () => integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" });

export type SegmentStatus = "computing" | "ready" | "failed";

/**
 * A named, versioned definition plus cached counts. `definition` is JSON in format
 * `definition_version`, re-validated on every read; `revision` counts edits.
 */
export const segments = sqliteTable(
  "segments",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    name: text("name").notNull(),
    description: text("description"),
    definition: text("definition").notNull(),
    definitionVersion: integer("definition_version").notNull(),
    revision: integer("revision").notNull().default(1),
    /** Key of the suggested segment it was created from, if any. */
    suggestionKey: text("suggestion_key"),
    status: text("status").$type<SegmentStatus>().notNull().default("computing"),
    computeDone: integer("compute_done").notNull().default(0),
    computeTotal: integer("compute_total").notNull().default(0),
    computeError: text("compute_error"),
    memberCount: integer("member_count").notNull().default(0),
    emailReachableCount: integer("email_reachable_count").notNull().default(0),
    smsReachableCount: integer("sms_reachable_count").notNull().default(0),
    /** Freshness: the time membership was last known exact ("as of"). */
    computedAt: integer("computed_at"),
    /** Reachable-by-channel counts need recounting (membership or a member's consent changed). */
    reachStale: integer("reach_stale", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("segments_shop_updated_idx").on(t.shopId, t.updatedAt),
    // the real-time path asks for the few segments that are not ready on every change
    index("segments_not_ready_idx").on(t.shopId, t.status).where(sql`${t.status} <> 'ready'`),
  ],
);

/** Current members. WITHOUT ROWID: the primary key is the table. */
export const segmentMembers = sqliteTable(
  "segment_members",
  {
    segmentId: integer("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    shopId: shopRef(),
    enteredAt: integer("entered_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "segment_members_pk", columns: [t.segmentId, t.contactId] }),
    index("segment_members_contact_idx").on(t.contactId, t.segmentId),
  ],
);

/**
 * History: every enter/leave with its cause (codes in `db/enums.ts`). Written in the same
 * transaction as `segment_members`; automations start from these rows, never from memory.
 */
export const membershipChanges = sqliteTable(
  "membership_changes",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    segmentId: integer("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    kind: integer("kind").notNull(),
    cause: integer("cause").notNull(),
    /** Human detail of the cause, e.g. `orders/create #1001` or `product_viewed`. */
    causeDetail: text("cause_detail"),
    segmentRevision: integer("segment_revision").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [
    index("membership_changes_segment_at_idx").on(t.segmentId, t.at),
    index("membership_changes_contact_at_idx").on(t.contactId, t.at),
    // automations read a segment's enters (or leaves) after their cursor: (segment, kind, rowid > ?)
    index("membership_changes_segment_kind_idx").on(t.segmentId, t.kind),
  ],
);

/**
 * Contacts whose data changed while their segment was being computed in full: the computation
 * re-evaluates them before it finishes, so its result is exact. WITHOUT ROWID.
 */
export const segmentRechecks = sqliteTable(
  "segment_rechecks",
  {
    segmentId: integer("segment_id")
      .notNull()
      .references(() => segments.id, { onDelete: "cascade" }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    shopId: shopRef(),
    cause: integer("cause").notNull(),
    causeDetail: text("cause_detail"),
    queuedAt: integer("queued_at").notNull(),
  },
  (t) => [primaryKey({ name: "segment_rechecks_pk", columns: [t.segmentId, t.contactId] })],
);
