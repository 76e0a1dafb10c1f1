import { describe, expect, it } from "vitest";
import { describeProblem, importShopifyQuery } from "../../../app/segments/shopify-query";
import { CONTEXT } from "./context";

/**
 * The grammar, not the list, is the specification: queries broken on purpose fail, and each
 * error names the line and column of what is wrong and what was expected there.
 */

const clauses = (n: number) => Array.from({ length: n }, (_, i) => `amount_spent > ${i}`).join(" AND ");
const ids = (n: number) => Array.from({ length: n }, (_, i) => 1000 + i).join(", ");

/** [query, line, column, what the message says] */
const MUTATED: [string, number, number, RegExp][] = [
  // unbalanced parentheses
  ["(amount_spent > 10", 1, 19, /Expected \) to close the \( at line 1, column 1, found the end of the query/],
  ["amount_spent > 10)", 1, 18, /Unexpected “\)”: no \( is open here/],
  ["email_subscription_status = 'SUBSCRIBED' AND ((customer_countries CONTAINS 'CA' OR amount_spent > 5)", 1, 101, /Expected \) to close the \( at line 1, column 46/],
  ["shopify_email.opened MATCHES (activity_id = 1", 1, 46, /Expected a comma and another parameter, or the \) closing MATCHES/],
  ["products_purchased MATCHES (id IN (1234, 2012162031638)", 1, 56, /Expected a comma and another parameter, or the \) closing MATCHES/],
  // unknown attribute or parameter
  ["amount_spend > 10", 1, 1, /Unknown attribute “amount_spend”: did you mean amount_spent\?/],
  ["email_subscription_status = 'SUBSCRIBED' AND\n  customer_tag CONTAINS 'vip'", 2, 3, /Unknown attribute “customer_tag”: did you mean customer_tags\?/],
  ["products_purchased MATCHES (idd = 1)", 1, 29, /products_purchased has no parameter “idd”: its parameters are id, tag, category, date, count/],
  ["products_purchased MATCHES (count_at_least = 5)", 1, 29, /no parameter “count_at_least”/],
  // wrong operator, or wrong value, for a type
  ["customer_tags > 'vip'", 1, 15, /customer_tags is a list: > does not apply to it \(use CONTAINS, NOT CONTAINS, IS NULL or IS NOT NULL\)/],
  ["amount_spent CONTAINS 5", 1, 14, /amount_spent is a number: CONTAINS does not apply/],
  ["email_subscription_status > 'SUBSCRIBED'", 1, 27, /email_subscription_status is an enum: > does not apply to it \(use = or !=\)/],
  ["anniversary('metafields.facts.birth_date') > today", 1, 44, /anniversary is a date: > does not apply to it \(use = or BETWEEN\)/],
  ["customer_tags IN ('a', 'b')", 1, 15, /IN only works on a function's parameters/],
  ["number_of_orders = 1.5", 1, 20, /number_of_orders takes a whole number, not “1.5”/],
  ["email_subscription_status = 'subscribed'", 1, 29, /values are case-sensitive: 'SUBSCRIBED'/],
  ["rfm_group = CHAMPIONS", 1, 13, /text goes in single quotes: 'CHAMPIONS'/],
  ["orders_placed > 5", 1, 1, /orders_placed is a function: write orders_placed MATCHES/],
  ["number_of_orders MATCHES ()", 1, 1, /number_of_orders is not a function/],
  ["customer.metafields.loyalty.points CONTAINS 'x'", 1, 36, /is a number: CONTAINS does not apply/],
  // a parameter repeated
  ["orders_placed MATCHES (count > 1, count < 5)", 1, 35, /The parameter count is already used at line 1, column 24/],
  ["shopify_email.opened MATCHES (date > -7d,\n  date < -1d)", 2, 3, /The parameter date is already used at line 1, column 31/],
  ["products_purchased(id: 1, id: 2) = true", 1, 27, /The parameter id is already used at line 1, column 20/],
  ["products_purchased MATCHES (quantity = 1, sum_quantity = 2)", 1, 43, /The parameter sum_quantity is already used at line 1, column 29/],
  // times and dates
  ["last_order_date BETWEEN 1pm AND 3pm", 1, 25, /“1pm” is a time without a date/],
  ["last_order_date > 13:00", 1, 19, /“13:00” is a time without a date/],
  ["last_order_date = 2020-02-30", 1, 19, /2020-02-30 is not a date: 2020-02 has 29 days/],
  ["last_order_date = 2020-5-30", 1, 19, /write dates as yyyy-mm-dd with leading zeros/],
  ["last_order_date > 2020-05-30T25:00:00", 1, 19, /25:00:00 is not a time/],
  ["last_order_date > 2020-05-30T4:00", 1, 19, /yyyy-mm-ddThh:mm:ss/],
  ["last_order_date > 30d", 1, 19, /a date offset needs a sign, e.g. -30d or \+30d/],
  ["last_order_date >= 5_days_ago", 1, 20, /not a named date: write the offset -5d/],
  ["last_order_date BETWEEN -7d AND -30d", 1, 33, /This range is empty: 2026-11-21 is after 2026-10-29/],
  // literals and structure
  ['customer_tags CONTAINS "vip"', 1, 24, /single quotes/],
  ["customer_tags CONTAINS 'vip", 1, 24, /This text is never closed/],
  ["customer_tags CONTAINS 'a\\nb'", 1, 26, /Unknown escape “\\n”/],
  ["amount_spent > 1,000", 1, 17, /Expected AND, OR or the end of the query, found “,”/],
  ["amount_spent > 10.999", 1, 16, /10.999 has more decimals than the shop's currency \(2\)/],
  ["amount_spent BETWEEN 100 AND 10", 1, 30, /BETWEEN 100 AND 10 is empty/],
  ["last_order_date <> 2020-01-01", 1, 17, /“<>” is not an operator here: use !=/],
  ["products_purchased(tag: 'x') = maybe", 1, 32, /Expected true or false, found “maybe”/],
  ["amount_spent > 10 AND", 1, 22, /Expected a condition .* found the end of the query/],
  ["amount_spent > 10 OR OR amount_spent < 5", 1, 22, /Expected a condition .* found “OR”/],
  ["email_subscription_status = 'SUBSCRIBED'\nAND (customer_countries CONTAINS 'CA'\n  OR amount_spent >)", 3, 20, /Expected a value .* found “\)”/],
  ["", 1, 1, /The query is empty/],
  ["FROM customers WHERE", 1, 21, /Expected a condition/],
  ["customer_cities CONTAINS 'LosAngeles'", 1, 26, /'LosAngeles' is not a city code: expected countryCode-regionCode-cityCode/],
  // the limits: 100 conditions and 50 to a group (Segmentflow's), 500 ids in a list (Shopify's)
  [clauses(101), 1, clauses(100).length + 6, /A query can have at most 100 conditions/],
  [clauses(51), 1, clauses(50).length + 6, /A group can hold at most 50 conditions and groups/],
  [`products_purchased MATCHES (id IN (${ids(501)}))`, 1, `products_purchased MATCHES (id IN (${ids(500)}, `.length + 1, /A list can hold at most 500 values/],
  // no equivalent in Segmentflow, said where
  ["amount_spent > 5 AND\n  companies CONTAINS '123'", 2, 3, /companies CONTAINS has no equivalent in Segmentflow: .*not which one/],
  ["created_by_app_id = 5", 1, 1, /created_by_app_id has no equivalent/],
  ["products_purchased MATCHES (date >= 2026-01-01T12:00:00)", 1, 37, /A time of day \(12:00:00\) has no equivalent/],
  ["products_purchased MATCHES (id != 1234, quantity > 2)", 1, 41, /quantity with id != has no equivalent/],
  ["products_purchased MATCHES (tag = 'Sports wear', id = 1234)", 1, 29, /products_purchased with both id and tag has no equivalent/],
  ["products_purchased MATCHES (tag = 'Blue hats')", 1, 35, /No product tag 'Blue hats' in this shop/],
  ["last_order_date BETWEEN -7d AND 2026-11-28T12:00:00", 1, 25, /BETWEEN with a time of day takes a calendar date/],
  ["storefront_event.product_viewed MATCHES (id NOT IN (1234))", 1, 45, /id NOT IN has no equivalent/],
  ["products_purchased MATCHES (id = 999)", 1, 34, /No product 999 in this shop/],
  ["shopify_email.opened MATCHES (activity_id = 5)", 1, 45, /No campaign 5 in this shop .*Segmentflow campaign id/],
  ["customer.metafields.facts.unknown = 'x'", 1, 1, /No custom attribute of this shop comes from the metafield facts.unknown/],
  ["anniversary('metafields.facts.vip_since') = today", 1, 13, /anniversary of facts.vip_since has no equivalent/],
  ["customer_tags IS NULL", 1, 1, /customer_tags IS NULL has no equivalent/],
];

