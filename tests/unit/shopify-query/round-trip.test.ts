import { describe, expect, it } from "vitest";
import { parseSegmentDefinition, type SegmentDefinition } from "../../../app/segments/definition";
import { exportShopifyQuery, importShopifyQuery } from "../../../app/segments/shopify-query";
import { CONTEXT, EXAMPLES, NO_EQUIVALENT } from "./context";

/**
 * The printer writes definitions in the newer (2026-10) syntax, and parse → print → parse gives
 * the same definition, ids included, for every accepted example and for a corpus covering every
 * mapping. What the language cannot say is reported on its node, with the reason.
 */

const MORE = [
  "last_order_date != -7d AND (customer_tags CONTAINS 'a' OR customer_cities CONTAINS 'US-CA-LosAngeles')",
  "customer_regions CONTAINS 'US-CA' OR customer_regions NOT CONTAINS 'CA-QC'",
  "customer_cities CONTAINS 'CA-QC-Montréal' AND customer_countries NOT CONTAINS 'US'",
  "customer_countries IS NULL OR customer_regions IS NOT NULL OR customer_cities IS NULL",
  "first_order_date BETWEEN -90d AND -30d AND customer_added_date >= -2w",
  "last_order_date < -3m OR last_order_date >= -1m",
  "customer_added_date BETWEEN 2026-01-01 AND 2026-06-30",
  "last_order_date IS NULL OR first_order_date IS NOT NULL",
  "abandoned_checkout_date < -30d",
  "abandoned_checkout_date BETWEEN -30d AND -7d",
  "abandoned_checkout_date = -7d OR abandoned_checkout_date = 2026-11-01",
  "abandoned_checkout_date != 2024-01-01 OR amount_spent > 5",
  "abandoned_checkout_date >= -30d AND abandoned_checkout_date IS NOT NULL",
  "abandoned_checkout_date IS NULL",
  "orders_placed MATCHES (date >= -30d, count >= 2, sum_amount > 100)",
  "orders_placed NOT MATCHES (count BETWEEN 2 AND 5, sum_amount > 100, date >= -30d)",
  "orders_placed MATCHES (date BETWEEN 2026-01-01 AND 2026-03-31, sum_amount BETWEEN 10 AND 99.5)",
  "products_purchased MATCHES (category = 445566, date >= -6m) OR products_purchased NOT MATCHES (category = 'Shoes')",
  "products_purchased MATCHES (id = 1234, count BETWEEN 2 AND 4) AND products_purchased NOT MATCHES (id = 1234, count >= 3)",
  "products_purchased MATCHES (id = 1234, count != 2)",
  "shopify_email.opened NOT MATCHES (count = 3)",
  "shopify_email.clicked MATCHES (activity_id IN (7, 5240029206), date >= -60d, count <= 2)",
  "shopify_email.unsubscribed MATCHES (date < 2026-01-01) OR shopify_email.bounced NOT MATCHES ()",
  "storefront_event.product_viewed MATCHES (id = 1234, date >= -14d, count >= 3)",
  "storefront.collection_viewed MATCHES (id = 445566) AND storefront_event.collection_viewed NOT MATCHES (date >= -7d)",
  "customer_regions NOT CONTAINS 'US-CA' OR rfm_group = 'CHAMPIONS' OR rfm_group != 'PROSPECTS'",
  "customer_account_status = 'ENABLED' AND sms_subscription_status != 'SUBSCRIBED'",
  "customer_language = 'fr' AND customer_email_domain != 'gmail.com' AND customer_language IS NOT NULL",
  "customer_email_domain = ''",
  "anniversary('metafields.facts.birth_date') BETWEEN 2000-02-01 AND 2000-02-29",
  "anniversary(date: 'customer.metafields.facts.birth_date') BETWEEN today AND +2w",
  "customer.metafields.loyalty.points BETWEEN 100 AND 500.5 OR customer.metafields.loyalty.points IS NULL",
  "customer.metafields.facts.vip_since >= 2026-01-01 AND customer.metafields.facts.vip_since < -30d",
  "customer.metafields.facts.vip_since BETWEEN today AND +3m",
  "customer.metafields.facts.nickname = 'O\\'Brien' OR customer.metafields.facts.nickname != 'Back\\\\slash'",
  "customer.metafields.facts.newsletter = true OR customer.metafields.facts.newsletter != false",
  "(amount_spent > 1 OR (number_of_orders > 2 AND (customer_tags CONTAINS 'x' OR customer_tags NOT CONTAINS 'y'))) AND number_of_orders < 9",
  "amount_spent >= 0.5 AND amount_spent != 10 AND number_of_orders BETWEEN 1 AND 3",
  "customer_account_status = 'INVITED' OR customer_account_status != 'DECLINED'",
  "companies IS NULL AND last_order_date < 2026-01-01T08:15:00",
  "first_order_date = 2026-01-01T08:15:00 OR customer_added_date != 2026-03-08T02:30:00",
  "customer.metafields.facts.vip_since > 2026-01-01T09:00:00",
  "products_purchased MATCHES (tag IN ('Sports wear', 'Red hats'), date >= -30d, count >= 2)",
  "products_purchased NOT MATCHES (tag != 'Red hats')",
  "products_purchased MATCHES (category NOT IN (445566, 'Shoes'), count BETWEEN 1 AND 3)",
  "products_purchased MATCHES (id = 1234, quantity BETWEEN 2 AND 6, date >= -90d)",
  "products_purchased NOT MATCHES (quantity >= 10) OR products_purchased MATCHES (id = 1234, count >= 2, sum_quantity > 3)",
];

