import { DateTime } from "luxon";
import type { DateMatch, NumberMatch, Window } from "./matches";
import { dateInterval, isPresence, numberMatches, windowInterval, type Interval } from "./sql";
import { startOfDate, type TimeContext } from "./time";

/**
 * When a condition's result changes by time alone. Pure: every instant is derived from the same
 * interval functions the compiler uses (`dateInterval`, `windowInterval`, time.ts), so a predicted
 * change is exactly the instant the engine's SQL answers differently. What is known here about
 * them is only how their bounds move (`motionsOfDate`): not at all, at the zone's day starts, or
 * with `now` itself.
 */

/** The next change of a result: at `at` (epoch ms) it flips, because of `reason`. */
export type Flip = { at: number; reason: string };

/** One change of a result by time alone; `unknown`: nothing was computed past `at`. */
export type Change = { at: number; result: boolean; reason: string } | { at: number; unknown: true };

/**
 * A result over time: its value at `now` (as the facts give it) and its changes, in order (a fresh
 * iterator per call). `periodic`: the changes go on for ever (calendar rules such as birthdays).
 */
export type Timeline = { now: boolean; changes: () => Iterator<Change>; periodic?: boolean };

export const constantTimeline = (now: boolean): Timeline => ({ now, changes: () => [][Symbol.iterator]() });

/** How a bound of an interval moves with time: not at all, at each day start in the zone, or with `now` itself. */
type Motion = "fixed" | "daily" | "exact";
type Motions = { from: Motion; to: Motion };
type Bound = "from" | "to";

/** Largest search, in days (about 23,000 years; luxon's range is far larger). */
const MAX_DAYS = 2 ** 23;

export function motionsOfDate(match: DateMatch): Motions {
  switch (match.operator) {
    case "in_last":
      return { from: match.unit === "hours" ? "exact" : "daily", to: "exact" };
    case "more_than_ago":
      return { from: "fixed", to: "daily" };
    case "in_next":
      return { from: "daily", to: "daily" };
    default:
      return { from: "fixed", to: "fixed" };
  }
}

export function motionsOfWindow(window: Window | undefined): Motions {
  if (!window || window.kind !== "in_last") return { from: "fixed", to: "fixed" };
  return motionsOfDate({ operator: "in_last", amount: window.amount, unit: window.unit });
}

export function contains({ from, to }: Interval, value: number): boolean {
  return (from === null || value >= from) && (to === null || value < to);
}

const DAY = 86_400_000;

/** The calendar date of an instant in the zone, keyed as that date's UTC midnight. */
function dateKey(ms: number, timeZone: string): number {
  const d = DateTime.fromMillis(ms, { zone: timeZone });
  return Date.UTC(d.year, d.month - 1, d.day);
}

