import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { describeEvent } from "../describe";
import { inBands, windowBands } from "../edges";
import { idList, WindowSchema, type Window } from "../matches";
import { aggregatePredicate, and, countRuleToNumberMatch, intervalPredicate, windowInterval } from "../sql";
import { defaultEventRule, EVENT_RULE_OPERATORS, eventRuleFields, eventRuleOperator, type EventRule } from "./event-rule";
import { NodeId } from "./field-rules";
import { defineCondition, type CompileContext, type TimeSpan } from "./spec";

/**
 * Purchased lines: in a counted order (not cancelled or deleted) and not fully refunded.
 * "Times" counts orders containing the product(s).
 */
const COUNTED_LINE = sql`o.cancelled_at IS NULL AND o.deleted_at IS NULL AND ol.refunded_quantity < ol.quantity`;
/**
 * The same, read from the line itself: triggers keep `ol.counted` and `ol.placed_at` equal to the
 * order's state (migration 0011), so a purchase rule is one covering range of
 * `order_lines_counted_product_idx` instead of an orders lookup per line. Written literally (not
 * bound) so SQLite can use the partial index.
 */
const COUNTED_LINE_DENORMALISED = sql.raw("ol.counted = 1");

type Purchase = EventRule & { match: "any" | "all" | "other"; productIds?: number[]; categoryIds?: number[] };

/**
 * The purchased lines a rule looks at: of the listed products, of products in the listed
 * categories (joined as `pc`), or — `other` — of any product but those (a line without a product,
 * a custom item, is never one).
 */
export function purchasedLines(p: { match: "any" | "all" | "other"; productIds?: number[]; categoryIds?: number[] }): { joins: SQL; filter: SQL } {
  if (p.match === "other") {
    const filter = p.productIds
      ? sql`ol.product_id NOT IN ${p.productIds}`
      : sql`ol.product_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = ol.product_id AND pc.category_id IN ${p.categoryIds!})`;
    return { joins: sql``, filter };
  }
  if (p.productIds) return { joins: sql``, filter: sql`ol.product_id IN ${p.productIds}` };
  return { joins: sql` JOIN product_categories pc ON pc.product_id = ol.product_id`, filter: sql`pc.category_id IN ${p.categoryIds!}` };
}

function compilePurchase(p: Purchase, ctx: CompileContext): SQL {
  const byCategory = p.categoryIds !== undefined;
  const lines = purchasedLines(p);
  const joins = lines.joins;
  const filters = [lines.filter, COUNTED_LINE_DENORMALISED];
  if (p.window) filters.push(intervalPredicate(sql`ol.placed_at`, windowInterval(p.window, ctx)));
  if (p.match === "all") {
    // bought every one of them (each at least once)
    const distinct = byCategory ? sql`count(DISTINCT pc.category_id)` : sql`count(DISTINCT ol.product_id)`;
    const wanted = new Set(p.productIds ?? p.categoryIds!).size;
    return aggregatePredicate({
      mode: ctx.mode,
      match: p.occurrence === "has_done" ? { operator: "eq", value: wanted } : { operator: "lt", value: wanted },
      rowsOf: sql`SELECT ol.contact_id FROM order_lines ol ${joins} WHERE ol.shop_id = ${ctx.shopId} AND ol.contact_id IS NOT NULL AND ${and(filters)}`,
      contactIdColumn: sql`ol.contact_id`,
      aggregate: distinct,
      correlated: sql`(SELECT ${distinct} FROM order_lines ol ${joins} WHERE ol.contact_id = c.id AND ol.shop_id = ${ctx.shopId} AND ${and(filters)})`,
    });
  }
  return aggregatePredicate({
    mode: ctx.mode,
    match: countRuleToNumberMatch(p),
    rowsOf: sql`SELECT ol.contact_id FROM order_lines ol ${joins} WHERE ol.shop_id = ${ctx.shopId} AND ol.contact_id IS NOT NULL AND ${and(filters)}`,
    contactIdColumn: sql`ol.contact_id`,
    aggregate: sql`count(DISTINCT ol.order_id)`,
    correlated: sql`(SELECT count(DISTINCT ol.order_id) FROM order_lines ol ${joins} WHERE ol.contact_id = c.id AND ol.shop_id = ${ctx.shopId} AND ${and(filters)})`,
    exists: sql`EXISTS (SELECT 1 FROM order_lines ol ${joins} WHERE ol.contact_id = c.id AND ol.shop_id = ${ctx.shopId} AND ${and(filters)})`,
  });
}

export { COUNTED_LINE };

export function purchaseEdges(p: { window?: Window }, span: TimeSpan): SQL[] {
  const bands = windowBands(p.window, span);
  if (bands.length === 0) return [];
  return [sql`SELECT o.contact_id FROM orders o WHERE o.shop_id = ${span.shopId} AND o.contact_id IS NOT NULL AND ${inBands(sql`o.placed_at`, bands)}`];
}

const MATCH_WORDS = { any: "any of", all: "all of", other: "a product other than" } as const;

const purchaseFields = {
  ...eventRuleFields,
  /** Any of them, all of them, or something other than them (Shopify's `id NOT IN`). */
  match: z.enum(["any", "all", "other"]).default("any"),
  window: WindowSchema.optional(),
};

export const purchasedProduct = defineCondition({
  type: "purchased_product" as const,
  family: "consumer",
  label: "Purchased product",
  description: "Bought one of (or all of) the chosen products, optionally N times or in a window",
  valueType: "event",
  picker: "product",
  operators: [...EVENT_RULE_OPERATORS, "all", "other"],
  schema: z.object({ id: NodeId, type: z.literal("purchased_product"), productIds: idList("product"), ...purchaseFields }),
  example: () => ({ type: "purchased_product" as const, productIds: [1], match: "any" as const, ...defaultEventRule() }),
  operatorOf: (c) => (c.match === "any" ? eventRuleOperator(c) : c.match),
  compile: (c, ctx) => compilePurchase(c, ctx),
  dependencies: () => [{ kind: "orders" }],
  timeEdges: (c, span) => purchaseEdges(c, span),
  describe: (c) =>
    describeEvent(`purchased ${MATCH_WORDS[c.match]} products ${c.productIds.map((id) => `#${id}`).join(", ")}`, c.occurrence, c.count, c.window),
});

export const purchasedCategory = defineCondition({
  type: "purchased_category" as const,
  family: "consumer",
  label: "Purchased category",
  description: "Bought a product of the chosen product types or collections",
  valueType: "event",
  picker: "category",
  operators: [...EVENT_RULE_OPERATORS, "all", "other"],
  schema: z.object({ id: NodeId, type: z.literal("purchased_category"), categoryIds: idList("category"), ...purchaseFields }),
  example: () => ({ type: "purchased_category" as const, categoryIds: [1], match: "any" as const, ...defaultEventRule() }),
  operatorOf: (c) => (c.match === "any" ? eventRuleOperator(c) : c.match),
  compile: (c, ctx) => compilePurchase(c, ctx),
  dependencies: () => [{ kind: "orders" }],
  timeEdges: (c, span) => purchaseEdges(c, span),
  describe: (c) =>
    describeEvent(`purchased ${c.match === "other" ? "a product outside" : `from ${MATCH_WORDS[c.match]}`} categories ${c.categoryIds.map((id) => `#${id}`).join(", ")}`, c.occurrence, c.count, c.window),
});