function roundTrip(query: string): { first: SegmentDefinition; printed: string; second: SegmentDefinition } {
  const first = importShopifyQuery(query, CONTEXT);
  if (!first.ok) throw new Error(`${query}: ${first.error.message}`);
  const printed = exportShopifyQuery(first.definition, CONTEXT);
  if (!printed.ok) throw new Error(`${query}: ${JSON.stringify(printed.problems)}`);
  const second = importShopifyQuery(printed.query, CONTEXT);
  if (!second.ok) throw new Error(`${printed.query}: ${second.error.message}`);
  return { first: first.definition, printed: printed.query, second: second.definition };
}

describe("parse → print → parse", () => {
  const accepted = EXAMPLES.filter((e) => e.expect === "accept" && !(e.id in NO_EQUIVALENT));
  for (const example of accepted) {
    it(`gives the same definition for #${example.id}: ${example.query}`, () => {
      const { first, printed, second } = roundTrip(example.query);
      expect(second).toEqual(first);
      expect(roundTrip(printed).printed).toBe(printed);
    });
  }
  for (const query of MORE) {
    it(`gives the same definition for ${query}`, () => {
      const { first, second } = roundTrip(query);
      expect(second).toEqual(first);
    });
  }

  it("prints in the newer syntax: MATCHES for functions, legacy forms migrated", () => {
    expect(roundTrip("shopify_email.opened(count_at_least: 5) = true").printed).toBe("shopify_email.opened MATCHES (count >= 5)");
    expect(roundTrip("products_purchased(id: (1234, 2012162031638)) = false").printed).toBe("products_purchased NOT MATCHES (id IN (1234, 2012162031638))");
    expect(roundTrip("anniversary(date: 'metafields.facts.birth_date') BETWEEN today AND +30d").printed).toBe(
      "anniversary('metafields.facts.birth_date') BETWEEN today AND +30d",
    );
    expect(roundTrip("email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'CA' OR amount_spent > 999.99)").printed).toBe(
      "email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'CA' OR amount_spent > 999.99)",
    );
    expect(roundTrip("customer_cities CONTAINS 'US-CA-LosAngeles' AND amount_spent < 5").printed).toBe("customer_cities CONTAINS 'US-CA-LosAngeles' AND amount_spent < 5");
  });
});

