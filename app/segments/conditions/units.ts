import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { describeNumber, describeWindow } from "../describe";
import { idList, NUMBER_OPERATORS, NumberMatchSchema, WindowSchema } from "../matches";
import { aggregatePredicate, and, intervalPredicate, isPresence, windowInterval } from "../sql";
import { NodeId } from "./field-rules";
import { COUNTED_LINE, purchaseEdges } from "./purchases";
import { defineCondition } from "./spec";

/**
 * Units bought: the quantities of purchased lines (in counted orders, net of refunded units),
 * summed per contact, of every product or only of the listed products or categories. Shopify's
 * `products_purchased(quantity: …)` / `sum_quantity`. A contact who bought none has 0.
 */

const UnitsMatchSchema = NumberMatchSchema.refine((m) => !isPresence(m), { message: "Pick a comparison", path: ["operator"] });

const schema = z
  .object({
    id: NodeId,
    type: z.literal("units_purchased"),
    productIds: idList("product").optional(),
    categoryIds: idList("category").optional(),
    match: UnitsMatchSchema,
    window: WindowSchema.optional(),
  })
  .refine((c) => !(c.productIds && c.categoryIds), { message: "Choose products or categories, not both", path: ["categoryIds"] });
type UnitsPurchased = z.infer<typeof schema>;

/** Lines of the listed products, or of products in the listed categories (each line once), or every line. */
export function unitLines(c: Pick<UnitsPurchased, "productIds" | "categoryIds">): SQL[] {
  if (c.productIds) return [sql`ol.product_id IN ${c.productIds}`];
  if (c.categoryIds) return [sql`ol.product_id IN (SELECT pc.product_id FROM product_categories pc WHERE pc.category_id IN ${c.categoryIds})`];
  return [];
}

export const UNITS = sql`ol.quantity - ol.refunded_quantity`;

export const unitsPurchased = defineCondition<UnitsPurchased>({
  type: "units_purchased",
  family: "consumer",
  label: "Units purchased",
  description: "How many units were bought (net of refunds), of any product or of chosen products or categories, optionally in a window",
  valueType: "number",
  picker: "product",
  operators: NUMBER_OPERATORS.filter((op) => op !== "is_set" && op !== "is_not_set"),
  schema,
  example: () => ({ type: "units_purchased", match: { operator: "gte", value: 5 } }),
  operatorOf: (c) => c.match.operator,
  compile: (c, ctx) => {
    const filters = [...unitLines(c), COUNTED_LINE];
    if (c.window) filters.push(intervalPredicate(sql`o.placed_at`, windowInterval(c.window, ctx)));
    const from = sql`FROM order_lines ol JOIN orders o ON o.id = ol.order_id`;
    return aggregatePredicate({
      mode: ctx.mode,
      match: c.match,
      rowsOf: sql`SELECT ol.contact_id ${from} WHERE ol.shop_id = ${ctx.shopId} AND ol.contact_id IS NOT NULL AND ${and(filters)}`,
      contactIdColumn: sql`ol.contact_id`,
      aggregate: sql`sum(${UNITS})`,
      correlated: sql`(SELECT sum(${UNITS}) ${from} WHERE ol.contact_id = c.id AND ol.shop_id = ${ctx.shopId} AND ${and(filters)})`,
    });
  },
  dependencies: () => [{ kind: "orders" }],
  timeEdges: (c, span) => purchaseEdges(c, span),
  describe: (c) => {
    const of = c.productIds ? ` of products ${c.productIds.map((id) => `#${id}`).join(", ")}` : c.categoryIds ? ` from categories ${c.categoryIds.map((id) => `#${id}`).join(", ")}` : "";
    return `${describeNumber(`Units purchased${of}`, c.match)}${describeWindow(c.window)}`;
  },
});
