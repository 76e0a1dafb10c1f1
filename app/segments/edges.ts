import { sql, type SQL } from "drizzle-orm";
import type { DateMatch, Window } from "./matches";
import { dateInterval, isPresence, windowInterval, type Interval } from "./sql";
import type { TimeSpan } from "./conditions/spec";
import type { TimeContext } from "./time";

/**
 * Where a moving window edge swept during a tick: for each bound of the interval that differs
 * between `span.from` and `span.to`, the band of instants it passed over. Absolute bounds never move.
 */
export function sweptBands(intervalAt: (time: TimeContext) => Interval, span: TimeSpan, bounds: readonly ("from" | "to")[] = ["from", "to"]): Interval[] {
  const before = intervalAt({ now: span.from, timeZone: span.timeZone });
  const after = intervalAt({ now: span.to, timeZone: span.timeZone });
  const bands: Interval[] = [];
  for (const bound of bounds) {
    const a = before[bound];
    const b = after[bound];
    if (a !== null && b !== null && a !== b) bands.push({ from: Math.min(a, b), to: Math.max(a, b) });
  }
  return bands;
}

export function dateMatchBands(match: DateMatch, span: TimeSpan): Interval[] {
  if (isPresence(match)) return [];
  if (match.operator !== "in_last" && match.operator !== "more_than_ago" && match.operator !== "in_next") return [];
  return sweptBands((time) => dateInterval(match, time), span);
}

/**
 * Event, order and purchase windows: only the lower edge moves data out. The upper edge ("up to
 * now") only ever passes rows recorded at or before now, which the real-time path has already
 * evaluated when they arrived, so re-checking them every tick would be wasted work.
 */
export function windowBands(window: Window | undefined, span: TimeSpan): Interval[] {
  if (!window || window.kind !== "in_last") return [];
  return sweptBands((time) => windowInterval(window, time), span, ["from"]);
}

/** `column` in any of the bands. */
export function inBands(column: SQL, bands: Interval[]): SQL {
  return sql`(${sql.join(
    bands.map((b) => sql`(${column} >= ${b.from} AND ${column} < ${b.to})`),
    sql` OR `,
  )})`;
}
