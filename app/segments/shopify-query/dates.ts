import { DateTime } from "luxon";
import type { DateMatch, Window } from "../matches";
import type { Comparison, Value } from "./ast";
import { fail, type Position } from "./errors";

/**
 * Date comparisons as ranges of whole days in the shop's time zone, and those ranges as the
 * engine's date rules. A relative day (-30d, today) stays relative where a rolling rule means
 * exactly the same ("≥ -30d" is "in the last 30 days", "< -30d" is "more than 30 days ago",
 * "BETWEEN today AND +7d" is "in the next 7 days"); otherwise the whole range is fixed to the
 * calendar dates it means at `now`, and the import says so.
 */

export type DateContext = { now: number; timeZone: string };
export type RelativeUnit = "days" | "weeks" | "months" | "years";

/** A day: a calendar date, or today moved by `amount` units; then moved by `shift` days. */
export type Day = { base: { kind: "fixed"; date: string } | { kind: "relative"; amount: number; unit: RelativeUnit }; shift: number; pos: Position };
/** Inclusive range of days; null = open. */
export type DayRange = { from: Day | null; to: Day | null };

const UNITS = { d: "days", w: "weeks", m: "months", y: "years" } as const;

/** The day a value names, for a comparison that treats a date-time at a day boundary as that day. */
function dayOf(value: Value, edge: "start" | "end" | "exact"): Day {
  switch (value.kind) {
    case "date": return { base: { kind: "fixed", date: value.date }, shift: 0, pos: value.pos };
    case "offset": return { base: { kind: "relative", amount: value.amount, unit: UNITS[value.unit] }, shift: 0, pos: value.pos };
    case "named": return { base: { kind: "relative", amount: value.name === "today" ? 0 : -1, unit: "days" }, shift: 0, pos: value.pos };
    case "datetime": {
      // whole days only: a date-time works where it is exactly a day boundary
      if (edge === "start" && value.time === "00:00:00") return { base: { kind: "fixed", date: value.date }, shift: 0, pos: value.pos };
      if (edge === "end" && value.time === "23:59:59") return { base: { kind: "fixed", date: value.date }, shift: 0, pos: value.pos };
      return fail(
        value.pos,
        `A time of day (${value.time}) has no equivalent in Segmentflow, whose date rules count whole days in the shop's time zone: compare with a date instead (e.g. > ${value.date} or >= ${value.date})`,
      );
    }
    default:
      return fail(value.pos, "Expected a date");
  }
}

const shifted = (day: Day, days: number): Day => ({ ...day, shift: day.shift + days });

type DateTimeValue = Extract<Value, { kind: "datetime" }>;
type TimeRule = Extract<DateMatch, { operator: "before" | "after" }>;

/** A date-time that is not a day boundary for this comparison (a day boundary reads as whole days). */
function isTimeOfDay(value: Value, boundary: "00:00:00" | "23:59:59" | null): value is DateTimeValue {
  return value.kind === "datetime" && value.time !== boundary;
}

/** The wall-clock second `seconds` away from a date-time. */
function secondFrom(value: DateTimeValue, seconds: number): [string, string] {
  const t = DateTime.fromISO(`${value.date}T${value.time}`, { zone: "UTC" }).plus({ seconds });
  return [t.toISODate()!, t.toFormat("HH:mm:ss")];
}

/** "Before" / "after" a second; at a day boundary the whole-day rule, which means the same. */
function timeRule(operator: "before" | "after", [date, time]: [string, string]): TimeRule {
  if (operator === "after" && time === "23:59:59") return { operator, date };
  if (operator === "before" && time === "00:00:00") return { operator, date };
  return { operator, date, time };
}

/**
 * A comparison with a time of day (`> 2020-05-30T16:00:00`, in the shop's time zone) as rules on
 * instants, each second whole: `>` is after that second, `>=` after the one before, `=` within it,
 * `!=` before or after it. Null when the comparison is about whole days (no time, or a day boundary).
 * BETWEEN takes a calendar date on its other side, not a relative one.
 */
