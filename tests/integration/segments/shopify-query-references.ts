/**
 * Hand-written reference definitions for Shopify queries (tests/integration/segments/shopify-query.test.ts),
 * in Segmentflow's own format, from what Shopify documents each query to mean. Dates are written
 * out as the calendar dates the query means on 2026-11-28 in New York (−7d = 2026-11-21, −30d =
 * 2026-10-29, −1m = 2026-10-28, −3m = 2026-08-28, −8m = 2026-03-28, −1y = 2025-11-28): the import
 * keeps most of them rolling, so equal members also check that rolling and fixed agree today.
 * `products` / `campaigns`: the store's products and campaigns standing for the fixture's ids.
 */

/** `tagged`: the products carrying each product tag; `bought`: every product someone bought. */
type Ids = { products: number[]; campaigns: number[]; tagged: Record<string, number[]>; bought: number[] };
export type Ref = { definition: (ids: Ids) => object; selects?: boolean };

type Node = Record<string, unknown>;
const group = (match: "all" | "any", ...children: Node[]): Node => ({ type: "group", match, children });

function definition(root: Node): object {
  let n = 0;
  const withIds = (node: Node, id?: string): Node =>
    node.type === "group" ? { ...node, id: id ?? `g${++n}`, children: (node.children as Node[]).map((c) => withIds(c)) } : { ...node, id: `c${++n}` };
  return { version: 1, root: withIds(root.type === "group" ? root : group("all", root), "root") };
}
const fixed = (node: Node, selects = true): Ref => ({ definition: () => definition(node), selects });
const withIds = (make: (ids: Ids) => Node, selects = true): Ref => ({ definition: (ids) => definition(make(ids)), selects });

const lastOrder = (match: Node): Node => ({ type: "last_order_at", match });
const spent = (match: Node): Node => ({ type: "total_spent", match });
const orders = (match: Node, window?: Node): Node => ({ type: "order_count", match, ...(window ? { window } : {}) });
const subscribed: Node = { type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } };
const inCanada: Node = { type: "country", match: { operator: "is_any_of", values: ["CA"] } };
const bigSpender = spent({ operator: "gt", value: 99_999 });
const email = (action: string, extra: Node = {}): Node => ({ type: "email_activity", action, occurrence: "has_done", ...extra });
const abandoned = (occurrence: "has_done" | "has_not_done", window?: Node): Node => ({ type: "checkout_activity", action: "abandoned", occurrence, ...(window ? { window } : {}) });
const after = (date: string) => ({ kind: "after", date });
const place = (operator: string, values: [string, string, string?]) =>
  (["country", "region", "city"] as const).flatMap((type, i) =>
    values[i] ? [{ type, match: operator === "is" || operator === "is_not" ? { operator, value: values[i] } : { operator, values: [values[i]] } }] : [],
  );

