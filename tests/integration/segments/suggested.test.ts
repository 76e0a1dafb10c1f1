import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { CONDITION_TYPES } from "../../../app/segments/conditions/catalogue";
import { contactQuery, countQuery, membersQuery, type SegmentContext } from "../../../app/segments/compile";
import { conditionsOf, nodesOf, parseSegmentDefinition } from "../../../app/segments/definition";
import { highSpendersFromCountry, SUGGESTED_SEGMENTS, suggestedSegments, type SuggestedSegment } from "../../../app/segments/suggested";
import type { Db } from "../../../db/client.server";
import { EVENT_TYPES, LIFECYCLE_STAGES } from "../../../db/enums";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../../db/seed/demo-store";
import { generateStore } from "../../../db/seed/generate-store";
import { createTestDb } from "../../helpers/test-db";

/**
 * Suggested segments on the default demo store: each one is checked against a hand-written SQL
 * query for the same question (plain SQL, thresholds computed here from the anchor), and must
 * select a useful share of the contacts (neither almost nobody nor almost everybody).
 */

const ANCHOR = Date.parse("2026-11-28T12:00:00Z");
const ZONE = DEMO_SHOP.timeZone;
const MIN_SHARE = 0.005;
/** High-value threshold of the default suggestions: $1,000 in cents. */
const HIGH_VALUE_CENTS = 100_000;
const MAX_SHARE = 0.6;

/** The lower edge of "in the last N days" / "more than N days ago": midnight N days before today, in the shop's zone. */
const daysAgo = (days: number) => DateTime.fromMillis(ANCHOR, { zone: ZONE }).startOf("day").minus({ days }).toMillis();

const ev = EVENT_TYPES;

/** Hand-written SQL per suggestion key: the contacts that answer the suggestion's question. */
function handWritten(shop: number, country = "US"): Record<string, string> {
  const now = ANCHOR;
  const [d7, d14, d30, d90, d180] = [7, 14, 30, 90, 180].map(daysAgo);
  const month = DateTime.fromMillis(ANCHOR, { zone: ZONE }).toFormat("MM");
  const live = `c.shop_id = ${shop} AND c.deleted_at IS NULL AND c.redacted_at IS NULL`;
  // orders that count: not cancelled, not deleted; spend is net of refunds
  const buyers = (having: string) => `
    SELECT c.id FROM contacts c JOIN orders o ON o.contact_id = c.id
     WHERE ${live} AND o.cancelled_at IS NULL AND o.deleted_at IS NULL
     GROUP BY c.id HAVING ${having}`;
  const orderedBetween = (from: number) => `
    EXISTS (SELECT 1 FROM orders o WHERE o.contact_id = c.id AND o.cancelled_at IS NULL AND o.deleted_at IS NULL
               AND o.placed_at BETWEEN ${from} AND ${now})`;
  const everOrdered = `EXISTS (SELECT 1 FROM orders o WHERE o.contact_id = c.id AND o.cancelled_at IS NULL AND o.deleted_at IS NULL)`;
  const didBetween = (types: number[], from: number) => `
    SELECT DISTINCT e.contact_id FROM events e
     WHERE e.shop_id = ${shop} AND e.type IN (${types.join(", ")}) AND e.occurred_at BETWEEN ${from} AND ${now}`;
  const stage = (name: string) => `SELECT c.id FROM contacts c WHERE ${live} AND c.lifecycle_stage = '${name}'`;

  return {
    active_email_subscribers: `
      SELECT c.id FROM contacts c
       WHERE ${live} AND c.email_consent = 'subscribed' AND c.email <> '' AND c.email_validity NOT IN ('bounced', 'invalid')`,
    potential_converters: `
      SELECT c.id FROM contacts c
       WHERE ${live} AND c.id IN (${didBetween([ev.product_viewed], d14)}) AND NOT ${everOrdered}`,
    high_value_customers: buyers(`sum(o.total_minor - o.refunded_minor) >= ${HIGH_VALUE_CENTS}`),
    viewed_not_ordered: `
      SELECT c.id FROM contacts c
       WHERE ${live} AND c.id IN (${didBetween([ev.product_viewed], d30)}) AND NOT ${orderedBetween(d30)}`,
    last_order_over_30_days: buyers(`max(o.placed_at) < ${d30}`),
    cancelled_subscription: `
      SELECT c.id FROM contacts c
       WHERE ${live} AND EXISTS (SELECT 1 FROM events e WHERE e.contact_id = c.id AND e.type = ${ev.subscription_cancelled})`,
    high_spenders_country: `
      SELECT c.id FROM contacts c JOIN orders o ON o.contact_id = c.id
       WHERE ${live} AND c.country_code = '${country}' AND o.cancelled_at IS NULL AND o.deleted_at IS NULL
       GROUP BY c.id HAVING sum(o.total_minor - o.refunded_minor) >= ${HIGH_VALUE_CENTS}`,
    new_subscribers: `
      SELECT c.id FROM contacts c
       WHERE ${live} AND c.created_at BETWEEN ${d7} AND ${now} AND 'subscribed' IN (c.email_consent, c.sms_consent)`,
    first_time_buyers: buyers(`count(*) = 1`),
    repeat_buyers: buyers(`count(*) >= 2`),
    win_back: buyers(`max(o.placed_at) >= ${d180} AND max(o.placed_at) < ${d90}`),
    birthday_this_month: `SELECT c.id FROM contacts c WHERE ${live} AND substr(c.birthday, 6, 2) = '${month}'`,
    cart_abandoners: `
      SELECT c.id FROM contacts c
       WHERE ${live} AND c.id IN (${didBetween([ev.added_to_cart, ev.checkout_abandoned], d14)}) AND NOT ${orderedBetween(d14)}`,
    sms_subscribers: `
      SELECT c.id FROM contacts c
       WHERE ${live} AND c.sms_consent = 'subscribed' AND c.phone <> '' AND c.phone_validity NOT IN ('bounced', 'invalid')`,
    engaged_never_purchased: `
      SELECT c.id FROM contacts c
       WHERE ${live} AND NOT ${everOrdered}
         AND (c.last_visit_at BETWEEN ${d30} AND ${now} OR c.id IN (${didBetween([ev.email_opened, ev.email_clicked], d90)}))`,
    lifecycle_loyal: stage("loyal"),
    lifecycle_high_potential: stage("high_potential"),
    lifecycle_nurture_needed: stage("nurture_needed"),
    lifecycle_dormant: stage("dormant"),
    lifecycle_churned: stage("churned"),
  };
}

