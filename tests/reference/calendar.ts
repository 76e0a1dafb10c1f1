import type { DateMatch, Window } from "../../app/segments/matches";

/**
 * The time rule, re-derived without luxon or app/segments/time.ts: calendar dates are strings
 * `YYYY-MM-DD`, date arithmetic is done on them (proleptic Gregorian, via Date.UTC), and "the start
 * of a day in the shop's zone" is found by searching for the first instant whose local date (as
 * Intl reports it) is that day. No offset arithmetic, so DST gaps, repeated hours and skipped days
 * need no special cases.
 */

export type Clock = { now: number; timeZone: string };
/** Half-open [from, to) of epoch ms. */
export type Interval = { from: number; to: number };

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of instant `ms` in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts.year.padStart(4, "0")}-${parts.month}-${parts.day}`;
}

const starts = new Map<string, number>();

/** The first instant whose local date in `timeZone` is `date` or later. */
export function dayStart(date: string, timeZone: string): number {
  const key = `${timeZone} ${date}`;
  const cached = starts.get(key);
  if (cached !== undefined) return cached;
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // every zone is within UTC−12…UTC+14: the local date is before `date` at lo and not before it at hi
  let lo = midnightUtc - 15 * HOUR;
  let hi = midnightUtc + 13 * HOUR;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(mid, timeZone) >= date) hi = mid;
    else lo = mid + 1;
  }
  starts.set(key, lo);
  return lo;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** What the shop's wall clock reads at instant `ms`: `YYYY-MM-DDTHH:MM:SS`. */
export function localDateTime(ms: number, timeZone: string): string {
  let format = wallFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    wallFormatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.year.padStart(4, "0")}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

const timeStarts = new Map<string, number>();

/**
 * The first instant of `date` at which the wall clock reads `time` or later: walked in quarter
 * hours from the day's start (every zone changes its offset on a quarter hour, so the reading
 * only goes forward inside a step), then searched to the millisecond inside the step.
 */
export function dayTimeStart(date: string, time: string, timeZone: string): number {
  const key = `${timeZone} ${date} ${time}`;
  const cached = timeStarts.get(key);
  if (cached !== undefined) return cached;
  const wanted = `${date}T${time}`;
  const end = dayStart(addDays(date, 1), timeZone);
  const QUARTER = 15 * 60_000;
  let result = end;
  for (let t = dayStart(date, timeZone); t < end; t += QUARTER) {
    const stepEnd = Math.min(t + QUARTER, end);
    if (localDateTime(stepEnd - 1, timeZone) < wanted) continue;
    let [lo, hi] = [t, stepEnd - 1];
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (localDateTime(mid, timeZone) >= wanted) hi = mid;
      else lo = mid + 1;
    }
    result = lo;
    break;
  }
  timeStarts.set(key, result);
  return result;
}

/** The wall-clock second after `date` `time`. */
function secondAfter(date: string, time: string): [string, string] {
  const [h, m, s] = time.split(":").map(Number);
  const next = h * 3600 + m * 60 + s + 1;
  if (next === 86_400) return [addDays(date, 1), "00:00:00"];
  const pad = (n: number) => String(n).padStart(2, "0");
  return [date, `${pad(Math.floor(next / 3600))}:${pad(Math.floor(next / 60) % 60)}:${pad(next % 60)}`];
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split("-").map(Number);
  return [y, m, d];
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return format(Date.UTC(y, m - 1, d + days));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isLeapYear(year: number): boolean {
  return daysInMonth(year, 2) === 29;
}

/** Calendar months: the same day of the month, or the month's last day when it is shorter (Mar 31 − 1 month = Feb 28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(Math.min(d, daysInMonth(year, month))).padStart(2, "0")}`;
}

export function today(clock: Clock): string {
  return localDate(clock.now, clock.timeZone);
}

/** today − N days / weeks (7 days) / calendar months. */
function shiftDate(date: string, amount: number, unit: "days" | "weeks" | "months"): string {
  if (unit === "months") return addMonths(date, amount);
  return addDays(date, unit === "weeks" ? 7 * amount : amount);
}

/** The lower edge of "in the last N <unit>" (and the upper edge of "more than N ago"). */
function lastEdge(amount: number, unit: "hours" | "days" | "weeks" | "months", clock: Clock): number {
  if (unit === "hours") return clock.now - amount * HOUR;
  return dayStart(shiftDate(today(clock), -amount, unit), clock.timeZone);
}

const EVERYTHING: Interval = { from: -Infinity, to: Infinity };

/** The instants a date rule accepts (presence rules have no interval). */
export function dateRuleInterval(match: Exclude<DateMatch, { operator: "is_set" | "is_not_set" }>, clock: Clock): Interval {
  const start = (date: string) => dayStart(date, clock.timeZone);
  switch (match.operator) {
    case "before":
      return { from: -Infinity, to: match.time ? dayTimeStart(match.date, match.time, clock.timeZone) : start(match.date) };
    case "after":
      return { from: match.time ? dayTimeStart(...secondAfter(match.date, match.time), clock.timeZone) : start(addDays(match.date, 1)), to: Infinity };
    case "on":
      return { from: start(match.date), to: start(addDays(match.date, 1)) };
    case "between":
      return { from: start(match.start), to: start(addDays(match.end, 1)) };
    case "in_last":
      return { from: lastEdge(match.amount, match.unit, clock), to: clock.now + 1 };
    case "more_than_ago":
      return { from: -Infinity, to: lastEdge(match.amount, match.unit, clock) };
    case "in_next":
      return { from: start(today(clock)), to: start(addDays(shiftDate(today(clock), match.amount, match.unit), 1)) };
  }
}

export function windowRuleInterval(window: Window | undefined, clock: Clock): Interval {
  if (!window) return EVERYTHING;
  switch (window.kind) {
    case "in_last":
      return dateRuleInterval({ operator: "in_last", amount: window.amount, unit: window.unit }, clock);
    case "before":
      return dateRuleInterval({ operator: "before", date: window.date }, clock);
    case "after":
      return dateRuleInterval({ operator: "after", date: window.date }, clock);
    case "between":
      return dateRuleInterval({ operator: "between", start: window.start, end: window.end }, clock);
  }
}

export function inInterval(t: number | null, { from, to }: Interval): boolean {
  return t !== null && t >= from && t < to;
}

/** A date rule as a test of a nullable instant: unset values only match "is not set". */
export function dateRule(match: DateMatch, clock: Clock): (t: number | null) => boolean {
  if (match.operator === "is_set") return (t) => t !== null;
  if (match.operator === "is_not_set") return (t) => t === null;
  const interval = dateRuleInterval(match as Exclude<DateMatch, { operator: "is_set" | "is_not_set" }>, clock);
  return (t) => inInterval(t, interval);
}

/**
 * Month-day numbers (month × 100 + day) of the days from today through today + N in the shop's
 * zone. A Feb 29 birthday is celebrated on Feb 28 in years without a Feb 29.
 */
export function upcomingBirthdays(days: number, clock: Clock): Set<number> {
  const found = new Set<number>();
  let date = today(clock);
  for (let i = 0; i <= days; i++, date = addDays(date, 1)) {
    const [y, m, d] = parts(date);
    found.add(m * 100 + d);
    if (m === 2 && d === 28 && !isLeapYear(y)) found.add(229);
  }
  return found;
}
