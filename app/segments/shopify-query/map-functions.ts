import type { Count, NumberMatch, Window } from "../matches";
import { valueText, type Comparison, type Param, type Value } from "./ast";
import { PARAM_ALIASES } from "./attributes";
import { combine, condition, type DraftCondition, type Part } from "./build";
import type { CheckedClause } from "./check";
import { dayRanges, rangeToWindow } from "./dates";
import { fail, type Position } from "./errors";
import { negateNumber, noEquivalent, numberMatch, plainNumber, toMinor, type Mapper } from "./map-values";
import type { ShopReferences } from "./references";

/**
 * Functions (`fn MATCHES (…)`, `fn NOT MATCHES (…)`, legacy `fn(…) = true|false`) onto the
 * catalogue's event, purchase and order rules: ids through the shop's references, `date` as the
 * rule's window, `count` as its number of times. NOT MATCHES negates the whole rule.
 */

type Fn = Extract<CheckedClause, { kind: "function" }>;
type Rule = { occurrence: "has_done" | "has_not_done"; count?: Count };

const EMAIL_ACTIONS = ["bounced", "clicked", "delivered", "marked_as_spam", "opened", "unsubscribed"] as const;

export function mapFunction(checked: Fn, m: Mapper, refs: ShopReferences): Part {
  const { clause, name, spec } = checked;
  if (spec.unsupported) noEquivalent(clause.pos, name, spec.unsupported);
  const params = new Map<string, Param>();
  for (const param of clause.params) {
    const paramSpec = spec.params[param.name];
    if (paramSpec.unsupported) noEquivalent(param.pos, `${name}(${param.name})`, paramSpec.unsupported);
    params.set(PARAM_ALIASES[param.name] ?? param.name, param);
  }
  const window = windowOf(params.get("date"), m);
  const count = countMatch(params.get("count"));
  const pos = clause.pos;
  if (name === "orders_placed") return ordersPart(count, params.get("sum_amount"), window, clause.negated, m, pos);
  if (name === "products_purchased") return purchasesPart(params, count, window, clause.negated, m, refs, pos);
  if (name.startsWith("shopify_email.")) {
    const action = name.slice("shopify_email.".length) as (typeof EMAIL_ACTIONS)[number];
    const activity = params.get("activity_id");
    const campaignIds = activity ? idsOf(activity, (id) => refs.campaignId(id), "campaign") : undefined;
    return eventPart({ type: "email_activity", action, ...(campaignIds ? { campaignIds } : {}) }, count, window, clause.negated, pos);
  }
  const id = params.get("id");
  if (name === "storefront_event.product_viewed") {
    const productIds = id ? idsOf(id, (v) => refs.productId(v), "product") : undefined;
    return eventPart({ type: "product_views", action: "viewed", ...(productIds ? { productIds } : {}) }, count, window, clause.negated, pos);
  }
  if (name === "storefront_event.collection_viewed") {
    const categoryIds = id ? idsOf(id, (v) => refs.collectionId(v), "collection") : undefined;
    return eventPart({ type: "collection_views", action: "viewed", ...(categoryIds ? { categoryIds } : {}) }, count, window, clause.negated, pos);
  }
  return fail(pos, `${name} is not supported yet`);
}

function windowOf(param: Param | undefined, m: Mapper): Window | undefined {
  if (!param) return undefined;
  if (param.comparison.op === "!=") noEquivalent(param.comparison.pos, "date != …", "a rule's time window is one range of days");
  const [range] = dayRanges(param.comparison);
  const { window, fixed } = rangeToWindow(range, m.ctx);
  if (fixed) m.warn({ line: fixed.pos.line, column: fixed.pos.column, message: fixed.message });
  return window;
}