/** The first instant, in the zone, of the date keyed `key` (the engine's own day start, time.ts). */
function startOfDateKey(key: number, timeZone: string): number {
  const d = new Date(key);
  if (d.getUTCFullYear() > 9999) return DateTime.fromObject({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, { zone: timeZone }).toMillis();
  return startOfDate(d.toISOString().slice(0, 10), timeZone);
}

/** The smallest k ≥ 1 where `holds(k)` (monotone, false at 0): gallops out from `guess`, then bisects. */
function firstDay(holds: (k: number) => boolean, guess: number): number | null {
  let lo = 0;
  let hi = Math.min(Math.max(1, guess), MAX_DAYS);
  if (holds(hi)) {
    for (let step = 1; hi - step > 0; step *= 2) {
      if (!holds(hi - step)) {
        lo = hi - step;
        break;
      }
      hi -= step;
    }
  } else {
    lo = hi;
    for (let step = 1; ; step *= 2) {
      if (lo + step > MAX_DAYS) return null;
      if (holds(lo + step)) {
        hi = lo + step;
        break;
      }
      lo += step;
    }
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** An interval as a function of the moment it is evaluated at (`dateInterval` or `windowInterval`). */
type IntervalOf = (time: TimeContext) => Interval;

/**
 * When the moving bounds of an interval pass given values: `at(bound, value)` is the first instant
 * after `now` at which the bound exceeds `value` — the value leaves through the lower bound, or
 * enters under the upper one — or null (it never does, or already has). Bounds only move forward.
 *
 * An exact bound is `now + k`. A daily bound is the start of a date computed from today's date by
 * calendar arithmetic, the same in every zone: it is evaluated in date space (noon UTC of each date,
 * cheaper than the shop's zone), so its crossing depends only on the value's date and is computed
 * once per date.
 */
export function crossings(intervalOf: IntervalOf, motions: Motions, time: TimeContext) {
  const current = intervalOf(time);
  const todayKey = dateKey(time.now, time.timeZone);
  const boundOn = (bound: Bound, k: number) => intervalOf({ now: todayKey + k * DAY + DAY / 2, timeZone: "UTC" })[bound] ?? -Infinity;
  const memo = new Map<string, number | null>();
  const daily = (bound: Bound, valueKey: number): number | null => {
    const key = `${bound}:${valueKey}`;
    if (!memo.has(key)) {
      // it moves about a day per day: start looking where it would pass at that pace
      const k = firstDay((k) => boundOn(bound, k) > valueKey, Math.floor((valueKey - boundOn(bound, 0)) / DAY) + 1);
      memo.set(key, k === null ? null : startOfDateKey(todayKey + k * DAY, time.timeZone));
    }
    return memo.get(key)!;
  };
  return {
    current,
    at(bound: Bound, value: number): number | null {
      const edge = current[bound];
      const motion = motions[bound];
      if (motion === "fixed" || edge === null || edge > value) return null;
      // exact: the first whole millisecond t with t + (edge - now) > value
      if (motion === "exact") return Math.floor(value - (edge - time.now)) + 1;
      return daily(bound, dateKey(value, time.timeZone));
    },
  };
}

/** A single instant (a contact's date column or date attribute) under a date rule. */
export function dateTimeline(value: number | null, match: DateMatch, time: TimeContext, reason: (bound: Bound, result: boolean) => string): Timeline {
  if (value === null) return constantTimeline(match.operator === "is_not_set");
  if (isPresence(match)) return constantTimeline(match.operator === "is_set");
  const rule = match;
  const intervalOf: IntervalOf = (t) => dateInterval(rule, t);
  const intervalAt = (t: number) => intervalOf({ now: t, timeZone: time.timeZone });
  const now = contains(intervalAt(time.now), value);
  const motions = motionsOfDate(match);
  const cross = crossings(intervalOf, motions, time);
  const candidates = (["from", "to"] as const)
    .map((bound) => ({ bound, at: cross.at(bound, value) }))
    .filter((c): c is { bound: Bound; at: number } => c.at !== null)
    .sort((a, b) => a.at - b.at);
  return {
    now,
    changes: function* () {
      let state = now;
      for (const { bound, at } of candidates) {
        const next = contains(intervalAt(at), value);
        if (next !== state) yield { at, result: next, reason: reason(bound, next) };
        state = next;
      }
    },
  };
}

/** A qualifying row of a windowed aggregate: its time, an optional amount (sums) and key (distinct counts). */
export type FactRow = { at: number; value?: number; key?: number };
export type Aggregate = "count" | "sum" | "distinct";

/** A group of rows crossing a window bound at the same instant. */
export type RowStep = { at: number; entering: FactRow[]; leaving: FactRow[]; before: number; after: number };

class Tally {
  private count = 0;
  private sum = 0;
  private keys = new Map<number, number>();
  constructor(private readonly kind: Aggregate) {}
  add(row: FactRow, sign: 1 | -1): void {
    this.count += sign;
    this.sum += sign * (row.value ?? 0);
    const key = row.key ?? 0;
    const held = (this.keys.get(key) ?? 0) + sign;
    if (held === 0) this.keys.delete(key);
    else this.keys.set(key, held);
  }
  value(): number {
    return this.kind === "count" ? this.count : this.kind === "sum" ? this.sum : this.keys.size;
  }
}

/** The aggregate of the rows inside `window` at `time` (all rows without a window). */
export function aggregateAt(rows: FactRow[], window: Window | undefined, kind: Aggregate, time: TimeContext): number {
  const interval = window ? windowInterval(window, time) : { from: null, to: null };
  const tally = new Tally(kind);
  for (const row of rows) if (contains(interval, row.at)) tally.add(row, 1);
  return tally.value();
}

/**
 * A rule on a count or sum over rows in a window. Under "in the last …" rows enter at their own
 * time (rows dated in the future) and leave when the lower bound passes them; the aggregate is
 * re-evaluated after each group of simultaneous crossings, so counts, sums and distinct counts
 * change exactly when the rule's answer does.
 */
export function rowTimeline(rows: FactRow[], window: Window | undefined, kind: Aggregate, match: NumberMatch, time: TimeContext, reason: (step: RowStep, result: boolean) => string): Timeline {
  const nowValue = aggregateAt(rows, window, kind, time);
  const now = numberMatches(nowValue, match);
  if (!window || window.kind !== "in_last") return constantTimeline(now);
  const intervalOf: IntervalOf = (t) => windowInterval(window, t);
  const cross = crossings(intervalOf, motionsOfWindow(window), time);
  const current = cross.current;
  const steps = new Map<number, { entering: FactRow[]; leaving: FactRow[] }>();
  const step = (at: number) => steps.get(at) ?? steps.set(at, { entering: [], leaving: [] }).get(at)!;
  for (const row of rows) {
    if (current.from !== null && row.at < current.from) continue; // already left for good
    if (!contains(current, row.at)) {
      const enters = cross.at("to", row.at);
      if (enters === null) continue;
      step(enters).entering.push(row);
    }
    const leaves = cross.at("from", row.at);
    if (leaves !== null) step(leaves).leaving.push(row);
  }
  const order = [...steps.keys()].sort((a, b) => a - b);
  return {
    now,
    changes: function* () {
      const tally = new Tally(kind);
      for (const row of rows) if (contains(current, row.at)) tally.add(row, 1);
      let state = now;
      for (const at of order) {
        const { entering, leaving } = steps.get(at)!;
        const before = tally.value();
        for (const row of entering) tally.add(row, 1);
        for (const row of leaving) tally.add(row, -1);
        const next = numberMatches(tally.value(), match);
        if (next !== state) yield { at, result: next, reason: reason({ at, entering, leaving, before, after: tally.value() }, next) };
        state = next;
      }
    },
  };
}

/** Give up looking for the next change of a calendar rule after this many quiet days (covers leap-day birthdays). */
const MAX_QUIET_DAYS = 9 * 366;

/**
 * A rule that depends only on the date in the zone (birthdays). Its answer for a date is the same
 * computed in any zone (calendar arithmetic does not depend on it), so the scan evaluates each
 * following date at noon UTC, which is cheap, and converts only the dates where the answer
 * changes to the start of that day in the shop's zone. After `MAX_QUIET_DAYS` without a change it
 * reports unknown.
 */
export function dailyTimeline(time: TimeContext, holdsOn: (time: TimeContext) => boolean, reason: (result: boolean, dayStart: number) => string): Timeline {
  const now = holdsOn(time);
  return {
    now,
    periodic: true,
    changes: function* () {
      const todayKey = dateKey(time.now, time.timeZone);
      let state = now;
      let quiet = 0;
      for (let k = 1; ; k++) {
        const next = holdsOn({ now: todayKey + k * DAY + DAY / 2, timeZone: "UTC" });
        if (next !== state) {
          const at = startOfDateKey(todayKey + k * DAY, time.timeZone);
          yield { at, result: next, reason: reason(next, at) };
          state = next;
          quiet = 0;
        } else if (++quiet > MAX_QUIET_DAYS) {
          yield { at: startOfDateKey(todayKey + k * DAY, time.timeZone), unknown: true };
          return;
        }
      }
    },
  };
}
