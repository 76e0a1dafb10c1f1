import { DateTime } from "luxon";

/**
 * The product's one time rule. `now` is always an argument. Calendar dates and "in the last N
 * days/weeks/months" count whole days in the shop's time zone (Shopify's `-30d`: from the start of
 * the day 30 days before today); "in the last N hours" is exact.
 */

export type CalendarUnit = "days" | "weeks" | "months";
export type WindowUnit = CalendarUnit | "hours";

export type TimeContext = { now: number; timeZone: string };

/** Start (epoch ms) of a calendar date `YYYY-MM-DD` in the zone. */
export function startOfDate(date: string, timeZone: string): number {
  const day = DateTime.fromISO(date, { zone: timeZone });
  if (!day.isValid) throw new Error(`invalid date ${date}`);
  return day.startOf("day").toMillis();
}

/** Start of the day after `date` — the exclusive end of "on `date`". */
export function endOfDate(date: string, timeZone: string): number {
  return DateTime.fromISO(date, { zone: timeZone }).startOf("day").plus({ days: 1 }).toMillis();
}

function today({ now, timeZone }: TimeContext): DateTime {
  return DateTime.fromMillis(now, { zone: timeZone }).startOf("day");
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
  return shift(today(ctx), -amount, unit).toMillis();
}

/** The exclusive upper edge of "in the next `amount` `unit`": the start of the day after today + amount. */
export function nextWindowEnd(amount: number, unit: CalendarUnit, ctx: TimeContext): number {
  return shift(today(ctx), amount, unit).plus({ days: 1 }).toMillis();
}

/** Start of today in the zone. */
export function startOfToday(ctx: TimeContext): number {
  return today(ctx).toMillis();
}

/** Today's month (1–12) and day in the zone. */
export function monthDayToday(ctx: TimeContext): { month: number; day: number } {
  const day = today(ctx);
  return { month: day.month, day: day.day };
}

/** Month-day numbers (month × 100 + day) from today through today + `days`, as inclusive ranges (split at the new year). */
export function upcomingMonthDayRanges(days: number, ctx: TimeContext): [number, number][] {
  const start = today(ctx);
  const end = start.plus({ days });
  const md = (d: DateTime) => d.month * 100 + d.day;
  if (days >= 365) return [[101, 1231]];
  if (end.year === start.year) return [[md(start), md(end)]];
  return [
    [md(start), 1231],
    [101, md(end)],
  ];
}

/** The calendar date (`YYYY-MM-DD`) of an instant in the zone. */
export function dateInZone(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toISODate()!;
}

/** Start of the day `days` after the day of `ms`, in the zone (when a whole-day window lets go of `ms`). */
export function startOfDayAfter(ms: number, days: number, timeZone: string): number {
  return DateTime.fromMillis(ms, { zone: timeZone }).startOf("day").plus({ days }).toMillis();
}

/** Is `zone` an IANA zone luxon knows? */
export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
