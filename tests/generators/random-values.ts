import type { Count, DateMatch, NumberMatch, TextMatch, Window } from "../../app/segments/matches";
import { SeededRandom } from "../../db/seed/random";
import { addDays, localDate, localDateTime } from "../reference/calendar";
import type { StoreFacts } from "./store-facts";

/**
 * The value generators behind `RandomDefinitions`: seeded text, number and date matches, windows,
 * counts and ids drawn from one store's facts. A base class so the condition generators can call
 * them on the same seeded random stream, in the same order.
 */
export abstract class RandomValues {
  protected readonly random: SeededRandom;

  constructor(
    seed: number,
    protected readonly facts: StoreFacts,
  ) {
    this.random = new SeededRandom(seed);
  }

  private pickOr<T>(items: readonly T[], fallback: T): T {
    return items.length ? this.random.pick(items) : fallback;
  }

  protected some<T>(items: readonly T[], min: number, max: number): T[] {
    const n = this.random.int(min, max);
    return Array.from({ length: n }, () => this.random.pick(items));
  }

  /** The same text in another case: as is, upper, lower, or with ASCII letters swapped. */
  protected recase(text: string): string {
    return this.random.weighted([
      [text, 4],
      [text.toUpperCase(), 2],
      [text.toLowerCase(), 2],
      [text.replace(/[A-Za-z]/g, (ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())), 1],
    ] as const);
  }

  /** A piece of a real value, whole code points only. */
  private piece(text: string, where: "start" | "end" | "inside"): string {
    const chars = Array.from(text);
    const length = Math.min(chars.length, this.random.int(1, 4));
    const from = where === "start" ? 0 : where === "end" ? chars.length - length : this.random.int(0, chars.length - length);
    return chars.slice(from, from + length).join("") || text;
  }

  protected textMatch(operator: string, pool: string[]): TextMatch {
    const values = pool.filter((v) => v !== "");
    // values outside plain ASCII letters (accents, emoji, LIKE wildcards) are rare in a store but where rules break
    const unusual = values.filter((v) => /[^ -~]|[%_\\]/.test(v));
    const astral = unusual.filter((v) => /[\u{10000}-\u{10FFFF}]/u.test(v));
    const real = () => {
      const pool = this.random.weighted([[astral, astral.length ? 1 : 0], [unusual, unusual.length ? 2 : 0], [values, 7]] as const);
      return this.pickOr(pool, "Zoë");
    };
    switch (operator) {
      case "is":
      case "is_not":
        return { operator, value: this.recase(this.random.chance(0.9) ? real() : "nobody-has-this") };
      case "contains":
      case "not_contains":
        return { operator, value: this.recase(this.piece(real(), "inside")) };
      case "starts_with":
        return { operator, value: this.recase(this.piece(real(), "start")) };
      case "ends_with":
        return { operator, value: this.recase(this.piece(real(), "end")) };
      case "is_any_of":
      case "is_none_of":
        return { operator, values: this.some([...values.slice(0, 50), "nobody-has-this"], 1, 4).map((v) => this.recase(v)) };
      default:
        return { operator: operator as "is_set" | "is_not_set" };
    }
  }

  protected caseSensitive(): { caseSensitive?: boolean } {
    return this.random.weighted([[{}, 6], [{ caseSensitive: true }, 3], [{ caseSensitive: false }, 1]] as const);
  }

  /** A number rule on values from `pool`, or (with probability `edgeChance`) on the edge values `around` (0, 1…). */
  protected numberMatch(operator: string, pool: number[], around: number[] = [], edgeChance = 0.2): NumberMatch {
    const value = () => (this.random.chance(edgeChance) && around.length ? this.random.pick(around) : this.pickOr(pool, 0));
    if (operator === "between") {
      const [a, b] = [value(), value()].sort((x, y) => x - y);
      return { operator, min: a, max: b };
    }
    if (operator === "is_set" || operator === "is_not_set") return { operator };
    return { operator: operator as "eq", value: value() };
  }

  /** A calendar date near real values (or a notable date: DST changes, month ends, today). */
  private dateNear(values: number[]): string {
    if (values.length === 0 || this.random.chance(0.35)) return this.random.pick(this.facts.notableDates);
    return addDays(localDate(this.random.pick(values), this.facts.clock.timeZone), this.random.int(-2, 2));
  }

