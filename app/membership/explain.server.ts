import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { specOf, type Condition } from "../segments/conditions/catalogue";
import type { EventFilter } from "../segments/conditions/event-rule";
import { CONTACT_FIELDS } from "../segments/conditions/spec";
import { nodeContactQuery, type SegmentContext } from "../segments/compile";
import { conditionsOf, type SegmentDefinition } from "../segments/definition";
import { explainCondition, explainTree, factWindow, type ConditionFacts, type ConditionOutcome, type ContactValues, type Explanation, type FactRow } from "../segments/explain";
import type { Window } from "../segments/matches";
import { purchasedLines } from "../segments/conditions/purchases";
import { UNITS, unitLines } from "../segments/conditions/units";
import { intervalPredicate } from "../segments/sql";

export type { Explanation, NodeExplanation, Flip } from "../segments/explain";

/**
 * "Why is this contact in (or out of) this segment?" Each condition's result comes from the
 * engine's own SQL (`nodeContactQuery`), so an explanation never disagrees with membership; the
 * facts behind the actual values and the next flips come from small queries, every one filtered by
 * shop and contact.
 */

type Params = { shopId: number; timeZone: string; now: number; definition: SegmentDefinition; contactId: number };

/** Rows of an event condition: exactly the events its compiler counts (the spec's own event filter). */
function eventFacts(db: Db, filter: EventFilter, p: Params, window: Window | undefined): FactRow[] {
  const parts: SQL[] = [sql`e.shop_id = ${p.shopId}`, sql`e.contact_id = ${p.contactId}`, sql`e.type = ${filter.type}`];
  if (filter.subjectIds?.length) parts.push(sql`e.subject_id IN ${filter.subjectIds}`);
  if (filter.subjectCategoryIds?.length) {
    parts.push(sql`e.subject_id IN (SELECT pc.product_id FROM product_categories pc WHERE pc.shop_id = ${p.shopId} AND pc.category_id IN ${filter.subjectCategoryIds})`);
  }
  if (filter.detailIds?.length) parts.push(sql`e.detail_id IN ${filter.detailIds}`);
  parts.push(intervalPredicate(sql`e.occurred_at`, factWindow(window, p)));
  return db.all<FactRow>(sql`SELECT e.occurred_at AS at FROM events e WHERE ${sql.join(parts, sql` AND `)} ORDER BY e.occurred_at`);
}

/** Counted orders (not cancelled, not deleted) with their net amount. */
function orderFacts(db: Db, p: Params, window: Window | undefined): FactRow[] {
  return db.all<FactRow>(sql`SELECT o.placed_at AS at, o.total_minor - o.refunded_minor AS value, o.id AS key FROM orders o
    WHERE o.shop_id = ${p.shopId} AND o.contact_id = ${p.contactId} AND o.cancelled_at IS NULL AND o.deleted_at IS NULL
      AND ${intervalPredicate(sql`o.placed_at`, factWindow(window, p))}
    ORDER BY o.placed_at`);
}

/** Purchased lines (counted order, not fully refunded): one row per order ("any"), or per product/category bought ("all"). */
function purchaseFacts(db: Db, c: Extract<Condition, { type: "purchased_product" | "purchased_category" }>, p: Params): FactRow[] {
  const { shopId, contactId } = p;
  const byCategory = c.type === "purchased_category";
  const other = c.match === "other";
  const join = byCategory && !other ? sql`JOIN product_categories pc ON pc.product_id = ol.product_id AND pc.shop_id = ${shopId}` : sql``;
  const filter = other ? purchasedLines(c).filter : c.type === "purchased_category" ? sql`pc.category_id IN ${c.categoryIds}` : sql`ol.product_id IN ${c.productIds}`;
  const key = c.match === "all" ? (byCategory ? sql`pc.category_id` : sql`ol.product_id`) : sql`o.id`;
  return db.all<FactRow>(sql`SELECT DISTINCT o.id AS order_id, ${key} AS key, o.placed_at AS at FROM order_lines ol
    JOIN orders o ON o.id = ol.order_id AND o.shop_id = ${shopId} ${join}
    WHERE ol.shop_id = ${shopId} AND ol.contact_id = ${contactId} AND ${filter}
      AND o.cancelled_at IS NULL AND o.deleted_at IS NULL AND ol.refunded_quantity < ol.quantity
      AND ${intervalPredicate(sql`o.placed_at`, factWindow(c.window, p))}
    ORDER BY o.placed_at`);
}

