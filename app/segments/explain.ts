import { DateTime } from "luxon";
import { specOf, type Condition } from "./conditions/catalogue";
import { conditionsOf, type DefinitionNode } from "./definition";
import { describeWindow, formatMinor } from "./describe";
import {
  aggregateAt, constantTimeline, contains, dailyTimeline, dateTimeline, rowTimeline,
  type Aggregate, type Change, type FactRow, type Flip, type RowStep, type Timeline,
} from "./explain-time";
import type { DateMatch, NumberMatch, Window } from "./matches";
import { countRuleToNumberMatch, windowInterval, type Interval } from "./sql";
import { monthDayToday, upcomingMonthDayRanges, windowStart, type TimeContext } from "./time";

/**
 * Explanations: why a contact is in or out of a segment, condition by condition, with the contact's
 * actual values and the instant the answer will change by time alone. Pure: the caller runs the
 * engine's SQL for each condition's result and gathers the facts (see explain.server.ts).
 */

export type { Change, FactRow, Flip, Timeline } from "./explain-time";

/** Contact columns by their SQL names (`last_order_at`, `birthday_md`, …). */
export type ContactValues = Record<string, string | number | boolean | null | undefined>;

/** What the server gathered for one condition (every part optional but `contact`). */
export type ConditionFacts = {
  contact: ContactValues;
  /** Windowed aggregates: the qualifying rows, limited by `factWindow` (in time order or not). */
  rows?: FactRow[];
  /** Tag rules: the chosen tags the contact holds, with their source. */
  tags?: { name: string; source: string }[];
  /** Custom attribute rules: the contact's value, null when they have none. */
  attribute?: { text: string | null; number: number | null } | null;
};

/**
 * What the pure code derives for a condition: its actual value, its next flip by time alone, and
 * (when the facts decide it) its result over time, which the tree replays.
 */
export type ConditionInsight = { actual: string; changesAt: Flip | null; timeline: Timeline | null };
type Insight = Omit<ConditionInsight, "changesAt">;

export type NodeExplanation = {
  id: string;
  kind: "group" | "condition";
  /** The condition's sentence (spec.describe), or "All of" / "Any of". */
  label: string;
  result: boolean;
  actual?: string;
  changesAt?: Flip | null;
  children?: NodeExplanation[];
};

export type Explanation = { member: boolean; changesAt: Flip | null; root: NodeExplanation };

/** The rows a windowed condition's facts need: under "in the last …", everything not yet left (future rows enter later). */
export function factWindow(window: Window | undefined, time: TimeContext): Interval {
  if (!window) return { from: null, to: null };
  if (window.kind === "in_last") return { from: windowStart(window.amount, window.unit, time), to: null };
  return windowInterval(window, time);
}

// ---- formatting -------------------------------------------------------------------------------

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const span = (amount: number, unit: string) => `${amount} ${amount === 1 ? unit.replace(/s$/, "") : unit}`;
const quote = (v: unknown) => (v === null || v === undefined || v === "" ? "not set" : `“${String(v)}”`);
const plain = (v: unknown) => (v === null || v === undefined || v === "" ? "not set" : String(v));
const monthDay = (md: number) => `${MONTHS[Math.floor(md / 100) - 1] ?? "?"} ${md % 100}`;

export function formatDay(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat("yyyy-MM-dd");
}
export function formatInstant(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm");
}

/** "today", "3 days ago", "in 2 days" (whole days in the zone). */
function relativeDays(ms: number, time: TimeContext): string {
  const day = (t: number) => DateTime.fromMillis(t, { zone: time.timeZone }).startOf("day");
  const days = Math.round(day(ms).diff(day(time.now), "days").days);
  if (days === 0) return "today";
  if (days < 0) return days === -1 ? "yesterday" : `${-days} days ago`;
  return days === 1 ? "tomorrow" : `in ${days} days`;
}

/** "Leaves on 2026-12-10 00:00 (America/New_York), when …". */
export function describeFlip(member: boolean, flip: Flip, timeZone: string): string {
  return `${member ? "Leaves" : "Enters"} on ${formatInstant(flip.at, timeZone)} (${timeZone}), ${flip.reason}`;
}

// ---- per-condition -----------------------------------------------------------------------------

