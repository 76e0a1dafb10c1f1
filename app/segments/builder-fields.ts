import type { z } from "zod";
import { catalogueByFamily, type Condition } from "./conditions/catalogue";
import { BirthdayMatchSchema } from "./conditions/properties";
import type { ConditionSpec, Family, ValueType } from "./conditions/spec";
import { BooleanMatchSchema, CountSchema, DateMatchSchema, NumberMatchSchema, OccurrenceSchema, setMatchValues, TextMatchSchema, TimeOfDaySchema, WindowSchema } from "./matches";

/**
 * The builder's view of the condition catalogue: each condition's zod schema walked into a
 * serialisable description of the inputs it needs. Shared parts (text/number/date/boolean/set
 * matches, counts, windows, occurrence) are recognised by identity, so a new condition built from
 * known parts appears in the builder without UI work; a part nobody taught the builder throws
 * (and the catalogue test fails) instead of rendering a half-working row. Pure; runs on the server,
 * the loader sends the result to the browser.
 */

export type Option = { value: string; label: string };

/** One input of a variant: an operator's value, a window's dates, a count's bounds… */
export type ValueInput =
  | { key: string; label: string; input: "text" }
  | { key: string; label: string; input: "text_list" }
  | { key: string; label: string; input: "choice_list"; options: Option[] }
  | { key: string; label: string; input: "number"; integer: boolean; min: number | null; max: number | null; money: boolean }
  | { key: string; label: string; input: "date" }
  /** An optional time of day (HH:MM:SS); left empty, the date counts as a whole day. */
  | { key: string; label: string; input: "time" }
  /** `numeric`: the schema wants the chosen value as a number (a month). */
  | { key: string; label: string; input: "choice"; options: Option[]; numeric: boolean };

/** One branch of a union part: the operator (or window kind) and the inputs it takes. */
export type Variant = { value: string; label: string; inputs: ValueInput[] };

export type MatchPart = "text" | "number" | "date" | "boolean" | "set" | "birthday";
export type IdPicker = "product" | "category" | "coupon" | "campaign";

export type BuilderField =
  | { kind: "match"; key: string; label: string; part: MatchPart; discriminator: "operator"; variants: Variant[]; money: boolean; picker: "country" | "language" | null }
  | { kind: "count"; key: string; label: string; optional: boolean; discriminator: "operator"; variants: Variant[] }
  | { kind: "window"; key: string; label: string; optional: boolean; discriminator: "kind"; variants: Variant[] }
  | { kind: "occurrence"; key: string; label: string; options: Option[] }
  | { kind: "choice"; key: string; label: string; options: Option[]; optional: boolean; defaultValue: string | null }
  | { kind: "id_list"; key: string; label: string; picker: IdPicker; optional: boolean; max: number | null }
  | { kind: "tag_list"; key: string; label: string; max: number | null }
  | { kind: "attribute_key"; key: string; label: string }
  | { kind: "flag"; key: string; label: string };

export type BuilderFieldKind = BuilderField["kind"];

/** A schema that is a union of shapes (custom attribute by value type): the key that picks the shape. */
export type BuilderShapes = { key: string; label: string; options: { value: string; label: string; fields: BuilderField[] }[] };

export type BuilderCondition = {
  type: string;
  family: Family;
  label: string;
  description: string;
  valueType: ValueType;
  /** Fields in display order (for shaped conditions: those every shape has). */
  fields: BuilderField[];
  shapes: BuilderShapes | null;
  /** The catalogue's example, with placeholder ids removed: what "+ Add condition" inserts. */
  starter: Record<string, unknown>;
};

export type BuilderFamily = { family: Family; label: string; description: string; conditions: BuilderCondition[] };

// ---- merchant-facing words ----

const OPERATOR_LABELS: Record<MatchPart | "count" | "window" | "occurrence", Record<string, string>> = {
  text: {
    is: "is", is_not: "is not", contains: "contains", not_contains: "does not contain", starts_with: "starts with", ends_with: "ends with",
    is_any_of: "is any of", is_none_of: "is none of", is_set: "is set", is_not_set: "is not set",
  },
  number: {
    eq: "equals", neq: "does not equal", gt: "is greater than", gte: "is at least", lt: "is less than", lte: "is at most",
    between: "is between", is_set: "is set", is_not_set: "is not set",
  },
  date: {
    before: "is before", after: "is after", on: "is on", between: "is between", in_last: "is in the last", more_than_ago: "is more than … ago",
    in_next: "is in the next", is_set: "is set", is_not_set: "is not set",
  },
  boolean: { is_true: "is yes", is_false: "is no", is_set: "is set", is_not_set: "is not set" },
  set: { is_any_of: "is any of", is_none_of: "is none of" },
  birthday: { in_next_days: "is in the next … days", in_month: "is in the month of", in_current_month: "is this month", is_set: "is set", is_not_set: "is not set" },
  count: { at_least: "at least", at_most: "at most", exactly: "exactly", between: "between" },
  window: { in_last: "in the last", before: "before", after: "after", between: "between" },
  occurrence: { has_done: "has", has_not_done: "has not" },
};

