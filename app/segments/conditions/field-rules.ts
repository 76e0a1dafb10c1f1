import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { describeDate, describeText } from "../describe";
import { dateMatchBands, inBands } from "../edges";
import { DATE_OPERATORS, DateMatchSchema, SET_OPERATORS, setMatchSchema, TEXT_OPERATORS, TextMatchSchema, type DateMatch, type TextMatch } from "../matches";
import { datePredicate, textPredicate } from "../sql";
import { column, defineCondition, type ContactField, type Family, type Picker } from "./spec";

const NodeId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "Node ids are 1–40 letters, digits, _ or -");
export { NodeId };

/** A case-insensitive rule on a column stored normalised becomes an exact rule on the normalised value. */
function normalise(match: TextMatch, storedAs: "upper" | "lower" | "exact"): TextMatch {
  const fold = (v: string) => (storedAs === "upper" ? v.toUpperCase() : storedAs === "lower" ? v.toLowerCase() : v);
  if ("values" in match) return { ...match, values: match.values.map(fold) };
  return "value" in match ? { ...match, value: fold(match.value) } : match;
}

/** A text property of the contact row (or an expression over it). */
export function textField<T extends string>(options: {
  type: T;
  family: Family;
  label: string;
  description: string;
  fields: ContactField[];
  expression?: SQL;
  picker?: Picker;
  /**
   * How the column is stored: upper-case codes (country), lower-case (email) or exact (E.164
   * phones). Case-insensitive rules then compare normalised values exactly, which can use an index.
   */
  storedAs?: "upper" | "lower" | "exact";
  /** A `(shop_id, column)` index exists for equality rules. */
  indexed?: boolean;
  example: TextMatch;
}) {
  const schema = z.object({
    id: NodeId,
    type: z.literal(options.type),
    match: TextMatchSchema,
    caseSensitive: z.boolean().optional(),
  });
  type C = z.infer<typeof schema>;
  const target = options.expression ?? column(options.fields[0]);
  return defineCondition<C>({
    type: options.type,
    family: options.family,
    label: options.label,
    description: options.description,
    valueType: "text",
    picker: options.picker,
    operators: TEXT_OPERATORS,
    schema,
    example: () => ({ type: options.type, match: options.example }) as Omit<C, "id">,
    operatorOf: (c) => c.match.operator,
    compile: (c) =>
      c.caseSensitive || !options.storedAs ? textPredicate(target, c.match, c.caseSensitive ?? false) : textPredicate(target, normalise(c.match, options.storedAs), true),
    dependencies: () => [{ kind: "contact", fields: options.fields }],
    timeEdges: () => [],
    shopIndexed: (c) => Boolean(options.indexed && options.storedAs && !c.caseSensitive && (c.match.operator === "is" || c.match.operator === "is_any_of")),
    describe: (c) => describeText(options.label, c.match),
  });
}

/** A property with a closed set of values (gender, subscription state, lifecycle stage…). */
export function setField<T extends string, const V extends readonly [string, ...string[]]>(options: {
  type: T;
  family: Family;
  label: string;
  description: string;
  field: ContactField;
  values: V;
  valueLabels: Record<V[number], string>;
  /** A `(shop_id, column)` index exists (useful for "is any of"). */
  indexed?: boolean;
  example: V[number][];
}) {
  const schema = z.object({ id: NodeId, type: z.literal(options.type), match: setMatchSchema(options.values, options.valueLabels) });
  type C = z.infer<typeof schema>;
  return defineCondition<C>({
    type: options.type,
    family: options.family,
    label: options.label,
    description: options.description,
    valueType: "set",
    operators: SET_OPERATORS,
    schema,
    example: () => ({ type: options.type, match: { operator: "is_any_of", values: [...options.example] } }) as Omit<C, "id">,
    operatorOf: (c) => c.match.operator,
    compile: (c) =>
      c.match.operator === "is_any_of"
        ? sql`${column(options.field)} IN ${c.match.values}`
        : sql`(${column(options.field)} IS NULL OR ${column(options.field)} NOT IN ${c.match.values})`,
    dependencies: () => [{ kind: "contact", fields: [options.field] }],
    timeEdges: () => [],
    shopIndexed: (c) => Boolean(options.indexed) && c.match.operator === "is_any_of",
    describe: (c) =>
      `${options.label} is ${c.match.operator === "is_none_of" ? "none of" : "any of"} ${c.match.values
        .map((v) => options.valueLabels[v as V[number]] ?? v)
        .join(", ")}`,
  });
}

/** A time on the contact row (signed up, first/last order, last visit). */
export function dateField<T extends string>(options: {
  type: T;
  family: Family;
  label: string;
  description: string;
  field: ContactField;
  /** Data the field is derived from, when not the field itself (e.g. last order time ← orders). */
  dependsOnOrders?: boolean;
  /** A `(shop_id, column)` index exists. */
  indexed?: boolean;
  example: DateMatch;
}) {
  const schema = z.object({ id: NodeId, type: z.literal(options.type), match: DateMatchSchema });
  type C = z.infer<typeof schema>;
  return defineCondition<C>({
    type: options.type,
    family: options.family,
    label: options.label,
    description: options.description,
    valueType: "date",
    operators: DATE_OPERATORS,
    schema,
    example: () => ({ type: options.type, match: options.example }) as Omit<C, "id">,
    operatorOf: (c) => c.match.operator,
    compile: (c, ctx) => datePredicate(column(options.field), c.match, ctx),
    dependencies: () => (options.dependsOnOrders ? [{ kind: "orders" }] : [{ kind: "contact", fields: [options.field] }]),
    shopIndexed: (c) => Boolean(options.indexed) && c.match.operator !== "is_not_set",
    indexedRows: (c, ctx) =>
      options.indexed && c.match.operator !== "is_not_set" ? sql`SELECT 1 FROM contacts c WHERE c.shop_id = ${ctx.shopId} AND ${datePredicate(column(options.field), c.match, ctx)}` : null,
    timeEdges: (c, span) => {
      const bands = dateMatchBands(c.match, span);
      if (bands.length === 0) return [];
      return [sql`SELECT c.id FROM contacts c WHERE c.shop_id = ${span.shopId} AND ${inBands(column(options.field), bands)}`];
    },
    describe: (c) => describeDate(options.label, c.match),
  });
}
