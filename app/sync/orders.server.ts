import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { checkouts, orderLines, orders, refunds } from "../../db/schema";
import { recomputeOrderRefunds, recomputeOrderStats } from "../contacts/order-stats.server";
import type { OrderUpsert, RefundUpsert } from "../platforms/types";
import { applyContactUpsert } from "./contacts.server";
import { ensureProducts } from "./catalog.server";

/** Thrown when data needed to apply a delivery has not arrived yet (e.g. a refund before its order): retried later. */
export class NotYetKnownError extends Error {
  readonly retryable = true;
}

export type OrderApplied = { orderId: number | null; contactIds: number[]; applied: boolean; newContactId?: number };

/**
 * Applies a platform order: the order and its lines when the delivery is newer than what is held
 * (lines are replaced), its refunds always (each stored once), then the order aggregates of the
 * contacts involved are recomputed from the stored orders. A deleted order is never updated.
 */
export function applyOrderUpsert(db: Db, { shopId, order, now }: { shopId: number; order: OrderUpsert; now: number }): OrderApplied {
  const existing = db.select().from(orders).where(and(eq(orders.shopId, shopId), eq(orders.platformId, order.platformId))).get();
  if (existing?.deletedAt !== null && existing?.deletedAt !== undefined) return { orderId: existing.id, contactIds: [], applied: false };
  const customer = order.customer ? applyContactUpsert(db, { shopId, upsert: order.customer, now, onlyIfNew: true }) : null;
  const contactId = customer?.contactId ?? null;
  const fresh = !existing || existing.sourceUpdatedAt === null || order.version > existing.sourceUpdatedAt;
  let orderId = existing?.id ?? null;
  if (fresh) {
    const values = {
      shopId,
      platformId: order.platformId,
      contactId,
      name: order.name,
      currency: order.currency,
      totalMinor: order.totalMinor,
      subtotalMinor: order.subtotalMinor,
      discountMinor: order.discountMinor,
      financialStatus: order.financialStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      discountCodes: JSON.stringify(order.discountCodes),
      checkoutToken: order.checkoutToken,
      placedAt: order.placedAt,
      cancelledAt: order.cancelledAt,
      sourceUpdatedAt: order.version,
      updatedAt: now,
    };
    orderId = existing
      ? db.update(orders).set(values).where(eq(orders.id, existing.id)).returning({ id: orders.id }).get()!.id
      : db.insert(orders).values({ ...values, createdAt: now }).returning({ id: orders.id }).get().id;
    const productIds = ensureProducts(db, {
      shopId,
      refs: order.lines.filter((l) => l.productPlatformId).map((l) => ({ platformId: l.productPlatformId!, title: l.title, productType: l.productType, tags: l.productTags })),
      now,
    });
    db.delete(orderLines).where(eq(orderLines.orderId, orderId)).run();
    if (order.lines.length > 0) {
      db.insert(orderLines)
        .values(order.lines.map((line) => ({
          shopId,
          orderId: orderId!,
          contactId,
          productId: line.productPlatformId ? (productIds.get(line.productPlatformId) ?? null) : null,
          platformId: line.platformId,
          platformProductId: line.productPlatformId,
          platformVariantId: line.variantPlatformId,
          title: line.title,
          quantity: line.quantity,
          priceMinor: line.priceMinor,
          totalMinor: line.totalMinor,
        })))
        .run();
    }
    if (order.checkoutToken) {
      db.update(checkouts).set({ completedAt: order.placedAt, orderId }).where(and(eq(checkouts.shopId, shopId), eq(checkouts.platformId, order.checkoutToken))).run();
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
  return (
    db.run(sql`INSERT INTO refunds (shop_id, order_id, platform_id, amount_minor, lines, refunded_at)
      VALUES (${shopId}, ${orderId}, ${refund.platformId}, ${refund.amountMinor}, ${lines}, ${refund.refundedAt})
      ON CONFLICT (shop_id, platform_id) DO UPDATE SET lines = excluded.lines
       WHERE refunds.lines = '[]' AND excluded.lines <> '[]'`).changes > 0
  );
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