const dialect = new SQLiteSyncDialect();

describe("suggested segments", () => {
  let db: Db;
  let ctx: SegmentContext;
  let contacts: number;
  let expected: Record<string, string>;

  beforeAll(() => {
    db = createTestDb();
    const { shopId, counts } = generateStore(db, { ...DEMO_DEFAULTS, anchor: ANCHOR, shop: DEMO_SHOP });
    ctx = { shopId, now: ANCHOR, timeZone: ZONE };
    contacts = counts.contacts;
    expected = handWritten(shopId);
  }, 120_000);

  const ids = (sqlText: string) => (db.$client.prepare(sqlText).pluck().all() as number[]).sort((a, b) => a - b);
  const members = (s: SuggestedSegment) => (db.all<{ id: number }>(membersQuery(s.definition, ctx)).map((r) => r.id) as number[]).sort((a, b) => a - b);
  const isMember = (s: SuggestedSegment, contactId: number) => {
    const { sql, params } = dialect.sqlToQuery(contactQuery(s.definition, ctx, contactId));
    return db.$client.prepare(sql).get(...params) !== undefined;
  };

  it("are valid v1 definitions built only from catalogue conditions", () => {
    expect(SUGGESTED_SEGMENTS.length).toBeGreaterThanOrEqual(20);
    for (const s of SUGGESTED_SEGMENTS) {
      const reparsed = parseSegmentDefinition(JSON.parse(JSON.stringify(s.definition)));
      expect(reparsed, s.key).toEqual({ ok: true, definition: s.definition });
      expect(s.definition.version).toBe(1);
      for (const c of conditionsOf(s.definition.root)) expect(CONDITION_TYPES, `${s.key}: ${c.type}`).toContain(c.type);
      const nodeIds = nodesOf(s.definition.root).map((n) => n.id);
      expect(new Set(nodeIds).size, s.key).toBe(nodeIds.length);
      expect(s.definition.root.id).toBe("root");
    }
  });

  it("have unique keys and names and merchant-facing descriptions", () => {
    const keys = SUGGESTED_SEGMENTS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(SUGGESTED_SEGMENTS.map((s) => s.name)).size).toBe(keys.length);
    for (const s of SUGGESTED_SEGMENTS) {
      expect(s.key).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(s.description, s.key).toMatch(/^[A-Z][^{}]{40,}[.!]$/);
      expect(s.description, s.key).not.toMatch(/_|minor|null|undefined/i);
    }
  });

  it("cover the spec's list: the seed's use cases, the classics and every lifecycle stage", () => {
    const keys = SUGGESTED_SEGMENTS.map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining([
      "active_email_subscribers", "potential_converters", "high_value_customers", "viewed_not_ordered",
      "last_order_over_30_days", "cancelled_subscription", "high_spenders_country", "new_subscribers",
      "first_time_buyers", "repeat_buyers", "win_back", "birthday_this_month", "cart_abandoners",
      "sms_subscribers", "engaged_never_purchased",
    ]));
    const stages = SUGGESTED_SEGMENTS.flatMap((s) => conditionsOf(s.definition.root)).filter((c) => c.type === "lifecycle_stage");
    expect(stages.flatMap((c) => ("values" in c.match ? c.match.values : [])).sort()).toEqual([...LIFECYCLE_STAGES].sort());
    expect(Object.keys(expected).sort()).toEqual([...keys].sort());
  });

  it("let the merchant choose the country of high spenders (US by default)", () => {
    const countryOf = (s: SuggestedSegment) => conditionsOf(s.definition.root).find((c) => c.type === "country");
    expect(countryOf(highSpendersFromCountry())).toMatchObject({ match: { operator: "is_any_of", values: ["US"] } });
    const gb = highSpendersFromCountry({ country: " gb " });
    expect(countryOf(gb)).toMatchObject({ match: { operator: "is_any_of", values: ["GB"] } });
    expect(gb.name).toBe("High spenders (United Kingdom)");
    expect(suggestedSegments({ country: "DE" }).find((s) => s.key === "high_spenders_country")?.name).toBe("High spenders (Germany)");
    expect(() => highSpendersFromCountry({ country: "Germany" })).toThrow(/two-letter/);
    expect(() => highSpendersFromCountry({ country: "" })).toThrow(/two-letter/);
    const spentOf = (s: SuggestedSegment) => conditionsOf(s.definition.root).find((c) => c.type === "total_spent");
    expect(spentOf(highSpendersFromCountry())).toMatchObject({ match: { operator: "gte", value: HIGH_VALUE_CENTS } });
    expect(highSpendersFromCountry().description).toContain("$1,000.00");
    const yen = highSpendersFromCountry({ country: "JP", currency: "JPY", minSpent: 150_000 });
    expect(spentOf(yen)).toMatchObject({ match: { operator: "gte", value: 150_000 } });
    expect(yen.description).toContain("¥150,000");

    const fromGb = members(gb);
    expect(fromGb.length).toBeGreaterThan(0);
    expect(fromGb).toEqual(ids(handWritten(ctx.shopId, "GB").high_spenders_country));
  });

  it.each(SUGGESTED_SEGMENTS.map((s) => [s.key, s] as const))("%s selects what the hand-written query selects, a useful share of the store", (_key, s) => {
    const got = members(s);
    expect(got).toEqual(ids(expected[s.key]));
    const share = got.length / contacts;
    expect(share, `${s.key}: ${(share * 100).toFixed(2)}% of the contacts`).toBeGreaterThanOrEqual(MIN_SHARE);
    expect(share, `${s.key}: ${(share * 100).toFixed(2)}% of the contacts`).toBeLessThanOrEqual(MAX_SHARE);
    expect(db.get<{ n: number }>(countQuery(s.definition, ctx))?.n).toBe(got.length);

    // the per-contact form (real-time updates) agrees on a spread of members and non-members
    const memberSet = new Set(got);
    const everyone = ids(`SELECT id FROM contacts WHERE shop_id = ${ctx.shopId}`);
    const outsiders = everyone.filter((id) => !memberSet.has(id));
    const spread = (list: number[]) => list.filter((_, i) => i % Math.max(1, Math.floor(list.length / 25)) === 0);
    for (const id of spread(got)) expect(isMember(s, id), `${s.key}: member ${id}`).toBe(true);
    for (const id of spread(outsiders)) expect(isMember(s, id), `${s.key}: non-member ${id}`).toBe(false);
  });
});
