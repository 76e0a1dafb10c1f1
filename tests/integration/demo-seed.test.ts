import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../db/seed/demo-store";
import { generateStore } from "../../db/seed/generate-store";
import type { SeedCounts } from "../../db/seed/context";
import { createTestDb } from "../helpers/test-db";

const ANCHOR = Date.parse("2026-11-28T12:00:00Z");
const DAY = 86_400_000;

function seedDemo(anchor = ANCHOR): { db: Db; shopId: number; counts: SeedCounts } {
  const db = createTestDb();
  return { db, ...generateStore(db, { ...DEMO_DEFAULTS, anchor, shop: DEMO_SHOP }) };
}

/** A digest of every row of every table, in primary-key order. */
function contentDigest(db: Db): string {
  const hash = createHash("sha256");
  const tables = db.$client
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`)
    .all() as { name: string }[];
  for (const { name } of tables) {
    hash.update(name);
    for (const row of db.$client.prepare(`SELECT * FROM "${name}" ORDER BY 1, 2, 3`).all()) hash.update(JSON.stringify(row));
  }
  return hash.digest("hex");
}

/** The counts the README documents for the default demo store (`| Contacts | 5,000 |` rows). */
function documentedCounts(): Record<string, number> {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.split(/^### The demo store/m)[1]?.split(/^#{2,3} /m)[0] ?? "";
  const rows = [...section.matchAll(/^\| ([A-Za-z ]+?) \| ([\d,]+) \|/gm)];
  return Object.fromEntries(rows.map(([, label, n]) => [label.trim(), Number(n.replace(/,/g, ""))]));
}

describe("the demo store generator", () => {
  let demo: ReturnType<typeof seedDemo>;
  const one = <T>(sql: string, ...params: unknown[]) => demo.db.$client.prepare(sql).get(...params) as T;
  beforeAll(() => {
    demo = seedDemo();
  });

  it("has exactly the counts the README documents", () => {
    const documented = documentedCounts();
    expect(documented).toEqual({
      Contacts: demo.counts.contacts,
      Orders: demo.counts.orders,
      "Order lines": demo.counts.orderLines,
      Refunds: demo.counts.refunds,
      Events: demo.counts.events,
      Products: demo.counts.products,
      Categories: demo.counts.categories,
      Checkouts: demo.counts.checkouts,
      Campaigns: demo.counts.campaigns,
      "Contact tags": demo.counts.contactTags,
    });
    expect(demo.counts.contacts).toBeGreaterThanOrEqual(5000);
    expect(demo.counts.orders).toBe(15_000);
    expect(demo.counts.events).toBeGreaterThan(90_000);
    expect(demo.counts.events).toBeLessThan(110_000);
  });

  it("gives the same data on two runs with the same seed and anchor", () => {
    const again = seedDemo();
    expect(contentDigest(again.db)).toBe(contentDigest(demo.db));
  });

  it("keeps its counts for any anchor, so the default (now) matches the documentation", () => {
    const later = seedDemo(ANCHOR + 37 * DAY + 3_600_000);
    expect(later.counts).toEqual(demo.counts);
  });

  it("has buyers and non-buyers like a real store: ≥ 25% never ordered, the top 1% hold ≥ 15% of revenue", () => {
    const { never } = one<{ never: number }>(`SELECT avg(orders_count = 0) AS never FROM contacts`);
    expect(never).toBeGreaterThanOrEqual(0.25);
    expect(never).toBeLessThan(0.4);
    const spend = (demo.db.$client.prepare(`SELECT total_spent_minor AS s FROM contacts WHERE orders_count > 0 ORDER BY s DESC`).all() as { s: number }[]).map((r) => r.s);
    const total = spend.reduce((a, b) => a + b, 0);
    const top = spend.slice(0, Math.ceil(spend.length / 100)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThanOrEqual(0.15);
  });

  it("spreads contacts over ≥ 6 countries and ≥ 4 IANA time zones", () => {
    const { countries, zones } = one<{ countries: number; zones: number }>(
      `SELECT count(DISTINCT country_code) AS countries, count(DISTINCT time_zone) AS zones FROM contacts`,
    );
    expect(countries).toBeGreaterThanOrEqual(6);
    expect(zones).toBeGreaterThanOrEqual(4);
    const badZones = (demo.db.$client.prepare(`SELECT DISTINCT time_zone AS tz FROM contacts`).all() as { tz: string }[])
      .filter(({ tz }) => !Intl.supportedValuesOf("timeZone").includes(tz) && tz !== "UTC");
    expect(badZones).toEqual([]);
  });

  it("puts orders over two years and events over the last year, with the last 30 days populated", () => {
    const orders = one<{ first: number; last: number; recent: number }>(
      `SELECT min(placed_at) AS first, max(placed_at) AS last, sum(placed_at >= ?) AS recent FROM orders`, ANCHOR - 30 * DAY,
    );
    expect(orders.first).toBeGreaterThanOrEqual(ANCHOR - 2 * 365 * DAY);
    expect(orders.last).toBeLessThanOrEqual(ANCHOR);
    expect(orders.last - orders.first).toBeGreaterThan(700 * DAY);
    expect(orders.recent).toBeGreaterThan(300);
    const events = one<{ first: number; last: number; recent: number }>(
      `SELECT min(occurred_at) AS first, max(occurred_at) AS last, sum(occurred_at >= ?) AS recent FROM events`, ANCHOR - 30 * DAY,
    );
    expect(events.first).toBeGreaterThanOrEqual(ANCHOR - 365 * DAY);
    expect(events.last).toBeLessThanOrEqual(ANCHOR);
    expect(events.recent).toBeGreaterThan(5000);
  });

  it("has products in categories and tags from the platform, imports and the popup", () => {
    const unfiled = one<{ n: number }>(`SELECT count(*) AS n FROM products p WHERE NOT EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id)`);
    expect(unfiled.n).toBe(0);
    const sources = (demo.db.$client.prepare(`SELECT DISTINCT source FROM contact_tags ORDER BY source`).all() as { source: string }[]).map((r) => r.source);
    expect(sources).toEqual(["import", "platform", "popup"]);
    const kinds = (demo.db.$client.prepare(`SELECT DISTINCT kind FROM categories ORDER BY kind`).all() as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toEqual(["collection", "product_type", "tag"]);
    const b2b = one<{ n: number }>(`SELECT count(*) AS n FROM contacts WHERE company_count > 0`);
    expect(b2b.n).toBeGreaterThan(100);
  });

  it("stores order statistics equal to the orders, net of refunds and without cancelled orders", () => {
    const mismatches = one<{ n: number }>(`
      SELECT count(*) AS n FROM contacts c
       WHERE c.orders_count <> (SELECT count(*) FROM orders o WHERE o.contact_id = c.id AND o.cancelled_at IS NULL)
          OR c.total_spent_minor <> (SELECT coalesce(sum(total_minor - refunded_minor), 0) FROM orders o WHERE o.contact_id = c.id AND o.cancelled_at IS NULL)`);
    expect(mismatches.n).toBe(0);
    const refunded = one<{ n: number }>(`SELECT count(*) AS n FROM orders WHERE refunded_minor > 0`);
    expect(refunded.n).toBe(demo.counts.refunds);
  });
});
