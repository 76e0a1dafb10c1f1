import type { DateMatch, NumberMatch } from "../matches";
import type { Comparison, Value } from "./ast";
import { combine, condition, type DraftCondition, type Part } from "./build";
import { dayRanges, instantMatches, rangeToDateMatches, type DateContext } from "./dates";
import { fail, type Position, type QueryWarning } from "./errors";

/** Shared by the clause mappers: numbers and money, date rules, warnings, "no equivalent". */

export type Mapper = { ctx: DateContext & { currencyExponent: number }; warn: (warning: QueryWarning) => void };

export function noEquivalent(pos: Position, what: string, reason: string): never {
  return fail(pos, `${what} has no equivalent in Segmentflow: ${reason}`);
}

/** An amount in the shop currency's minor units, exactly (no float arithmetic). */
export function toMinor(value: Value, exponent: number): number {
  if (value.kind !== "number") return fail(value.pos, "Expected an amount");
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value.text)!;
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > exponent) fail(value.pos, `${value.text} has more decimals than the shop's currency (${exponent})`);
  const minor = Number(whole) * 10 ** exponent + Number((fraction + "0".repeat(exponent)).slice(0, exponent) || "0");
  if (!Number.isSafeInteger(minor)) fail(value.pos, `${value.text} is too large an amount`);
  return sign === "-" ? -minor : minor;
}

const NUMBER_OPERATORS = { "=": "eq", "!=": "neq", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte" } as const;

/** A numeric comparison as a number rule, reading values with `read` (plain, or money in minor units). */
export function numberMatch(comparison: Comparison, read: (value: Value) => number): NumberMatch {
  if (comparison.op === "between") return { operator: "between", min: read(comparison.low), max: read(comparison.high) };
  if (comparison.op === "is_null") return { operator: "is_not_set" };
  if (comparison.op === "is_not_null") return { operator: "is_set" };
  if (comparison.op in NUMBER_OPERATORS) {
    const c = comparison as Extract<Comparison, { value: Value }>;
    return { operator: NUMBER_OPERATORS[c.op as keyof typeof NUMBER_OPERATORS], value: read(c.value) };
  }
  return fail(comparison.pos, "Expected a numeric comparison");
}

/** A comparison of an aggregate (orders, spend), which is never "not set". */
export function comparedNumber(comparison: Comparison, read: (value: Value) => number): Exclude<NumberMatch, { operator: "is_set" | "is_not_set" }> {
  const match = numberMatch(comparison, read);
  if (match.operator === "is_set" || match.operator === "is_not_set") return fail(comparison.pos, "Expected a comparison with a number");
  return match as Exclude<NumberMatch, { operator: "is_set" | "is_not_set" }>;
}

export const plainNumber = (value: Value): number => (value.kind === "number" ? value.value : fail(value.pos, "Expected a number"));

/** NOT (rule), as one or two rules of which either must hold. */
export function negateNumber(match: NumberMatch): NumberMatch[] {
  switch (match.operator) {
    case "eq": return [{ operator: "neq", value: match.value }];
    case "neq": return [{ operator: "eq", value: match.value }];
    case "gt": return [{ operator: "lte", value: match.value }];
    case "gte": return [{ operator: "lt", value: match.value }];
    case "lt": return [{ operator: "gte", value: match.value }];
    case "lte": return [{ operator: "gt", value: match.value }];
    case "between": return [{ operator: "lt", value: match.min }, { operator: "gt", value: match.max }];
    case "is_set": return [{ operator: "is_not_set" }];
    case "is_not_set": return [{ operator: "is_set" }];
  }
}

/**
 * A date comparison as date rules on a value of the contact: one rule, an And of two (a range
 * with a rolling and a fixed end) or an Or (`!=`). IS [NOT] NULL is "is (not) set".
 */
export function datePart(comparison: Comparison, make: (match: DateMatch) => DraftCondition, m: Mapper, pastOnly: boolean, pos: Position): Part {
  if (comparison.op === "is_null") return condition(make({ operator: "is_not_set" }), pos);
  if (comparison.op === "is_not_null") return condition(make({ operator: "is_set" }), pos);
  const instants = instantMatches(comparison);
  if (instants) return combine(instants.match, instants.rules.map((rule) => condition(make(rule), pos)), pos);
  const alternatives = dayRanges(comparison).map((range) => {
    const { matches, fixed } = rangeToDateMatches(range, m.ctx, pastOnly);
    if (fixed) m.warn({ line: fixed.pos.line, column: fixed.pos.column, message: fixed.message });
    return combine("all", matches.map((match) => condition(make(match), pos)), pos);
  });
  return combine("any", alternatives, pos);
}

/** `= 'x'` / `!= 'x'` / IS [NOT] NULL on text; the empty text is "not set". */
export function textComparison(comparison: Comparison): { operator: "is" | "is_not"; value: string } | { operator: "is_set" | "is_not_set" } {
  switch (comparison.op) {
    case "is_null": return { operator: "is_not_set" };
    case "is_not_null": return { operator: "is_set" };
    case "=":
    case "!=": {
      const value = comparison.value;
      if (value.kind !== "string") return fail(value.pos, "Expected text in single quotes");
      if (value.value === "") return { operator: comparison.op === "=" ? "is_not_set" : "is_set" };
      return { operator: comparison.op === "=" ? "is" : "is_not", value: value.value };
    }
    default:
      return fail(comparison.pos, "Expected = or !=");
  }
}

export function stringValue(comparison: Comparison): string {
  if (!("value" in comparison) || comparison.value.kind !== "string") return fail(comparison.pos, "Expected text in single quotes");
  return comparison.value.value;
}