/** `count` (or the legacy `count_at_least: n`, which is `count >= n`) as a number rule. */
function countMatch(param: Param | undefined): { match: NumberMatch; pos: Position } | undefined {
  if (!param) return undefined;
  const comparison: Comparison = param.name === "count_at_least" && param.comparison.op === "=" ? { ...param.comparison, op: ">=" } : param.comparison;
  return { match: numberMatch(comparison, plainNumber), pos: param.comparison.pos };
}

/** The ids a parameter lists; `!=` / NOT IN (leaving them out) only where `excluding` says it has a meaning. */
function idsOf(param: Param, resolve: (id: string) => number | null, what: string, excluding = false): number[] {
  const cmp = param.comparison;
  if ((cmp.op === "!=" || cmp.op === "not_in") && !excluding) {
    noEquivalent(cmp.pos, `${param.name} ${cmp.op === "!=" ? "!=" : "NOT IN"}`, `Segmentflow's rules list the ${what}s to look for, not the ones to leave out`);
  }
  const values: Value[] = cmp.op === "in" || cmp.op === "not_in" ? cmp.values : "value" in cmp ? [cmp.value] : [];
  const ids = values.map((value) => {
    const ref = value.kind === "string" ? value.value : valueText(value);
    const id = resolve(ref);
    if (id === null) fail(value.pos, `No ${what} ${what === "product tag" ? `'${ref}'` : ref} in this shop${what === "campaign" ? " (email events are Segmentflow's own campaigns: activity_id is a Segmentflow campaign id)" : ""}`);
    return id;
  });
  return [...new Set(ids)];
}

/** A count rule ("at least 2 times"), or its negation, as "has (not) done" rules (either may hold). */
function rules(count: { match: NumberMatch; pos: Position } | undefined, negated: boolean): Rule[] {
  if (!count) return [{ occurrence: negated ? "has_not_done" : "has_done" }];
  const matches = negated ? negateNumber(count.match) : [count.match];
  return matches.flatMap((match) => countRules(match, count.pos));
}

function countRules(match: NumberMatch, pos: Position): Rule[] {
  const done = (c?: Count): Rule => (c ? { occurrence: "has_done", count: c } : { occurrence: "has_done" });
  const never: Rule = { occurrence: "has_not_done" };
  const atLeast = (n: number): Rule[] => (n <= 0 ? fail(pos, "This count matches every customer: remove it") : n === 1 ? [done()] : [done({ operator: "at_least", value: n })]);
  const atMost = (n: number): Rule[] => (n < 0 ? fail(pos, "This count never matches") : n === 0 ? [never] : [done({ operator: "at_most", value: n })]);
  switch (match.operator) {
    case "eq": return match.value === 0 ? [never] : [done({ operator: "exactly", value: match.value })];
    case "neq": return match.value === 0 ? atLeast(1) : [...atMost(match.value - 1), ...atLeast(match.value + 1)];
    case "gt": return atLeast(match.value + 1);
    case "gte": return atLeast(match.value);
    case "lt": return atMost(match.value - 1);
    case "lte": return atMost(match.value);
    case "between":
      if (match.min > match.max) fail(pos, "This count range is empty");
      if (match.min <= 0) return atMost(match.max);
      return match.min === match.max ? [done({ operator: "exactly", value: match.min })] : [done({ operator: "between", min: match.min, max: match.max })];
    default: return fail(pos, "Expected a count");
  }
}

function eventPart(subject: Partial<DraftCondition>, count: { match: NumberMatch; pos: Position } | undefined, window: Window | undefined, negated: boolean, pos: Position): Part {
  const alternatives = rules(count, negated).map((rule) => condition({ ...subject, ...rule, ...(window ? { window } : {}) } as DraftCondition, pos));
  return combine("any", alternatives, pos);
}