export function instantMatches(comparison: Comparison): { match: "all" | "any"; rules: DateMatch[] } | null {
  switch (comparison.op) {
    case "=":
      if (!isTimeOfDay(comparison.value, null)) return null;
      return { match: "all", rules: [timeRule("after", secondFrom(comparison.value, -1)), timeRule("before", secondFrom(comparison.value, 1))] };
    case "!=":
      if (!isTimeOfDay(comparison.value, null)) return null;
      return { match: "any", rules: [timeRule("before", secondFrom(comparison.value, 0)), timeRule("after", secondFrom(comparison.value, 0))] };
    case ">":
      return isTimeOfDay(comparison.value, "23:59:59") ? { match: "all", rules: [timeRule("after", secondFrom(comparison.value, 0))] } : null;
    case ">=":
      return isTimeOfDay(comparison.value, "00:00:00") ? { match: "all", rules: [timeRule("after", secondFrom(comparison.value, -1))] } : null;
    case "<":
      return isTimeOfDay(comparison.value, "00:00:00") ? { match: "all", rules: [timeRule("before", secondFrom(comparison.value, 0))] } : null;
    case "<=":
      return isTimeOfDay(comparison.value, "23:59:59") ? { match: "all", rules: [timeRule("before", secondFrom(comparison.value, 1))] } : null;
    case "between": {
      const { low, high } = comparison;
      if (!isTimeOfDay(low, "00:00:00") && !isTimeOfDay(high, "23:59:59")) return null;
      const bound = (value: Value, side: "low" | "high"): TimeRule => {
        if (value.kind === "datetime") return side === "low" ? timeRule("after", secondFrom(value, -1)) : timeRule("before", secondFrom(value, 1));
        if (value.kind === "date") return side === "low" ? { operator: "after", date: plusDays(value.date, -1) } : { operator: "before", date: plusDays(value.date, 1) };
        return fail(value.pos, "BETWEEN with a time of day takes a calendar date or a date-time on its other side, not a relative date");
      };
      if (low.kind === "datetime" && high.kind === "datetime" && `${low.date}T${low.time}` > `${high.date}T${high.time}`) {
        fail(high.pos, `This range is empty: ${low.date}T${low.time} is after ${high.date}T${high.time}`);
      }
      return { match: "all", rules: [bound(low, "low"), bound(high, "high")] };
    }
    default:
      return null;
  }
}

/** The ranges a date comparison accepts: one, or two (either) for `!=`. */
export function dayRanges(comparison: Comparison): DayRange[] {
  switch (comparison.op) {
    case "=": return [{ from: dayOf(comparison.value, "exact"), to: dayOf(comparison.value, "exact") }];
    case "!=": {
      const day = dayOf(comparison.value, "exact");
      return [{ from: null, to: shifted(day, -1) }, { from: shifted(day, 1), to: null }];
    }
    case ">": {
      const value = comparison.value;
      if (value.kind === "datetime" && value.time === "23:59:59") return [{ from: shifted(dayOf(value, "end"), 1), to: null }];
      return [{ from: shifted(dayOf(value, "exact"), 1), to: null }];
    }
    case ">=": return [{ from: dayOf(comparison.value, "start"), to: null }];
    case "<": {
      const value = comparison.value;
      if (value.kind === "datetime" && value.time === "00:00:00") return [{ from: null, to: shifted(dayOf(value, "start"), -1) }];
      return [{ from: null, to: shifted(dayOf(comparison.value, "exact"), -1) }];
    }
    case "<=": return [{ from: null, to: dayOf(comparison.value, "end") }];
    case "between": return [{ from: dayOf(comparison.low, "start"), to: dayOf(comparison.high, "end") }];
    default: throw new Error(`not a date comparison: ${comparison.op}`);
  }
}

function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

