import { DateTime } from "luxon";

/**
 * The product's one time rule. `now` is always an argument. Calendar dates and "in the last N
 * days/weeks/months" count whole days in the shop's time zone (Shopify's `-30d`: from the start of
 * the day 30 days before today); "in the last N hours" is exact.
 */

export type CalendarUnit = "days" | "weeks" | "months";
export type WindowUnit = CalendarUnit | "hours";

export type TimeContext = { now: number; timeZone: string };

/**
 * Zone arithmetic is slow (Intl under luxon) and the same thresholds are asked for constantly
 * (every segment, every tick, every event), so results are memoised. Keys use the minute of `now`:
 * every zone's offset is a whole number of minutes, so the local date cannot change within one.
 */
const memo = new Map<string, unknown>();
function remember<T>(key: string, compute: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  if (memo.size > 20_000) memo.clear();
  const value = compute();
  memo.set(key, value);
  return value;
}
const minuteKey = ({ now, timeZone }: TimeContext) => `${timeZone}|${Math.floor(now / 60_000)}`;

/**
 * The first instant of `day`'s calendar date. Needed twice over: after a skipped midnight (clocks
 * jump from 00:00 to 01:00, e.g. America/Santiago) luxon's `startOf("day")` is 01:00, and adding
 * days to it keeps 01:00 on the next day; where midnight happens twice (clocks go back from 01:00
 * to 00:00, e.g. Atlantic/Azores, America/Havana) luxon picks the later one, the day starts at the
 * earlier.
 */
function firstInstant(day: DateTime): number {
  const start = day.startOf("day");
  const before = start.minus({ milliseconds: 1 });
  if (before.toISODate() !== start.toISODate()) return start.toMillis();
  return before.toMillis() - (((before.hour * 60 + before.minute) * 60 + before.second) * 1000 + before.millisecond);
}

/** Start (epoch ms) of a calendar date `YYYY-MM-DD` in the zone. */
export function startOfDate(date: string, timeZone: string): number {
  return remember(`start|${timeZone}|${date}`, () => {
    const day = DateTime.fromISO(date, { zone: timeZone });
    if (!day.isValid) throw new Error(`invalid date ${date}`);
    return firstInstant(day);
  });
}

/** Start of the day after `date` — the exclusive end of "on `date`". */
export function endOfDate(date: string, timeZone: string): number {
  return remember(`end|${timeZone}|${date}`, () => firstInstant(DateTime.fromISO(date, { zone: timeZone }).startOf("day").plus({ days: 1 })));
}

/**
 * The instant the shop's clock first reads `time` (HH:MM:SS) on `date`. Where the clocks go back
 * and the time happens twice, the first; where they jump over it, the instant of the jump.
 */
export function startOfDateTime(date: string, time: string, timeZone: string): number {
  return remember(`at|${timeZone}|${date}|${time}`, () => {
    const wall = DateTime.fromISO(`${date}T${time}`, { zone: "UTC" }).toMillis();
    const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).offset * 60_000;
    const offsets = [...new Set([offsetAt(startOfDate(date, timeZone)), offsetAt(endOfDate(date, timeZone) - 1)])];
    const reads = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss") === `${date}T${time}`;
    const candidates = offsets.map((offset) => wall - offset);
    const exact = candidates.filter(reads);
    if (exact.length > 0) return Math.min(...exact);
    // skipped: the first instant whose local time is later (the offset changes between the candidates)
    let [lo, hi] = [Math.min(...candidates), Math.max(...candidates)];
    const late = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss") > `${date}T${time}`;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (late(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  });
}

/** The wall-clock second after `date` `time` ("2026-05-30", "23:59:59" → "2026-05-31", "00:00:00"). */
export function nextSecond(date: string, time: string): [string, string] {
  const next = DateTime.fromISO(`${date}T${time}`, { zone: "UTC" }).plus({ seconds: 1 });
  return [next.toISODate()!, next.toFormat("HH:mm:ss")];
}

function today(ctx: TimeContext): DateTime {
  return remember(`today|${minuteKey(ctx)}`, () => DateTime.fromMillis(ctx.now, { zone: ctx.timeZone }).startOf("day"));
}

function shift(day: DateTime, amount: number, unit: CalendarUnit): DateTime {
  return unit === "weeks" ? day.plus({ days: 7 * amount }) : day.plus({ [unit]: amount });
}

/**
 * The lower edge of "in the last `amount` `unit`": the start of the day `amount` units before
 * today, or exactly `amount` hours ago. "More than N ago" is everything before the same edge.
 */
export function windowStart(amount: number, unit: WindowUnit, ctx: TimeContext): number {
  if (unit === "hours") return ctx.now - amount * 3_600_000;
  return remember(`ago|${minuteKey(ctx)}|${amount}|${unit}`, () => firstInstant(shift(today(ctx), -amount, unit)));
}

/** The exclusive upper edge of "in the next `amount` `unit`": the start of the day after today + amount. */
export function nextWindowEnd(amount: number, unit: CalendarUnit, ctx: TimeContext): number {
  return remember(`next|${minuteKey(ctx)}|${amount}|${unit}`, () => firstInstant(shift(today(ctx), amount, unit).plus({ days: 1 })));
}

/** Start of today in the zone. */
export function startOfToday(ctx: TimeContext): number {
  return remember(`sot|${minuteKey(ctx)}`, () => firstInstant(today(ctx)));
}

/** Today's month (1–12) and day in the zone. */
export function monthDayToday(ctx: TimeContext): { month: number; day: number } {
  const day = today(ctx);
  return { month: day.month, day: day.day };
}

/**
 * Month-day numbers (month × 100 + day) from today through today + `days`, as inclusive ranges
 * (split at the new year). A Feb 29 birthday is celebrated on Feb 28 in years without a Feb 29.
 */
export function upcomingMonthDayRanges(days: number, ctx: TimeContext): [number, number][] {
  const start = today(ctx);
  const end = start.plus({ days });
  const md = (d: DateTime) => d.month * 100 + d.day;
  const last = md(end) === 228 && !end.isInLeapYear ? 229 : md(end);
  if (days >= 365) return [[101, 1231]];
  if (end.year === start.year) return [[md(start), last]];
  return [
    [md(start), 1231],
    [101, last],
  ];
}

/** The calendar date (`YYYY-MM-DD`) of an instant in the zone. */
export function dateInZone(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toISODate()!;
}

/** Start of the day `days` after the day of `ms`, in the zone (when a whole-day window lets go of `ms`). */
export function startOfDayAfter(ms: number, days: number, timeZone: string): number {
  return firstInstant(DateTime.fromMillis(ms, { zone: timeZone }).startOf("day").plus({ days }));
}

/** Is `zone` an IANA zone luxon knows? */
export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
