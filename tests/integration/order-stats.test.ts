import { describe, expect, it } from "vitest";
import { recomputeAllOrderStats, recomputeOrderRefunds, recomputeOrderStats } from "../../app/contacts/order-stats.server";
import { findContact } from "../../app/models/contacts.server";
import { createContact, createOrder, createRefund, createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

describe("order aggregates are recomputed from stored orders", () => {
  const db = createTestDb();
  const shop = createShop(db);
  const otherShop = createShop(db);
  const buyer = createContact(db, shop.id);
  const stranger = createContact(db, otherShop.id);
  const first = createOrder(db, shop.id, buyer.id, { totalMinor: 5_000, placedAt: 1_000 });
  const second = createOrder(db, shop.id, buyer.id, { totalMinor: 12_000, placedAt: 5_000 });
  createOrder(db, shop.id, buyer.id, { totalMinor: 90_000, placedAt: 9_000, cancelledAt: 9_500 });
  createOrder(db, shop.id, buyer.id, { totalMinor: 70_000, placedAt: 9_900, deletedAt: 10_000 });
  createOrder(db, otherShop.id, stranger.id, { totalMinor: 1_000, placedAt: 2_000 });
  createRefund(db, shop.id, second.id, 2_000);
  createRefund(db, shop.id, first.id, 9_999_999); // more than the order: capped at its total

  const stats = (contactId: number, shopId = shop.id) => {
    const c = findContact(db, { shopId, contactId })!;
    return { count: c.ordersCount, spent: c.totalSpentMinor, avg: c.avgOrderMinor, first: c.firstOrderAt, last: c.lastOrderAt };
  };

  it("counts orders net of refunds, without cancelled or deleted ones", () => {
    recomputeOrderRefunds(db, { shopId: shop.id, orderIds: [first.id, second.id] });
    recomputeOrderStats(db, { shopId: shop.id, contactIds: [buyer.id] });
    expect(stats(buyer.id)).toEqual({ count: 2, spent: 10_000, avg: 5_000, first: 1_000, last: 5_000 });
  });

  it("gives the same answer however often it runs, per contact or for the whole shop", () => {
    recomputeOrderStats(db, { shopId: shop.id, contactIds: [buyer.id, buyer.id] });
    recomputeAllOrderStats(db, { shopId: shop.id });
    expect(stats(buyer.id)).toEqual({ count: 2, spent: 10_000, avg: 5_000, first: 1_000, last: 5_000 });
  });

  it("never touches another shop's contacts", () => {
    recomputeAllOrderStats(db, { shopId: shop.id });
    recomputeOrderStats(db, { shopId: shop.id, contactIds: [stranger.id] });
    expect(stats(stranger.id, otherShop.id)).toEqual({ count: 0, spent: 0, avg: null, first: null, last: null });
    recomputeAllOrderStats(db, { shopId: otherShop.id });
    expect(stats(stranger.id, otherShop.id)).toEqual({ count: 1, spent: 1_000, avg: 1_000, first: 2_000, last: 2_000 });
  });

  it("resets a contact whose last order was cancelled", () => {
    const once = createContact(db, shop.id);
    const only = createOrder(db, shop.id, once.id, { totalMinor: 3_000 });
    recomputeOrderStats(db, { shopId: shop.id, contactIds: [once.id] });
    expect(stats(once.id).count).toBe(1);
    db.$client.prepare(`UPDATE orders SET cancelled_at = 1 WHERE id = ?`).run(only.id);
    recomputeOrderStats(db, { shopId: shop.id, contactIds: [once.id] });
    expect(stats(once.id)).toEqual({ count: 0, spent: 0, avg: null, first: null, last: null });
  });
});
