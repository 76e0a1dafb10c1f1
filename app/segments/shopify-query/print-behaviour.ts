import type { Condition } from "../conditions/catalogue";
import type { Count, Window } from "../matches";
import {
  all, amountText, any, cannot, clause, quote, dateComparison, idText, numberComparison, offsetText, windowParam, windowStartText,
  type PExpr, type PrintContext,
} from "./print-values";


type Of<T extends Condition["type"]> = Extract<Condition, { type: T }>;
/**
 * What the contact did, in the newer syntax: order counts and spend (plain, or orders_placed
 * with a window), purchases, Segmentflow's email events as shopify_email.*, storefront views,
 * order and sign-up dates, and abandoned checkouts as abandoned_checkout_date.
 */

type Rule = { occurrence: "has_done" | "has_not_done"; count?: Count; window?: Window };

function countParam(count: Count | undefined): string[] {
  if (!count) return [];
  switch (count.operator) {
    case "at_least": return [`count >= ${count.value}`];
    case "at_most": return [`count <= ${count.value}`];
    case "exactly": return [`count = ${count.value}`];
    case "between": return [`count BETWEEN ${count.min} AND ${count.max}`];
  }
}

/** `fn MATCHES (params, date …, count …)` or `fn NOT MATCHES (…)`. */
function matches(fn: string, params: string[], rule: Rule): PExpr {
  const all = [...params, ...(rule.window ? [windowParam(rule.window)] : []), ...countParam(rule.count)];
  return clause(`${fn} ${rule.occurrence === "has_not_done" ? "NOT MATCHES" : "MATCHES"} (${all.join(", ")})`);
}

function idParam(name: string, ids: string[], exclude = false): string {
  if (exclude) return ids.length === 1 ? `${name} != ${ids[0]}` : `${name} NOT IN (${ids.join(", ")})`;
  return ids.length === 1 ? `${name} = ${ids[0]}` : `${name} IN (${ids.join(", ")})`;
}

function refs(ids: number[], lookup: (id: number) => string | null, what: string): string[] {
  return ids.map((id) => {
    const ref = lookup(id);
    if (ref === null) cannot(`${what} #${id} has no Shopify id`);
    return idText(ref);
  });
}

export function printOrders(c: Of<"order_count" | "total_spent">, x: PrintContext): PExpr {
  const money = (n: number) => amountText(n, x.currencyExponent);
  if (!c.window) return clause(c.type === "order_count" ? numberComparison("number_of_orders", c.match) : numberComparison("amount_spent", c.match, money));
  const date = windowParam(c.window);
  if (c.type === "total_spent") return clause(`orders_placed MATCHES (${date}, ${numberComparison("sum_amount", c.match, money)})`);
  if (c.match.operator === "gte" && c.match.value === 1) return clause(`orders_placed MATCHES (${date})`);
  if (c.match.operator === "eq" && c.match.value === 0) return clause(`orders_placed NOT MATCHES (${date})`);
  return clause(`orders_placed MATCHES (${date}, ${numberComparison("count", c.match)})`);
}

/** The products a rule is about as a parameter name and values: product ids, product tags, or collections and product types. */
function purchaseSubject(c: { productIds?: number[]; categoryIds?: number[] }, x: PrintContext): [string, string[]] {
  if (c.productIds) return ["id", refs(c.productIds, x.references.productPlatformId, "Product")];
  const tags = c.categoryIds!.map((id) => x.references.productTagName(id));
  if (tags.every((tag) => tag !== null)) return ["tag", tags.map((tag) => quote(tag!))];
  if (tags.some((tag) => tag !== null)) cannot("Shopify's products_purchased takes product tags or categories in one rule, not both: use two rules");
  return ["category", refs(c.categoryIds!, x.references.categoryReference, "Category")];
}

export function printPurchase(c: Of<"purchased_product" | "purchased_category">, x: PrintContext): PExpr {
  const [name, ids] = purchaseSubject(c, x);
  if (c.match === "all") {
    // bought every one of them: one function per product (or category)
    const each = ids.map((id) => matches("products_purchased", [idParam(name, [id])], c));
    return c.occurrence === "has_done" ? all(each) : any(each);
  }
  return matches("products_purchased", [idParam(name, ids, c.match === "other")], c);
}

