import { sql, type SQL } from "drizzle-orm";
import type { Count, DateMatch, NumberMatch, TextMatch, Window } from "./matches";
import { endOfDate, nextSecond, nextWindowEnd, startOfDate, startOfDateTime, startOfToday, windowStart, type TimeContext } from "./time";

/**
 * SQL building blocks for the compiler. Every value is bound; `sql.raw` only ever receives text
 * from the closed maps below (operators) or from code (column names), never from a definition.
 */

/** "is set" / "is not set" matches carry no value. */
export function isPresence<M extends { operator: string }>(match: M): match is Extract<M, { operator: "is_set" | "is_not_set" }> {
  return match.operator === "is_set" || match.operator === "is_not_set";
}

const COMPARATORS = { eq: "=", neq: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

const like = (column: SQL, pattern: string) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;

function positiveText(column: SQL, match: Exclude<TextMatch, { operator: "is_set" | "is_not_set" }>, caseSensitive: boolean): SQL {
  const collate = caseSensitive ? sql`` : sql` COLLATE NOCASE`;
  // SQLite's substr() counts characters (code points), JS's length UTF-16 units: "😀" is 1 vs 2
  const length = "value" in match ? Array.from(match.value).length : 0;
  switch (match.operator) {
    case "is":
    case "is_not":
      return sql`${column} = ${match.value}${collate}`;
    case "contains":
    case "not_contains":
      return caseSensitive ? sql`instr(${column}, ${match.value}) > 0` : like(column, `%${escapeLike(match.value)}%`);
    case "starts_with":
      return caseSensitive ? sql`substr(${column}, 1, ${length}) = ${match.value}` : like(column, `${escapeLike(match.value)}%`);
    case "ends_with":
      return caseSensitive ? sql`substr(${column}, ${-length}) = ${match.value}` : like(column, `%${escapeLike(match.value)}`);
    case "is_any_of":
    case "is_none_of":
      return sql`${column}${collate} IN ${match.values}`;
  }
}

export const NEGATIVE_TEXT_OPERATORS = new Set(["is_not", "not_contains", "is_none_of", "is_not_set"]);

/**
 * Text rule. Case-insensitive by default (ASCII letters, as SQLite's NOCASE and LIKE fold them).
 * Negative operators ("is not", "does not contain", "is none of") also match contacts without a value.
 */
export function textPredicate(column: SQL, match: TextMatch, caseSensitive = false): SQL {
  if (isPresence(match)) {
    return match.operator === "is_set" ? sql`(${column} IS NOT NULL AND ${column} <> '')` : sql`(${column} IS NULL OR ${column} = '')`;
  }
  const positive = positiveText(column, match, caseSensitive);
  return NEGATIVE_TEXT_OPERATORS.has(match.operator) ? sql`NOT coalesce(${positive}, 0)` : positive;
}

/** Number rule; an unset value matches only "is not set". */
export function numberPredicate(column: SQL, match: NumberMatch): SQL {
  switch (match.operator) {
    case "between":
      return sql`${column} BETWEEN ${match.min} AND ${match.max}`;
    case "is_set":
      return sql`${column} IS NOT NULL`;
    case "is_not_set":
      return sql`${column} IS NULL`;
    default:
      return sql`${column} ${sql.raw(COMPARATORS[match.operator])} ${match.value}`;
  }
}

/** The number rule evaluated in JS (to know whether a count or sum of zero matches). */
export function numberMatches(value: number, match: NumberMatch): boolean {
  switch (match.operator) {
    case "eq": return value === match.value;
    case "neq": return value !== match.value;
    case "gt": return value > match.value;
    case "gte": return value >= match.value;
    case "lt": return value < match.value;
    case "lte": return value <= match.value;
    case "between": return value >= match.min && value <= match.max;
    case "is_set": return true;
    case "is_not_set": return false;
  }
}

/** Half-open interval [from, to) of epoch ms a date rule accepts; `null` bounds are open. */
export type Interval = { from: number | null; to: number | null };

/** The interval a date rule means at `time` (whole days in the shop's zone; hours exact). */
export function dateInterval(match: Exclude<DateMatch, { operator: "is_set" | "is_not_set" }>, time: TimeContext): Interval {
  switch (match.operator) {
    case "before":
      return { from: null, to: match.time ? startOfDateTime(match.date, match.time, time.timeZone) : startOfDate(match.date, time.timeZone) };
    case "after":
      // after a time: from when the clock first reads the next second
      return { from: match.time ? startOfDateTime(...nextSecond(match.date, match.time), time.timeZone) : endOfDate(match.date, time.timeZone), to: null };
    case "on":
      return { from: startOfDate(match.date, time.timeZone), to: endOfDate(match.date, time.timeZone) };
    case "between":
      return { from: startOfDate(match.start, time.timeZone), to: endOfDate(match.end, time.timeZone) };
    case "in_last":
      return { from: windowStart(match.amount, match.unit, time), to: time.now + 1 };
    case "more_than_ago":
      return { from: null, to: windowStart(match.amount, match.unit, time) };
    case "in_next":
      return { from: startOfToday(time), to: nextWindowEnd(match.amount, match.unit, time) };
  }
}

/** The interval of an event/order time window. */
export function windowInterval(window: Window, time: TimeContext): Interval {
  if (window.kind === "in_last") return dateInterval({ operator: "in_last", amount: window.amount, unit: window.unit }, time);
  if (window.kind === "before") return dateInterval({ operator: "before", date: window.date }, time);
  if (window.kind === "after") return dateInterval({ operator: "after", date: window.date }, time);
  return dateInterval({ operator: "between", start: window.start, end: window.end }, time);
}

/** `column` lies in the interval (an unset value never does). */
export function intervalPredicate(column: SQL, { from, to }: Interval): SQL {
  if (from !== null && to !== null) return sql`(${column} >= ${from} AND ${column} < ${to})`;
  if (from !== null) return sql`${column} >= ${from}`;
  if (to !== null) return sql`${column} < ${to}`;
  return sql`${column} IS NOT NULL`;
}

export function datePredicate(column: SQL, match: DateMatch, time: TimeContext): SQL {
  if (isPresence(match)) return match.operator === "is_set" ? sql`${column} IS NOT NULL` : sql`${column} IS NULL`;
  return intervalPredicate(column, dateInterval(match, time));
}

/** How many times something must have happened: a rule on a count `n`. */
export type CountRule = { occurrence: "has_done" | "has_not_done"; count?: Count };

export function countRuleToNumberMatch(rule: CountRule): NumberMatch {
  if (rule.occurrence === "has_not_done") return { operator: "eq", value: 0 };
  const count = rule.count;
  if (!count) return { operator: "gte", value: 1 };
  if (count.operator === "at_least") return { operator: "gte", value: count.value };
  if (count.operator === "at_most") return { operator: "lte", value: count.value };
  if (count.operator === "between") return { operator: "between", min: count.min, max: count.max };
  return { operator: "eq", value: count.value };
}

/**
 * Set-based rule on an aggregate per contact (`n` = count or sum over their rows). In bulk mode it
 * is a semi-join from the most selective source (`members` groups the qualifying rows by contact);
 * when zero itself matches, it is the complement of the contacts whose aggregate does not.
 * In contact mode it is the correlated aggregate for one contact.
 */
export function aggregatePredicate(options: {
  mode: "bulk" | "contact";
  match: NumberMatch;
  /** `SELECT <contact id column> FROM … WHERE …` without GROUP BY (bulk form). */
  rowsOf: SQL;
  contactIdColumn: SQL;
  /** The aggregate in the bulk query, e.g. `count(*)`. */
  aggregate: SQL;
  /** A scalar subquery computing the aggregate for contact `c` (contact form), e.g. `(SELECT count(*) … WHERE e.contact_id = c.id)`. */
  correlated: SQL;
  /** When the rule is "at least one row", a cheaper `EXISTS (…)` for the contact form. */
  exists?: SQL;
}): SQL {
  const { mode, match } = options;
  const zeroMatches = numberMatches(0, match);
  if (mode === "contact") {
    if (options.exists && match.operator === "gte" && match.value === 1) return options.exists;
    if (options.exists && match.operator === "eq" && match.value === 0) return sql`NOT ${options.exists}`;
    return numberPredicate(sql`coalesce(${options.correlated}, 0)`, match);
  }
  // "n ≥ 1" / "n = 0" is "a row exists" only when n counts rows (`exists` given), not for sums: a
  // contact whose orders in the window were all refunded has rows but spent 0
  const isExistence = options.exists !== undefined && ((match.operator === "gte" && match.value === 1) || (match.operator === "eq" && match.value === 0));
  if (isExistence) {
    return zeroMatches ? sql`c.id NOT IN (${options.rowsOf})` : sql`c.id IN (${options.rowsOf})`;
  }
  const having = zeroMatches ? sql`NOT coalesce(${numberPredicate(options.aggregate, match)}, 0)` : numberPredicate(options.aggregate, match);
  const grouped = sql`${options.rowsOf} GROUP BY ${options.contactIdColumn} HAVING ${having}`;
  return zeroMatches ? sql`c.id NOT IN (${grouped})` : sql`c.id IN (${grouped})`;
}

export function and(parts: SQL[]): SQL {
  return parts.length === 0 ? sql`1` : sql`(${sql.join(parts, sql` AND `)})`;
}

export function or(parts: SQL[]): SQL {
  return parts.length === 0 ? sql`0` : sql`(${sql.join(parts, sql` OR `)})`;
}