/** Contact columns shown as the actual value of property rules. */
const COLUMN_OF: Partial<Record<Condition["type"], string>> = {
  first_name: "first_name", last_name: "last_name", email: "email", phone: "phone", country: "country_code", region: "region_code",
  city: "city", zip: "zip", language: "language", member_tier: "member_tier", gender: "gender", registration_source: "registration_source",
  email_subscription: "email_consent", sms_subscription: "sms_consent", lifecycle_stage: "lifecycle_stage",
  account_state: "account_state",
};
const DATE_COLUMN_OF: Partial<Record<Condition["type"], [column: string, noun: string]>> = {
  signed_up_at: ["created_at", "the sign-up"],
  first_order_at: ["first_order_at", "the first order"],
  last_order_at: ["last_order_at", "the last order"],
  last_visit_at: ["last_visit_at", "the last visit"],
};

function dateInsight(value: number | null, match: DateMatch, noun: string, time: TimeContext): Insight {
  const fmt = (v: number) => (match.operator === "in_last" && match.unit === "hours" ? formatInstant(v, time.timeZone) : formatDay(v, time.timeZone));
  const reason = (bound: "from" | "to"): string => {
    if (match.operator === "in_last") {
      return bound === "from" ? `when ${noun} becomes older than ${span(match.amount, match.unit)}` : `when ${noun} (${fmt(value!)}) is no longer in the future`;
    }
    if (match.operator === "more_than_ago") return `when ${noun} becomes more than ${span(match.amount, match.unit)} old`;
    if (match.operator === "in_next") {
      return bound === "to" ? `when ${noun} (${fmt(value!)}) comes within the next ${span(match.amount, match.unit)}` : `when ${noun} (${fmt(value!)}) is past`;
    }
    return `when ${noun} changes`;
  };
  const actual = value === null ? "not set" : `${formatInstant(value, time.timeZone)} (${relativeDays(value, time)})`;
  return { actual, timeline: dateTimeline(value, match, time, reason) };
}

type Nouns = { one: string; many: string };

function rowNouns(c: Condition): Nouns {
  const action = "action" in c ? c.action.replace(/_/g, " ") : "";
  switch (c.type) {
    case "page_views": return { one: "page view", many: "page views" };
    case "product_views": return { one: "product view", many: "product views" };
    case "collection_views": return { one: "collection view", many: "collection views" };
    case "added_to_cart": return { one: "add to cart", many: "adds to cart" };
    case "checkout_activity": return { one: `${action} checkout`, many: `${action} checkouts` };
    case "email_activity": return { one: `email ${action}`, many: `emails ${action}` };
    case "sms_activity": return { one: `SMS ${action}`, many: `SMS ${action}` };
    case "coupon_activity": return { one: `coupon ${action}`, many: `coupons ${action}` };
    case "subscription": return { one: `subscription ${action}`, many: `subscriptions ${action}` };
    case "purchased_product":
    case "purchased_category": return { one: "purchase", many: "purchases" };
    case "units_purchased": return { one: "purchased line", many: "purchased lines" };
    default: return { one: "order", many: "orders" };
  }
}

/** A windowed count, sum or distinct count and its rule, with the words to explain it. */
function rowsInsight(
  c: Condition, rows: FactRow[], window: Window | undefined, kind: Aggregate, match: NumberMatch, show: (n: number) => string, time: TimeContext,
  short: (n: number) => string = String,
): Insight {
  const nouns = rowNouns(c);
  const hourly = window?.kind === "in_last" && window.unit === "hours";
  const fmt = (at: number) => (hourly ? formatInstant(at, time.timeZone) : formatDay(at, time.timeZone));
  const phrase = (group: FactRow[]) =>
    group.length === 1 ? `the ${nouns.one} of ${fmt(group[0].at)}` : `the ${group.length} ${nouns.many} of ${[...new Set(group.map((r) => fmt(r.at)))].join(", ")}`;
  const reason = (step: RowStep): string => {
    const parts: string[] = [];
    const amount = window?.kind === "in_last" ? span(window.amount, window.unit) : "";
    if (step.leaving.length) parts.push(`${phrase(step.leaving)} ${step.leaving.length === 1 ? "becomes" : "become"} older than ${amount}`);
    if (step.entering.length) parts.push(`${phrase(step.entering)} ${step.entering.length === 1 ? "comes" : "come"} into the last ${amount}`);
    return `when ${parts.join(" and ")} (${short(step.before)} → ${short(step.after)} in the window)`;
  };
  const interval = window ? windowInterval(window, time) : { from: null, to: null };
  const inWindow = rows.filter((r) => contains(interval, r.at));
  const latest = inWindow.reduce<number | null>((m, r) => (m === null || r.at > m ? r.at : m), null);
  const value = aggregateAt(rows, window, kind, time);
  const counted = kind === "count" ? "" : ` from ${inWindow.length} ${inWindow.length === 1 ? nouns.one : nouns.many}`;
  const actual = `${show(value)}${counted}${describeWindow(window)}${latest === null ? "" : `, latest ${formatInstant(latest, time.timeZone)}`}`;
  return { actual, timeline: rowTimeline(rows, window, kind, match, time, reason) };
}

