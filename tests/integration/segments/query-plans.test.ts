import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { contactQuery, countQuery, membersQuery, type SegmentContext } from "../../../app/segments/compile";
import { parseSegmentDefinition, type SegmentDefinition } from "../../../app/segments/definition";
import { SUGGESTED_SEGMENTS } from "../../../app/segments/suggested";
import { openDatabase, type Db } from "../../../db/client.server";
import { EVENT_TYPES } from "../../../db/enums";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../../db/seed/demo-store";
import { generateStore } from "../../../db/seed/generate-store";
import { createTestDb } from "../../helpers/test-db";

/**
 * EXPLAIN QUERY PLAN checks of compiled segments on the seeded demo store (the seed runs ANALYZE).
 * They assert the parts of a plan that decide its cost — which index, covering or not, event-first
 * or contact-first — not the full text, and print the plan when they fail. The plans they pin were
 * measured at 100,000 contacts / 2M events too (SEGMENT_PLANS_DB, below; db/DATA-MODEL.md, physical notes).
 */

const ANCHOR = Date.parse("2026-11-28T12:00:00Z");
const dialect = new SQLiteSyncDialect();

type Rule = string | RegExp;
type Expectation = { has?: Rule[]; not?: Rule[] };

/** Shared plan fragments. */
const CONTACT_BY_ID = "SEARCH c USING INTEGER PRIMARY KEY (rowid=?)";
const CONTACT_SCAN = /^ *SCAN c$/m;
const ANY_CONTACT_SCAN = /SCAN c\b/;
/** The shop-prefix trap: a contacts index used with nothing but the shop to narrow it. */
const SHOP_ONLY_PREFIX = /USING (COVERING )?INDEX contacts_\w+ \(shop_id=\?\)/;
/**
 * The one correlated subquery bulk plans may hold: "no order in a window that reaches now" probes the
 * covering per-contact orders index for contacts whose orders straddle the window (only those with
 * an order dated after now), instead of listing every order of the window.
 */
const STRADDLER_PROBE = /^ *CORRELATED SCALAR SUBQUERY \d+\n *SEARCH o USING COVERING INDEX orders_contact_placed_idx \(contact_id=\? AND placed_at>\? AND placed_at<\?\)$/m;
const withoutStraddlerProbes = (plan: string) => plan.replace(new RegExp(STRADDLER_PROBE.source, "gm"), "");
/** Any full scan of a table other than contacts (events, orders, lines, tags, attributes). */
const SCAN_OTHER = /SCAN (e|o|ol|ct|ca|t|pc)\b/;

