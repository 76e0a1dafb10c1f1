import { EVENT_TYPES } from "../../db/enums";
import type { Condition, ConditionOf } from "../../app/segments/conditions/catalogue";
import type { Count, NumberMatch, Window } from "../../app/segments/matches";
import { inInterval, windowRuleInterval, type Clock } from "./calendar";
import type { ContactRow, ReferenceStore } from "./load-store";
import type { ContactPredicate } from "./properties";
import { numberMatches } from "./values";

/**
 * "Has (not) done X [N times] [in a window]": every rule counts the qualifying rows of each contact
 * and asks a question of that number. Without a count, "has done" is n ≥ 1; "has not done" is n = 0
 * (whatever count is given); "at most N" includes contacts who never did it.
 */
export type CountRule = { occurrence: "has_done" | "has_not_done"; count?: Count };

export function countRuleMatches(n: number, rule: CountRule): boolean {
  if (rule.occurrence === "has_not_done") return n === 0;
  const count = rule.count;
  if (!count) return n >= 1;
  switch (count.operator) {
    case "at_least":
      return n >= count.value;
    case "at_most":
      return n <= count.value;
    case "exactly":
      return n === count.value;
    case "between":
      return n >= count.min && n <= count.max;
  }
}

/** A number per contact (0 for contacts without rows) as a predicate. */
function perContact(totals: Map<number, number>, test: (n: number) => boolean): ContactPredicate {
  return (c: ContactRow) => test(totals.get(c.id) ?? 0);
}

function add(totals: Map<number, number>, contactId: number, amount: number): void {
  totals.set(contactId, (totals.get(contactId) ?? 0) + amount);
}

// ── events ───────────────────────────────────────────────────────────────────────────────────

const T = EVENT_TYPES;
/** Each event condition's actions → the event type it counts. */
const EVENT_ACTIONS: Record<string, Record<string, number>> = {
  page_views: { viewed: T.page_viewed },
  product_views: { viewed: T.product_viewed },
  collection_views: { viewed: T.collection_viewed },
  added_to_cart: { added: T.added_to_cart },
  checkout_activity: { started: T.checkout_started, completed: T.checkout_completed, abandoned: T.checkout_abandoned },
  coupon_activity: { received: T.coupon_received, clicked: T.coupon_clicked },
  subscription: { started: T.subscription_started, cancelled: T.subscription_cancelled },
  email_activity: {
    sent: T.email_sent, delivered: T.email_delivered, opened: T.email_opened, clicked: T.email_clicked,
    bounced: T.email_bounced, marked_as_spam: T.email_complained, unsubscribed: T.email_unsubscribed,
  },
  sms_activity: { sent: T.sms_sent, delivered: T.sms_delivered, clicked: T.sms_clicked },
};

export type EventConditionType = "page_views" | "product_views" | "collection_views" | "added_to_cart" | "checkout_activity" | "coupon_activity" | "subscription" | "email_activity" | "sms_activity";
type EventCondition = Extract<Condition, { type: EventConditionType }>;

/**
 * Which events an event condition counts: its type, the subject filter (products for views and
 * carts, coupons for coupons, campaigns for email/SMS) and, for coupons, the campaign that gave
 * them (`detail_id`).
 */
export function eventSelection(condition: EventCondition): { type: number; subjects?: number[]; productCategories?: number[]; details?: number[] } {
  const type = EVENT_ACTIONS[condition.type][condition.action];
  if (type === undefined) throw new Error(`no event type for ${condition.type}/${condition.action}`);
  switch (condition.type) {
    case "product_views":
    case "added_to_cart":
      return { type, subjects: condition.productIds, productCategories: condition.categoryIds };
    case "collection_views":
      return { type, subjects: condition.categoryIds };
    case "coupon_activity":
      return { type, subjects: condition.couponIds, details: condition.campaignIds };
    case "email_activity":
    case "sms_activity":
      return { type, subjects: condition.campaignIds };
    default:
      return { type };
  }
}

export function eventPredicate(condition: EventCondition, store: ReferenceStore, clock: Clock): ContactPredicate {
  const { type, subjects, productCategories, details } = eventSelection(condition);
  const interval = windowRuleInterval(condition.window, clock);
  const counts = new Map<number, number>();
  for (const e of store.eventsByType.get(type) ?? []) {
    if (subjects && (e.subject_id === null || !subjects.includes(e.subject_id))) continue;
    if (productCategories) {
      const categories = e.subject_id === null ? undefined : store.productCategories.get(e.subject_id);
      if (!categories || !productCategories.some((id) => categories.has(id))) continue;
    }
    if (details && (e.detail_id === null || !details.includes(e.detail_id))) continue;
    if (!inInterval(e.occurred_at, interval)) continue;
    add(counts, e.contact_id, 1);
  }
  return perContact(counts, (n) => countRuleMatches(n, condition));
}

