import { CONDITIONS, CONDITION_TYPES, specOf, type Condition, type ConditionType } from "../../app/segments/conditions/catalogue";
import { parseSegmentDefinition, type SegmentDefinition } from "../../app/segments/definition";
import { ACCOUNT_STATES, EMAIL_CONSENT_STATES, EVENT_TYPES, GENDERS, LIFECYCLE_STAGES, REGISTRATION_SOURCES, SMS_CONSENT_STATES, TAG_SOURCES } from "../../db/enums";
import { addDays, localDate } from "../reference/calendar";
import { RandomValues } from "./random-values";
import type { Attribute } from "./store-facts";

/**
 * Seeded random segment definitions for the differential test. Values come from the store the
 * definitions will run against (its countries, cities, tags, products, campaigns, coupons,
 * attributes with their real types, amounts and dates around `now`), so most conditions select
 * some contacts; conditions are drawn round-robin over every (condition type, operator) pair of the
 * catalogue, so each pair is exercised about equally often. Every definition passes
 * `parseSegmentDefinition`. The store's facts are gathered in store-facts.ts and the values drawn
 * from them in random-values.ts; this module builds the conditions and groups.
 */

export type Pair = { type: ConditionType; operator: string };

/** Every (condition type, operator) pair the catalogue offers. */
export function catalogueOperatorPairs(): Pair[] {
  return CONDITION_TYPES.flatMap((type) => CONDITIONS[type].operators.map((operator) => ({ type, operator })));
}

export function pairKey(pair: Pair): string {
  return `${pair.type} ${pair.operator}`;
}

/** The pair a parsed condition exercises (the catalogue's own classification). */
export function pairOf(condition: Condition): Pair {
  return { type: condition.type, operator: specOf(condition)!.operatorOf(condition) };
}

const TEXT_TYPES = ["first_name", "last_name", "email", "email_domain", "phone", "country", "region", "city", "zip", "language", "member_tier"] as const;
const SET_VALUES: Record<string, readonly string[]> = {
  gender: GENDERS,
  registration_source: REGISTRATION_SOURCES,
  email_subscription: EMAIL_CONSENT_STATES,
  sms_subscription: SMS_CONSENT_STATES,
  lifecycle_stage: LIFECYCLE_STAGES,
  account_state: ACCOUNT_STATES,
};
const DATE_TYPES = ["signed_up_at", "first_order_at", "last_order_at", "last_visit_at"] as const;
const EVENT_CONDITIONS = ["email_activity", "sms_activity", "page_views", "product_views", "collection_views", "added_to_cart", "checkout_activity", "coupon_activity", "subscription"] as const;
const ACTIONS: Record<(typeof EVENT_CONDITIONS)[number], [string, number][]> = {
  email_activity: [["sent", EVENT_TYPES.email_sent], ["delivered", EVENT_TYPES.email_delivered], ["opened", EVENT_TYPES.email_opened], ["clicked", EVENT_TYPES.email_clicked], ["bounced", EVENT_TYPES.email_bounced], ["marked_as_spam", EVENT_TYPES.email_complained], ["unsubscribed", EVENT_TYPES.email_unsubscribed]],
  sms_activity: [["sent", EVENT_TYPES.sms_sent], ["delivered", EVENT_TYPES.sms_delivered], ["clicked", EVENT_TYPES.sms_clicked]],
  page_views: [["viewed", EVENT_TYPES.page_viewed]],
  product_views: [["viewed", EVENT_TYPES.product_viewed]],
  collection_views: [["viewed", EVENT_TYPES.collection_viewed]],
  added_to_cart: [["added", EVENT_TYPES.added_to_cart]],
  checkout_activity: [["started", EVENT_TYPES.checkout_started], ["completed", EVENT_TYPES.checkout_completed], ["abandoned", EVENT_TYPES.checkout_abandoned]],
  coupon_activity: [["received", EVENT_TYPES.coupon_received], ["clicked", EVENT_TYPES.coupon_clicked]],
  subscription: [["started", EVENT_TYPES.subscription_started], ["cancelled", EVENT_TYPES.subscription_cancelled]],
};

export class RandomDefinitions extends RandomValues {
  private readonly pairs: Pair[] = catalogueOperatorPairs();
  private queue: Pair[] = [];
  private nodeCounter = 0;