/** Units bought per purchased line (counted order, net of refunded units). */
function unitFacts(db: Db, c: Extract<Condition, { type: "units_purchased" }>, p: Params): FactRow[] {
  const filters = [...unitLines(c), sql`o.cancelled_at IS NULL AND o.deleted_at IS NULL AND ol.refunded_quantity < ol.quantity`];
  return db.all<FactRow>(sql`SELECT o.placed_at AS at, ${UNITS} AS value, ol.id AS key FROM order_lines ol
    JOIN orders o ON o.id = ol.order_id AND o.shop_id = ${p.shopId}
    WHERE ol.shop_id = ${p.shopId} AND ol.contact_id = ${p.contactId} AND ${sql.join(filters, sql` AND `)}
      AND ${intervalPredicate(sql`o.placed_at`, factWindow(c.window, p))}
    ORDER BY o.placed_at`);
}

function factsOf(db: Db, c: Condition, contact: ContactValues, p: Params): ConditionFacts {
  const { shopId, contactId } = p;
  const eventFilter = specOf(c)?.eventFilter?.(c as never);
  if (eventFilter && "window" in c) return { contact, rows: eventFacts(db, eventFilter, p, c.window) };
  switch (c.type) {
    case "order_count":
    case "total_spent":
      return c.window ? { contact, rows: orderFacts(db, p, c.window) } : { contact };
    case "purchased_product":
    case "purchased_category":
      return { contact, rows: purchaseFacts(db, c, p) };
    case "units_purchased":
      return { contact, rows: unitFacts(db, c, p) };
    case "custom_attribute": {
      const attribute = db.get<{ text: string | null; number: number | null }>(sql`SELECT ca.text_value AS text, ca.number_value AS number
        FROM contact_attributes ca JOIN attribute_definitions ad ON ad.id = ca.attribute_id
        WHERE ad.shop_id = ${shopId} AND ad.key = ${c.key} AND ca.shop_id = ${shopId} AND ca.contact_id = ${contactId}`);
      return { contact, attribute: attribute ?? null };
    }
    case "tag": {
      const keys = [...new Set(c.tags.map((t) => t.toLowerCase()))];
      const tags = db.all<{ name: string; source: string }>(sql`SELECT t.name, ct.source FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
        WHERE t.shop_id = ${shopId} AND ct.shop_id = ${shopId} AND ct.contact_id = ${contactId} AND t.name_key IN ${keys}
        ORDER BY t.name, ct.source`);
      return { contact, tags };
    }
    default:
      return { contact };
  }
}

/** The contact row as the segment engine sees it: this shop's, neither deleted nor redacted. */
function loadContact(db: Db, shopId: number, contactId: number): ContactValues | undefined {
  const columns = sql.raw([...CONTACT_FIELDS, "birthday"].map((f) => `c.${f}`).join(", "));
  return db.get<ContactValues>(
    sql`SELECT ${columns} FROM contacts c WHERE c.id = ${contactId} AND c.shop_id = ${shopId} AND c.deleted_at IS NULL AND c.redacted_at IS NULL`,
  );
}

/**
 * Explains `contactId`'s membership of `definition` at `now`: the overall answer, each node's
 * result with the contact's actual values, and the next flips by time alone. Returns null when the
 * contact is not one the shop's segments can see (another shop's, deleted or redacted).
 */
export function explainMembership(db: Db, params: Params): Explanation | null {
  const { shopId, timeZone, now, definition, contactId } = params;
  const contact = loadContact(db, shopId, contactId);
  if (!contact) return null;
  const ctx: SegmentContext = { shopId, now, timeZone };
  const time = { now, timeZone };
  const outcomes = new Map<string, ConditionOutcome>();
  for (const condition of conditionsOf(definition.root)) {
    const result = db.get(nodeContactQuery(condition, ctx, contactId)) !== undefined;
    outcomes.set(condition.id, { result, ...explainCondition(condition, factsOf(db, condition, contact, params), time) });
  }
  return explainTree(definition.root, outcomes, now);
}