// ── orders ───────────────────────────────────────────────────────────────────────────────────

/** Orders that count: not cancelled, not deleted. */
function counted(order: { cancelled_at: number | null; deleted_at: number | null }): boolean {
  return order.cancelled_at === null && order.deleted_at === null;
}

/**
 * Number of orders / total spent. Without a window: the statistics kept on the contact. In a
 * window: the counted orders placed in it, spend net of refunds (a contact without any is 0).
 */
export function orderAggregatePredicate(
  condition: { type: "order_count" | "total_spent"; match: NumberMatch; window?: Window },
  store: ReferenceStore,
  clock: Clock,
): ContactPredicate {
  const spend = condition.type === "total_spent";
  if (!condition.window) return (c) => numberMatches(spend ? c.total_spent_minor : c.orders_count, condition.match);
  const interval = windowRuleInterval(condition.window, clock);
  const totals = new Map<number, number>();
  for (const o of store.orders) {
    if (o.contact_id === null || !counted(o) || !inInterval(o.placed_at, interval)) continue;
    add(totals, o.contact_id, spend ? o.total_minor - o.refunded_minor : 1);
  }
  return perContact(totals, (n) => numberMatches(n, condition.match));
}

// ── purchases ────────────────────────────────────────────────────────────────────────────────

type Purchase = ConditionOf<"purchased_product"> | ConditionOf<"purchased_category">;

/**
 * Purchased lines: in a counted order, not fully refunded, of a listed product (or a product in a
 * listed category). "Any": n = the number of distinct orders with such a line. "All": every listed
 * product/category bought at least once ("has not" + all = not all of them).
 */
export function purchasePredicate(condition: Purchase, store: ReferenceStore, clock: Clock): ContactPredicate {
  const interval = windowRuleInterval(condition.window, clock);
  const wanted = new Set(condition.type === "purchased_product" ? condition.productIds : condition.categoryIds);
  /** What a line bought, of the wanted products/categories ("other": the product, when it is none of them). */
  const boughtBy = (productId: number | null): number[] => {
    if (productId === null) return [];
    const categories = [...(store.productCategories.get(productId) ?? [])];
    if (condition.match === "other") {
      const listed = condition.type === "purchased_product" ? wanted.has(productId) : categories.some((category) => wanted.has(category));
      return listed ? [] : [productId];
    }
    if (condition.type === "purchased_product") return wanted.has(productId) ? [productId] : [];
    return categories.filter((category) => wanted.has(category));
  };

  const orders = new Map<number, Set<number>>();
  const items = new Map<number, Set<number>>();
  for (const line of store.orderLines) {
    if (line.contact_id === null || line.refunded_quantity >= line.quantity) continue;
    const order = store.ordersById.get(line.order_id);
    if (!order || !counted(order) || !inInterval(order.placed_at, interval)) continue;
    const bought = boughtBy(line.product_id);
    if (bought.length === 0) continue;
    if (!orders.has(line.contact_id)) orders.set(line.contact_id, new Set());
    orders.get(line.contact_id)!.add(line.order_id);
    if (!items.has(line.contact_id)) items.set(line.contact_id, new Set());
    for (const item of bought) items.get(line.contact_id)!.add(item);
  }

  if (condition.match === "all") {
    const boughtAll = (c: ContactRow) => (items.get(c.id)?.size ?? 0) === wanted.size;
    return condition.occurrence === "has_done" ? boughtAll : (c) => !boughtAll(c);
  }
  return (c) => countRuleMatches(orders.get(c.id)?.size ?? 0, condition);
}

/**
 * Units bought: the quantity of each purchased line (counted order, not fully refunded) less its
 * refunded units, of a listed product, of a product in a listed category, or of any product;
 * summed per contact (0 for none).
 */
export function unitsPredicate(condition: ConditionOf<"units_purchased">, store: ReferenceStore, clock: Clock): ContactPredicate {
  const interval = windowRuleInterval(condition.window, clock);
  const takes = (productId: number | null): boolean => {
    if (condition.productIds) return productId !== null && condition.productIds.includes(productId);
    if (condition.categoryIds) return productId !== null && condition.categoryIds.some((id) => store.productCategories.get(productId)?.has(id));
    return true;
  };
  const totals = new Map<number, number>();
  for (const line of store.orderLines) {
    if (line.contact_id === null || line.refunded_quantity >= line.quantity || !takes(line.product_id)) continue;
    const order = store.ordersById.get(line.order_id);
    if (!order || !counted(order) || !inInterval(order.placed_at, interval)) continue;
    add(totals, line.contact_id, line.quantity - line.refunded_quantity);
  }
  return perContact(totals, (n) => numberMatches(n, condition.match));
}
