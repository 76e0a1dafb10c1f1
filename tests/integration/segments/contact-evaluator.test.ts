import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { dependenciesFor } from "../../../app/membership/loaded-segment";
import { ContactEvaluator, shopSegments, type LoadedSegment } from "../../../app/membership/shop-segments.server";
import { contactQuery } from "../../../app/segments/compile";
import { parseSegmentDefinition } from "../../../app/segments/definition";
import type { Db } from "../../../db/client.server";
import { EVENT_TYPES } from "../../../db/enums";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../../db/seed/demo-store";
import { generateStore } from "../../../db/seed/generate-store";
import { createTestDb } from "../../helpers/test-db";

/**
 * The real-time evaluator compiles a segment once per local day and moves the "now"-relative
 * parameters itself. Whatever the time, its answer must equal a query compiled for that instant.
 */
const ANCHOR = Date.parse("2026-11-28T12:00:00Z");
const dialect = new SQLiteSyncDialect();
const root = (...children: object[]) => ({ version: 1, root: { id: "root", type: "group", match: "any", children } });
const DEFINITIONS = {
  "viewed in the last 3 hours": root({ id: "v", type: "page_views", action: "viewed", occurrence: "has_done", window: { kind: "in_last", amount: 3, unit: "hours" } }),
  "opened in the last 14 days": root({ id: "o", type: "email_activity", action: "opened", occurrence: "has_done", window: { kind: "in_last", amount: 14, unit: "days" } }),
  "last order more than 2 days ago or birthday this month": root(
    { id: "l", type: "last_order_at", match: { operator: "more_than_ago", amount: 2, unit: "days" } },
    { id: "b", type: "birthday", match: { operator: "in_current_month" } },
  ),
  "lives in the US (no time)": root({ id: "c", type: "country", match: { operator: "is_any_of", values: ["US"] } }),
};

describe("per-contact evaluation across a day", () => {
  let db: Db;
  let shopId: number;
  let contacts: number[];
  beforeAll(() => {
    db = createTestDb();
    shopId = generateStore(db, { ...DEMO_DEFAULTS, anchor: ANCHOR, shop: DEMO_SHOP }).shopId;
    // the most active contacts, so the windows have something to cross
    const recent = (type: string) =>
      db.$client
        .prepare(`SELECT contact_id FROM events WHERE shop_id = ? AND type = ? GROUP BY contact_id ORDER BY max(occurred_at) DESC LIMIT 20`)
        .pluck()
        .all(shopId, EVENT_TYPES[type as keyof typeof EVENT_TYPES]) as number[];
    contacts = [...new Set([...recent("page_viewed"), ...recent("email_opened"), ...(db.$client.prepare(`SELECT id FROM contacts WHERE shop_id = ? ORDER BY last_order_at DESC LIMIT 20`).pluck().all(shopId) as number[])])];
  }, 120_000);

  it.each(Object.entries(DEFINITIONS))("%s: one evaluator reused all day answers like a query compiled for each instant", (_name, raw) => {
    const parsed = parseSegmentDefinition(raw);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const segment: LoadedSegment = { id: 1, shopId, revision: 1, definition: parsed.definition, ...dependenciesFor(parsed.definition) };
    const evaluator = new ContactEvaluator(db);
    const zone = DEMO_SHOP.timeZone;
    // through a New York day and over its midnight (05:00Z), second by second at the edges
    const times = [ANCHOR, ANCHOR + 1_000, ANCHOR + 2_500, ANCHOR + 3_600_000, Date.parse("2026-11-29T04:59:58Z"), Date.parse("2026-11-29T04:59:59.500Z"), Date.parse("2026-11-29T05:00:00Z"), Date.parse("2026-11-29T05:00:01Z"), Date.parse("2026-11-29T09:00:00Z"), Date.parse("2026-12-01T05:00:00Z")];
    let disagreements = 0;
    let members = 0;
    for (const now of times) {
      const at = Math.ceil(now / 1000) * 1000;
      for (const contactId of contacts) {
        const q = dialect.sqlToQuery(contactQuery(parsed.definition, { shopId, now: at, timeZone: zone }, contactId));
        const expected = db.$client.prepare(q.sql).get(...q.params) !== undefined;
        if (evaluator.matches(segment, zone, contactId, now) !== expected) disagreements++;
        if (expected) members++;
      }
    }
    expect(disagreements).toBe(0);
    expect(members).toBeGreaterThan(0);
  });
});

describe("the shop's segment cache", () => {
  it("is reused while nothing changes and reloaded when a definition is added, edited or deleted", () => {
    const db = createTestDb();
    const shopId = generateStore(db, { ...DEMO_DEFAULTS, scale: 0.02, anchor: ANCHOR, shop: DEMO_SHOP }).shopId;
    const insert = (name: string, definition: object) =>
      Number(
        db.$client
          .prepare(`INSERT INTO segments (shop_id, name, definition, definition_version, status, revision, created_at, updated_at) VALUES (?, ?, ?, 1, 'ready', 1, ?, ?)`)
          .run(shopId, name, JSON.stringify(definition), ANCHOR, ANCHOR).lastInsertRowid,
      );
    const us = insert("US", DEFINITIONS["lives in the US (no time)"]);
    const first = shopSegments(db, shopId);
    expect(shopSegments(db, shopId)).toBe(first);
    db.$client.prepare(`UPDATE segments SET status = 'computing' WHERE id = ?`).run(us); // status is not part of the cache
    expect(shopSegments(db, shopId)).toBe(first);
    db.$client.prepare(`UPDATE segments SET definition = ?, revision = 2 WHERE id = ?`).run(JSON.stringify(DEFINITIONS["viewed in the last 3 hours"]), us);
    const edited = shopSegments(db, shopId);
    expect(edited).not.toBe(first);
    expect(edited.segments.map((s) => [s.id, s.revision, s.timeRelative])).toEqual([[us, 2, true]]);
    const other = insert("Openers", DEFINITIONS["opened in the last 14 days"]);
    expect(shopSegments(db, shopId).segments.map((s) => s.id)).toEqual([us, other]);
    db.$client.prepare(`DELETE FROM segments WHERE id = ?`).run(us);
    expect(shopSegments(db, shopId).segments.map((s) => s.id)).toEqual([other]);
  }, 60_000);
});