export const REFERENCES: Record<string, Ref> = {
  // ── the fixture's accepted examples ──
  "email_subscription_status = 'SUBSCRIBED'": fixed(subscribed),
  "last_order_date = 2020-05-30": fixed(lastOrder({ operator: "on", date: "2020-05-30" }), false),
  "last_order_date != 2020-05-30": fixed(group("any", lastOrder({ operator: "before", date: "2020-05-30" }), lastOrder({ operator: "between", start: "2020-05-31", end: "2999-12-31" }))),
  "last_order_date >= 2020-05-30": fixed(lastOrder({ operator: "between", start: "2020-05-30", end: "2999-12-31" })),
  "last_order_date <= 2020-05-30": fixed(lastOrder({ operator: "before", date: "2020-05-31" }), false),
  "last_order_date > -7d": fixed(lastOrder({ operator: "after", date: "2026-11-21" })),
  "last_order_date = -1m": fixed(lastOrder({ operator: "between", start: "2026-10-28", end: "2026-10-28" })),
  "last_order_date < -1y": fixed(lastOrder({ operator: "before", date: "2025-11-28" })),
  "last_order_date BETWEEN 2020-01-01 AND -7d": fixed(lastOrder({ operator: "between", start: "2020-01-01", end: "2026-11-21" })),
  "last_order_date = today": fixed(lastOrder({ operator: "between", start: "2026-11-28", end: "2026-11-28" })),
  "amount_spent = 10.99": fixed(spent({ operator: "eq", value: 1099 }), false),
  "amount_spent > 10.99": fixed(spent({ operator: "gt", value: 1099 })),
  "amount_spent >= 10.99": fixed(spent({ operator: "gt", value: 1098 })),
  "amount_spent <= 10.99": fixed(spent({ operator: "lt", value: 1100 })),
  "amount_spent BETWEEN 100 AND 1000.99": fixed(group("all", spent({ operator: "gte", value: 10_000 }), spent({ operator: "lte", value: 100_099 }))),
  "number_of_orders != 10": fixed(group("any", orders({ operator: "lt", value: 10 }), orders({ operator: "gt", value: 10 }))),
  "number_of_orders > 10": fixed(orders({ operator: "gte", value: 11 })),
  "number_of_orders < 10": fixed(orders({ operator: "lte", value: 9 })),
  "number_of_orders <= 10": fixed(orders({ operator: "lt", value: 11 })),
  "customer_tags CONTAINS 'vip'": fixed({ type: "tag", operator: "has_any", tags: ["VIP"] }, false),
  "customer_cities CONTAINS 'US-CA-LosAngeles'": fixed(group("all", ...place("is", ["US", "CA", "los angeles"]))),
  "customer_cities NOT CONTAINS 'US-CA-LosAngeles'": fixed(group("any", ...place("is_not", ["US", "CA", "Los Angeles"]))),
  "customer_email_domain = 'example.com'": fixed({ type: "email", match: { operator: "ends_with", value: "@example.com" } }, false),
  "email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA'": fixed(group("all", subscribed, inCanada)),
  "email_subscription_status = 'SUBSCRIBED' OR customer_countries CONTAINS 'CA'": fixed(group("any", subscribed, inCanada)),
  "(email_subscription_status = 'SUBSCRIBED' AND customer_countries CONTAINS 'CA') OR amount_spent > 999.99": fixed(group("any", group("all", subscribed, inCanada), bigSpender)),
  "email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'CA' OR amount_spent > 999.99)": fixed(group("all", subscribed, group("any", inCanada, bigSpender))),
  "products_purchased MATCHES (id = 1234, count > 1)": withIds(({ products }) => ({
    type: "purchased_product", productIds: [products[0]], match: "any", occurrence: "has_done", count: { operator: "at_least", value: 2 },
  })),
  // never purchased anything: no counted order
  "products_purchased NOT MATCHES ()": fixed(orders({ operator: "lt", value: 1 })),
  "products_purchased MATCHES (id IN (2012162031638, 1012132033639))": withIds(({ products }) =>
    group("any", ...[products[1], products[2]].map((id) => ({ type: "purchased_product", productIds: [id], match: "any", occurrence: "has_done" }))),
  ),
  "products_purchased MATCHES (id IN (1012132033639, 2012162031638, 32421429314657))": withIds(({ products }) => ({
    type: "purchased_product", productIds: [products[1], products[2], products[3]], match: "any", occurrence: "has_done",
  })),
  "products_purchased NOT MATCHES (date > -3m)": fixed(orders({ operator: "eq", value: 0 }, { kind: "between", start: "2026-08-29", end: "2026-11-28" })),
  "shopify_email.opened MATCHES ()": fixed(email("opened")),
  "shopify_email.opened MATCHES (activity_id = 5240029206)": withIds(({ campaigns }) => email("opened", { campaignIds: [campaigns[0]] })),
  // the generated store records no deliveries (only sent, opened, clicked, bounced, unsubscribed)
  "shopify_email.delivered MATCHES (activity_id = 5240029206)": withIds(({ campaigns }) => email("delivered", { campaignIds: [campaigns[0]] }), false),
  "shopify_email.clicked MATCHES (activity_id = 5240029206, count >= 1)": withIds(({ campaigns }) => email("clicked", { campaignIds: [campaigns[0]] })),
  "shopify_email.opened MATCHES (activity_id IN (5240029206, 1932881090, 3250045832))": withIds(({ campaigns }) =>
    group("any", ...campaigns.map((id) => email("opened", { campaignIds: [id] }))),
  ),
  "shopify_email.delivered MATCHES (activity_id = 5240029206, date = 2022-01-01)": withIds(
    ({ campaigns }) => email("delivered", { campaignIds: [campaigns[0]], window: { kind: "between", start: "2022-01-01", end: "2022-01-01" } }),
    false,
  ),
  "shopify_email.marked_as_spam MATCHES (activity_id = 5240029206, date > -3m)": withIds(
    ({ campaigns }) => email("marked_as_spam", { campaignIds: [campaigns[0]], window: { kind: "between", start: "2026-08-29", end: "2026-11-28" } }),
    false,
  ),
  "anniversary ('metafields.facts.birth_date') = today": fixed({ type: "birthday", match: { operator: "in_next_days", days: 0 } }, false),
  "orders_placed MATCHES (date > 2025-01-01)": fixed(orders({ operator: "gte", value: 1 }, { kind: "between", start: "2025-01-02", end: "2026-11-28" })),
  "products_purchased NOT MATCHES (date > 2025-01-01)": fixed(orders({ operator: "lt", value: 1 }, after("2025-01-01"))),
  "abandoned_checkout_date > -8m": fixed(abandoned("has_done", { kind: "between", start: "2026-03-29", end: "2026-11-28" })),
  "anniversary(date: 'metafields.facts.birth_date') BETWEEN today AND +30d": fixed({ type: "birthday", match: { operator: "in_next_days", days: 30 } }),
  // Shopify's city code for New York is NewYorkCity; the store's contacts live in "New York"
  "customer_cities CONTAINS 'US-NY-NewYorkCity'": fixed(group("all", ...place("is", ["US", "NY", "New York City"])), false),
  "shopify_email.opened(count_at_least: 5) = true": fixed(email("opened", { count: { operator: "at_least", value: 5 } })),
  "shopify_email.opened() = true": fixed(email("opened")),
  // no order was placed on 2020-05-30: every last order after it is after its 16:00 (the time itself: shopify-query.test.ts)
  "last_order_date > 2020-05-30T16:00:00": fixed(lastOrder({ operator: "between", start: "2020-05-31", end: "2999-12-31" })),
  // every state but DISABLED, and contacts without an account
  "customer_account_status != 'DISABLED'": fixed(group("any",
    { type: "account_state", match: { operator: "is_any_of", values: ["enabled", "invited", "declined"] } },
    { type: "account_state", match: { operator: "is_none_of", values: ["enabled", "invited", "disabled", "declined"] } },
  )),
  // the products carrying the tag, listed
  "products_purchased MATCHES (tag = 'Sports wear')": withIds(({ tagged }) => ({ type: "purchased_product", productIds: tagged["Sports wear"], match: "any", occurrence: "has_done" })),
  "products_purchased MATCHES (tag = 'Sports wear', date >= -12m)": withIds(({ tagged }) => ({
    type: "purchased_product", productIds: tagged["Sports wear"], match: "any", occurrence: "has_done", window: after("2025-11-27"),
  })),
  "products_purchased(tag: 'Red hats') = true": withIds(({ tagged }) => ({ type: "purchased_product", productIds: tagged["Red hats"], match: "any", occurrence: "has_done" })),
  // bought one of the other products
  "products_purchased MATCHES (id NOT IN (1012132033639))": withIds(({ products, bought }) => ({
    type: "purchased_product", productIds: bought.filter((id) => id !== products[2]), match: "any", occurrence: "has_done",
  })),
  // the company contacts themselves are checked in shopify-query.test.ts
  "companies IS NOT NULL": fixed({ type: "b2b_company", value: "in_company" }),
  // exactly 5 units (the sums themselves are checked in shopify-query.test.ts)
  "products_purchased(quantity: 5) = true": fixed({ type: "units_purchased", match: { operator: "between", min: 5, max: 5 } }),

  // ── more queries, one or more per mapping ──
  "last_order_date >= 2026-11-01": fixed(lastOrder({ operator: "between", start: "2026-11-01", end: "2026-11-28" })),
  "last_order_date != -7d": fixed(group("any", lastOrder({ operator: "before", date: "2026-11-21" }), lastOrder({ operator: "after", date: "2026-11-21" }))),
  "last_order_date BETWEEN -60d AND -30d": fixed(lastOrder({ operator: "between", start: "2026-09-29", end: "2026-10-29" })),
  "customer_added_date >= -30d": fixed({ type: "signed_up_at", match: { operator: "after", date: "2026-10-28" } }),
  "first_order_date < -1y": fixed({ type: "first_order_at", match: { operator: "before", date: "2025-11-28" } }),
  // the latest abandonment is before 2026-10-29: some abandonment, none from that day on
  "abandoned_checkout_date < -30d": fixed(group("all", abandoned("has_done"), abandoned("has_not_done", after("2026-10-28")))),
  "abandoned_checkout_date BETWEEN -60d AND -30d": fixed(group("all", abandoned("has_done", after("2026-09-28")), abandoned("has_not_done", after("2026-10-29")))),
  "abandoned_checkout_date IS NULL": fixed(abandoned("has_not_done")),
  "orders_placed MATCHES (date >= -90d, count >= 2)": fixed(orders({ operator: "gte", value: 2 }, after("2026-08-29"))),
  "orders_placed MATCHES (date >= -1y, sum_amount > 250)": fixed({ type: "total_spent", match: { operator: "gt", value: 25_000 }, window: after("2025-11-27") }),
  "products_purchased MATCHES (id IN (1234, 2012162031638), date >= -6m, count BETWEEN 1 AND 2)": withIds(({ products }) => ({
    type: "group", match: "any", children: [1, 2].map((value) => ({
      type: "purchased_product", productIds: [products[0], products[1]], match: "any", occurrence: "has_done",
      count: { operator: "exactly", value }, window: { kind: "between", start: "2026-05-28", end: "2026-11-28" },
    })),
  })),
  "shopify_email.opened NOT MATCHES (count >= 3, date >= -30d)": fixed(email("opened", { count: { operator: "at_most", value: 2 }, window: after("2026-10-28") })),
  "shopify_email.clicked MATCHES (date BETWEEN -60d AND -30d)": fixed(email("clicked", { window: { kind: "between", start: "2026-09-29", end: "2026-10-29" } })),
  "storefront_event.product_viewed MATCHES (id = 1234, date >= -30d)": withIds(({ products }) => ({
    type: "product_views", action: "viewed", productIds: [products[0]], occurrence: "has_done", window: after("2026-10-28"),
  })),
  "storefront.collection_viewed MATCHES ()": fixed({ type: "collection_views", action: "viewed", occurrence: "has_done" }),
  "customer.metafields.loyalty.points > 500": fixed({ type: "custom_attribute", key: "loyalty_points", valueType: "number", match: { operator: "gte", value: 500.000001 } }),
  "customer_regions CONTAINS 'US-NY'": fixed(group("all", ...place("is_any_of", ["US", "NY"]))),
  "customer_countries NOT CONTAINS 'US'": fixed({ type: "country", match: { operator: "is_not", value: "us" } }),
  "rfm_group = 'LOYAL'": fixed({ type: "lifecycle_stage", match: { operator: "is_any_of", values: ["loyal"] } }),
  "rfm_group = 'PROSPECTS'": fixed(orders({ operator: "eq", value: 0 })),
  "customer_account_status = 'ENABLED'": fixed({ type: "member_status", value: "member" }),
  "sms_subscription_status != 'SUBSCRIBED'": fixed({ type: "sms_subscription", match: { operator: "is_none_of", values: ["subscribed"] } }),
  "customer_language = 'fr'": fixed({ type: "language", match: { operator: "is_any_of", values: ["fr"] } }),
  "customer_email_domain = 'gmail.com'": fixed({ type: "email", match: { operator: "ends_with", value: "@gmail.com" } }),
  "anniversary('metafields.facts.birth_date') BETWEEN 2000-03-01 AND 2000-03-31": fixed({ type: "birthday", match: { operator: "in_month", month: 3 } }),
  "customer_account_status = 'INVITED'": fixed(group("all",
    { type: "account_state", match: { operator: "is_none_of", values: ["enabled", "disabled", "declined"] } },
    { type: "account_state", match: { operator: "is_any_of", values: ["invited", "declined"] } },
  )),
  "companies IS NULL": fixed({ type: "b2b_company", value: "no_company" }),
  "products_purchased MATCHES (tag IN ('Sports wear', 'Red hats'), count >= 2)": withIds(({ tagged }) => ({
    type: "purchased_product", productIds: [...new Set([...tagged["Sports wear"], ...tagged["Red hats"]])], match: "any", occurrence: "has_done", count: { operator: "at_least", value: 2 },
  })),
  "products_purchased MATCHES (id = 1234, quantity >= 2, date >= -1y)": withIds(({ products }) => ({
    type: "units_purchased", productIds: [products[0]], match: { operator: "gt", value: 1 }, window: after("2025-11-27"),
  })),
  "customer_tags CONTAINS 'newsletter' AND customer_tags NOT CONTAINS 'repeat-customer'": fixed(
    group("all", { type: "tag", operator: "has_any", tags: ["newsletter"] }, { type: "tag", operator: "has_none", tags: ["repeat-customer"] }),
  ),
};