const definition = (children: object[]): SegmentDefinition => {
  const parsed = parseSegmentDefinition({ version: 1, root: { id: "root", type: "group", match: "all", children } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.definition;
};

describe("printing what the builder makes", () => {
  it("writes Segmentflow's own rules as Shopify clauses", () => {
    const printed = exportShopifyQuery(
      definition([
        { id: "a", type: "country", match: { operator: "is_any_of", values: ["US", "CA"] } },
        { id: "b", type: "tag", operator: "has_all", tags: ["vip", "o'neill"] },
        { id: "c", type: "purchased_product", productIds: [1, 2], match: "all", occurrence: "has_done", window: { kind: "in_last", amount: 30, unit: "days" } },
        { id: "d", type: "order_count", match: { operator: "gte", value: 2 }, window: { kind: "after", date: "2026-01-01" } },
        { id: "e", type: "lifecycle_stage", match: { operator: "is_none_of", values: ["churned", "dormant"] } },
        { id: "f", type: "member_status", value: "non_member" },
        { id: "g", type: "custom_attribute", key: "vip_since", valueType: "date", match: { operator: "in_last", amount: 7, unit: "days" } },
      ]),
      CONTEXT,
    );
    expect(printed).toEqual({
      ok: true,
      query:
        "(customer_countries CONTAINS 'US' OR customer_countries CONTAINS 'CA') AND customer_tags CONTAINS 'vip' AND customer_tags CONTAINS 'o\\'neill'" +
        " AND products_purchased MATCHES (id = 1234, date >= -30d) AND products_purchased MATCHES (id = 2012162031638, date >= -30d)" +
        " AND orders_placed MATCHES (date > 2026-01-01, count >= 2) AND rfm_group != 'DORMANT' AND rfm_group != 'AT_RISK'" +
        " AND customer_account_status != 'ENABLED' AND customer.metafields.facts.vip_since BETWEEN -7d AND today",
      warnings: [
        "Lifecycle stages were written as Shopify RFM groups, which Shopify computes differently: the segment is an approximation there",
        "“In the last 7 days” became -7d to today, which also takes the rest of today",
      ],
    });
  });

  it("names every condition the language cannot say, with the reason", () => {
    const printed = exportShopifyQuery(
      definition([
        { id: "name", type: "first_name", match: { operator: "is", value: "Alex" } },
        { id: "hours", type: "last_order_at", match: { operator: "in_last", amount: 6, unit: "hours" } },
        { id: "source", type: "tag", operator: "has_any", tags: ["vip"], source: "popup" },
        { id: "popup", type: "custom_attribute", key: "preferred_size", valueType: "text", match: { operator: "is", value: "M" } },
        { id: "city", type: "city", match: { operator: "is", value: "Paris" } },
        { id: "sent", type: "email_activity", action: "sent", occurrence: "has_done" },
        { id: "soon", type: "birthday", match: { operator: "in_current_month" } },
        { id: "ok", type: "country", match: { operator: "is_any_of", values: ["FR"] } },
      ]),
      CONTEXT,
    );
    expect(printed.ok).toBe(false);
    if (printed.ok) return;
    expect(printed.problems.map((p) => p.nodeId)).toEqual(["name", "hours", "source", "popup", "city", "sent", "soon"]);
    expect(printed.problems.map((p) => p.message)).toEqual([
      "First name: Shopify's segment query language has no filter for it",
      "Last order date: Shopify's dates are whole days: “in the last N hours” has no equivalent",
      "Tag: Shopify's customer_tags has no tag source: remove “from popup”",
      "Custom attribute: The attribute “preferred_size” does not come from a Shopify customer metafield, so Shopify's segments cannot see it",
      "City: Shopify's cities include country and region ('US-CA-LosAngeles'): put Country, Region and City (one value each) in this order in the same group",
      "Email activity: Shopify's email events have no “sent”",
      "Birthday: Shopify's anniversary() has no “in current month”: use “in the next N days” or “in a month”",
    ]);
  });
});