const FIELD_LABELS: Record<string, string> = {
  action: "Action", match: "Rule", productIds: "Products", categoryIds: "Categories", couponIds: "Coupons", campaignIds: "Campaigns",
  tags: "Tags", source: "Tag source", operator: "Tags to match", value: "Status", key: "Attribute", caseSensitive: "Match case exactly",
  valueType: "Value type", occurrence: "Has or has not", count: "How many times", window: "When",
};

const INPUT_LABELS: Record<string, string> = {
  value: "Value", values: "Values", min: "Minimum", max: "Maximum", date: "Date", start: "Start date", end: "End date",
  amount: "Amount", unit: "Unit", days: "Days", month: "Month", time: "Time (optional)",
};

const VALUE_LABELS: Record<string, Record<string, string>> = {
  match: { any: "any of them", all: "all of them", other: "anything but them" },
  operator: { has_any: "has any of", has_all: "has all of", has_none: "has none of" },
  source: { platform: "Store", import: "Import", popup: "Signup popup" },
  value: { valid: "Valid", invalid: "Invalid", member: "Member", non_member: "Not a member", in_company: "Belongs to a company", no_company: "Belongs to no company" },
  valueType: { text: "Text", number: "Number", boolean: "Yes / no", date: "Date" },
  action: { marked_as_spam: "Marked as spam" },
  unit: { hours: "hours", days: "days", weeks: "weeks", months: "months" },
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const ID_PICKERS: Record<string, IdPicker> = { productIds: "product", categoryIds: "category", couponIds: "coupon", campaignIds: "campaign" };

function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function option(value: string, labels: Partial<Record<string, string>> | undefined): Option {
  return { value, label: labels?.[value] ?? humanize(value) };
}

// ---- reading zod schemas ----

type Def = { type: string; [key: string]: unknown };
type Schema = z.ZodType;

function defOf(schema: Schema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schema under `.optional()` and `.default()`, and what they said. */
function unwrap(schema: Schema): { inner: Schema; optional: boolean; defaultValue: unknown } {
  let inner = schema;
  let optional = false;
  let defaultValue: unknown = undefined;
  for (;;) {
    const def = defOf(inner);
    if (def.type === "optional") optional = true;
    else if (def.type === "default") defaultValue = def.defaultValue;
    else return { inner, optional, defaultValue };
    inner = def.innerType as Schema;
  }
}

/**
 * The same union part, or a refinement of it: `.refine()` clones the schema (a new object) but
 * keeps its options, as `total_spent`'s "no presence operators" match does.
 */
function isPart(schema: Schema, part: Schema): boolean {
  if (schema === part) return true;
  const def = defOf(schema);
  return def.type === "union" && def.options === defOf(part).options;
}

function enumValues(schema: Schema): string[] | null {
  const def = defOf(schema);
  if (def.type === "enum") return Object.values(def.entries as Record<string, string>);
  if (def.type === "literal") return (def.values as unknown[]).map(String);
  return null;
}

function shapeOf(schema: Schema): Record<string, Schema> {
  const def = defOf(schema);
  if (def.type !== "object") throw new Error(`expected an object schema, got ${def.type}`);
  return def.shape as Record<string, Schema>;
}

function numberBounds(schema: Schema): { integer: boolean; min: number | null; max: number | null } {
  const number = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
  const finite = (n: number | null) => (n === null || !Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER ? null : n);
  return { integer: number.isInt, min: finite(number.minValue), max: finite(number.maxValue) };
}

function maxLength(schema: Schema): number | null {
  const checks = (defOf(schema).checks ?? []) as { _zod: { def: { check: string; maximum?: number } } }[];
  return checks.map((c) => c._zod.def).find((c) => c.check === "max_length")?.maximum ?? null;
}

class UnknownPartError extends Error {}

function unknownPart(where: string, what: string): never {
  throw new UnknownPartError(
    `The builder does not know ${what} (${where}). Build the condition from the shared parts in app/segments/matches.ts, or describe the new part in app/segments/builder-fields.ts.`,
  );
}

// ---- the parts ----

type Context = { spec: ConditionSpec<Condition>; where: string; shape: string | null; money: boolean; inputLabels?: Record<string, string> };

/** One value input of a variant, from its schema. */
function inputOf(key: string, schema: Schema, ctx: Context, setLabels: Partial<Record<string, string>> | undefined): ValueInput {
  const { inner } = unwrap(schema);
  const def = defOf(inner);
  const label = ctx.inputLabels?.[key] ?? INPUT_LABELS[key] ?? humanize(key);
  if (inner === TimeOfDaySchema) return { key, label, input: "time" };
  if (def.type === "string") return (inner as unknown as { format?: string }).format === "date" ? { key, label, input: "date" } : { key, label, input: "text" };
  if (def.type === "number") {
    if (key === "month") return { key, label, input: "choice", options: MONTHS.map((name, i) => ({ value: String(i + 1), label: name })), numeric: true };
    return { key, label, input: "number", ...numberBounds(inner), money: ctx.money };
  }
  if (def.type === "enum") return { key, label, input: "choice", options: enumValues(inner)!.map((v) => option(v, VALUE_LABELS[key])), numeric: false };
  if (def.type === "array") {
    const element = unwrap(def.element as Schema).inner;
    const values = enumValues(element);
    if (values) return { key, label, input: "choice_list", options: values.map((v) => option(v, setLabels)) };
    if (defOf(element).type === "string") return { key, label, input: "text_list" };
  }
  return unknownPart(ctx.where, `the input “${key}” (${def.type})`);
}

/** The branches of a union part (operators of a match, kinds of a window), optionally filtered. */
function variantsOf(union: Schema, discriminator: string, labels: Record<string, string>, ctx: Context, keep: (value: string) => boolean = () => true, setLabels?: Partial<Record<string, string>>): Variant[] {
  const options = (defOf(union).type === "union" ? (defOf(union).options as Schema[]) : [union]) as Schema[];
  return options.flatMap((branch) => {
    const shape = shapeOf(branch);
    const values = enumValues(unwrap(shape[discriminator]).inner);
    if (!values) return unknownPart(ctx.where, `the ${discriminator} of a union part`);
    const inputs = Object.entries(shape)
      .filter(([key]) => key !== discriminator)
      .map(([key, schema]) => inputOf(key, schema, ctx, setLabels));
    return values.filter(keep).map((value) => ({ value, label: labels[value] ?? humanize(value), inputs }));
  });
}

const MATCH_PARTS: { part: MatchPart; schema: Schema }[] = [
  { part: "text", schema: TextMatchSchema },
  { part: "number", schema: NumberMatchSchema },
  { part: "date", schema: DateMatchSchema },
  { part: "boolean", schema: BooleanMatchSchema },
  { part: "birthday", schema: BirthdayMatchSchema },
];

/** Operators the catalogue offers for this condition (custom attributes prefix them with the value type). */
function offered(ctx: Context): (operator: string) => boolean {
  const operators = new Set(ctx.spec.operators);
  return (operator) => operators.has(ctx.shape ? `${ctx.shape}:${operator}` : operator);
}

function matchField(key: string, schema: Schema, ctx: Context): BuilderField | null {
  const set = setMatchValues(schema);
  const known = set ? { part: "set" as const } : MATCH_PARTS.find((p) => isPart(schema, p.schema));
  if (!known) return null;
  const picker = ctx.spec.picker === "country" || ctx.spec.picker === "language" ? ctx.spec.picker : null;
  const variants = variantsOf(schema, "operator", OPERATOR_LABELS[known.part], ctx, offered(ctx), set?.labels);
  if (variants.length === 0) unknownPart(ctx.where, `the operators of “${key}” (none of them is in the catalogue's operator list)`);
  return { kind: "match", key, label: FIELD_LABELS[key] ?? humanize(key), part: known.part, discriminator: "operator", variants, money: ctx.money, picker };
}

/** One field of a condition, from its key and schema. */
function fieldOf(key: string, schema: Schema, ctx: Context): BuilderField {
  const { inner, optional, defaultValue } = unwrap(schema);
  const label = FIELD_LABELS[key] ?? humanize(key);
  const match = matchField(key, inner, ctx);
  if (match) return match;
  const plain = { ...ctx, money: false };
  if (isPart(inner, CountSchema)) {
    const times = { ...plain, inputLabels: { value: "Times", min: "At least (times)", max: "At most (times)" } };
    return { kind: "count", key, label, optional, discriminator: "operator", variants: variantsOf(inner, "operator", OPERATOR_LABELS.count, times) };
  }
  if (isPart(inner, WindowSchema)) return { kind: "window", key, label, optional, discriminator: "kind", variants: variantsOf(inner, "kind", OPERATOR_LABELS.window, plain) };
  if (inner === OccurrenceSchema) return { kind: "occurrence", key, label, options: enumValues(inner)!.map((v) => option(v, OPERATOR_LABELS.occurrence)) };
  const def = defOf(inner);
  const values = enumValues(inner);
  if (values && def.type === "enum") {
    return { kind: "choice", key, label, options: values.map((v) => option(v, VALUE_LABELS[key])), optional, defaultValue: typeof defaultValue === "string" ? defaultValue : null };
  }
  if (def.type === "array") {
    const element = defOf(unwrap(def.element as Schema).inner);
    if (element.type === "number") {
      const picker = ID_PICKERS[key] ?? (["product", "category", "coupon", "campaign"].includes(ctx.spec.picker ?? "") ? (ctx.spec.picker as IdPicker) : undefined);
      if (!picker) return unknownPart(ctx.where, `the id list “${key}” (no picker for it)`);
      return { kind: "id_list", key, label, picker, optional, max: maxLength(inner) };
    }
    if (element.type === "string" && (key === "tags" || ctx.spec.picker === "tag")) return { kind: "tag_list", key, label, max: maxLength(inner) };
  }
  if (def.type === "string" && key === "key" && ctx.spec.picker === "attribute") return { kind: "attribute_key", key, label };
  if (def.type === "boolean" && optional) return { kind: "flag", key, label };
  return unknownPart(ctx.where, `the field “${key}” (${def.type})`);
}

function fieldsOf(shape: Record<string, Schema>, ctx: Context, skip: string[] = []): BuilderField[] {
  return Object.entries(shape)
    .filter(([key]) => key !== "id" && key !== "type" && !skip.includes(key))
    .map(([key, schema]) => fieldOf(key, schema, { ...ctx, where: `${ctx.where}.${key}` }));
}

/** A union of shapes discriminated on one key: common fields first, then one field list per shape. */
function shapedFields(schema: Schema, ctx: Context): { fields: BuilderField[]; shapes: BuilderShapes } {
  const def = defOf(schema);
  const key = (def as { discriminator?: string }).discriminator;
  if (!key) return unknownPart(ctx.where, "a union schema without a discriminator");
  const options = (def.options as Schema[]).map((branch) => {
    const shape = shapeOf(branch);
    const value = enumValues(unwrap(shape[key]).inner)?.[0];
    if (value === undefined) return unknownPart(ctx.where, `the ${key} of a shape`);
    return { value, label: VALUE_LABELS[key]?.[value] ?? humanize(value), fields: fieldsOf(shape, { ...ctx, shape: value }, [key]) };
  });
  const same = (a: BuilderField, b: BuilderField) => JSON.stringify(a) === JSON.stringify(b);
  const common = options[0].fields.filter((field) => options.every((o) => o.fields.some((f) => same(f, field))));
  return {
    fields: common,
    shapes: {
      key,
      label: FIELD_LABELS[key] ?? humanize(key),
      options: options.map((o) => ({ ...o, fields: o.fields.filter((f) => !common.some((c) => same(c, f))) })),
    },
  };
}

/** The starter condition: the catalogue's example, with required id lists emptied (their ids are placeholders). */
function starterOf(spec: ConditionSpec<Condition>, fields: BuilderField[]): Record<string, unknown> {
  const starter: Record<string, unknown> = { ...(spec.example() as Record<string, unknown>) };
  for (const field of fields) if (field.kind === "id_list" && !field.optional) starter[field.key] = [];
  return starter;
}

/** The builder description of one catalogue entry; throws on a part the builder does not know. */
export function describeForBuilder(spec: ConditionSpec<Condition>): BuilderCondition {
  const ctx: Context = { spec, where: spec.type, shape: null, money: spec.valueType === "money" };
  const schema = spec.schema as Schema;
  const shaped = defOf(schema).type === "union" ? shapedFields(schema, ctx) : null;
  const fields = shaped ? shaped.fields : fieldsOf(shapeOf(schema), ctx);
  const allFields = [...fields, ...(shaped?.shapes.options.flatMap((o) => o.fields) ?? [])];
  return {
    type: spec.type,
    family: spec.family,
    label: spec.label,
    description: spec.description,
    valueType: spec.valueType,
    fields,
    shapes: shaped?.shapes ?? null,
    starter: starterOf(spec, allFields),
  };
}

let cached: BuilderFamily[] | undefined;

/** The whole catalogue for the builder: families in spec order, each with its conditions. */
export function builderCatalogue(): BuilderFamily[] {
  cached ??= catalogueByFamily().map(({ family, label, description, conditions }) => ({
    family,
    label,
    description,
    conditions: conditions.map(describeForBuilder),
  }));
  return cached;
}