describe("query plans of compiled segments", () => {
  let db: Db;
  let ctx: SegmentContext;
  let hotProduct: number;
  let typicalProduct: number;
  let someContact: number;

  beforeAll(() => {
    // SEGMENT_PLANS_DB=/tmp/plans.sqlite checks the same plans on a bigger store written by `npm run seed`
    const file = process.env.SEGMENT_PLANS_DB;
    db = file ? openDatabase(file, { readonly: true }) : createTestDb();
    const shopId = file
      ? (db.$client.prepare(`SELECT id FROM shops WHERE domain = ?`).pluck().get(DEMO_SHOP.domain) as number)
      : generateStore(db, { ...DEMO_DEFAULTS, anchor: ANCHOR, shop: DEMO_SHOP }).shopId;
    ctx = { shopId, now: ANCHOR, timeZone: DEMO_SHOP.timeZone };
    const byViews = db.$client
      .prepare(`SELECT subject_id FROM events WHERE shop_id = ? AND type = ? GROUP BY subject_id ORDER BY count(*) DESC, subject_id`)
      .pluck()
      .all(shopId, EVENT_TYPES.product_viewed) as number[];
    hotProduct = byViews[0];
    typicalProduct = byViews[Math.floor(byViews.length / 2)];
    someContact = db.$client.prepare(`SELECT contact_id FROM events WHERE type = ? AND subject_id = ? LIMIT 1`).pluck().get(EVENT_TYPES.product_viewed, hotProduct) as number;
  }, 120_000);

  const definition = (...children: unknown[]): SegmentDefinition => {
    const parsed = parseSegmentDefinition({ version: 1, root: { id: "root", type: "group", match: "all", children } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.definition;
  };

  /** The plan as indented text, one line per step. */
  function planOf(query: SQL): string {
    const { sql, params } = dialect.sqlToQuery(query);
    const rows = db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { id: number; parent: number; detail: string }[];
    const depth = new Map<number, number>([[0, -1]]);
    return rows
      .map((r) => {
        depth.set(r.id, (depth.get(r.parent) ?? 0) + 1);
        return `${"  ".repeat(depth.get(r.id)!)}${r.detail}`;
      })
      .join("\n");
  }

  /** Checks a plan against rules; on failure the message carries the whole plan. */
  function expectPlan(label: string, query: SQL, { has = [], not = [] }: Expectation): string {
    const plan = planOf(query);
    const test = (rule: Rule) => (typeof rule === "string" ? plan.includes(rule) : rule.test(plan));
    const problems = [
      ...has.filter((r) => !test(r)).map((r) => `missing ${String(r)}`),
      ...not.filter((r) => test(r)).map((r) => `unexpected ${String(r)}`),
    ];
    if (problems.length > 0) expect.fail(`${label}: ${problems.join("; ")}\n--- plan ---\n${plan}\n---`);
    return plan;
  }

  const members = (d: SegmentDefinition) => membersQuery(d, ctx);
  const d30 = { kind: "in_last", amount: 30, unit: "days" } as const;
  const country = (values: string[]) => ({ id: "country", type: "country", match: { operator: "is_any_of", values } });
  const subscribed = { id: "subscribed", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } };
  const viewedTwiceNotBought = (product: number) =>
    definition(
      { id: "viewed", type: "product_views", action: "viewed", productIds: [product], occurrence: "has_done", count: { operator: "at_least", value: 2 }, window: d30 },
      { id: "not_bought", type: "purchased_product", productIds: [product], occurrence: "has_not_done", window: d30 },
    );

  describe("property segments", () => {
    it("country + email consent is answered from the covering (shop, country, consent) index alone", () => {
      expectPlan("country+consent", members(definition(country(["US"]), subscribed)), {
        has: ["SEARCH c USING COVERING INDEX contacts_shop_country_consent_idx (shop_id=? AND country_code=? AND email_consent=?"],
        not: [ANY_CONTACT_SCAN],
      });
    });

    it("total spent > X with last order before Y uses the covering spend index, not a wide last-order range", () => {
      const d = definition(
        { id: "spent", type: "total_spent", match: { operator: "gt", value: 50_000 } },
        { id: "lapsed", type: "last_order_at", match: { operator: "more_than_ago", amount: 30, unit: "days" } },
      );
      expectPlan("spent+lapsed", members(d), {
        has: ["SEARCH c USING COVERING INDEX contacts_shop_spent_idx (shop_id=? AND total_spent_minor>?)"],
        not: ["contacts_shop_last_order_idx", ANY_CONTACT_SCAN],
      });
    });

    it.each([
      ["last order date", { id: "d", type: "last_order_at", match: { operator: "more_than_ago", amount: 30, unit: "days" } }, "contacts_shop_last_order_idx (shop_id=? AND last_order_at<?)"],
      ["last visit", { id: "d", type: "last_visit_at", match: { operator: "in_last", amount: 7, unit: "days" } }, "contacts_shop_last_visit_idx (shop_id=? AND last_visit_at>? AND last_visit_at<?)"],
      ["first order date", { id: "d", type: "first_order_at", match: { operator: "in_last", amount: 30, unit: "days" } }, "contacts_shop_first_order_idx (shop_id=? AND first_order_at>? AND first_order_at<?)"],
      ["lifecycle stage", { id: "d", type: "lifecycle_stage", match: { operator: "is_any_of", values: ["dormant"] } }, "contacts_shop_lifecycle_idx (shop_id=? AND lifecycle_stage=?"],
      ["birthday in the next days", { id: "d", type: "birthday", match: { operator: "in_next_days", days: 7 } }, "contacts_shop_birthday_idx (shop_id=? AND birthday_md>? AND birthday_md<?)"],
    ])("a %s rule is a covering range of its shop-prefixed index", (_label, condition, index) => {
      expectPlan(String(_label), members(definition(condition)), { has: [`SEARCH c USING COVERING INDEX ${index}`], not: [ANY_CONTACT_SCAN] });
    });

    it.each([
      ["gender + average order value", [{ id: "g", type: "gender", match: { operator: "is_any_of", values: ["female"] } }, { id: "a", type: "average_order_value", match: { operator: "gt", value: 10_000 } }]],
      ["language", [{ id: "l", type: "language", match: { operator: "is_any_of", values: ["fr"] } }]],
      ["SMS subscribers", [{ id: "s", type: "sms_subscription", match: { operator: "is_any_of", values: ["subscribed"] } }, { id: "v", type: "phone_validity", value: "valid" }]],
      ["number of orders", [{ id: "o", type: "order_count", match: { operator: "eq", value: 1 } }]],
    ])("%s has no usable index: a plain scan, never a walk of a shop-only index prefix", (_label, conditions) => {
      expectPlan(String(_label), members(definition(...conditions)), { has: [CONTACT_SCAN], not: [SHOP_ONLY_PREFIX, /USING (COVERING )?INDEX contacts_/] });
    });
  });

  describe("behavioural segments run event-first", () => {
    it.each([
      ["the most viewed product", () => hotProduct],
      ["a typical product", () => typicalProduct],
    ])("viewed %s ≥ 2 times in 30 days and did not buy it: the covering event index, then contacts by id", (_label, product) => {
      expectPlan(`viewed ${product()} twice, not bought`, members(viewedTwiceNotBought(product())), {
        has: [
          "SEARCH e USING COVERING INDEX events_segment_idx (shop_id=? AND type=? AND subject_id=? AND occurred_at>? AND occurred_at<?)",
          CONTACT_BY_ID,
          // the purchase side is one covering range of counted lines: no orders lookup per line
          "SEARCH ol USING COVERING INDEX order_lines_counted_product_idx (product_id=? AND placed_at>? AND placed_at<?)",
        ],
        // contact-first would scan contacts and probe the per-contact event index for each one
        not: [ANY_CONTACT_SCAN, "events_contact_idx", /CORRELATED .*SUBQUERY/, SCAN_OTHER, /SEARCH o USING/],
      });
    });

    it("bought from a category and subscribed: the category's products, then their counted lines from the covering index", () => {
      const d = definition(subscribed, { id: "cat", type: "purchased_category", categoryIds: [1], match: "any", occurrence: "has_done" });
      expectPlan("bought category 1 and subscribed", members(d), {
        has: ["SEARCH pc USING PRIMARY KEY (category_id=?)", "SEARCH ol USING COVERING INDEX order_lines_counted_product_idx (product_id=?)"],
        not: [/SEARCH o USING/, SCAN_OTHER],
      });
    });

    it("an email rule without a subject reads the (shop, type, time) event index", () => {
      const d = definition({ id: "o", type: "email_activity", action: "opened", occurrence: "has_done", count: { operator: "at_least", value: 3 }, window: d30 });
      expectPlan("opened 3x", members(d), {
        has: ["SEARCH e USING COVERING INDEX events_type_time_idx (shop_id=? AND type=? AND occurred_at>? AND occurred_at<?)", CONTACT_BY_ID],
        not: [ANY_CONTACT_SCAN, "events_contact_idx", SCAN_OTHER],
      });
    });

    it("a mixed And (properties in an Or, an email event, no recent order) is a semi-join from the event window", () => {
      const d = definition(
        { id: "g", type: "group", match: "any", children: [country(["US", "CA"]), { id: "s", type: "total_spent", match: { operator: "gt", value: 10_000 } }] },
        { id: "o", type: "email_activity", action: "opened", occurrence: "has_done", window: d30 },
        { id: "n", type: "order_count", match: { operator: "eq", value: 0 }, window: { kind: "in_last", amount: 14, unit: "days" } },
      );
      const plan = expectPlan("mix", members(d), {
        has: ["SEARCH e USING COVERING INDEX events_type_time_idx", CONTACT_BY_ID, STRADDLER_PROBE],
        not: [ANY_CONTACT_SCAN, SCAN_OTHER, /orders_shop_placed_idx/],
      });
      expect(withoutStraddlerProbes(plan)).not.toMatch(/CORRELATED/);
    });

    it.each([
      ["at least 2 orders in the last 90 days", { id: "o", type: "order_count", match: { operator: "gte", value: 2 }, window: { kind: "in_last", amount: 90, unit: "days" } }],
      ["spent over 200 in the last year", { id: "o", type: "total_spent", match: { operator: "gt", value: 20_000 }, window: { kind: "in_last", amount: 365, unit: "days" } }],
    ])("a windowed order rule (%s) ranges over the (shop, placed_at) orders index", (_label, condition) => {
      expectPlan(String(_label), members(definition(condition)), {
        has: ["SEARCH o USING INDEX orders_shop_placed_idx (shop_id=? AND placed_at>? AND placed_at<?)", CONTACT_BY_ID],
        not: [ANY_CONTACT_SCAN, /CORRELATED .*SUBQUERY/, SCAN_OTHER],
      });
    });

    it("tags are read from the tag dictionary and the (tag, contact) table", () => {
      const tagRule = (operator: string, tags: string[]) => definition({ id: "t", type: "tag", operator, tags });
      const fromTags = ["SEARCH t USING COVERING INDEX tags_shop_name_key (shop_id=? AND name_key=?)", "SEARCH ct USING PRIMARY KEY (tag_id=?)"];
      expectPlan("has any", members(tagRule("has_any", ["vip"])), { has: [...fromTags, CONTACT_BY_ID], not: [ANY_CONTACT_SCAN, SCAN_OTHER] });
      expectPlan("has all", members(tagRule("has_all", ["newsletter", "repeat-customer"])), { has: [...fromTags, CONTACT_BY_ID], not: [ANY_CONTACT_SCAN, SCAN_OTHER] });
      // "has none" is a complement: the contacts are scanned once against the materialised tag holders
      expectPlan("has none", members(tagRule("has_none", ["newsletter"])), { has: fromTags, not: [/CORRELATED .*SUBQUERY/, SCAN_OTHER, SHOP_ONLY_PREFIX] });
    });

    it("a numeric custom attribute ranges over the covering (attribute, value, contact) index", () => {
      const d = definition({ id: "a", type: "custom_attribute", key: "loyalty_points", valueType: "number", match: { operator: "gte", value: 2000 } });
      expectPlan("attribute", members(d), {
        has: ["SEARCH ca USING COVERING INDEX contact_attributes_number_idx (attribute_id=? AND number_value>?)", CONTACT_BY_ID],
        not: [ANY_CONTACT_SCAN, SCAN_OTHER],
      });
    });
  });

  describe("every suggested segment", () => {
    it.each(SUGGESTED_SEGMENTS.map((s) => [s.key, s.definition] as const))("%s avoids the shop-prefix trap and full scans of event, order and tag tables", (key, d) => {
      const plan = expectPlan(key, members(d), { not: [SHOP_ONLY_PREFIX, SCAN_OTHER] });
      expect(withoutStraddlerProbes(plan), plan).not.toMatch(/CORRELATED/);
      // the live count runs the same plan as the member list
      expect(planOf(countQuery(d, ctx)).replace(/\n.*USE TEMP B-TREE.*$/gm, "")).toBe(plan.replace(/\n.*USE TEMP B-TREE.*$/gm, ""));
    });
  });

  describe("per-contact evaluation (contactQuery)", () => {
    const all = () => [
      ["country + consent", definition(country(["US"]), subscribed)],
      ["viewed twice, not bought", viewedTwiceNotBought(hotProduct)],
      ["tags and attributes", definition({ id: "t", type: "tag", operator: "has_all", tags: ["vip", "newsletter"] }, { id: "a", type: "custom_attribute", key: "preferred_size", valueType: "text", match: { operator: "is", value: "M" } })],
      ["windowed orders and category", definition(
        { id: "o", type: "order_count", match: { operator: "gte", value: 2 }, window: { kind: "in_last", amount: 90, unit: "days" } },
        { id: "p", type: "purchased_category", categoryIds: [1], occurrence: "has_done", window: { kind: "in_last", amount: 90, unit: "days" } },
      )],
      ...SUGGESTED_SEGMENTS.map((s) => [s.key, s.definition] as const),
    ] as const;

    it("uses only index lookups: the contact by id and the per-contact indexes, never a scan", () => {
      for (const [label, d] of all()) {
        expectPlan(`contact: ${label}`, contactQuery(d, ctx, someContact), { has: [CONTACT_BY_ID], not: [/\bSCAN\b/, "events_segment_idx", "events_type_time_idx", "orders_shop_placed_idx"] });
      }
    });

    it("reads events, order lines and tags through their per-contact indexes alone (covering: no row lookups)", () => {
      expectPlan("contact: viewed", contactQuery(viewedTwiceNotBought(hotProduct), ctx, someContact), {
        has: [
          "SEARCH e USING COVERING INDEX events_contact_idx (contact_id=? AND type=? AND subject_id=? AND occurred_at>? AND occurred_at<?)",
          "SEARCH ol USING COVERING INDEX order_lines_contact_product_idx (contact_id=? AND product_id=? AND shop_id=? AND counted=? AND placed_at>? AND placed_at<?)",
        ],
      });
      const [, tagsAndAttributes, orders] = all().slice(1, 4).map(([, d]) => d);
      expectPlan("contact: tags", contactQuery(tagsAndAttributes, ctx, someContact), { has: ["SEARCH ct USING COVERING INDEX contact_tags_contact_idx (contact_id=? AND tag_id=? AND shop_id=?)", "SEARCH ca"] });
      expectPlan("contact: orders", contactQuery(orders, ctx, someContact), { has: [/orders_contact_placed_idx \(contact_id=\? AND placed_at>\? AND placed_at<\?\)/, /COVERING INDEX order_lines_contact_product_idx \(contact_id=\?/] });
    });
  });

  describe("the event log stays within its budget", () => {
    it("keeps at most three indexes on events and ≤ 200 bytes per event including them", () => {
      const indexes = db.$client.prepare(`SELECT name FROM pragma_index_list('events')`).pluck().all() as string[];
      expect(indexes.sort()).toEqual(["events_contact_idx", "events_segment_idx", "events_type_time_idx"]);
      const bytes = db.$client
        .prepare(`SELECT sum(pgsize) FROM dbstat WHERE name = 'events' OR name IN (SELECT name FROM pragma_index_list('events'))`)
        .pluck()
        .get() as number;
      const events = db.$client.prepare(`SELECT count(*) FROM events`).pluck().get() as number;
      expect(bytes / events).toBeLessThanOrEqual(200);
    });
  });
});