  /** A random definition: a root group with up to three levels of And/Or groups. */
  next(): SegmentDefinition {
    this.nodeCounter = 0;
    const raw = { version: 1, root: this.group(1, "root") };
    const parsed = parseSegmentDefinition(raw);
    if (!parsed.ok) throw new Error(`generated an invalid definition: ${JSON.stringify(parsed.issues)}\n${JSON.stringify(raw)}`);
    return parsed.definition;
  }

  /** One condition exercising exactly `pair` (checked with the catalogue's `operatorOf`). */
  condition(pair: Pair, id = "c1"): Condition {
    const raw = { id, ...this.body(pair) } as unknown;
    const spec = specOf(pair);
    const parsed = spec!.schema.safeParse(raw);
    if (!parsed.success) throw new Error(`generated an invalid ${pair.type}: ${parsed.error.message}\n${JSON.stringify(raw)}`);
    const operator = spec!.operatorOf(parsed.data);
    if (operator !== pair.operator) throw new Error(`asked for ${pairKey(pair)}, generated ${operator}: ${JSON.stringify(raw)}`);
    return raw as Condition;
  }

  private nextPair(): Pair {
    if (this.queue.length === 0) {
      this.queue = [...this.pairs];
      for (let i = this.queue.length - 1; i > 0; i--) {
        const j = this.random.int(0, i);
        [this.queue[i], this.queue[j]] = [this.queue[j], this.queue[i]];
      }
    }
    return this.queue.pop()!;
  }

  private group(depth: number, id?: string): Record<string, unknown> {
    const r = this.random;
    const match = r.chance(0.5) ? "all" : "any";
    const size = depth === 1 ? r.weighted([[1, 3], [2, 5], [3, 2]] as const) : r.weighted([[2, 6], [3, 3]] as const);
    const children = Array.from({ length: size }, () =>
      depth < 3 && r.chance(depth === 1 ? 0.35 : 0.2) ? this.group(depth + 1) : this.condition(this.nextPair(), `c${++this.nodeCounter}`),
    );
    return { id: id ?? `g${++this.nodeCounter}`, type: "group", match, children };
  }

  private body(pair: Pair): Record<string, unknown> {
    const r = this.random;
    const f = this.facts;
    const { type, operator } = pair;
    if ((TEXT_TYPES as readonly string[]).includes(type)) {
      return { type, match: this.textMatch(operator, f.text[type as (typeof TEXT_TYPES)[number]]), ...this.caseSensitive() };
    }
    if (type in SET_VALUES) return { type, match: { operator, values: this.some(SET_VALUES[type], 1, 3) } };
    if ((DATE_TYPES as readonly string[]).includes(type)) return { type, match: this.dateMatch(operator, f.dates[type as (typeof DATE_TYPES)[number]]) };
    if ((EVENT_CONDITIONS as readonly string[]).includes(type)) return this.eventBody(type as (typeof EVENT_CONDITIONS)[number], operator);
    switch (type) {
      case "birthday":
        return { type, match: this.birthdayMatch(operator) };
      case "member_status":
      case "b2b_company":
      case "email_validity":
      case "phone_validity":
        return { type, value: operator };
      case "average_order_value":
        return { type, match: this.numberMatch(operator, f.averageOrders, [0, 1]) };
      case "order_count": {
        const windowed = this.window(0.6);
        const pool = windowed.window ? [0, 1, 1, 2, 3] : [0, 1, 2, 3, 4, 5, 8];
        return { type, match: this.numberMatch(operator, pool, [0, 1]), ...windowed };
      }
      case "total_spent": {
        const windowed = this.window(0.6);
        // spend 0 and 1 are where "no orders" and "orders worth nothing (refunded)" part ways
        return { type, match: this.numberMatch(operator, windowed.window ? f.orderNets : f.totalsSpent, [0, 1], windowed.window ? 0.4 : 0.2), ...windowed };
      }
      case "purchased_product":
      case "purchased_category": {
        const ids = type === "purchased_product" ? { productIds: this.ids(f.boughtProducts, f.productIds) } : { categoryIds: this.ids([], f.categoryIds) };
        if (operator === "all") return { type, ...ids, match: "all", occurrence: r.pick(["has_done", "has_not_done"]), ...this.window(0.4) };
        if (operator === "other") {
          const rule = this.countRule(r.pick(["has_done", "has_done", "has_not_done", "at_least", "at_most", "exactly", "between"]));
          return { type, ...ids, match: "other", ...rule, ...this.window(0.5) };
        }
        return { type, ...ids, ...(r.chance(0.5) ? { match: "any" } : {}), ...this.countRule(operator), ...this.window(0.5) };
      }
      case "units_purchased": {
        const filters = r.weighted([[{}, 2], [{ productIds: this.ids(f.boughtProducts, f.productIds) }, 2], [{ categoryIds: this.ids([], f.categoryIds, 2) }, 1]] as const);
        return { type, ...filters, match: this.numberMatch(operator, [1, 2, 3, 4, 5, 6, 8, 12], [0, 1], 0.25), ...this.window(0.5) };
      }
      case "tag": {
        const names = this.some([...f.tags, "no-such-tag"], 1, 3).map((name) => this.recase(name));
        return { type, operator, tags: names, ...(r.chance(0.3) ? { source: r.pick(TAG_SOURCES) } : {}) };
      }
      case "custom_attribute":
        return this.attributeBody(operator);
      default:
        throw new Error(`the generator does not know condition type ${type}`);
    }
  }

