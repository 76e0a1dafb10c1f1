import type { Db } from "../../db/client.server";
import { contacts, orders, refunds, shops } from "../../db/schema";

/** Small, explicit rows for tests (the seed generator is for whole stores). */

let counter = 0;

export function createShop(db: Db, overrides: Partial<typeof shops.$inferInsert> = {}) {
  counter++;
  return db
    .insert(shops)
    .values({ platform: "shopify", domain: `shop-${counter}.myshopify.com`, timeZone: "America/New_York", createdAt: 0, updatedAt: 0, ...overrides })
    .returning()
    .get();
}

export function createContact(db: Db, shopId: number, overrides: Partial<typeof contacts.$inferInsert> = {}) {
  counter++;
  return db
    .insert(contacts)
    .values({
      shopId,
      platformId: String(7_000_000 + counter),
      email: `contact-${counter}@example.com`,
      firstName: "Test",
      lastName: `Contact ${counter}`,
      createdAt: counter * 1000,
      updatedAt: counter * 1000,
      ...overrides,
    })
    .returning()
    .get();
}

export function createOrder(db: Db, shopId: number, contactId: number | null, overrides: Partial<typeof orders.$inferInsert> = {}) {
  counter++;
  return db
    .insert(orders)
    .values({
      shopId,
      contactId,
      platformId: String(5_000_000 + counter),
      currency: "USD",
      totalMinor: 10_000,
      placedAt: counter * 1000,
      createdAt: 0,
      updatedAt: 0,
      ...overrides,
    })
    .returning()
    .get();
}

export function createRefund(db: Db, shopId: number, orderId: number, amountMinor: number) {
  counter++;
  return db
    .insert(refunds)
    .values({ shopId, orderId, platformId: String(9_000_000 + counter), amountMinor, refundedAt: 0 })
    .returning()
    .get();
}
