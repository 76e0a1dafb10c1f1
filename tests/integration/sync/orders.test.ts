import { describe, expect, it } from "vitest";
import { createSegment } from "../../../app/models/segments.server";
import { computeSegment } from "../../../app/membership/compute.server";
import { edit, SyncedShop } from "./harness";

const ORDER = "820982911946154508";
const JOHN = "115310627314723954";
/** Shopify's order sample is cancelled; this makes it a normal paid order of another day. */
const paid = (shop: SyncedShop, replacements: [string, string][] = []) =>
  edit(shop.fixture("orders__create"), [['"cancelled_at": "2021-12-31T19:00:00-05:00"', '"cancelled_at": null'], ['"financial_status": "voided"', '"financial_status": "paid"'], ...replacements]);

const statsOf = (shop: SyncedShop) =>
  shop.one<Record<string, number>>(`SELECT orders_count, total_spent_minor, first_order_at FROM contacts WHERE platform_id = ?`, JOHN);

describe("Shopify order webhooks", () => {
  it("land Shopify's sample with exact ids, its lines and products, and a contact for its customer", () => {
    const shop = new SyncedShop();
    expect(shop.deliver("orders/create", shop.fixture("orders__create"))).toMatchObject({ processed: 1 });
    expect(shop.one(`SELECT platform_id, name, currency, total_minor, discount_minor, financial_status, cancelled_at FROM orders`)).toEqual({
      platform_id: ORDER, name: "#9999", currency: "USD", total_minor: 40495, discount_minor: 2000, financial_status: "voided", cancelled_at: Date.parse("2021-12-31T19:00:00-05:00"),
    });
    const lines = shop.all<{ platform_id: string; platform_product_id: string; quantity: number }>(`SELECT platform_id, platform_product_id, quantity FROM order_lines ORDER BY id`);
    expect(lines[0]).toEqual({ platform_id: "487817672276298554", platform_product_id: "788032119674292922", quantity: 1 });
    expect(shop.one(`SELECT platform_id, title FROM products WHERE platform_id = '788032119674292922'`)).toEqual({ platform_id: "788032119674292922", title: "Aviator sunglasses" });
    expect(shop.one(`SELECT email, first_name FROM contacts WHERE platform_id = ?`, JOHN)).toEqual({ email: "john@example.com", first_name: "John" });
    // the sample is cancelled, so it does not count
    expect(statsOf(shop)).toMatchObject({ orders_count: 0, total_spent_minor: 0 });
  });

  it("recompute the customer's statistics from stored orders: paid, then cancelled, then re-delivered stale", () => {
    const shop = new SyncedShop();
    shop.deliver("orders/paid", paid(shop), { triggeredAt: Date.parse("2022-01-01T00:00:01Z") });
    expect(statsOf(shop)).toMatchObject({ orders_count: 1, total_spent_minor: 40495 });
    const cancelled = edit(shop.fixture("orders__cancelled"), [['"updated_at": "2021-12-31T19:00:00-05:00"', '"updated_at": "2022-01-02T00:00:00Z"']]);
    shop.deliver("orders/cancelled", cancelled);
    expect(statsOf(shop)).toMatchObject({ orders_count: 0, total_spent_minor: 0 });
    shop.deliver("orders/paid", paid(shop), { triggeredAt: Date.parse("2022-01-01T00:00:01Z"), webhookId: "retry-of-paid" });
    expect(statsOf(shop)).toMatchObject({ orders_count: 0 });
  });

  it("retry a refund that arrives before its order, then count spend net of it", () => {
    const shop = new SyncedShop();
    const refund = JSON.stringify({ id: 509562969, order_id: 820982911946154508n.toString(), created_at: "2022-01-03T10:00:00Z", refund_line_items: [{ line_item_id: "487817672276298554", quantity: 1, subtotal: "89.99" }], transactions: [{ amount: "89.99", kind: "refund", status: "success" }] }).replace(`"${ORDER}"`, ORDER);
    expect(shop.deliver("refunds/create", refund)).toMatchObject({ retried: 1, processed: 0 });
    expect(shop.inbox()[0]).toMatchObject({ status: "pending", last_error: expect.stringMatching(/has not arrived yet/) });
    shop.deliver("orders/create", paid(shop));
    shop.now += 60_000; // past the retry's backoff
    expect(shop.process()).toMatchObject({ processed: 1 });
    expect(statsOf(shop)).toMatchObject({ orders_count: 1, total_spent_minor: 40495 - 8999 });
    expect(shop.one(`SELECT refunded_quantity FROM order_lines WHERE platform_id = '487817672276298554'`)).toEqual({ refunded_quantity: 1 });
    shop.deliver("refunds/create", refund, { webhookId: "refund-again" });
    expect(statsOf(shop)).toMatchObject({ total_spent_minor: 40495 - 8999 });
  });

  it("fill in the lines of a refund first stored without them (an export), once", () => {
    const shop = new SyncedShop();
    const refund = (lines: unknown[]) =>
      JSON.stringify({ id: 509562969, order_id: "ORDER", created_at: "2022-01-03T10:00:00Z", refund_line_items: lines, transactions: [{ amount: "89.99", kind: "refund", status: "success" }] }).replace('"ORDER"', ORDER);
    shop.deliver("orders/create", paid(shop));
    shop.deliver("refunds/create", refund([]), { webhookId: "bare" });
    expect(shop.one(`SELECT refunded_quantity FROM order_lines WHERE platform_id = '487817672276298554'`)).toEqual({ refunded_quantity: 0 });
    shop.deliver("refunds/create", refund([{ line_item_id: "487817672276298554", quantity: 1, subtotal: "89.99" }]), { webhookId: "with-lines" });
    expect(shop.one(`SELECT refunded_quantity FROM order_lines WHERE platform_id = '487817672276298554'`)).toEqual({ refunded_quantity: 1 });
    expect(shop.one(`SELECT count(*) AS n, sum(amount_minor) AS amount FROM refunds`)).toEqual({ n: 1, amount: 8999 });
    expect(statsOf(shop)).toMatchObject({ total_spent_minor: 40495 - 8999 });
  });

  it("move the customer into a segment in the same transaction as the order", async () => {
    const shop = new SyncedShop();
    shop.deliver("customers/create", shop.fixture("customers__create").split("706405506930370084").join(JOHN));
    const created = createSegment(shop.db, { shopId: shop.shopId, name: "Buyers", now: shop.now, definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "order_count", match: { operator: "gte", value: 1 } }] } } });
    if (!created.ok) throw new Error("invalid");
    await computeSegment(shop.db, { segmentId: created.segment.id, clock: () => shop.now });
    shop.deliver("orders/create", paid(shop));
    expect(shop.all(`SELECT kind, cause, cause_detail FROM membership_changes`)).toEqual([{ kind: 1, cause: 1, cause_detail: "orders/create" }]);
  });

  it("stop counting a deleted order", () => {
    const shop = new SyncedShop();
    shop.deliver("orders/create", paid(shop));
    shop.deliver("orders/delete", JSON.stringify({ id: 1 }).replace("1", ORDER));
    expect(statsOf(shop)).toMatchObject({ orders_count: 0 });
    shop.deliver("orders/updated", paid(shop, [['"updated_at": "2021-12-31T19:00:00-05:00"', '"updated_at": "2030-01-01T00:00:00Z"']]));
    expect(statsOf(shop)).toMatchObject({ orders_count: 0 });
  });
});