/** Order counts and spend: "MATCHES ()" is at least one order; NOT MATCHES negates each rule (either may fail). */
function ordersPart(count: { match: NumberMatch; pos: Position } | undefined, sum: Param | undefined, window: Window | undefined, negated: boolean, m: Mapper, pos: Position): Part {
  const rulesOf: { type: "order_count" | "total_spent"; match: NumberMatch }[] = [];
  if (count) rulesOf.push({ type: "order_count", match: count.match });
  if (sum) rulesOf.push({ type: "total_spent", match: numberMatch(sum.comparison, (v) => toMinor(v, m.ctx.currencyExponent)) });
  if (rulesOf.length === 0) rulesOf.push({ type: "order_count", match: { operator: "gte", value: 1 } });
  const canonical = (type: "order_count" | "total_spent", match: NumberMatch): NumberMatch => {
    if (type !== "order_count" || !("value" in match)) return match;
    if ((match.operator === "lt" && match.value === 1) || (match.operator === "lte" && match.value === 0)) return { operator: "eq", value: 0 };
    if (match.operator === "gt" && match.value === 0) return { operator: "gte", value: 1 };
    return match;
  };
  const make = (type: "order_count" | "total_spent", match: NumberMatch) =>
    condition({ type, match: canonical(type, match), ...(window ? { window } : {}) } as DraftCondition, pos);
  if (!negated) return combine("all", rulesOf.map((r) => make(r.type, r.match)), pos);
  return combine("any", rulesOf.flatMap((r) => negateNumber(r.match).map((match) => make(r.type, match))), pos);
}

const excludes = (param: Param) => param.comparison.op === "!=" || param.comparison.op === "not_in";

/**
 * `products_purchased`: the purchases of listed products (`id`), of products with a tag (`tag`)
 * or in a collection or product type (`category`) — or, with `!=` / NOT IN, of any product but
 * those — counted in orders (`count`) or in units (`quantity`, `sum_quantity`), in a window.
 * Without a subject or units it is about orders. Both a count and units: both must hold.
 */
function purchasesPart(params: Map<string, Param>, count: { match: NumberMatch; pos: Position } | undefined, window: Window | undefined, negated: boolean, m: Mapper, refs: ShopReferences, pos: Position): Part {
  const named = (["id", "tag", "category"] as const).filter((k) => params.has(k));
  if (named.length > 1) noEquivalent(params.get(named[1])!.pos, `products_purchased with both ${named[0]} and ${named[1]}`, "use one of them");
  const quantity = params.get("sum_quantity");
  const [key] = named;
  const param = key ? params.get(key)! : undefined;
  const match = param && excludes(param) ? "other" : "any";
  const ids = (resolve: (ref: string) => number | null, what: string) => idsOf(param!, resolve, what, true);
  const subject =
    key === "id" ? { productIds: ids((id) => refs.productId(id), "product") }
    : key === "tag" ? { categoryIds: ids((tag) => refs.productTagId(tag), "product tag") }
    : key === "category" ? { categoryIds: ids((id) => refs.categoryId(id), "collection or product type") }
    : undefined;
  const purchase = subject && ({ type: "productIds" in subject ? "purchased_product" : "purchased_category", ...subject, match } as Partial<DraftCondition>);
  const purchases = () => (purchase ? eventPart(purchase, count, window, negated, pos) : ordersPart(count, undefined, window, negated, m, pos));
  if (!quantity) return purchases();
  if (match === "other") noEquivalent(quantity.pos, `${quantity.name} with ${param!.name} ${param!.comparison.op === "!=" ? "!=" : "NOT IN"}`, "Segmentflow counts the units of the products it lists, not of the others");
  const units = numberMatch(quantity.comparison, plainNumber);
  const unitRules = (negated ? negateNumber(units) : [units]).map((rule) =>
    condition({ type: "units_purchased", ...(subject ?? {}), match: rule, ...(window ? { window } : {}) } as DraftCondition, quantity.pos),
  );
  if (!count) return combine("any", unitRules, pos);
  return negated ? combine("any", [purchases(), ...unitRules], pos) : combine("all", [purchases(), ...unitRules], pos);
}
