import { index, integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { contacts } from "./contacts";
import { shops } from "./shops";

/**
 * The compact event log: integers only, no repeated text per row (budget: ≤ 200 bytes per event
 * with its indexes). `type` and `source` are codes from `db/enums.ts`; `subject_id`/`detail_id`
 * point at the row named by `EVENT_SUBJECTS[type]` (product, category, campaign, coupon, checkout);
 * `value` is an optional amount (cart value, quantity) in minor units.
 *
 * Indexes follow the measured plans: event-first segment queries read `events_segment_idx` or
 * `events_type_time_idx` (both covering up to contact_id); per-contact evaluation reads
 * `events_contact_idx` (covering, shop-checked). Rows are not foreign-keyed to subjects, to keep writes cheap.
 */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey(),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    type: integer("type").notNull(),
    subjectId: integer("subject_id"),
    detailId: integer("detail_id"),
    value: integer("value"),
    occurredAt: integer("occurred_at").notNull(),
    source: integer("source").notNull(),
  },
  (t) => [
    index("events_segment_idx").on(t.shopId, t.type, t.subjectId, t.occurredAt, t.contactId),
    index("events_type_time_idx").on(t.shopId, t.type, t.occurredAt, t.contactId),
    // shop_id last: per-contact lookups filter on the shop too and stay covering (+1 byte an event)
    index("events_contact_idx").on(t.contactId, t.type, t.subjectId, t.occurredAt, t.shopId),
  ],
);