function birthdayInsight(c: Extract<Condition, { type: "birthday" }>, md: number | null, time: TimeContext): Insight {
  const actual = md === null ? "not set" : monthDay(md);
  const match = c.match;
  if (md === null || (match.operator !== "in_next_days" && match.operator !== "in_current_month")) return { actual, timeline: null };
  const days = match.operator === "in_next_days" ? match.days : 0;
  const evaluate = (ctx: TimeContext): boolean => {
    if (match.operator === "in_current_month") return Math.floor(md / 100) === monthDayToday(ctx).month;
    return upcomingMonthDayRanges(days, ctx).some(([a, b]) => md >= a && md <= b);
  };
  // a date's answer depends only on its month and day and on whether its year and the next are leap years
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const answers = new Map<string, boolean>();
  const holdsOn = (ctx: TimeContext): boolean => {
    if (ctx.timeZone !== "UTC") return evaluate(ctx);
    const d = new Date(ctx.now);
    const key = `${d.getUTCMonth()}-${d.getUTCDate()}-${leap(d.getUTCFullYear())}-${leap(d.getUTCFullYear() + 1)}`;
    if (!answers.has(key)) answers.set(key, evaluate(ctx));
    return answers.get(key)!;
  };
  if (match.operator === "in_next_days" && days >= 365) return { actual, timeline: constantTimeline(holdsOn(time)) };
  const reason = (result: boolean, at: number) => {
    if (match.operator === "in_current_month") {
      const month = MONTHS[DateTime.fromMillis(at - 1, { zone: time.timeZone }).month - 1];
      return result ? `when ${MONTHS[Math.floor(md / 100) - 1]} begins` : `when ${month} ends`;
    }
    if (!result) return `when the birthday (${monthDay(md)}) is over`;
    return days === 0 ? `when the birthday (${monthDay(md)}) arrives` : `when the birthday (${monthDay(md)}) comes within the next ${span(days, "days")}`;
  };
  return { actual, timeline: dailyTimeline(time, holdsOn, reason) };
}

function attributeInsight(c: Extract<Condition, { type: "custom_attribute" }>, facts: ConditionFacts, time: TimeContext): Insight {
  const value = facts.attribute ?? null;
  switch (c.valueType) {
    case "text": return { actual: quote(value?.text), timeline: null };
    case "number": return { actual: plain(value?.number), timeline: null };
    case "boolean": return { actual: value?.number == null ? "not set" : value.number === 1 ? "yes" : "no", timeline: null };
    case "date": return dateInsight(value?.number ?? null, c.match, `“${c.key}”`, time);
  }
}

/** The actual value, the next flip and, for rules the facts decide, the result over time, of one condition for one contact. */
export function explainCondition(c: Condition, facts: ConditionFacts, time: TimeContext): ConditionInsight {
  const insight = insightOf(c, facts, time);
  const first = insight.timeline?.changes().next();
  const changesAt = first && !first.done && !("unknown" in first.value) ? { at: first.value.at, reason: first.value.reason } : null;
  return { ...insight, changesAt };
}

const QUOTED = new Set(["first_name", "last_name", "email", "city", "zip", "member_tier"]);

