import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadShopCatalog } from "../../../app/models/segments.server";
import { shopifyQueryContext } from "../../../app/models/shopify-query.server";
import { membersQuery, type SegmentContext } from "../../../app/segments/compile";
import type { SegmentDefinition } from "../../../app/segments/definition";
import { exportShopifyQuery, importShopifyQuery, type ShopifyQueryContext } from "../../../app/segments/shopify-query";
import { plainId } from "../../../app/segments/shopify-query/references";
import { checkDefinition } from "../../../app/segments/validate";
import type { Db } from "../../../db/client.server";
import { EVENT_TYPES } from "../../../db/enums";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../../db/seed/demo-store";
import { generateStore } from "../../../db/seed/generate-store";
import { createTestDb } from "../../helpers/test-db";
import { REFERENCES, type Ref } from "./shopify-query-references";

/**
 * Every accepted fixture example (and more queries covering each mapping) evaluated on a
 * generated store selects exactly the members of a reference definition written by hand in
 * Segmentflow's format from Shopify's documented meaning, with the dates those queries mean on
 * 2026-11-28 in New York written out. The fixture's product and Shopify Email ids stand for the
 * store's most bought products and most opened campaigns (the shop's references are the caller's).
 */

type Example = { id: number; query: string; expect: string };
const EXAMPLES = JSON.parse(readFileSync(new URL("../../fixtures/shopify-segment-queries/examples.json", import.meta.url), "utf8")) as Example[];
const NOW = Date.parse("2026-11-28T12:00:00Z");
const FIXTURE_PRODUCTS = ["1234", "2012162031638", "1012132033639", "32421429314657"];
const FIXTURE_ACTIVITIES = ["5240029206", "1932881090", "3250045832"];

