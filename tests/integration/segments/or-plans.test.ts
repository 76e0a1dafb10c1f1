import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { plannedCountQuery, plannedMembersQuery, scanOrGroups } from "../../../app/membership/bulk-plan.server";
import { membersQuery } from "../../../app/segments/compile";
import { parseSegmentDefinition, type SegmentDefinition } from "../../../app/segments/definition";
import { SUGGESTED_SEGMENTS } from "../../../app/segments/suggested";
import { EVENT_TYPES } from "../../../db/enums";
import { events } from "../../../db/schema";
import { createContact, createShop } from "../../factories/store";
import { createTestDb } from "../../helpers/test-db";

/**
 * SQLite assumes every `IN (SELECT …)` yields 25 rows, so it runs an Or of index-driven terms one
 * index at a time with a contact lookup per row, however many rows there are. The engine counts
 * the rows those reads would yield (bounded) and runs the Or as one scan of contacts when they pass
 * a quarter of the shop's contacts. These stories put a shop on each side of that line.
 */

const NOW = Date.UTC(2026, 10, 28, 17, 0, 0);
const DAY = 86_400_000;
const dialect = new SQLiteSyncDialect();

const db = createTestDb();
const shop = createShop(db, { timeZone: "UTC" });
const ctx = { shopId: shop.id, now: NOW, timeZone: "UTC" };
// twelve contacts; nobody has ordered
const people = Array.from({ length: 12 }, (_, i) => createContact(db, shop.id, { firstName: `p${i}`, createdAt: NOW - 400 * DAY }));
// another shop's opens never count towards this shop's plan
const otherShop = createShop(db, { timeZone: "UTC" });
const outsider = createContact(db, otherShop.id, { firstName: "outsider" });

function opened(contactId: number, shopId = shop.id, daysAgo = 5) {
  db.insert(events).values({ shopId, contactId, type: EVENT_TYPES.email_opened, occurredAt: NOW - daysAgo * DAY, source: 1 }).run();
}

function definition(children: unknown[], match: "all" | "any" = "all"): SegmentDefinition {
  const parsed = parseSegmentDefinition({ version: 1, root: { id: "root", type: "group", match, children } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.definition;
}

/** Never ordered, and opened an email or clicked one in 90 days (the shape of "Engaged but never purchased"). */
const engaged = definition([
  { id: "never", type: "order_count", match: { operator: "eq", value: 0 } },
  {
    id: "engaged",
    type: "group",
    match: "any",
    children: [
      { id: "opened", type: "email_activity", action: "opened", occurrence: "has_done", window: { kind: "in_last", amount: 90, unit: "days" } },
      { id: "clicked", type: "email_activity", action: "clicked", occurrence: "has_done", window: { kind: "in_last", amount: 90, unit: "days" } },
    ],
  },
]);

const planOf = (query: SQL) => {
  const { sql, params } = dialect.sqlToQuery(query);
  return (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("\n");
};
const ids = (query: SQL) => db.all<{ id: number }>(query).map((r) => r.id).sort((a, b) => a - b);

describe("Or groups planned from the shop's data", () => {
  it("keeps SQLite's index-by-index plan while the Or's rows are at most a quarter of the contacts", () => {
    // 3 opens among 12 contacts: 3 rows, a quarter exactly
    for (const p of people.slice(0, 3)) opened(p.id);
    for (let i = 0; i < 5; i++) opened(outsider.id, otherShop.id);
    expect(scanOrGroups(db, engaged, ctx)).toEqual(new Set());
    expect(planOf(plannedMembersQuery(db, engaged, ctx))).toContain("MULTI-INDEX OR");
    expect(ids(plannedMembersQuery(db, engaged, ctx))).toEqual(people.slice(0, 3).map((p) => p.id));
  });

  it("runs the Or as one scan of contacts once its rows pass a quarter, with the same members", () => {
    opened(people[3].id);
    expect(scanOrGroups(db, engaged, ctx)).toEqual(new Set(["engaged"]));
    const planned = planOf(plannedMembersQuery(db, engaged, ctx));
    expect(planned).not.toContain("MULTI-INDEX OR");
    expect(planned).toMatch(/^SCAN c$/m);
    expect(planOf(membersQuery(engaged, ctx))).toContain("MULTI-INDEX OR");
    expect(ids(plannedMembersQuery(db, engaged, ctx))).toEqual(ids(membersQuery(engaged, ctx)));
    expect(ids(plannedMembersQuery(db, engaged, ctx))).toEqual(people.slice(0, 4).map((p) => p.id));
    expect(db.get<{ n: number }>(plannedCountQuery(db, engaged, ctx)).n).toBe(4);
  });

  it("counts only the rows inside each term's window", () => {
    const recentOnly = definition(
      [
        { id: "opened", type: "email_activity", action: "opened", occurrence: "has_done", window: { kind: "in_last", amount: 3, unit: "days" } },
        { id: "visited", type: "last_visit_at", match: { operator: "in_last", amount: 3, unit: "days" } },
      ],
      "any",
    );
    // the opens are 5 days old: no rows inside 3 days
    expect(scanOrGroups(db, recentOnly, ctx)).toEqual(new Set());
  });

  it("leaves to SQLite the Or groups it cannot run index by index anyway", () => {
    const withNotDone = definition(
      [
        { id: "opened", type: "email_activity", action: "opened", occurrence: "has_done", window: { kind: "in_last", amount: 90, unit: "days" } },
        { id: "never_clicked", type: "email_activity", action: "clicked", occurrence: "has_not_done" },
      ],
      "any",
    );
    const withGroup = definition(
      [
        { id: "opened", type: "email_activity", action: "opened", occurrence: "has_done", window: { kind: "in_last", amount: 90, unit: "days" } },
        { id: "g", type: "group", match: "all", children: [{ id: "never", type: "order_count", match: { operator: "eq", value: 0 } }] },
      ],
      "any",
    );
    expect(scanOrGroups(db, withNotDone, ctx)).toEqual(new Set());
    expect(scanOrGroups(db, withGroup, ctx)).toEqual(new Set());
  });

  it("plans the suggested 'Engaged but never purchased' segment by the same rule", () => {
    const suggested = SUGGESTED_SEGMENTS.find((s) => s.key === "engaged_never_purchased")!.definition;
    expect(scanOrGroups(db, suggested, ctx)).toEqual(new Set(["engaged"]));
    expect(ids(plannedMembersQuery(db, suggested, ctx))).toEqual(ids(membersQuery(suggested, ctx)));
  });
});
