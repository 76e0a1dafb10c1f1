import type { DateMatch, NumberMatch, Window } from "../matches";
import type { ShopReferences } from "./references";

/**
 * Writing values and comparisons in the newer syntax: quoted text, ids, amounts in the shop's
 * currency, date rules and windows as comparisons on whole days. A rule the language cannot
 * say throws a `PrintProblem`, collected per condition by the printer.
 */

export type PExpr = { kind: "clause"; text: string } | { kind: "and" | "or"; items: PExpr[] };
export type PrintContext = { currencyExponent: number; birthdayMetafield: string; references: ShopReferences; warn: (message: string) => void };

export class PrintProblem extends Error {}
export function cannot(message: string): never {
  throw new PrintProblem(message);
}

export const clause = (text: string): PExpr => ({ kind: "clause", text });
export const all = (items: PExpr[]): PExpr => (items.length === 1 ? items[0] : { kind: "and", items });
export const any = (items: PExpr[]): PExpr => (items.length === 1 ? items[0] : { kind: "or", items });

export function quote(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** An id as written in a query: digits bare, anything else quoted. */
export function idText(id: string): string {
  return /^\d+$/.test(id) ? id : quote(id);
}

/** 123456 minor units with 2 decimals → "1234.56" (exact). */
export function amountText(minor: number, exponent: number): string {
  const digits = String(Math.abs(Math.trunc(minor))).padStart(exponent + 1, "0");
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? digits.slice(-exponent).replace(/0+$/, "") : "";
  return `${minor < 0 ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

const NUMBER_OPS = { eq: "=", neq: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** `subject <op> n` (or BETWEEN, IS [NOT] NULL) for a number rule, values written by `write`. */
export function numberComparison(subject: string, match: NumberMatch, write: (n: number) => string = String): string {
  switch (match.operator) {
    case "between": return `${subject} BETWEEN ${write(match.min)} AND ${write(match.max)}`;
    case "is_set": return `${subject} IS NOT NULL`;
    case "is_not_set": return `${subject} IS NULL`;
    default: return `${subject} ${NUMBER_OPS[match.operator]} ${write(match.value)}`;
  }
}

const UNIT_LETTERS = { days: "d", weeks: "w", months: "m" } as const;

export function offsetText(amount: number, unit: "days" | "weeks" | "months" | "hours", sign: "-" | "+"): string {
  if (unit === "hours") return cannot("Shopify's dates are whole days: “in the last N hours” has no equivalent");
  return `${sign}${amount}${UNIT_LETTERS[unit]}`;
}

/**
 * A date rule as a comparison. `pastOnly`: the value is never in the future, so "in the last N"
 * is ">= -N"; otherwise it is "BETWEEN -N AND today" (which also takes the rest of today).
 */
export function dateComparison(subject: string, match: DateMatch, pastOnly: boolean, warn: (message: string) => void): PExpr {
  switch (match.operator) {
    case "before": return clause(`${subject} < ${match.date}${match.time ? `T${match.time}` : ""}`);
    case "after": return clause(`${subject} > ${match.date}${match.time ? `T${match.time}` : ""}`);
    case "on": return clause(`${subject} = ${match.date}`);
    case "between": return clause(`${subject} BETWEEN ${match.start} AND ${match.end}`);
    case "in_last": {
      const offset = offsetText(match.amount, match.unit, "-");
      if (pastOnly) return clause(`${subject} >= ${offset}`);
      warn(`“In the last ${match.amount} ${match.unit}” became ${offset} to today, which also takes the rest of today`);
      return clause(`${subject} BETWEEN ${offset} AND today`);
    }
    case "more_than_ago": return clause(`${subject} < ${offsetText(match.amount, match.unit, "-")}`);
    case "in_next": return clause(`${subject} BETWEEN today AND ${offsetText(match.amount, match.unit, "+")}`);
    case "is_set": return clause(`${subject} IS NOT NULL`);
    case "is_not_set": return clause(`${subject} IS NULL`);
  }
}

/** A time window as the `date` parameter of a function. */
export function windowParam(window: Window): string {
  switch (window.kind) {
    case "in_last": return `date >= ${offsetText(window.amount, window.unit, "-")}`;
    case "before": return `date < ${window.date}`;
    case "after": return `date > ${window.date}`;
    case "between": return window.start === window.end ? `date = ${window.start}` : `date BETWEEN ${window.start} AND ${window.end}`;
  }
}

/** The first day of a window that starts on a day (in the last N, after a date), as a value; null otherwise. */
export function windowStartText(window: Window | undefined, plusDays: (date: string, days: number) => string): string | null {
  if (!window) return null;
  if (window.kind === "in_last") return window.unit === "hours" ? null : offsetText(window.amount, window.unit, "-");
  if (window.kind === "after") return plusDays(window.date, 1);
  return null;
}
