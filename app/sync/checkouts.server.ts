import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES } from "../../db/enums";
import { checkouts, contacts, events, orders } from "../../db/schema";
import { normalizeEmail } from "../contacts/normalize";
import type { CheckoutUpsert } from "../platforms/types";
import { findContactByPlatformId } from "./contacts.server";

/**
 * Checkouts are stored as they evolve (newer deliveries win); a checkout with a known contact and
 * no order after the shop's delay becomes an abandoned checkout (see `detectAbandonedCheckouts`).
 */
export function applyCheckoutUpsert(db: Db, { shopId, checkout }: { shopId: number; checkout: CheckoutUpsert }): { checkoutId: number } {
  const existing = db.select().from(checkouts).where(and(eq(checkouts.shopId, shopId), eq(checkouts.platformId, checkout.platformId))).get();
  const email = normalizeEmail(checkout.email);
  const contact =
    (checkout.customerPlatformId ? findContactByPlatformId(db, shopId, checkout.customerPlatformId) : undefined) ??
    (email ? db.select().from(contacts).where(and(eq(contacts.shopId, shopId), eq(contacts.email, email))).get() : undefined);
  const order = db.select({ id: orders.id, placedAt: orders.placedAt }).from(orders).where(and(eq(orders.shopId, shopId), eq(orders.checkoutToken, checkout.platformId))).get();
  const values = {
    contactId: contact?.id ?? existing?.contactId ?? null,
    email,
    phone: checkout.phone,
    totalMinor: checkout.totalMinor,
    currency: checkout.currency,
    startedAt: existing?.startedAt ?? checkout.startedAt,
    sourceUpdatedAt: checkout.version,
    completedAt: checkout.completedAt ?? order?.placedAt ?? existing?.completedAt ?? null,
    orderId: order?.id ?? existing?.orderId ?? null,
  };
  if (!existing) return { checkoutId: db.insert(checkouts).values({ shopId, platformId: checkout.platformId, ...values }).returning({ id: checkouts.id }).get().id };
  if (existing.sourceUpdatedAt === null || checkout.version > existing.sourceUpdatedAt) db.update(checkouts).set(values).where(eq(checkouts.id, existing.id)).run();
  return { checkoutId: existing.id };
}

/**
 * Marks checkouts abandoned: a known contact, not completed, no order with its token, and no
 * activity for `delayMs` (default one hour). Each gets a `checkout_abandoned` event at the moment
 * it was decided; returns the contacts concerned. Safe to run again: a checkout is abandoned once.
 */
export function detectAbandonedCheckouts(db: Db, { shopId, now, delayMs }: { shopId: number; now: number; delayMs: number }): number[] {
  const cutoffVersion = (now - delayMs) * 1000;
  const due = db.all<{ id: number; contact_id: number; total_minor: number | null }>(sql`
    SELECT k.id, k.contact_id, k.total_minor FROM checkouts k
     WHERE k.shop_id = ${shopId} AND k.completed_at IS NULL AND k.abandoned_at IS NULL AND k.contact_id IS NOT NULL
       AND k.source_updated_at < ${cutoffVersion}
       AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.shop_id = ${shopId} AND o.checkout_token = k.platform_id)`);
  for (const checkout of due) {
    db.update(checkouts).set({ abandonedAt: now }).where(eq(checkouts.id, checkout.id)).run();
    db.insert(events)
      .values({ shopId, contactId: checkout.contact_id, type: EVENT_TYPES.checkout_abandoned, subjectId: checkout.id, value: checkout.total_minor, occurredAt: now, source: EVENT_SOURCES.webhook })
      .run();
  }
  return [...new Set(due.map((d) => d.contact_id))];
}
