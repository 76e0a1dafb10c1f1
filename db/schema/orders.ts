import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { products } from "./catalog";
import { contacts } from "./contacts";
import { shops } from "./shops";

const shopRef = () => integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" });

/**
 * Orders in the shop's currency, in minor units. Contact order statistics are recomputed from these
 * rows (net of refunds, excluding cancelled and deleted orders), never incremented.
 */
export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    platformId: text("platform_id").notNull(),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    name: text("name"),
    currency: text("currency").notNull(),
    totalMinor: integer("total_minor").notNull(),
    subtotalMinor: integer("subtotal_minor"),
    discountMinor: integer("discount_minor").notNull().default(0),
    /** Sum of the stored refunds (capped at the total), re-derived from `refunds` by the order-stats module. */
    refundedMinor: integer("refunded_minor").notNull().default(0),
    financialStatus: text("financial_status"),
    fulfillmentStatus: text("fulfillment_status"),
    /** JSON array of discount codes used. */
    discountCodes: text("discount_codes"),
    checkoutToken: text("checkout_token"),
    placedAt: integer("placed_at").notNull(),
    cancelledAt: integer("cancelled_at"),
    deletedAt: integer("deleted_at"),
    sourceUpdatedAt: integer("source_updated_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("orders_shop_platform_id_key").on(t.shopId, t.platformId),
    // per-contact order rules (real time) read only this index: shop and state ride along (migration 0014)
    index("orders_contact_placed_idx").on(t.contactId, t.placedAt, t.shopId, t.cancelledAt, t.deletedAt),
    index("orders_shop_placed_idx").on(t.shopId, t.placedAt),
  ],
);

/** Line items; `contact_id` is denormalised so purchase conditions are one index range. */
export const orderLines = sqliteTable(
  "order_lines",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    productId: integer("product_id").references(() => products.id, { onDelete: "set null" }),
    platformId: text("platform_id"),
    platformProductId: text("platform_product_id"),
    platformVariantId: text("platform_variant_id"),
    title: text("title"),
    quantity: integer("quantity").notNull(),
    refundedQuantity: integer("refunded_quantity").notNull().default(0),
    priceMinor: integer("price_minor").notNull(),
    totalMinor: integer("total_minor").notNull(),
    /** Copy of the order's `placed_at`, kept by triggers (migration 0011) so purchase rules read one index. */
    placedAt: integer("placed_at"),
    /** 1 while the line counts as purchased (order neither cancelled nor deleted, not fully refunded); kept by triggers. */
    counted: integer("counted").notNull().default(0),
  },
  (t) => [
    index("order_lines_order_idx").on(t.orderId),
    // purchase rules in bulk: one covering range per product (and window), counted lines only
    index("order_lines_counted_product_idx")
      .on(t.productId, t.placedAt, t.contactId, t.orderId, t.shopId)
      .where(sql`${t.counted} = 1 AND ${t.contactId} IS NOT NULL`),
    index("order_lines_product_contact_idx").on(t.productId, t.contactId, t.orderId),
    // per-contact purchase rules (real time) read only this index (migration 0014)
    index("order_lines_contact_product_idx").on(t.contactId, t.productId, t.shopId, t.counted, t.placedAt),
  ],
);

/** Refunds, stored once each (unique platform id) so a re-delivered refund never counts twice. */
export const refunds = sqliteTable(
  "refunds",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    platformId: text("platform_id").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    /** JSON [{ "linePlatformId": …, "quantity": … }]: what each line got refunded. */
    lines: text("lines").notNull().default("[]"),
    refundedAt: integer("refunded_at").notNull(),
  },
  (t) => [uniqueIndex("refunds_shop_platform_id_key").on(t.shopId, t.platformId), index("refunds_order_idx").on(t.orderId)],
);

/** Checkouts; one with a known contact and no order after the configured delay is abandoned. */
export const checkouts = sqliteTable(
  "checkouts",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    platformId: text("platform_id").notNull(),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    email: text("email"),
    phone: text("phone"),
    totalMinor: integer("total_minor"),
    currency: text("currency"),
    startedAt: integer("started_at").notNull(),
    sourceUpdatedAt: integer("source_updated_at"),
    completedAt: integer("completed_at"),
    orderId: integer("order_id").references(() => orders.id, { onDelete: "set null" }),
    abandonedAt: integer("abandoned_at"),
  },
  (t) => [
    uniqueIndex("checkouts_shop_platform_id_key").on(t.shopId, t.platformId),
    index("checkouts_open_idx")
      .on(t.shopId, t.sourceUpdatedAt)
      .where(sql`${t.completedAt} IS NULL AND ${t.abandonedAt} IS NULL`),
  ],
);