/** The calendar date a day means at `now` in the shop's zone. */
export function resolveDay(day: Day, ctx: DateContext): string {
  if (day.base.kind === "fixed") return plusDays(day.base.date, day.shift);
  const today = DateTime.fromMillis(ctx.now, { zone: ctx.timeZone }).startOf("day");
  return today.plus({ [day.base.unit]: day.base.amount }).plus({ days: day.shift }).toISODate()!;
}

export function todayIn(ctx: DateContext): string {
  return DateTime.fromMillis(ctx.now, { zone: ctx.timeZone }).toISODate()!;
}

const isRelative = (day: Day) => day.base.kind === "relative";
/** Total days from today when the unit is days or weeks (null for months and years). */
function totalDays(day: Day): number | null {
  if (day.base.kind !== "relative") return null;
  if (day.base.unit === "days") return day.base.amount + day.shift;
  if (day.base.unit === "weeks") return 7 * day.base.amount + day.shift;
  return null;
}
const monthsOf = (base: { amount: number; unit: RelativeUnit }) => (base.unit === "years" ? 12 * base.amount : base.amount);
/** Today or later, whatever `now` is. */
function alwaysTodayOrLater(day: Day): boolean {
  if (day.base.kind !== "relative") return false;
  const days = totalDays(day);
  return days !== null ? days >= 0 : day.base.amount >= 0 && day.shift >= 0;
}

type Rolling = { amount: number; unit: "days" | "weeks" | "months" };
const inRange = (amount: number) => amount >= 1 && amount <= 3650;

/** "From `day` on" as "in the last N": the day is N units before today. */
function sinceRolling(day: Day): Rolling | null {
  if (day.base.kind !== "relative") return null;
  if (day.base.unit === "weeks" && day.shift === 0 && inRange(-day.base.amount)) return { amount: -day.base.amount, unit: "weeks" };
  const days = totalDays(day);
  if (days !== null) return inRange(-days) ? { amount: -days, unit: "days" } : null;
  return day.shift === 0 && inRange(-monthsOf(day.base)) ? { amount: -monthsOf(day.base), unit: "months" } : null;
}

/** "Up to and including `day`" as "more than N ago": the day after it is N units before today. */
function untilRolling(day: Day): Rolling | null {
  return sinceRolling(shifted(day, 1));
}

/** "From today to `day`" as "in the next N". */
function nextRolling(day: Day): Rolling | null {
  if (day.base.kind !== "relative") return null;
  if (day.base.unit === "weeks" && day.shift === 0 && inRange(day.base.amount)) return { amount: day.base.amount, unit: "weeks" };
  const days = totalDays(day);
  if (days !== null) return inRange(days) ? { amount: days, unit: "days" } : null;
  return day.shift === 0 && inRange(monthsOf(day.base)) ? { amount: monthsOf(day.base), unit: "months" } : null;
}

const isToday = (day: Day | null) => day !== null && totalDays(day) === 0;

export type Fixing = { pos: Position; message: string };

function fixedNote(range: DayRange, ctx: DateContext): Fixing | null {
  const relative = [range.from, range.to].filter((d): d is Day => d !== null && isRelative(d));
  if (relative.length === 0) return null;
  const dates = [range.from, range.to].map((d) => (d ? resolveDay(d, ctx) : null));
  const meaning = dates[0] && dates[1] ? (dates[0] === dates[1] ? `the day ${dates[0]}` : `${dates[0]} to ${dates[1]}`) : dates[0] ? `${dates[0]} onwards` : `up to ${dates[1]}`;
  return { pos: relative[0].pos, message: `Segmentflow cannot keep this relative date moving with the same meaning, so it was fixed to ${meaning} (as of today, ${todayIn(ctx)})` };
}

function checkNotEmpty(range: DayRange, ctx: DateContext): void {
  if (range.from && range.to && resolveDay(range.from, ctx) > resolveDay(range.to, ctx)) {
    fail(range.to.pos, `This range is empty: ${resolveDay(range.from, ctx)} is after ${resolveDay(range.to, ctx)}`);
  }
}

