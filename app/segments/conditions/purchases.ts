import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { describeEvent } from "../describe";
import { inBands, windowBands } from "../edges";
import { idList, WindowSchema } from "../matches";
import { aggregatePredicate, and, countRuleToNumberMatch, intervalPredicate, windowInterval } from "../sql";
import { defaultEventRule, EVENT_RULE_OPERATORS, eventRuleFields, eventRuleOperator, type EventRule } from "./event-rule";
import { NodeId } from "./field-rules";
import { defineCondition, type CompileContext, type TimeSpan } from "./spec";

/**
 * Purchased lines: in a counted order (not cancelled or deleted) and not fully refunded.
 * "Times" counts orders containing the product(s).
 */
const COUNTED_LINE = sql`o.cancelled_at IS NULL AND o.deleted_at IS NULL AND ol.refunded_quantity < ol.quantity`;

type Purchase = EventRule & { match: "any" | "all"; productIds?: number[]; categoryIds?: number[] };

function productFilter(p: Purchase): SQL {
  return p.productIds ? sql`ol.product_id IN ${p.productIds}` : sql`pc.category_id IN ${p.categoryIds!}`;
}

function compilePurchase(p: Purchase, ctx: CompileContext): SQL {
  const byCategory = p.categoryIds !== undefined;
  const joins = sql`JOIN orders o ON o.id = ol.order_id${byCategory ? sql` JOIN product_categories pc ON pc.product_id = ol.product_id` : sql``}`;
  const filters = [productFilter(p), COUNTED_LINE];
  if (p.window) filters.push(intervalPredicate(sql`o.placed_at`, windowInterval(p.window, ctx)));
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

function purchaseEdges(p: Purchase, span: TimeSpan): SQL[] {
  const bands = windowBands(p.window, span);
  if (bands.length === 0) return [];
  return [sql`SELECT o.contact_id FROM orders o WHERE o.shop_id = ${span.shopId} AND o.contact_id IS NOT NULL AND ${inBands(sql`o.placed_at`, bands)}`];
}

const purchaseFields = {
  ...eventRuleFields,
  match: z.enum(["any", "all"]).default("any"),
  window: WindowSchema.optional(),
};

export const purchasedProduct = defineCondition({
  type: "purchased_product" as const,
  family: "consumer",
  label: "Purchased product",
  description: "Bought one of (or all of) the chosen products, optionally N times or in a window",
  valueType: "event",
  picker: "product",
  operators: [...EVENT_RULE_OPERATORS, "all"],
  schema: z.object({ id: NodeId, type: z.literal("purchased_product"), productIds: idList("product"), ...purchaseFields }),
  example: () => ({ type: "purchased_product" as const, productIds: [1], match: "any" as const, ...defaultEventRule() }),
  operatorOf: (c) => (c.match === "all" ? "all" : eventRuleOperator(c)),
  compile: (c, ctx) => compilePurchase(c, ctx),
  dependencies: () => [{ kind: "orders" }],
  timeEdges: (c, span) => purchaseEdges(c, span),
  describe: (c) =>
    describeEvent(`purchased ${c.match === "all" ? "all of" : "any of"} products ${c.productIds.map((id) => `#${id}`).join(", ")}`, c.occurrence, c.count, c.window),
});

export const purchasedCategory = defineCondition({
  type: "purchased_category" as const,
  family: "consumer",
  label: "Purchased category",
  description: "Bought a product of the chosen product types or collections",
  valueType: "event",
  picker: "category",
  operators: [...EVENT_RULE_OPERATORS, "all"],
  schema: z.object({ id: NodeId, type: z.literal("purchased_category"), categoryIds: idList("category"), ...purchaseFields }),
  example: () => ({ type: "purchased_category" as const, categoryIds: [1], match: "any" as const, ...defaultEventRule() }),
  operatorOf: (c) => (c.match === "all" ? "all" : eventRuleOperator(c)),
  compile: (c, ctx) => compilePurchase(c, ctx),
  dependencies: () => [{ kind: "orders" }],
  timeEdges: (c, span) => purchaseEdges(c, span),
  describe: (c) =>
    describeEvent(`purchased from ${c.match === "all" ? "all of" : "any of"} categories ${c.categoryIds.map((id) => `#${id}`).join(", ")}`, c.occurrence, c.count, c.window),
});