describe("errors name the line and column", () => {
  it("has at least 20 broken queries, of every kind the issue lists", () => {
    expect(MUTATED.length).toBeGreaterThanOrEqual(20);
  });

  for (const [query, line, column, says] of MUTATED) {
    it(`${JSON.stringify(query.length > 80 ? `${query.slice(0, 60)}…` : query)} fails at ${line}:${column}`, () => {
      const result = importShopifyQuery(query, CONTEXT);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.message).toMatch(says);
      expect({ line: result.error.line, column: result.error.column }).toEqual({ line, column });
      expect(describeProblem(result.error)).toBe(`Line ${line}, column ${column}: ${result.error.message}`);
    });
  }

  it("accepts exactly the limits: 100 conditions (50 to a group), 500 ids", () => {
    expect(importShopifyQuery(clauses(50), CONTEXT).ok).toBe(true);
    expect(importShopifyQuery(`(${clauses(50)}) OR (${clauses(50)})`, CONTEXT).ok).toBe(true);
    const list = importShopifyQuery(`products_purchased MATCHES (id IN (${ids(500)}))`, CONTEXT);
    // 500 ids parse; these are not products of the shop, which is said about the first one
    expect(list).toMatchObject({ ok: false, error: { column: 36, message: "No product 1000 in this shop" } });
  });
});
