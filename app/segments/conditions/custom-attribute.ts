import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { describeDate, describeNumber, describeText } from "../describe";
import { dateMatchBands, inBands } from "../edges";
import { BOOLEAN_OPERATORS, BooleanMatchSchema, DATE_OPERATORS, DateMatchSchema, NUMBER_OPERATORS, NumberMatchSchema, TEXT_OPERATORS, TextMatchSchema } from "../matches";
import { datePredicate, NEGATIVE_TEXT_OPERATORS, numberPredicate, textPredicate } from "../sql";
import { NodeId } from "./field-rules";
import { defineCondition } from "./spec";

const key = z.string().regex(/^[a-z0-9_.:-]{1,64}$/i, "Attribute keys are 1–64 letters, digits, _ . : or -");

const CustomAttributeSchema = z.discriminatedUnion("valueType", [
  z.object({ id: NodeId, type: z.literal("custom_attribute"), key, valueType: z.literal("text"), match: TextMatchSchema, caseSensitive: z.boolean().optional() }),
  z.object({ id: NodeId, type: z.literal("custom_attribute"), key, valueType: z.literal("number"), match: NumberMatchSchema }),
  z.object({ id: NodeId, type: z.literal("custom_attribute"), key, valueType: z.literal("boolean"), match: BooleanMatchSchema }),
  z.object({ id: NodeId, type: z.literal("custom_attribute"), key, valueType: z.literal("date"), match: DateMatchSchema }),
]);
export type CustomAttributeCondition = z.infer<typeof CustomAttributeSchema>;

/** The typed value of one attribute for contact `c`, from the covering index on (attribute, value, contact). */
function valuesOf(c: CustomAttributeCondition, shopId: number, predicate: SQL): SQL {
  return sql`SELECT ca.contact_id FROM contact_attributes ca
    WHERE ca.attribute_id = (SELECT ad.id FROM attribute_definitions ad WHERE ad.shop_id = ${shopId} AND ad.key = ${c.key})
      AND ${predicate}`;
}

function valuePredicate(c: CustomAttributeCondition, now: number, timeZone: string): { positive: SQL; negated: boolean } {
  const text = sql`ca.text_value`;
  const number = sql`ca.number_value`;
  switch (c.valueType) {
    case "text": {
      if (c.match.operator === "is_not_set") return { positive: textPredicate(text, { operator: "is_set" }), negated: true };
      if (NEGATIVE_TEXT_OPERATORS.has(c.match.operator)) {
        const positiveOperator = { is_not: "is", not_contains: "contains", is_none_of: "is_any_of" }[c.match.operator as "is_not"];
        return { positive: textPredicate(text, { ...c.match, operator: positiveOperator } as never, c.caseSensitive ?? false), negated: true };
      }
      return { positive: textPredicate(text, c.match, c.caseSensitive ?? false), negated: false };
    }
    case "number":
      if (c.match.operator === "is_not_set") return { positive: sql`${number} IS NOT NULL`, negated: true };
      return { positive: numberPredicate(number, c.match), negated: false };
    case "boolean":
      if (c.match.operator === "is_not_set") return { positive: sql`${number} IS NOT NULL`, negated: true };
      if (c.match.operator === "is_set") return { positive: sql`${number} IS NOT NULL`, negated: false };
      return { positive: sql`${number} = ${c.match.operator === "is_true" ? 1 : 0}`, negated: false };
    case "date":
      if (c.match.operator === "is_not_set") return { positive: sql`${number} IS NOT NULL`, negated: true };
      return { positive: datePredicate(number, c.match, { now, timeZone }), negated: false };
  }
}

/**
 * A custom attribute of the shop (typed: text, number, boolean, date), from the typed side table.
 * Like built-in properties, the negative text rules also match contacts without the attribute.
 */
export const customAttribute = defineCondition<CustomAttributeCondition>({
  type: "custom_attribute",
  family: "properties",
  label: "Custom attribute",
  description: "A shop-defined attribute (text, number, yes/no or date)",
  valueType: "attribute",
  picker: "attribute",
  operators: [
    ...TEXT_OPERATORS.map((op) => `text:${op}`),
    ...NUMBER_OPERATORS.map((op) => `number:${op}`),
    ...BOOLEAN_OPERATORS.map((op) => `boolean:${op}`),
    ...DATE_OPERATORS.map((op) => `date:${op}`),
  ],
  schema: CustomAttributeSchema,
  example: () => ({ type: "custom_attribute", key: "loyalty_points", valueType: "number", match: { operator: "gte", value: 1000 } }),
  operatorOf: (c) => `${c.valueType}:${c.match.operator}`,
  compile: (c, ctx) => {
    const { positive, negated } = valuePredicate(c, ctx.now, ctx.timeZone);
    if (ctx.mode === "bulk") return negated ? sql`c.id NOT IN (${valuesOf(c, ctx.shopId, positive)})` : sql`c.id IN (${valuesOf(c, ctx.shopId, positive)})`;
    const exists = sql`EXISTS (SELECT 1 FROM contact_attributes ca
      WHERE ca.contact_id = c.id AND ca.shop_id = ${ctx.shopId}
        AND ca.attribute_id = (SELECT ad.id FROM attribute_definitions ad WHERE ad.shop_id = ${ctx.shopId} AND ad.key = ${c.key})
        AND ${positive})`;
    return negated ? sql`NOT ${exists}` : exists;
  },
  dependencies: (c) => [{ kind: "attribute", key: c.key }],
  timeEdges: (c, span) => {
    if (c.valueType !== "date") return [];
    const bands = dateMatchBands(c.match, span);
    return bands.length === 0 ? [] : [valuesOf(c, span.shopId, inBands(sql`ca.number_value`, bands))];
  },
  describe: (c) => {
    const label = `Attribute “${c.key}”`;
    switch (c.valueType) {
      case "text": return describeText(label, c.match);
      case "number": return describeNumber(label, c.match);
      case "date": return describeDate(label, c.match);
      case "boolean":
        return { is_true: `${label} is yes`, is_false: `${label} is no`, is_set: `${label} is set`, is_not_set: `${label} is not set` }[c.match.operator];
    }
  },
});
