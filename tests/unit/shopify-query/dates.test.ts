import { describe, expect, it } from "vitest";
import { importShopifyQuery } from "../../../app/segments/shopify-query";
import { CONTEXT } from "./context";

/**
 * Dates are whole days in the shop's time zone. Relative dates stay relative where a rolling
 * rule means exactly the same, and are otherwise fixed to the calendar date (with a warning).
 */

const lastOrder = (query: string, context = CONTEXT) => {
  const result = importShopifyQuery(query, context);
  if (!result.ok) throw new Error(result.error.message);
  // a clause that is two rules (a range with a rolling and a fixed end) is the root's two children
  const matches = result.definition.root.children.map((c) => (c as { match: unknown }).match);
  return { node: matches.length === 1 ? matches[0] : matches, warnings: result.warnings };
};

describe("dates in the shop's time zone", () => {
  it("keeps offsets rolling where the engine's rules mean the same", () => {
    expect(lastOrder("last_order_date >= -30d")).toEqual({ node: { operator: "in_last", amount: 30, unit: "days" }, warnings: [] });
    expect(lastOrder("last_order_date > -2w")).toEqual({ node: { operator: "in_last", amount: 13, unit: "days" }, warnings: [] });
    expect(lastOrder("last_order_date >= -2w")).toEqual({ node: { operator: "in_last", amount: 2, unit: "weeks" }, warnings: [] });
    expect(lastOrder("last_order_date >= -1y")).toEqual({ node: { operator: "in_last", amount: 12, unit: "months" }, warnings: [] });
    expect(lastOrder("last_order_date < -90d")).toEqual({ node: { operator: "more_than_ago", amount: 90, unit: "days" }, warnings: [] });
    expect(lastOrder("last_order_date <= -90d")).toEqual({ node: { operator: "more_than_ago", amount: 89, unit: "days" }, warnings: [] });
    expect(lastOrder("last_order_date BETWEEN -60d AND today")).toEqual({ node: { operator: "in_last", amount: 60, unit: "days" }, warnings: [] });
    expect(lastOrder("last_order_date BETWEEN -60d AND -30d")).toEqual({
      node: [{ operator: "in_last", amount: 60, unit: "days" }, { operator: "more_than_ago", amount: 29, unit: "days" }],
      warnings: [],
    });
    expect(lastOrder("last_order_date >= yesterday")).toEqual({ node: { operator: "in_last", amount: 1, unit: "days" }, warnings: [] });
  });

  it("fixes what cannot roll to the dates it means today, and says so where", () => {
    expect(lastOrder("last_order_date > -3m")).toEqual({
      node: { operator: "after", date: "2026-08-28" },
      warnings: [{ line: 1, column: 19, message: "Segmentflow cannot keep this relative date moving with the same meaning, so it was fixed to 2026-08-29 onwards (as of today, 2026-11-28)" }],
    });
    expect(lastOrder("last_order_date = yesterday").node).toEqual({ operator: "on", date: "2026-11-27" });
    expect(lastOrder("last_order_date BETWEEN -3m AND -1m").node).toEqual({ operator: "between", start: "2026-08-28", end: "2026-10-28" });
  });

  it("counts days where the shop is: today in Auckland is already tomorrow in New York", () => {
    const auckland = { ...CONTEXT, timeZone: "Pacific/Auckland" };
    expect(lastOrder("last_order_date = today", auckland).node).toEqual({ operator: "on", date: "2026-11-29" });
    expect(lastOrder("last_order_date = today").node).toEqual({ operator: "on", date: "2026-11-28" });
    // a month before March 31 is the last day of February, as the engine's windows count months
    const march = { ...CONTEXT, now: Date.parse("2027-03-31T15:00:00Z") };
    expect(lastOrder("last_order_date = -1m", march).node).toEqual({ operator: "on", date: "2027-02-28" });
  });

  it("reads a date-time at a day boundary as whole days, and any other as that second in the shop's zone", () => {
    expect(lastOrder("last_order_date >= 2026-05-30T00:00:00").node).toEqual({ operator: "after", date: "2026-05-29" });
    expect(lastOrder("last_order_date < 2026-05-30T00:00:00").node).toEqual({ operator: "before", date: "2026-05-30" });
    expect(lastOrder("last_order_date > 2026-05-30T23:59:59").node).toEqual({ operator: "after", date: "2026-05-30" });
    expect(lastOrder("last_order_date BETWEEN 2026-05-01T00:00:00 AND 2026-05-31T23:59:59").node).toEqual({ operator: "between", start: "2026-05-01", end: "2026-05-31" });
    expect(lastOrder("last_order_date >= 2026-05-30T09:30:00").node).toEqual({ operator: "after", date: "2026-05-30", time: "09:29:59" });
    expect(lastOrder("last_order_date <= 2026-05-30T09:30:00").node).toEqual({ operator: "before", date: "2026-05-30", time: "09:30:01" });
    expect(lastOrder("last_order_date < 2026-05-30T09:30:00").node).toEqual({ operator: "before", date: "2026-05-30", time: "09:30:00" });
    const within = (query: string) => {
      const result = importShopifyQuery(query, CONTEXT);
      return result.ok ? result.definition.root : result;
    };
    // = is that second: after the one before and before the one after; != either side of it
    expect(within("last_order_date = 2026-05-30T09:30:00")).toMatchObject({
      match: "all",
      children: [{ match: { operator: "after", date: "2026-05-30", time: "09:29:59" } }, { match: { operator: "before", date: "2026-05-30", time: "09:30:01" } }],
    });
    expect(within("last_order_date != 2026-05-30T09:30:00")).toMatchObject({
      match: "any",
      children: [{ match: { operator: "before", date: "2026-05-30", time: "09:30:00" } }, { match: { operator: "after", date: "2026-05-30", time: "09:30:00" } }],
    });
    // a second before midnight is the whole previous day
    expect(within("customer_added_date BETWEEN 2026-05-01T00:00:01 AND 2026-05-31")).toMatchObject({
      children: [{ match: { operator: "after", date: "2026-05-01", time: "00:00:00" } }, { match: { operator: "before", date: "2026-06-01" } }],
    });
    // rule windows and the latest abandoned checkout still count whole days
    expect(importShopifyQuery("abandoned_checkout_date > 2026-05-30T09:30:00", CONTEXT)).toMatchObject({ ok: false, error: { column: 27 } });
  });

  it("reads the custom attribute's dates, which can be in the future, without assuming they are past", () => {
    const result = importShopifyQuery("customer.metafields.facts.vip_since >= -30d", CONTEXT);
    expect(result).toMatchObject({ ok: true, definition: { root: { children: [{ match: { operator: "after", date: "2026-10-28" } }] } } });
    expect(importShopifyQuery("customer.metafields.facts.vip_since BETWEEN today AND +30d", CONTEXT)).toMatchObject({
      ok: true,
      definition: { root: { children: [{ match: { operator: "in_next", amount: 30, unit: "days" } }] } },
    });
  });
});
