import { describe, expect, it } from "vitest";
import type { DefinitionNode } from "../../../app/segments/definition";
import { checkShopifyQuery, importShopifyQuery } from "../../../app/segments/shopify-query";
import { CONTEXT, EXAMPLES, NO_EQUIVALENT } from "./context";

/**
 * Every example of tests/fixtures/shopify-segment-queries/examples.json behaves as its `expect`
 * says, in both syntax generations (the test names carry each example's generation): the
 * language accepts or rejects it, and an accepted one either imports to the definition below or
 * is one Segmentflow has no equivalent for, said plainly at its line and column.
 */

type Shape = { match: "all" | "any"; children: unknown[] };
const strip = (node: DefinitionNode): unknown =>
  node.type === "group" ? { match: node.match, children: node.children.map(strip) } : (({ id: _id, ...rest }) => rest)(node as { id: string });
const all = (...children: unknown[]): Shape => ({ match: "all", children });
const any = (...children: unknown[]): Shape => ({ match: "any", children });
const lastOrder = (match: object) => ({ type: "last_order_at", match });
const spent = (match: object) => ({ type: "total_spent", match });
const orders = (match: object, window?: object) => ({ type: "order_count", match, ...(window ? { window } : {}) });
const subscribed = { type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } };
const inCanada = { type: "country", match: { operator: "is_any_of", values: ["CA"] } };
const email = (action: string, extra: object = {}) => ({ type: "email_activity", action, occurrence: "has_done", ...extra });
const place = (operator: string, country: string, region: string, city: string) => [
  { type: "country", match: { operator, values: [country] } },
  { type: "region", match: { operator, values: [region] } },
  { type: "city", match: { operator, values: [city] } },
];

/** What each accepted example means in Segmentflow's format (now = 2026-11-28 in New York). */
const EXPECTED: Record<number, Shape> = {
  1: all(subscribed),
  2: all(lastOrder({ operator: "on", date: "2020-05-30" })),
  4: any(lastOrder({ operator: "before", date: "2020-05-30" }), lastOrder({ operator: "after", date: "2020-05-30" })),
  5: all(lastOrder({ operator: "after", date: "2020-05-29" })),
  7: all(lastOrder({ operator: "before", date: "2020-05-31" })),
  // -7d is the date 7 days ago (2026-11-21); after it is "in the last 6 days", rolling
  8: all(lastOrder({ operator: "in_last", amount: 6, unit: "days" })),
  // one whole day a month ago cannot roll: fixed to that day
  10: all(lastOrder({ operator: "on", date: "2026-10-28" })),
  11: all(lastOrder({ operator: "more_than_ago", amount: 12, unit: "months" })),
  13: all(lastOrder({ operator: "after", date: "2019-12-31" }), lastOrder({ operator: "more_than_ago", amount: 6, unit: "days" })),
  14: all(lastOrder({ operator: "on", date: "2026-11-28" })),
  // a time of day in the shop's zone: after that second
  16: all(lastOrder({ operator: "after", date: "2020-05-30", time: "16:00:00" })),
  19: all({ type: "account_state", match: { operator: "is_none_of", values: ["disabled"] } }),
  20: all(spent({ operator: "eq", value: 1099 })),
  22: all(spent({ operator: "gt", value: 1099 })),
  23: all(spent({ operator: "gte", value: 1099 })),
  25: all(spent({ operator: "lte", value: 1099 })),
  26: all(spent({ operator: "between", min: 10_000, max: 100_099 })),
  28: all(orders({ operator: "neq", value: 10 })),
  29: all(orders({ operator: "gt", value: 10 })),
  31: all(orders({ operator: "lt", value: 10 })),
  32: all(orders({ operator: "lte", value: 10 })),
  34: all({ type: "tag", operator: "has_any", tags: ["vip"] }),
  35: all(...place("is_any_of", "US", "CA", "Los Angeles")),
  37: any(...place("is_none_of", "US", "CA", "Los Angeles")),
  38: all({ type: "email_domain", match: { operator: "is", value: "example.com" }, caseSensitive: true }),
  40: all(subscribed, inCanada),
  41: any(subscribed, inCanada),
  43: any(all(subscribed, inCanada), spent({ operator: "gt", value: 99_999 })),
  44: all(subscribed, any(inCanada, spent({ operator: "gt", value: 99_999 }))),
  46: all({ type: "purchased_product", productIds: [1], occurrence: "has_done", count: { operator: "at_least", value: 2 }, match: "any" }),
  47: all(orders({ operator: "eq", value: 0 })),
  // the shop's product tags are categories of kind "tag" (12 = Sports wear, 13 = Red hats)
  49: all({ type: "purchased_category", categoryIds: [12], occurrence: "has_done", match: "any" }),
  // a purchase of any product but the listed ones
  53: all({ type: "purchased_product", productIds: [3], occurrence: "has_done", match: "other" }),
  56: all({ type: "purchased_category", categoryIds: [12], occurrence: "has_done", window: { kind: "in_last", amount: 12, unit: "months" }, match: "any" }),
  77: all({ type: "b2b_company", value: "in_company" }),
  79: all({ type: "purchased_category", categoryIds: [13], occurrence: "has_done", match: "any" }),
  // units bought, of any product
  82: all({ type: "units_purchased", match: { operator: "eq", value: 5 } }),
  50: all({ type: "purchased_product", productIds: [2, 3], occurrence: "has_done", match: "any" }),
  52: all({ type: "purchased_product", productIds: [3, 2, 4], occurrence: "has_done", match: "any" }),
  55: all(orders({ operator: "eq", value: 0 }, { kind: "after", date: "2026-08-28" })),
  58: all(email("opened")),
  59: all(email("opened", { campaignIds: [5240029206] })),
  61: all(email("delivered", { campaignIds: [5240029206] })),
  62: all(email("opened", { campaignIds: [5240029206, 1932881090, 3250045832] })),
  64: all(email("delivered", { campaignIds: [5240029206], window: { kind: "between", start: "2022-01-01", end: "2022-01-01" } })),
  65: all(email("marked_as_spam", { campaignIds: [5240029206], window: { kind: "after", date: "2026-08-28" } })),
  67: all({ type: "birthday", match: { operator: "in_next_days", days: 0 } }),
  68: all(orders({ operator: "gte", value: 1 }, { kind: "after", date: "2025-01-01" })),
  70: all(orders({ operator: "eq", value: 0 }, { kind: "after", date: "2025-01-01" })),
  73: all({ type: "checkout_activity", action: "abandoned", occurrence: "has_done", window: { kind: "after", date: "2026-03-28" } }),
  74: all({ type: "birthday", match: { operator: "in_next_days", days: 30 } }),
  // no contact lives there: Shopify's city code is split into words
  76: all(...place("is_any_of", "US", "NY", "New York City")),
  80: all(email("opened", { count: { operator: "at_least", value: 5 } })),
  81: all(email("opened")),
};

