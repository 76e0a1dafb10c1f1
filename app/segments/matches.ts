import { z } from "zod";

/**
 * Value matchers shared by the conditions: one operator set per value type (SPEC §3).
 * Each is a discriminated union on `operator`, so a builder field knows which inputs to show.
 */

export const MAX_TEXT = 500;
export const MAX_LIST = 500;

const IsoDate = z.iso.date({ message: "Use a date like 2026-11-28" });
const text = z.string().min(1, "Enter a value").max(MAX_TEXT, `At most ${MAX_TEXT} characters`);

export const TEXT_OPERATORS = ["is", "is_not", "contains", "not_contains", "starts_with", "ends_with", "is_any_of", "is_none_of", "is_set", "is_not_set"] as const;
export const TextMatchSchema = z.discriminatedUnion("operator", [
  z.object({ operator: z.enum(["is", "is_not", "contains", "not_contains", "starts_with", "ends_with"]), value: text }),
  z.object({ operator: z.enum(["is_any_of", "is_none_of"]), values: z.array(text).min(1, "Add at least one value").max(MAX_LIST, `At most ${MAX_LIST} values`) }),
  z.object({ operator: z.enum(["is_set", "is_not_set"]) }),
]);
export type TextMatch = z.infer<typeof TextMatchSchema>;

export const NUMBER_OPERATORS = ["eq", "neq", "gt", "gte", "lt", "lte", "between", "is_set", "is_not_set"] as const;
const finite = z.number({ message: "Enter a number" }).finite();
export const NumberMatchSchema = z.discriminatedUnion("operator", [
  z.object({ operator: z.enum(["eq", "neq", "gt", "gte", "lt", "lte"]), value: finite }),
  z.object({ operator: z.literal("between"), min: finite, max: finite }),
  z.object({ operator: z.enum(["is_set", "is_not_set"]) }),
]);
export type NumberMatch = z.infer<typeof NumberMatchSchema>;

export const DATE_OPERATORS = ["before", "after", "on", "between", "in_last", "more_than_ago", "in_next", "is_set", "is_not_set"] as const;
const amount = z.number().int("Use a whole number").min(1, "Use 1 or more").max(3650, "At most 3650");
/**
 * A time of day on a 24-hour clock, to the second, in the shop's time zone. "Before 2026-05-30
 * 16:00:00" ends where that second starts; "after" starts where it ends (a date alone is a whole day).
 */
export const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/, "Use a time like 16:00:00");
export const DateMatchSchema = z.discriminatedUnion("operator", [
  z.object({ operator: z.enum(["before", "after"]), date: IsoDate, time: TimeOfDaySchema.optional() }),
  z.object({ operator: z.literal("on"), date: IsoDate }),
  z.object({ operator: z.literal("between"), start: IsoDate, end: IsoDate }),
  z.object({ operator: z.literal("in_last"), amount, unit: z.enum(["hours", "days", "weeks", "months"]) }),
  z.object({ operator: z.literal("more_than_ago"), amount, unit: z.enum(["days", "weeks", "months"]) }),
  z.object({ operator: z.literal("in_next"), amount, unit: z.enum(["days", "weeks", "months"]) }),
  z.object({ operator: z.enum(["is_set", "is_not_set"]) }),
]);
export type DateMatch = z.infer<typeof DateMatchSchema>;

export const BOOLEAN_OPERATORS = ["is_true", "is_false", "is_set", "is_not_set"] as const;
export const BooleanMatchSchema = z.object({ operator: z.enum(BOOLEAN_OPERATORS) });
export type BooleanMatch = z.infer<typeof BooleanMatchSchema>;

/** A set of allowed values (subscription states, lifecycle stages…). */
export const SET_OPERATORS = ["is_any_of", "is_none_of"] as const;

/** Every set match made by `setMatchSchema`, with its values' labels (the builder lists them). */
const setMatches = new WeakMap<z.ZodType, { values: readonly string[]; labels: Partial<Record<string, string>> }>();

export function setMatchSchema<const T extends readonly [string, ...string[]]>(values: T, labels: Partial<Record<T[number], string>> = {}) {
  const schema = z.object({
    operator: z.enum(SET_OPERATORS),
    values: z.array(z.enum(values)).min(1, "Pick at least one value"),
  });
  setMatches.set(schema, { values, labels });
  return schema;
}

/** The values and labels of a schema made by `setMatchSchema`, or undefined for any other schema. */
export function setMatchValues(schema: z.ZodType): { values: readonly string[]; labels: Partial<Record<string, string>> } | undefined {
  return setMatches.get(schema);
}

/** Time window of an event or order condition: relative (whole days, or hours) or absolute dates. */
export const WindowSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("in_last"), amount, unit: z.enum(["hours", "days", "weeks", "months"]) }),
  z.object({ kind: z.literal("before"), date: IsoDate }),
  z.object({ kind: z.literal("after"), date: IsoDate }),
  z.object({ kind: z.literal("between"), start: IsoDate, end: IsoDate }),
]);
export type Window = z.infer<typeof WindowSchema>;

/**
 * "has done", optionally "at least / at most / exactly N times" or "between N and M times".
 * "At most N" includes contacts who never did it.
 */
export const COUNT_OPERATORS = ["at_least", "at_most", "exactly", "between"] as const;
const times = z.number().int("Use a whole number").min(0, "Use 0 or more").max(100_000, "At most 100000");
export const CountSchema = z.discriminatedUnion("operator", [
  z.object({ operator: z.enum(["at_least", "at_most", "exactly"]), value: times }),
  z.object({ operator: z.literal("between"), min: times, max: times }),
]);
export type Count = z.infer<typeof CountSchema>;
export const OccurrenceSchema = z.enum(["has_done", "has_not_done"]);
export type Occurrence = z.infer<typeof OccurrenceSchema>;

export const idList = (what: string, max = 100) =>
  z.array(z.number().int().positive()).min(1, `Pick at least one ${what}`).max(max, `At most ${max} ${what}s`);
