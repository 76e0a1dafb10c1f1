import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { recomputeOrderStats } from "../../../app/contacts/order-stats.server";
import { contactQuery, membersQuery } from "../../../app/segments/compile";
import { parseSegmentDefinition, type SegmentDefinition } from "../../../app/segments/definition";
import { createContact, createOrder, createShop } from "../../factories/store";
import { createTestDb } from "../../helpers/test-db";

/**
 * "Placed an order in a window" and "placed no order in it" are decided from the contact's first
 * and last counted order times where those settle it, and from the orders only for a contact whose
 * orders straddle the window. These stories put contacts on every side of the window's edges,
 * including cancelled and future-dated orders, and check the bulk and per-contact queries alike.
 */

const ZONE = "America/New_York";
const NOW = Date.UTC(2026, 10, 28, 17, 0, 0);
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

const db = createTestDb();
const shop = createShop(db, { timeZone: ZONE });
const otherShop = createShop(db, { timeZone: ZONE });

/** A contact with orders at these local times (`cancelled:` marks a cancelled one), statistics recomputed as the sync layer does. */
function buyer(name: string, placed: string[], shopId = shop.id) {
  const contact = createContact(db, shopId, { firstName: name });
  for (const at of placed) {
    const cancelled = at.startsWith("cancelled:");
    const time = local(cancelled ? at.slice("cancelled:".length) : at);
    createOrder(db, shopId, contact.id, { placedAt: time, cancelledAt: cancelled ? time + 60_000 : null });
  }
  recomputeOrderStats(db, { shopId, contactIds: [contact.id] });
  return { name, id: contact.id };
}

const contacts = [
  buyer("never", []),
  buyer("only inside", ["2026-10-15T09:00"]),
  buyer("straddles, none inside", ["2026-10-01T09:00", "2026-11-20T09:00"]),
  buyer("straddles, cancelled inside", ["2026-10-01T09:00", "cancelled:2026-10-15T09:00", "2026-11-20T09:00"]),
  buyer("straddles, one inside", ["2026-10-01T09:00", "2026-10-15T09:00", "2026-11-20T09:00"]),
  buyer("first on the start day", ["2026-10-10T00:00", "2026-11-20T09:00"]),
  buyer("last on the end day", ["2026-10-01T09:00", "2026-10-20T23:59"]),
  buyer("only cancelled", ["cancelled:2026-10-15T09:00"]),
  buyer("recent and future-dated", ["2026-11-20T09:00", "2026-12-05T09:00"]),
  buyer("old and future-dated", ["2026-09-01T09:00", "2026-12-05T09:00"]),
];
// another shop's contact with orders inside every window is never a member
buyer("other shop", ["2026-10-15T09:00", "2026-11-20T09:00"], otherShop.id);

function definition(window: Record<string, unknown>, none: boolean): SegmentDefinition {
  const match = none ? { operator: "eq", value: 0 } : { operator: "gte", value: 1 };
  const parsed = parseSegmentDefinition({ version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "o", type: "order_count", match, window }] } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.definition;
}

const ctx = { shopId: shop.id, now: NOW, timeZone: ZONE };
const names = (ids: number[]) => contacts.filter((c) => ids.includes(c.id)).map((c) => c.name);
const bulk = (d: SegmentDefinition) => names(db.all<{ id: number }>(membersQuery(d, ctx)).map((r) => r.id));
const perContact = (d: SegmentDefinition) => names(contacts.filter((c) => db.get(contactQuery(d, ctx, c.id)) !== undefined).map((c) => c.id));

const everyone = contacts.map((c) => c.name);
const without = (list: string[]) => everyone.filter((n) => !list.includes(n));

describe("ordered in a window, from the order statistics and the orders", () => {
  it.each([
    [
      "between 2026-10-10 and 2026-10-20",
      { kind: "between", start: "2026-10-10", end: "2026-10-20" },
      ["only inside", "straddles, one inside", "first on the start day", "last on the end day"],
    ],
    ["before 2026-10-10", { kind: "before", date: "2026-10-10" }, ["straddles, none inside", "straddles, cancelled inside", "straddles, one inside", "last on the end day", "old and future-dated"]],
    [
      "after 2026-11-01",
      { kind: "after", date: "2026-11-01" },
      ["straddles, none inside", "straddles, cancelled inside", "straddles, one inside", "first on the start day", "recent and future-dated", "old and future-dated"],
    ],
    [
      "in the last 30 days (future-dated orders are not in it)",
      { kind: "in_last", amount: 30, unit: "days" },
      ["straddles, none inside", "straddles, cancelled inside", "straddles, one inside", "first on the start day", "recent and future-dated"],
    ],
  ])("%s", (_label, window, ordered) => {
    expect(bulk(definition(window, false))).toEqual(ordered);
    expect(perContact(definition(window, false))).toEqual(ordered);
    expect(bulk(definition(window, true))).toEqual(without(ordered));
    expect(perContact(definition(window, true))).toEqual(without(ordered));
  });
});