function insightOf(c: Condition, facts: ConditionFacts, time: TimeContext): Insight {
  const contact = facts.contact;
  const rows = facts.rows ?? [];
  const column = COLUMN_OF[c.type];
  if (column) return { actual: QUOTED.has(column) ? quote(contact[column]) : plain(contact[column]), timeline: null };
  const date = DATE_COLUMN_OF[c.type];
  if (date && "match" in c) return dateInsight((contact[date[0]] as number | null) ?? null, c.match as DateMatch, date[1], time);
  switch (c.type) {
    case "email_domain": {
      const email = typeof contact.email === "string" ? contact.email : "";
      return { actual: quote(email.includes("@") ? email.slice(email.indexOf("@") + 1) : null), timeline: null };
    }
    case "email_validity":
    case "phone_validity": {
      const [address, validity] = c.type === "email_validity" ? ["email", "email_validity"] : ["phone", "phone_validity"];
      return { actual: contact[address] ? `${quote(contact[address])}, ${plain(contact[validity])}` : `no ${address === "email" ? "email address" : "phone number"}`, timeline: null };
    }
    case "member_status": return { actual: contact.is_member ? "member" : "not a member", timeline: null };
    case "b2b_company": {
      const n = Number(contact.company_count ?? 0);
      return { actual: n === 0 ? "no company" : `contact of ${n} ${n === 1 ? "company" : "companies"}`, timeline: null };
    }
    case "average_order_value": return { actual: contact.avg_order_minor == null ? "no orders" : formatMinor(Number(contact.avg_order_minor)), timeline: null };
    case "birthday": return birthdayInsight(c, (contact.birthday_md as number | null) ?? null, time);
    case "custom_attribute": return attributeInsight(c, facts, time);
    case "tag": {
      const held = facts.tags ?? [];
      return { actual: held.length ? held.map((t) => `“${t.name}” (${t.source})`).join(", ") : "holds none of these tags", timeline: null };
    }
    case "order_count":
    case "total_spent": {
      const show = c.type === "total_spent" ? formatMinor : String;
      if (!c.window) return { actual: show(Number(contact[c.type === "total_spent" ? "total_spent_minor" : "orders_count"] ?? 0)), timeline: null };
      return rowsInsight(c, rows, c.window, c.type === "total_spent" ? "sum" : "count", c.match, show, time, show);
    }
    case "purchased_product":
    case "purchased_category": {
      if (c.match === "all") {
        const wanted = new Set(c.type === "purchased_product" ? c.productIds : c.categoryIds).size;
        const match: NumberMatch = c.occurrence === "has_done" ? { operator: "eq", value: wanted } : { operator: "lt", value: wanted };
        const what = c.type === "purchased_product" ? "products" : "categories";
        return rowsInsight(c, rows, c.window, "distinct", match, (n) => `${n} of ${wanted} ${what} bought`, time);
      }
      return rowsInsight(c, rows, c.window, "distinct", countRuleToNumberMatch(c), (n) => `${n} ${n === 1 ? "purchase" : "purchases"}`, time);
    }
    case "units_purchased":
      return rowsInsight(c, rows, c.window, "sum", c.match, (n) => `${n} ${n === 1 ? "unit" : "units"} bought`, time);
    case "page_views": case "product_views": case "collection_views": case "added_to_cart": case "checkout_activity":
    case "coupon_activity": case "subscription": case "email_activity": case "sms_activity": {
      const nouns = rowNouns(c);
      return rowsInsight(c, rows, c.window, "count", countRuleToNumberMatch(c), (n) => `${n} ${n === 1 ? nouns.one : nouns.many}`, time);
    }
    default:
      return { actual: "", timeline: null };
  }
}

// ---- the tree --------------------------------------------------------------------------------

/** A condition's engine result with its insight. */
export type ConditionOutcome = { result: boolean } & ConditionInsight;

/** A condition as the tree replays it: its engine result now and its changes. */
export type Leaf = { result: boolean; changes: () => Iterator<Change>; periodic?: boolean };

/** The facts' own answer must be the engine's; if not, nothing is predicted from them. */
function leafOf(outcome: ConditionOutcome, now: number): Leaf {
  const { timeline, result } = outcome;
  if (!timeline) return { result, changes: () => [][Symbol.iterator]() };
  if (timeline.now !== result) return { result, changes: () => [{ at: now + 1, unknown: true } as Change][Symbol.iterator]() };
  return { result, changes: timeline.changes, periodic: timeline.periodic };
}