/**
 * A range as date rules on a value (And: one or two rules). `pastOnly`: the value is never in the
 * future (order, sign-up and checkout times), so "from day X on" is "in the last N".
 */
export function rangeToDateMatches(range: DayRange, ctx: DateContext, pastOnly: boolean): { matches: DateMatch[]; fixed: Fixing | null } {
  checkNotEmpty(range, ctx);
  const rolling = rollingMatches(range, pastOnly);
  if (rolling) return { matches: rolling, fixed: null };
  const from = range.from ? resolveDay(range.from, ctx) : null;
  const to = range.to ? resolveDay(range.to, ctx) : null;
  const fixed = fixedNote(range, ctx);
  if (from && to) return { matches: [from === to ? { operator: "on", date: from } : { operator: "between", start: from, end: to }], fixed };
  if (from) return { matches: [{ operator: "after", date: plusDays(from, -1) }], fixed };
  return { matches: [{ operator: "before", date: plusDays(to!, 1) }], fixed };
}

function rollingMatches(range: DayRange, pastOnly: boolean): DateMatch[] | null {
  const { from, to } = range;
  if (!(from && isRelative(from)) && !(to && isRelative(to))) return null;
  if (isToday(from) && to && isRelative(to)) {
    const next = nextRolling(to);
    return next ? [{ operator: "in_next", ...next }] : null;
  }
  const lower = (): DateMatch | null => {
    if (!from) return null;
    if (from.base.kind === "fixed") return { operator: "after", date: plusDays(from.base.date, from.shift - 1) };
    const since = sinceRolling(from);
    return since ? { operator: "in_last", ...since } : null;
  };
  const upper = (): DateMatch | null => {
    if (!to) return null;
    if (to.base.kind === "fixed") return { operator: "before", date: plusDays(to.base.date, to.shift + 1) };
    const until = untilRolling(to);
    return until ? { operator: "more_than_ago", ...until } : null;
  };
  if (from && (!to || alwaysTodayOrLater(to))) {
    // "in the last N" stops at now, and dropping an upper bound of today or later is exact only
    // for values that are never in the future
    if (!pastOnly) return null;
    const since = lower();
    return since ? [since] : null;
  }
  if (!from) {
    const until = upper();
    return until ? [until] : null;
  }
  const [a, b] = [lower(), upper()];
  return a && b ? [a, b] : null;
}

/**
 * A range as an event window (the events are in the past). Windows have no "more than N ago":
 * a relative upper bound is fixed.
 */
export function rangeToWindow(range: DayRange, ctx: DateContext): { window: Window; fixed: Fixing | null } {
  checkNotEmpty(range, ctx);
  const { from, to } = range;
  if (from && isRelative(from) && (!to || alwaysTodayOrLater(to))) {
    const since = sinceRolling(from);
    if (since) return { window: { kind: "in_last", ...since }, fixed: null };
  }
  // events are never in the future: an upper bound of today or later bounds nothing
  const effective = { from, to: from && to && alwaysTodayOrLater(to) ? null : to };
  const fixed = fixedNote(effective, ctx);
  const start = effective.from ? resolveDay(effective.from, ctx) : null;
  const end = effective.to ? resolveDay(effective.to, ctx) : null;
  if (start && end) return { window: { kind: "between", start, end }, fixed };
  if (start) return { window: { kind: "after", date: plusDays(start, -1) }, fixed };
  return { window: { kind: "before", date: plusDays(end!, 1) }, fixed };
}

/** "From `day` on" as an event window (used for "the latest event is on or after day"). */
export function sinceWindow(day: Day, ctx: DateContext): { window: Window; fixed: Fixing | null } {
  return rangeToWindow({ from: day, to: null }, ctx);
}

export { shifted };
