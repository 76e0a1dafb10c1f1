import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.server";
import { prepared } from "../../db/statement-cache";

/**
 * The one place order aggregates are maintained. Everything is recomputed from stored rows —
 * net of refunds, without cancelled or deleted orders — never incremented, so a duplicate, late or
 * reordered webhook cannot skew it.
 */

/** `orders.refunded_minor` re-derived from the stored refunds (each stored once), capped at the total. */
const setRefunded = sql`UPDATE orders
   SET refunded_minor = min(orders.total_minor, (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r WHERE r.order_id = orders.id))`;

/** Each line's refunded quantity, re-derived from the refunds' line lists, capped at the quantity. */
const setLineRefunds = sql`UPDATE order_lines
   SET refunded_quantity = min(order_lines.quantity, coalesce((
     SELECT sum(json_extract(j.value, '$.quantity')) FROM refunds r, json_each(r.lines) j
      WHERE r.order_id = order_lines.order_id AND json_extract(j.value, '$.linePlatformId') = order_lines.platform_id), 0))`;

const setContactStats = sql`UPDATE contacts
   SET (orders_count, total_spent_minor, avg_order_minor, first_order_at, last_order_at) = (
     SELECT count(*),
            coalesce(sum(o.total_minor - o.refunded_minor), 0),
            sum(o.total_minor - o.refunded_minor) / count(*),
            min(o.placed_at),
            max(o.placed_at)
       FROM orders o
      WHERE o.contact_id = contacts.id
        AND o.cancelled_at IS NULL
        AND o.deleted_at IS NULL)`;

const CHUNK = 500;

const dialect = new SQLiteSyncDialect();
/** The SQL text of a parameterless statement, for a prepared statement. */
const textOf = (statement: SQL) => dialect.sqlToQuery(statement).sql;
/** One id (every webhook delivery): prepared once per connection, not built again each time. */
const ONE = {
  orders: textOf(sql`${setRefunded} WHERE orders.shop_id = ? AND orders.id = ?`),
  contacts: textOf(sql`${setContactStats} WHERE contacts.shop_id = ? AND contacts.id = ?`),
  lines: textOf(sql`${setLineRefunds} WHERE order_lines.shop_id = ? AND order_lines.order_id = ?`),
};

/** Runs `update` restricted to one shop, and to `ids` (in chunks) when given. */
function updateScoped(db: Db, update: SQL, table: "orders" | "contacts", shopId: number, ids?: number[]): void {
  if (ids?.length === 1) {
    prepared(db.$client, table === "orders" ? ONE.orders : ONE.contacts).run(shopId, ids[0]);
    return;
  }
  const shopFilter = sql`${sql.identifier(table)}.shop_id = ${shopId}`;
  if (!ids) {
    db.run(sql`${update} WHERE ${shopFilter}`);
    return;
  }
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    db.run(sql`${update} WHERE ${shopFilter} AND ${sql.identifier(table)}.id IN ${unique.slice(i, i + CHUNK)}`);
  }
}

/** Call for the orders whose refunds changed (all of the shop's when `orderIds` is omitted). */
export function recomputeOrderRefunds(db: Db, { shopId, orderIds }: { shopId: number; orderIds?: number[] }): void {
  updateScoped(db, setRefunded, "orders", shopId, orderIds);
  if (orderIds?.length === 1) {
    prepared(db.$client, ONE.lines).run(shopId, orderIds[0]);
    return;
  }
  const lines = sql`${setLineRefunds} WHERE order_lines.shop_id = ${shopId}`;
  if (!orderIds) {
    db.run(lines);
    return;
  }
  const unique = [...new Set(orderIds)];
  for (let i = 0; i < unique.length; i += CHUNK) db.run(sql`${lines} AND order_lines.order_id IN ${unique.slice(i, i + CHUNK)}`);
}

/** Recomputes orders count, spend, average order value and first/last order time of the given contacts. */
export function recomputeOrderStats(db: Db, { shopId, contactIds }: { shopId: number; contactIds: number[] }): void {
  updateScoped(db, setContactStats, "contacts", shopId, contactIds);
}

/** The same for every contact of a shop (backfills, imports, the seed). */
export function recomputeAllOrderStats(db: Db, { shopId }: { shopId: number }): void {
  updateScoped(db, setContactStats, "contacts", shopId);
}