/** Units bought: `products_purchased MATCHES ([subject,] [date …,] quantity …)`. */
export function printUnits(c: Of<"units_purchased">, x: PrintContext): PExpr {
  const subject = c.productIds || c.categoryIds ? [idParam(...purchaseSubject(c, x))] : [];
  return clause(`products_purchased MATCHES (${[...subject, ...(c.window ? [windowParam(c.window)] : []), numberComparison("quantity", c.match)].join(", ")})`);
}

const SHOPIFY_EMAIL_ACTIONS = new Set(["bounced", "clicked", "delivered", "marked_as_spam", "opened", "unsubscribed"]);

export function printEmailActivity(c: Of<"email_activity">, x: PrintContext): PExpr {
  if (!SHOPIFY_EMAIL_ACTIONS.has(c.action)) cannot(`Shopify's email events have no “${c.action}”`);
  const params = c.campaignIds ? [idParam("activity_id", refs(c.campaignIds, x.references.campaignActivityId, "Campaign"))] : [];
  return matches(`shopify_email.${c.action}`, params, c);
}

export function printViews(c: Of<"product_views" | "collection_views">, x: PrintContext): PExpr {
  if (c.type === "product_views") {
    if (c.categoryIds) cannot("Shopify's product views filter by product, not by category");
    const params = c.productIds ? [idParam("id", refs(c.productIds, x.references.productPlatformId, "Product"))] : [];
    return matches("storefront_event.product_viewed", params, c);
  }
  const params = c.categoryIds ? [idParam("id", refs(c.categoryIds, x.references.collectionPlatformId, "Collection"))] : [];
  return matches("storefront_event.collection_viewed", params, c);
}

export function printDateField(c: Of<"signed_up_at" | "first_order_at" | "last_order_at">, x: PrintContext): PExpr {
  const subject = { signed_up_at: "customer_added_date", first_order_at: "first_order_date", last_order_at: "last_order_date" }[c.type];
  return dateComparison(subject, c.match, true, x.warn);
}

const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The last day before a window that starts on a day: "nothing since X" is "the latest is on or before X - 1". */
function dayBefore(window: Window): string | null {
  if (window.kind === "after") return window.date;
  if (window.kind === "in_last" && window.unit === "days") return `-${window.amount + 1}d`;
  return null;
}

/** `< X` for "no abandoned checkout since the window's start" (X is the first day of the window). */
function beforeStart(window: Window): string {
  if (window.kind === "after") return `abandoned_checkout_date <= ${window.date}`;
  if (window.kind === "in_last") return `abandoned_checkout_date < ${offsetText(window.amount, window.unit, "-")}`;
  return cannot("“Has not abandoned a checkout” needs a window that starts on a day (in the last N, or after a date)");
}

/**
 * One abandoned-checkout rule as a comparison on the latest abandonment. `partner`: the rule
 * that follows it in an And group, when the two together are a range (has, then has not).
 */
export function printAbandoned(c: Of<"checkout_activity">): PExpr {
  if (c.action !== "abandoned") cannot(`Shopify's segments have no filter on checkouts ${c.action}`);
  if (c.count) cannot("abandoned_checkout_date is the latest abandonment: a number of times has no equivalent");
  if (!c.window) return clause(`abandoned_checkout_date ${c.occurrence === "has_done" ? "IS NOT NULL" : "IS NULL"}`);
  if (c.occurrence === "has_done") {
    const start = windowStartText(c.window, plusDays);
    if (!start) cannot("abandoned_checkout_date is the latest abandonment: “before” and “between” windows have no equivalent");
    return clause(c.window.kind === "after" ? `abandoned_checkout_date > ${c.window.date}` : `abandoned_checkout_date >= ${start}`);
  }
  return any([clause(beforeStart(c.window)), clause("abandoned_checkout_date IS NULL")]);
}

/** [has abandoned (since L), has not abandoned since X] in an And: the latest abandonment is in [L, X − 1]. */
export function printAbandonedRange(first: Of<"checkout_activity">, second: Of<"checkout_activity">): PExpr | null {
  const plain = (c: Of<"checkout_activity">) => c.action === "abandoned" && !c.count;
  if (!plain(first) || !plain(second) || first.occurrence !== "has_done" || second.occurrence !== "has_not_done" || !second.window) return null;
  if (!first.window) return second.window.kind === "after" || second.window.kind === "in_last" ? clause(beforeStart(second.window)) : null;
  const from = windowStartText(first.window, plusDays);
  const to = dayBefore(second.window);
  if (!from || !to) return null;
  return clause(from === to ? `abandoned_checkout_date = ${from}` : `abandoned_checkout_date BETWEEN ${from} AND ${to}`);
}
