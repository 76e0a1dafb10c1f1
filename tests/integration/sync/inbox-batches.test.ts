import { describe, expect, it } from "vitest";
import { processInbox } from "../../../webhooks/process.server";
import { HANDLERS } from "../../../webhooks/registry";
import { edit, SyncedShop } from "./harness";

/** customers/create for customer n, with its own 18-digit id and address. */
const customer = (shop: SyncedShop, n: number) =>
  edit(shop.fixture("customers__create"), [["706405506930370084", String(900000000000000000n + BigInt(n))], ["bob@biller.com", `batch-${n}@example.com`]]);

describe("inbox batches", () => {
  it("stop starting deliveries once the time budget is spent, and the rest follow in the next batches, in trigger order", () => {
    const shop = new SyncedShop();
    // received in reverse of the order Shopify triggered them
    for (let n = 5; n >= 1; n--) shop.receive("customers/create", customer(shop, n), { triggeredAt: shop.now - 1_000 + n });
    let clock = 0;
    const tick = () => (clock += 4); // each reading of the clock is 4 ms after the previous one
    // started at 4; before the 2nd, 3rd and 4th delivery it reads 8, 12, 16: the 4th is over budget
    const first = processInbox(shop.db, { now: shop.now, handlers: HANDLERS, budgetMs: 10, clock: tick });
    expect(first.processed).toBe(3);
    expect(shop.inbox().filter((d) => d.status === "pending")).toHaveLength(2);
    // the earliest-triggered customers were applied first
    expect(shop.all<{ email: string }>(`SELECT email FROM contacts ORDER BY id`).map((c) => c.email)).toEqual(["batch-1@example.com", "batch-2@example.com", "batch-3@example.com"]);

    while (processInbox(shop.db, { now: shop.now, handlers: HANDLERS, budgetMs: 10, clock: tick }).processed > 0);
    expect(shop.inbox().every((d) => d.status === "processed")).toBe(true);
    expect(shop.all<{ email: string }>(`SELECT email FROM contacts ORDER BY id`).map((c) => c.email)).toEqual([1, 2, 3, 4, 5].map((n) => `batch-${n}@example.com`));
  });

  it("always apply at least one delivery, however small the budget", () => {
    const shop = new SyncedShop();
    shop.receive("customers/create", customer(shop, 1));
    expect(processInbox(shop.db, { now: shop.now, handlers: HANDLERS, budgetMs: 0, clock: () => 1e9 }).processed).toBe(1);
  });

  it("read the pending deliveries in order from an index, never sorting the backlog", () => {
    const shop = new SyncedShop();
    const plan = shop.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT w.id FROM webhook_inbox w JOIN shops s ON s.id = w.shop_id
        WHERE w.status = 'pending' AND (w.available_at IS NULL OR w.available_at <= 0) ORDER BY coalesce(w.triggered_at, w.received_at), w.id LIMIT 50`,
    ).map((row) => row.detail);
    expect(plan).toContain("SCAN w USING INDEX webhook_inbox_pending_order_idx");
    expect(plan.some((d) => d.includes("TEMP B-TREE"))).toBe(false);
  });
});