describe("Shopify queries on a generated store", () => {
  let db: Db;
  let ctx: SegmentContext;
  let bridge: ShopifyQueryContext;
  let products: number[];
  let campaigns: number[];
  let tagged: Record<string, number[]>;
  let bought: number[];

  beforeAll(() => {
    db = createTestDb();
    const { shopId } = generateStore(db, { ...DEMO_DEFAULTS, scale: 0.5, anchor: NOW, shop: DEMO_SHOP });
    ctx = { shopId, now: NOW, timeZone: DEMO_SHOP.timeZone };
    const sqlite = db.$client;
    products = sqlite
      .prepare(`SELECT ol.product_id FROM order_lines ol WHERE ol.shop_id = ? GROUP BY ol.product_id ORDER BY count(DISTINCT ol.order_id) DESC, ol.product_id LIMIT 4`)
      .pluck()
      .all(shopId) as number[];
    campaigns = sqlite
      .prepare(`SELECT subject_id FROM events WHERE shop_id = ? AND type = ? GROUP BY subject_id ORDER BY count(*) DESC, subject_id LIMIT 3`)
      .pluck()
      .all(shopId, EVENT_TYPES.email_opened) as number[];
    tagged = {};
    for (const name of ["Sports wear", "Red hats"]) {
      tagged[name] = sqlite
        .prepare(`SELECT pc.product_id FROM product_categories pc JOIN categories c ON c.id = pc.category_id WHERE c.shop_id = ? AND c.kind = 'tag' AND c.name = ? ORDER BY pc.product_id`)
        .pluck()
        .all(shopId, name) as number[];
    }
    bought = sqlite.prepare(`SELECT DISTINCT product_id FROM order_lines WHERE shop_id = ? AND product_id IS NOT NULL ORDER BY product_id`).pluck().all(shopId) as number[];
    const base = shopifyQueryContext(db, { shopId, now: NOW });
    const product = new Map(FIXTURE_PRODUCTS.map((id, i) => [id, products[i]]));
    const activity = new Map(FIXTURE_ACTIVITIES.map((id, i) => [id, campaigns[i]]));
    const reverse = <K, V>(map: Map<K, V>) => new Map([...map].map(([k, v]) => [v, k]));
    bridge = {
      ...base,
      references: {
        ...base.references,
        productId: (id) => product.get(plainId(id)) ?? base.references.productId(id),
        productPlatformId: (id) => reverse(product).get(id) ?? base.references.productPlatformId(id),
        campaignId: (id) => activity.get(plainId(id)) ?? base.references.campaignId(id),
        campaignActivityId: (id) => reverse(activity).get(id) ?? base.references.campaignActivityId(id),
      },
    };
  }, 120_000);

  const members = (definition: SegmentDefinition) => new Set(db.all<{ id: number }>(membersQuery(definition, ctx)).map((r) => r.id));
  const imported = (query: string) => {
    const result = importShopifyQuery(query, bridge);
    if (!result.ok) throw new Error(`${query}: line ${result.error.line}, column ${result.error.column}: ${result.error.message}`);
    const checked = checkDefinition(result.definition, loadShopCatalog(db, ctx.shopId));
    expect(checked.ok, JSON.stringify(checked)).toBe(true);
    return result.definition;
  };
  const reference = (ref: Ref) => {
    const checked = checkDefinition(ref.definition({ products, campaigns, tagged, bought }), loadShopCatalog(db, ctx.shopId));
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    return checked.definition;
  };
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);

  it("has a reference for every accepted example Segmentflow can express", () => {
    const mapped = EXAMPLES.filter((e) => e.expect === "accept" && importShopifyQuery(e.query, bridge).ok).map((e) => e.query);
    expect(mapped.length).toBeGreaterThanOrEqual(45);
    expect(mapped.filter((q) => !(q in REFERENCES))).toEqual([]);
  });

  for (const [query, ref] of Object.entries(REFERENCES)) {
    it(`selects the reference's members: ${query}`, () => {
      const got = members(imported(query));
      expect(sorted(got)).toEqual(sorted(members(reference(ref))));
      if (ref.selects) expect(got.size, "a reference that selects nobody proves little").toBeGreaterThan(0);
      // and what the query prints back selects the same members
      const printed = exportShopifyQuery(imported(query), bridge);
      expect(printed.ok).toBe(true);
      if (printed.ok) expect(sorted(members(imported(printed.query)))).toEqual(sorted(got));
    });
  }

  const live = (query: string) =>
    new Set(db.$client.prepare(`SELECT id FROM contacts WHERE shop_id = ? AND deleted_at IS NULL AND redacted_at IS NULL AND id IN (${query})`).pluck().all(ctx.shopId) as number[]);

  it("compares a date-time with the instant it names in the shop's zone, to the second", () => {
    // 2026-11-20 16:00:00 in New York (EST, UTC−5); "after" starts at the next second
    const cut = Date.parse("2026-11-20T16:00:01-05:00");
    const expected = live(`SELECT id FROM contacts WHERE last_order_at >= ${cut}`);
    expect(expected.size).toBeGreaterThan(0);
    expect(sorted(members(imported("last_order_date > 2026-11-20T16:00:00")))).toEqual(sorted(expected));
    expect(sorted(members(imported("last_order_date >= 2026-11-20T16:00:01")))).toEqual(sorted(expected));
    const before = live(`SELECT id FROM contacts WHERE last_order_at < ${Date.parse("2026-11-20T16:00:00-05:00")}`);
    expect(sorted(members(imported("last_order_date < 2026-11-20T16:00:00")))).toEqual(sorted(before));
  });

  it("finds the B2B contacts from their company contacts, and the units each bought", () => {
    const b2b = live(`SELECT contact_id FROM company_contacts WHERE deleted_at IS NULL`);
    expect(b2b.size).toBeGreaterThan(0);
    expect(sorted(members(imported("companies IS NOT NULL")))).toEqual(sorted(b2b));
    const five = live(`SELECT ol.contact_id FROM order_lines ol JOIN orders o ON o.id = ol.order_id
      WHERE o.cancelled_at IS NULL AND o.deleted_at IS NULL AND ol.refunded_quantity < ol.quantity
      GROUP BY ol.contact_id HAVING sum(ol.quantity - ol.refunded_quantity) = 5`);
    expect(five.size).toBeGreaterThan(0);
    expect(sorted(members(imported("products_purchased MATCHES (quantity = 5)")))).toEqual(sorted(five));
  });

  it("binds AND tighter than OR: the parenthesised examples differ exactly as documented", () => {
    const [a, b, c] = ["email_subscription_status = 'SUBSCRIBED'", "customer_countries CONTAINS 'CA'", "amount_spent > 999.99"].map((q) => members(imported(q)));
    const plain = members(imported(`${"email_subscription_status = 'SUBSCRIBED'"} AND ${"customer_countries CONTAINS 'CA'"} OR ${"amount_spent > 999.99"}`));
    const first = members(imported(EXAMPLES.find((e) => e.id === 43)!.query)); // (A AND B) OR C
    const second = members(imported(EXAMPLES.find((e) => e.id === 44)!.query)); // A AND (B OR C)
    const union = (x: Set<number>, y: Set<number>) => new Set([...x, ...y]);
    const inter = (x: Set<number>, y: Set<number>) => new Set([...x].filter((id) => y.has(id)));
    const minus = (x: Set<number>, y: Set<number>) => new Set([...x].filter((id) => !y.has(id)));
    expect(sorted(first)).toEqual(sorted(union(inter(a, b), c)));
    expect(sorted(second)).toEqual(sorted(inter(a, union(b, c))));
    expect(sorted(plain)).toEqual(sorted(first));
    // (A ∧ B) ∨ C minus A ∧ (B ∨ C) is exactly the big spenders who are not subscribed; nothing the other way
    expect(sorted(minus(first, second))).toEqual(sorted(minus(c, a)));
    expect(minus(second, first).size).toBe(0);
    expect(minus(c, a).size).toBeGreaterThan(0);
  });
});
