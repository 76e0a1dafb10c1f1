import type { Position } from "./errors";
import type { OffsetUnit } from "./tokens";

/**
 * The parsed query, before it means anything: values as written, comparisons, clauses and the
 * And/Or tree (AND binds tighter than OR; parentheses group). Both syntax generations parse into
 * the same function clause (`syntax` records which one was written).
 */

export type Value =
  | { kind: "string"; value: string; pos: Position }
  /** `text` keeps the digits as written: ids are int64 and do not survive a float. */
  | { kind: "number"; value: number; text: string; pos: Position }
  | { kind: "boolean"; value: boolean; pos: Position }
  | { kind: "date"; date: string; pos: Position }
  | { kind: "datetime"; date: string; time: string; pos: Position }
  /** `-30d`; `deprecated` holds the named form it was written as (`30_days_ago`). */
  | { kind: "offset"; amount: number; unit: OffsetUnit; pos: Position; deprecated?: string }
  | { kind: "named"; name: "today" | "yesterday"; pos: Position };

export type ComparisonOperator = "=" | "!=" | ">" | ">=" | "<" | "<=";

export type Comparison =
  | { op: ComparisonOperator; value: Value; pos: Position }
  | { op: "between"; low: Value; high: Value; pos: Position }
  | { op: "contains" | "not_contains"; value: Value; pos: Position }
  | { op: "is_null" | "is_not_null"; pos: Position }
  | { op: "in" | "not_in"; values: Value[]; pos: Position };

export type Param = { name: string; pos: Position; comparison: Comparison };

export type Clause =
  | { kind: "clause"; attribute: string; pos: Position; comparison: Comparison }
  /** `fn MATCHES (…)`, `fn NOT MATCHES (…)`, or the legacy `fn(param: value) = true|false`. */
  | { kind: "function"; name: string; pos: Position; negated: boolean; params: Param[]; syntax: "matches" | "legacy" }
  /** `anniversary(date: '…') <date comparison>` or the modifier form `anniversary ('…') <date comparison>`. */
  | { kind: "anniversary"; field: string; fieldPos: Position; pos: Position; comparison: Comparison };

export type Expr = Clause | { kind: "and" | "or"; items: Expr[]; pos: Position };

export function valueText(value: Value): string {
  switch (value.kind) {
    case "string": return `'${value.value}'`;
    case "number": return value.text;
    case "boolean": return String(value.value);
    case "date": return value.date;
    case "datetime": return `${value.date}T${value.time}`;
    case "offset": return value.deprecated ?? `${value.amount < 0 ? "-" : "+"}${Math.abs(value.amount)}${value.unit}`;
    case "named": return value.name;
  }
}

export function clauseCount(expr: Expr): number {
  return expr.kind === "and" || expr.kind === "or" ? expr.items.reduce((n, item) => n + clauseCount(item), 0) : 1;
}