  private amount(unit: string): number {
    const r = this.random;
    switch (unit) {
      case "hours":
        return r.weighted([[r.int(1, 48), 3], [r.int(49, 2000), 1]] as const);
      case "days":
        return r.weighted([[r.pick([1, 7, 14, 30, 60, 90, 180, 365]), 3], [r.int(1, 400), 3], [this.daysToNotable(), 2]] as const);
      case "weeks":
        return r.int(1, 60);
      default:
        return r.int(1, 24);
    }
  }

  /** How many days back a notable date lies (so a window edge falls on it). */
  private daysToNotable(): number {
    const today = localDate(this.facts.clock.now, this.facts.clock.timeZone);
    const date = this.random.pick(this.facts.notableDates);
    const days = Math.round((Date.parse(today) - Date.parse(date)) / 86_400_000);
    return Math.min(3650, Math.max(1, Math.abs(days)));
  }

  protected dateMatch(operator: string, values: number[]): DateMatch {
    const r = this.random;
    switch (operator) {
      case "before":
      case "after":
        if (values.length && r.chance(0.15)) {
          // exactly a real value's second: the edge of before / after
          const [date, time] = localDateTime(r.pick(values), this.facts.clock.timeZone).split("T");
          return { operator, date, time };
        }
        return { operator, date: this.dateNear(values), ...(r.chance(0.25) ? { time: this.timeOfDay(values) } : {}) };
      case "on":
        return { operator, date: this.dateNear(values) };
      case "between": {
        const start = this.dateNear(values);
        return { operator, start, end: addDays(start, r.weighted([[0, 1], [r.int(1, 10), 2], [r.int(11, 120), 2]] as const)) };
      }
      case "in_last": {
        const unit = r.pick(["hours", "days", "days", "weeks", "months"] as const);
        return { operator, amount: this.amount(unit), unit };
      }
      case "more_than_ago": {
        const unit = r.pick(["days", "days", "weeks", "months"] as const);
        return { operator, amount: this.amount(unit), unit };
      }
      case "in_next": {
        const unit = r.pick(["days", "days", "weeks", "months"] as const);
        return { operator, amount: unit === "days" ? r.pick([1, 2, 7, 30, r.int(1, 90)]) : r.int(1, 6), unit };
      }
      default:
        return { operator: operator as "is_set" | "is_not_set" };
    }
  }

  /** A time of day: a real value's (to the second), the day's edges, or the hours clocks change at. */
  private timeOfDay(values: number[]): string {
    const r = this.random;
    const real = () => localDateTime(r.pick(values), this.facts.clock.timeZone).slice(11);
    const pad = (n: number) => String(n).padStart(2, "0");
    return r.weighted([
      [values.length ? real() : "12:00:00", 3],
      [r.pick(["00:00:00", "00:00:01", "23:59:59", "00:30:00", "01:30:00", "02:30:00", "03:00:00"]), 2],
      [`${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`, 2],
    ] as const);
  }

  protected window(probability: number): { window?: Window } {
    const r = this.random;
    if (!r.chance(probability)) return {};
    const kind = r.weighted([["in_last", 5], ["before", 1], ["after", 1], ["between", 1]] as const);
    if (kind === "in_last") {
      const unit = r.pick(["hours", "days", "days", "weeks", "months"] as const);
      return { window: { kind, amount: this.amount(unit), unit } };
    }
    const recent = [this.facts.clock.now - r.int(0, 365) * 86_400_000];
    const date = this.dateNear(recent);
    if (kind === "between") return { window: { kind, start: date, end: addDays(date, r.int(0, 90)) } };
    return { window: { kind, date } };
  }

  protected countRule(operator: string): { occurrence: "has_done" | "has_not_done"; count?: Count } {
    const r = this.random;
    switch (operator) {
      case "has_done":
        return { occurrence: "has_done" };
      case "has_not_done":
        return { occurrence: "has_not_done" };
      case "at_least":
        return { occurrence: "has_done", count: { operator, value: r.weighted([[r.int(1, 3), 3], [r.int(4, 12), 1]] as const) } };
      case "at_most":
        return { occurrence: "has_done", count: { operator, value: r.int(0, 4) } };
      case "exactly":
        return { occurrence: "has_done", count: { operator, value: r.int(1, 4) } };
      default: {
        const min = r.int(0, 3);
        return { occurrence: "has_done", count: { operator: "between", min, max: min + r.int(0, 5) } };
      }
    }
  }

  /** Ids for a filter: mostly real and popular ones, sometimes repeated. */
  protected ids(popular: number[], all: number[], max = 3): number[] {
    const pool = popular.length ? popular : all;
    const ids = this.some(pool.length ? pool : [1], 1, max);
    if (this.random.chance(0.1)) ids.push(ids[0]);
    return ids;
  }
}
