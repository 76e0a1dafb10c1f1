import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../../db/client.server";
import { createTestDb } from "../../helpers/test-db";

/**
 * Purchase rules read `order_lines.counted` and `order_lines.placed_at` (one covering index range
 * instead of an orders lookup per line). Triggers keep both equal to the order's state whichever
 * code path writes orders and lines; these stories change the order underneath the lines.
 */
describe("order lines carry their order's purchase state", () => {
  let db: Db;
  const line = (id: number) => db.$client.prepare(`SELECT placed_at AS placedAt, counted FROM order_lines WHERE id = ?`).get(id) as { placedAt: number | null; counted: number };

  beforeEach(() => {
    db = createTestDb();
    db.$client.exec(`
      INSERT INTO shops (id, platform, domain, name, time_zone, currency, settings, installed_at, created_at, updated_at)
        VALUES (1, 'shopify', 'lines.myshopify.com', 'Lines', 'UTC', 'USD', '{}', 0, 0, 0);
      INSERT INTO contacts (id, shop_id, created_at, updated_at) VALUES (1, 1, 0, 0);
      INSERT INTO orders (id, shop_id, contact_id, platform_id, placed_at, total_minor, currency, created_at, updated_at)
        VALUES (10, 1, 1, 'o-10', 1000, 5000, 'USD', 0, 0);
      INSERT INTO order_lines (id, shop_id, order_id, contact_id, quantity, price_minor, total_minor) VALUES (100, 1, 10, 1, 2, 2500, 5000);
      INSERT INTO order_lines (id, shop_id, order_id, contact_id, quantity, price_minor, total_minor) VALUES (101, 1, 10, 1, 1, 0, 0);
    `);
  });

  it("a new line of a live order counts, placed when its order was", () => {
    expect(line(100)).toEqual({ placedAt: 1000, counted: 1 });
  });

  it("cancelling or deleting the order stops its lines counting; un-cancelling restores them", () => {
    db.$client.exec(`UPDATE orders SET cancelled_at = 2000 WHERE id = 10`);
    expect([line(100).counted, line(101).counted]).toEqual([0, 0]);
    db.$client.exec(`UPDATE orders SET cancelled_at = NULL WHERE id = 10`);
    expect([line(100).counted, line(101).counted]).toEqual([1, 1]);
    db.$client.exec(`UPDATE orders SET deleted_at = 3000 WHERE id = 10`);
    expect(line(100).counted).toBe(0);
  });

  it("a fully refunded line stops counting, a partly refunded one still counts", () => {
    db.$client.exec(`UPDATE order_lines SET refunded_quantity = 1 WHERE id = 100`);
    expect(line(100).counted).toBe(1);
    db.$client.exec(`UPDATE order_lines SET refunded_quantity = 2 WHERE id = 100`);
    expect(line(100).counted).toBe(0);
  });

  it("an order whose placed time is corrected moves its lines with it", () => {
    db.$client.exec(`UPDATE orders SET placed_at = 1500 WHERE id = 10`);
    expect(line(101)).toEqual({ placedAt: 1500, counted: 1 });
  });

  it("a line inserted for an order that is already cancelled does not count", () => {
    db.$client.exec(`UPDATE orders SET cancelled_at = 2000 WHERE id = 10;
      INSERT INTO order_lines (id, shop_id, order_id, contact_id, quantity, price_minor, total_minor) VALUES (102, 1, 10, 1, 1, 100, 100);`);
    expect(line(102)).toEqual({ placedAt: 1000, counted: 0 });
  });
});
