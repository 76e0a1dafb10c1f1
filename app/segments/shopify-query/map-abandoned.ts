import type { Window } from "../matches";
import type { Comparison } from "./ast";
import { combine, condition, type Part } from "./build";
import { dayRanges, resolveDay, shifted, sinceWindow, type Day, type DayRange } from "./dates";
import { fail, type Position } from "./errors";
import type { Mapper } from "./map-values";

/**
 * abandoned_checkout_date is the date of the latest abandoned checkout. "The latest is in
 * [from, to]" is "abandoned a checkout on or after `from`" and "did not abandon one after `to`",
 * both event rules with a window that starts on a day (exact and rolling for relative days).
 */

type Abandoned = { type: "checkout_activity"; action: "abandoned"; occurrence: "has_done" | "has_not_done"; window?: Window };

function since(day: Day, m: Mapper): Window {
  const { window, fixed } = sinceWindow(day, m.ctx);
  if (fixed) m.warn({ line: fixed.pos.line, column: fixed.pos.column, message: fixed.message });
  return window;
}

function rangePart(range: DayRange, m: Mapper, pos: Position): Part {
  if (range.from && range.to && resolveDay(range.from, m.ctx) > resolveDay(range.to, m.ctx)) {
    fail(range.to.pos, `This range is empty: ${resolveDay(range.from, m.ctx)} is after ${resolveDay(range.to, m.ctx)}`);
  }
  const parts: Part[] = [];
  const did: Abandoned = { type: "checkout_activity", action: "abandoned", occurrence: "has_done" };
  parts.push(condition(range.from ? { ...did, window: since(range.from, m) } : did, pos));
  if (range.to) parts.push(condition({ ...did, occurrence: "has_not_done", window: since(shifted(range.to, 1), m) }, pos));
  return combine("all", parts, pos);
}

export function abandonedCheckoutPart(cmp: Comparison, m: Mapper, pos: Position): Part {
  if (cmp.op === "is_null" || cmp.op === "is_not_null") {
    return condition({ type: "checkout_activity", action: "abandoned", occurrence: cmp.op === "is_null" ? "has_not_done" : "has_done" }, pos);
  }
  return combine("any", dayRanges(cmp).map((range) => rangePart(range, m, pos)), pos);
}