  private eventBody(type: (typeof EVENT_CONDITIONS)[number], operator: string): Record<string, unknown> {
    const r = this.random;
    const f = this.facts;
    const [action, eventType] = r.pick(ACTIONS[type]);
    const filters: Record<string, unknown> = {};
    const subjects = f.subjects.get(eventType) ?? [];
    if ((type === "product_views" || type === "added_to_cart") && r.chance(0.4)) filters.productIds = this.ids(subjects, f.productIds);
    if ((type === "product_views" || type === "added_to_cart") && r.chance(0.25)) filters.categoryIds = this.ids(f.categoryIds, f.categoryIds, 2);
    if (type === "collection_views" && r.chance(0.5)) filters.categoryIds = this.ids(subjects, f.categoryIds, 2);
    if (type === "coupon_activity" && r.chance(0.4)) filters.couponIds = this.ids(subjects, f.couponIds, 2);
    if (type === "coupon_activity" && r.chance(0.3)) filters.campaignIds = this.ids(f.couponCampaigns, f.emailCampaigns, 2);
    if (type === "email_activity" && r.chance(0.4)) filters.campaignIds = this.ids(subjects, f.emailCampaigns);
    if (type === "sms_activity" && r.chance(0.4)) filters.campaignIds = this.ids(subjects, f.smsCampaigns);
    return { type, action, ...filters, ...this.countRule(operator), ...this.window(0.7) };
  }

  private birthdayMatch(operator: string): Record<string, unknown> {
    const r = this.random;
    if (operator === "in_month") return { operator, month: r.int(1, 12) };
    if (operator !== "in_next_days") return { operator };
    // often exactly up to a notable day ahead (month end, Feb 28/29, New Year)
    const today = localDate(this.facts.clock.now, this.facts.clock.timeZone);
    const ahead = this.facts.notableDates.map((d) => Math.round((Date.parse(d) - Date.parse(today)) / 86_400_000)).filter((n) => n >= 0 && n <= 365);
    const [feb28, ...special] = ["-02-28", "-03-01", "-12-31", "-01-01"].map((md) => {
      for (let n = 0; n <= 365; n++) if (addDays(today, n).endsWith(md)) return n;
      return 0;
    });
    return { operator, days: r.weighted([[r.pick([0, 1, 7, 14, 30]), 3], [r.int(0, 365), 2], [r.pick(ahead), 1], [feb28, 2], [r.pick(special), 2]] as const) };
  }

  private attributeBody(operator: string): Record<string, unknown> {
    const r = this.random;
    const [valueType, op] = operator.split(":");
    const typed = this.facts.attributes.filter((a) => a.type === valueType);
    const attribute: Attribute = typed.length && r.chance(0.97) ? r.pick(typed) : { key: "no_such_attribute", type: valueType, texts: [], numbers: [] };
    const base = { type: "custom_attribute", key: attribute.key, valueType };
    switch (valueType) {
      case "text":
        return { ...base, match: this.textMatch(op, attribute.texts), ...this.caseSensitive() };
      case "number":
        return { ...base, match: this.numberMatch(op, attribute.numbers, [0]) };
      case "boolean":
        return { ...base, match: { operator: op } };
      default:
        return { ...base, match: this.dateMatch(op, attribute.numbers) };
    }
  }
}