describe("the fixture's Shopify segment queries", () => {
  it("covers every example: each accepted one is either mapped or has no equivalent", () => {
    for (const example of EXAMPLES.filter((e) => e.expect === "accept")) {
      expect(example.id in EXPECTED !== example.id in NO_EQUIVALENT, `example ${example.id}`).toBe(true);
    }
    expect(EXAMPLES.filter((e) => e.expect === "reject").map((e) => e.id)).toEqual([17, 71]);
  });

  for (const example of EXAMPLES) {
    it(`#${example.id} (${example.syntax} syntax) is ${example.expect}ed: ${example.query}`, () => {
      const grammar = checkShopifyQuery(example.query);
      const imported = importShopifyQuery(example.query, CONTEXT);
      if (example.expect === "reject") {
        expect(grammar.ok).toBe(false);
        expect(imported).toEqual({ ok: false, error: (grammar as { error: unknown }).error });
        return;
      }
      expect(grammar).toEqual({ ok: true });
      const noEquivalent = NO_EQUIVALENT[example.id];
      if (noEquivalent) {
        expect(imported.ok).toBe(false);
        const { error } = imported as { error: { line: number; column: number; message: string } };
        expect(error).toMatchObject({ line: 1, column: noEquivalent.column });
        expect(error.message).toMatch(noEquivalent.says);
        return;
      }
      expect(imported.ok, JSON.stringify(imported)).toBe(true);
      if (!imported.ok) return;
      expect(strip(imported.definition.root)).toEqual(EXPECTED[example.id]);
    });
  }

  it("rejects a time-only range (#17) and a repeated parameter (#71) where they are", () => {
    expect(checkShopifyQuery("last_order_date BETWEEN 1pm AND 3pm")).toEqual({
      ok: false,
      error: { line: 1, column: 25, message: expect.stringMatching(/“1pm” is a time without a date/) },
    });
    expect(checkShopifyQuery("orders_placed MATCHES (date > 2025-01-01, date < 2025-06-01)")).toEqual({
      ok: false,
      error: { line: 1, column: 43, message: expect.stringMatching(/parameter date is already used at line 1, column 24/) },
    });
  });

  it("reads the legacy form and its 2026-10 MATCHES twin of each migration pair as the same segment", () => {
    for (const example of EXAMPLES.filter((e) => e.equivalent_matches_form)) {
      const legacy = importShopifyQuery(example.query, CONTEXT);
      const matches = importShopifyQuery(example.equivalent_matches_form!, CONTEXT);
      if (legacy.ok) expect(matches).toEqual(legacy);
      else expect(matches.ok ? null : matches.error.message).toBe(legacy.error.message);
    }
    // legacy `= false` is NOT MATCHES; `param: value` is `param = value`, `param: (a, b)` is IN
    const pairs: [string, string][] = [
      ["products_purchased(id: 1234) = false", "products_purchased NOT MATCHES (id = 1234)"],
      ["products_purchased(id: (2012162031638, 1234), date: 2026-11-01) = true", "products_purchased MATCHES (id IN (2012162031638, 1234), date = 2026-11-01)"],
      ["shopify_email.clicked(activity_id: 7) = true", "shopify_email.clicked MATCHES (activity_id = 7)"],
      ["storefront_event.product_viewed(id: 1234) = true", "storefront.product_viewed MATCHES (id = 1234)"],
    ];
    for (const [legacy, matches] of pairs) {
      const a = importShopifyQuery(legacy, CONTEXT);
      expect(a.ok, legacy).toBe(true);
      expect(importShopifyQuery(matches, CONTEXT)).toEqual(a);
    }
  });

  it("accepts the whole query of Shopify's editor (FROM customers SHOW … WHERE … ORDER BY …) and the deprecated named dates", () => {
    const whole = "FROM customers\nSHOW customer_name, amount_spent\nWHERE amount_spent > 10.99\nORDER BY updated_at";
    expect(importShopifyQuery(whole, CONTEXT)).toEqual(importShopifyQuery("amount_spent > 10.99", CONTEXT));
    for (const [named, offset] of [["12_months_ago", "-12m"], ["90_days_ago", "-90d"], ["30_days_ago", "-30d"], ["7_days_ago", "-7d"]]) {
      expect(importShopifyQuery(`last_order_date >= ${named}`, CONTEXT)).toEqual(importShopifyQuery(`last_order_date >= ${offset}`, CONTEXT));
    }
  });
});