export function evaluateNode(node: DefinitionNode, state: Map<string, boolean>): boolean {
  if (node.type !== "group") return state.get(node.id) ?? false;
  return node.match === "all" ? node.children.every((c) => evaluateNode(c, state)) : node.children.some((c) => evaluateNode(c, state));
}

/** Safety bound on the changes replayed for one flip. */
const MAX_STEPS = 5_000;
const YEAR = 365.25 * 86_400_000;
/** How far periodic changes (birthdays) are replayed: at most this far ahead, and this long after the last other change. */
const PERIODIC_HORIZON = 200 * YEAR;
const PERIODIC_CYCLE = 8 * YEAR;

/**
 * The next instant `node`'s answer changes by time alone: replays every condition's changes in
 * time order (simultaneous ones together) and reports the first that changes the node's result,
 * with the reason of the change(s) that decide it. Null: it never changes (or not knowably).
 */
export function nextFlip(node: DefinitionNode, leaves: Map<string, Leaf>, now: number): Flip | null {
  const ids = conditionsOf(node).map((c) => c.id);
  const state = new Map(ids.map((id) => [id, leaves.get(id)?.result ?? false]));
  const start = evaluateNode(node, state);
  // each condition's next change, pulled only when needed (a calendar scan can be long)
  const cursors = ids.map((id) => ({
    id,
    it: leaves.get(id)?.changes() ?? [][Symbol.iterator](),
    periodic: Boolean(leaves.get(id)?.periodic),
    next: undefined as Change | null | undefined,
  }));
  let lastOther = now;
  const peek = (cursor: (typeof cursors)[number]): Change | null => {
    if (cursor.next === undefined) {
      const n = cursor.it.next();
      cursor.next = n.done ? null : (n.value as Change);
    }
    return cursor.next;
  };
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    let at = Infinity;
    for (const cursor of cursors) at = Math.min(at, peek(cursor)?.at ?? Infinity);
    if (at === Infinity) return null;
    // periodic changes go on for ever: stop once they alone remain and a whole cycle changed nothing
    const othersLeft = cursors.some((c) => !c.periodic && c.next);
    const periodicLeft = cursors.some((c) => c.periodic && c.next);
    if (periodicLeft && (at > now + PERIODIC_HORIZON || (!othersLeft && at > lastOther + PERIODIC_CYCLE))) return null;
    const applied: { id: string; reason: string }[] = [];
    for (const cursor of cursors) {
      const change = cursor.next;
      if (!change || change.at !== at) continue;
      if ("unknown" in change) return null;
      state.set(cursor.id, change.result);
      applied.push({ id: cursor.id, reason: change.reason });
      if (!cursor.periodic) lastOther = at;
      cursor.next = undefined;
    }
    if (evaluateNode(node, state) === start) continue;
    const decisive = applied.filter(({ id }) => {
      const undone = new Map(state).set(id, !state.get(id));
      return evaluateNode(node, undone) === start;
    });
    return { at, reason: [...new Set((decisive.length ? decisive : applied).map((a) => a.reason))].join(" and ") };
  }
  return null;
}

/**
 * The whole explanation: each node's result (conditions from the engine, groups combined as the
 * compiler combines them), actual values, and next flips — per condition, per group and overall.
 */
export function explainTree(root: DefinitionNode, outcomes: Map<string, ConditionOutcome>, now: number): Explanation {
  const leaves = new Map([...outcomes].map(([id, o]) => [id, leafOf(o, now)]));
  const state = new Map([...outcomes].map(([id, o]) => [id, o.result]));
  const build = (node: DefinitionNode): NodeExplanation => {
    if (node.type === "group") {
      return {
        id: node.id,
        kind: "group",
        label: node.match === "all" ? "All of" : "Any of",
        result: evaluateNode(node, state),
        changesAt: nextFlip(node, leaves, now),
        children: node.children.map(build),
      };
    }
    const outcome = outcomes.get(node.id);
    return {
      id: node.id,
      kind: "condition",
      label: specOf(node)?.describe(node as never) ?? node.type,
      result: outcome?.result ?? false,
      actual: outcome?.actual,
      changesAt: nextFlip(node, leaves, now),
    };
  };
  const tree = build(root);
  return { member: tree.result, changesAt: tree.changesAt ?? null, root: tree };
}
