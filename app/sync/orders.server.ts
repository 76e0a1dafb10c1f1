import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { orders } from "../../db/schema";
import { prepared } from "../../db/statement-cache";
import { getRow } from "../../db/table-rows";
import { recomputeOrderRefunds, recomputeOrderStats } from "../contacts/order-stats.server";
import type { OrderUpsert, RefundUpsert } from "../platforms/types";
import { applyContactUpsert } from "./contacts.server";
import { ensureProducts } from "./catalog.server";

/** Thrown when data needed to apply a delivery has not arrived yet (e.g. a refund before its order): retried later. */
export class NotYetKnownError extends Error {
  readonly retryable = true;
}

export type OrderApplied = { orderId: number | null; contactIds: number[]; applied: boolean; newContactId?: number };

const ORDER_COLUMNS = `contact_id, name, currency, total_minor, subtotal_minor, discount_minor, financial_status, fulfillment_status, discount_codes,
  checkout_token, placed_at, cancelled_at, source_updated_at, updated_at`;
const INSERT_ORDER = `INSERT INTO orders (shop_id, platform_id, ${ORDER_COLUMNS}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`;
const UPDATE_ORDER = `UPDATE orders SET (${ORDER_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ? AND shop_id = ?`;
const INSERT_LINE = `INSERT INTO order_lines (shop_id, order_id, contact_id, product_id, platform_id, platform_product_id, platform_variant_id, title, quantity, price_minor, total_minor)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Applies a platform order: the order and its lines when the delivery is newer than what is held
 * (lines are replaced), its refunds always (each stored once), then the order aggregates of the
 * contacts involved are recomputed from the stored orders. A deleted order is never updated.
 * Statements are prepared once per connection: this runs for every order delivery.
 */
export function applyOrderUpsert(db: Db, { shopId, order, now }: { shopId: number; order: OrderUpsert; now: number }): OrderApplied {
  const sqlite = db.$client;
  const existing = getRow(sqlite, orders, `shop_id = ? AND platform_id = ?`, shopId, order.platformId);
  if (existing?.deletedAt !== null && existing?.deletedAt !== undefined) return { orderId: existing.id, contactIds: [], applied: false };
  const customer = order.customer ? applyContactUpsert(db, { shopId, upsert: order.customer, now, onlyIfNew: true }) : null;
  const contactId = customer?.contactId ?? null;
  const fresh = !existing || existing.sourceUpdatedAt === null || order.version > existing.sourceUpdatedAt;
  let orderId = existing?.id ?? null;
  if (fresh) {
    const values = [
      contactId, order.name, order.currency, order.totalMinor, order.subtotalMinor, order.discountMinor, order.financialStatus, order.fulfillmentStatus,
      JSON.stringify(order.discountCodes), order.checkoutToken, order.placedAt, order.cancelledAt, order.version, now,
    ];
    if (existing) prepared(sqlite, UPDATE_ORDER).run(...values, existing.id, shopId);
    else orderId = prepared(sqlite, INSERT_ORDER).pluck().get(shopId, order.platformId, ...values, now) as number;
    const productIds = ensureProducts(db, {
      shopId,
      refs: order.lines.filter((l) => l.productPlatformId).map((l) => ({ platformId: l.productPlatformId!, title: l.title, productType: l.productType, tags: l.productTags })),
      now,
    });
    prepared(sqlite, `DELETE FROM order_lines WHERE order_id = ? AND shop_id = ?`).run(orderId, shopId);
    const insertLine = prepared(sqlite, INSERT_LINE);
    for (const line of order.lines) {
      insertLine.run(
        shopId, orderId, contactId, line.productPlatformId ? (productIds.get(line.productPlatformId) ?? null) : null, line.platformId, line.productPlatformId,
        line.variantPlatformId, line.title, line.quantity, line.priceMinor, line.totalMinor,
      );
    }
    if (order.checkoutToken) {
      prepared(sqlite, `UPDATE checkouts SET completed_at = ?, order_id = ? WHERE shop_id = ? AND platform_id = ?`).run(order.placedAt, orderId, shopId, order.checkoutToken);
    }
  }
  for (const refund of order.refunds) storeRefund(db, shopId, orderId!, refund);
  recomputeOrderRefunds(db, { shopId, orderIds: [orderId!] });
  const involved = [...new Set([existing?.contactId, contactId].filter((id): id is number => id !== null && id !== undefined))];
  recomputeOrderStats(db, { shopId, contactIds: involved });
  return { orderId, contactIds: involved, applied: fresh, ...(customer?.created ? { newContactId: customer.contactId! } : {}) };
}

/**
 * Stores a refund once (refunds are immutable). The one exception: a refund first stored without
 * its lines (a bulk export cannot carry them) gets them from a later delivery that has them.
 */
function storeRefund(db: Db, shopId: number, orderId: number, refund: RefundUpsert): boolean {
  const lines = JSON.stringify(refund.lines);
  const insert = prepared(
    db.$client,
    `INSERT INTO refunds (shop_id, order_id, platform_id, amount_minor, lines, refunded_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (shop_id, platform_id) DO UPDATE SET lines = excluded.lines
       WHERE refunds.lines = '[]' AND excluded.lines <> '[]'`,
  );
  return insert.run(shopId, orderId, refund.platformId, refund.amountMinor, lines, refund.refundedAt).changes > 0;
}

/** refunds/create: stored once; the order's net amount and its contact's statistics are recomputed. */
export function applyRefund(db: Db, { shopId, refund }: { shopId: number; refund: RefundUpsert }): OrderApplied {
  const order = db.select().from(orders).where(and(eq(orders.shopId, shopId), eq(orders.platformId, refund.orderPlatformId))).get();
  if (!order) throw new NotYetKnownError(`order ${refund.orderPlatformId} has not arrived yet`);
  const stored = storeRefund(db, shopId, order.id, refund);
  recomputeOrderRefunds(db, { shopId, orderIds: [order.id] });
  const contactIds = order.contactId ? [order.contactId] : [];
  recomputeOrderStats(db, { shopId, contactIds });
  return { orderId: order.id, contactIds, applied: stored };
}

/** orders/delete: a tombstone; the order stops counting and its contact's statistics are recomputed. */
export function applyOrderDelete(db: Db, { shopId, platformId, at, now }: { shopId: number; platformId: string; at: number; now: number }): OrderApplied {
  const order = db.select().from(orders).where(and(eq(orders.shopId, shopId), eq(orders.platformId, platformId))).get();
  if (!order) {
    db.insert(orders).values({ shopId, platformId, currency: "XXX", totalMinor: 0, placedAt: at, deletedAt: at, createdAt: now, updatedAt: now }).run();
    return { orderId: null, contactIds: [], applied: true };
  }
  if (order.deletedAt !== null) return { orderId: order.id, contactIds: [], applied: false };
  db.run(sql`UPDATE orders SET deleted_at = ${at}, updated_at = ${now} WHERE id = ${order.id}`);
  const contactIds = order.contactId ? [order.contactId] : [];
  recomputeOrderStats(db, { shopId, contactIds });
  return { orderId: order.id, contactIds, applied: true };
}