describe("checkouts", () => {
  it("become abandoned after the delay when the contact placed no order, once", async () => {
    const shop = new SyncedShop();
    shop.deliver("customers/create", shop.fixture("customers__create").split("706405506930370084").join("603851970716743426"));
    shop.deliver("checkouts/create", shop.fixture("checkouts__create"), { triggeredAt: Date.parse("2021-12-31T19:00:00-05:00") });
    const { detectAbandonedCheckouts } = await import("../../../app/sync/checkouts.server");
    const created = Date.parse("2021-12-31T19:00:00-05:00");
    expect(detectAbandonedCheckouts(shop.db, { shopId: shop.shopId, now: created + 30 * 60_000, delayMs: 3_600_000 })).toEqual([]);
    expect(detectAbandonedCheckouts(shop.db, { shopId: shop.shopId, now: created + 61 * 60_000, delayMs: 3_600_000 })).toHaveLength(1);
    expect(detectAbandonedCheckouts(shop.db, { shopId: shop.shopId, now: created + 120 * 60_000, delayMs: 3_600_000 })).toEqual([]);
    expect(shop.all(`SELECT type FROM events`)).toEqual([{ type: 7 }]);
  });

  it("are not abandoned when an order with their token arrives", async () => {
    const shop = new SyncedShop();
    shop.deliver("checkouts/create", shop.fixture("checkouts__create"));
    shop.deliver("orders/create", paid(shop, [['"checkout_token": null', '"checkout_token": "123123123"']]));
    const { detectAbandonedCheckouts } = await import("../../../app/sync/checkouts.server");
    expect(detectAbandonedCheckouts(shop.db, { shopId: shop.shopId, now: Date.parse("2030-01-01T00:00:00Z"), delayMs: 3_600_000 })).toEqual([]);
    expect(shop.one(`SELECT completed_at IS NOT NULL AS done FROM checkouts`)).toEqual({ done: 1 });
  });
});

describe("the shop", () => {
  it("takes its time zone from shop/update and stops processing after app/uninstalled", () => {
    const shop = new SyncedShop();
    const update = edit(shop.fixture("app__uninstalled"), [['"iana_timezone": null', '"iana_timezone": "Europe/Berlin"'], ['"updated_at": null', '"updated_at": "2026-11-01T00:00:00Z"']]);
    shop.deliver("shop/update", update);
    expect(shop.one(`SELECT time_zone, currency, name FROM shops`)).toEqual({ time_zone: "Europe/Berlin", currency: "USD", name: "Super Toys" });
    shop.deliver("app/uninstalled", shop.fixture("app__uninstalled"));
    expect(shop.one<{ uninstalled_at: number }>(`SELECT uninstalled_at FROM shops`).uninstalled_at).not.toBeNull();
    expect(shop.deliver("customers/create", shop.fixture("customers__create"))).toMatchObject({ skipped: 1, processed: 0 });
    expect(shop.all(`SELECT id FROM contacts`)).toHaveLength(0);
  });
});
