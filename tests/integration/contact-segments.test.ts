import { describe, expect, it } from "vitest";
import { computeSegment } from "../../app/membership/compute.server";
import { explainContactSegment, listContactSegments } from "../../app/models/contact-segments.server";
import { createSegment } from "../../app/models/segments.server";
import { createContact, createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

/**
 * The contact page's Segments card: which segments a contact is in, and why they are in or out of
 * any of the shop's segments, with the date a time window will change that.
 */
const NOW = Date.UTC(2026, 10, 28, 17, 0, 0);
const DAY = 86_400_000;
const ZONE = "America/New_York";

describe("a contact's segments and why", async () => {
  const db = createTestDb();
  const shop = createShop(db, { timeZone: ZONE });
  const other = createShop(db, { timeZone: ZONE });
  const ada = createContact(db, shop.id, { firstName: "Ada", countryCode: "CA", ordersCount: 1, lastOrderAt: NOW - 20 * DAY, firstOrderAt: NOW - 20 * DAY });
  const bea = createContact(db, shop.id, { firstName: "Bea", countryCode: "US" });

  async function segment(shopId: number, name: string, children: unknown[]) {
    const created = createSegment(db, { shopId, name, now: NOW, definition: { version: 1, root: { id: "root", type: "group", match: "all", children } } });
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    await computeSegment(db, { segmentId: created.segment.id, clock: () => NOW });
    return created.segment.id;
  }
  const recentBuyers = await segment(shop.id, "Bought in the last 30 days", [
    { id: "recent", type: "last_order_at", match: { operator: "in_last", amount: 30, unit: "days" } },
  ]);
  const canadians = await segment(shop.id, "Canadians", [{ id: "ca", type: "country", match: { operator: "is_any_of", values: ["CA"] } }]);
  const elsewhere = await segment(other.id, "Another shop's segment", [{ id: "ca", type: "country", match: { operator: "is_any_of", values: ["CA"] } }]);

  it("lists the shop's segments, the contact's own first, and never another shop's", () => {
    expect(listContactSegments(db, { shopId: shop.id, contactId: ada.id }).map((s) => [s.name, s.member])).toEqual([
      ["Bought in the last 30 days", true],
      ["Canadians", true],
    ]);
    expect(listContactSegments(db, { shopId: shop.id, contactId: bea.id }).map((s) => [s.name, s.member])).toEqual([
      ["Bought in the last 30 days", false],
      ["Canadians", false],
    ]);
  });

  it("explains a member with the date the time window will take them out", () => {
    const why = explainContactSegment(db, { shopId: shop.id, contactId: ada.id, segmentId: recentBuyers, timeZone: ZONE, now: NOW });
    if (!why || "error" in why) throw new Error("expected an explanation");
    expect(why.explanation.member).toBe(true);
    const condition = why.explanation.root.children![0];
    expect(condition).toMatchObject({ id: "recent", result: true });
    // 20 days ago + 30 whole days in the shop's zone: out at the start of the 31st day
    expect(why.explanation.changesAt!.at).toBeGreaterThan(NOW + 9 * DAY);
    expect(why.explanation.changesAt!.at).toBeLessThanOrEqual(NOW + 11 * DAY);
  });

  it("explains a non-member condition by condition, with their actual value", () => {
    const why = explainContactSegment(db, { shopId: shop.id, contactId: bea.id, segmentId: canadians, timeZone: ZONE, now: NOW });
    if (!why || "error" in why) throw new Error("expected an explanation");
    expect(why.explanation.member).toBe(false);
    expect(why.explanation.root.children![0]).toMatchObject({ id: "ca", result: false });
    expect(why.explanation.root.children![0].actual).toContain("US");
  });

  it("refuses another shop's segment", () => {
    expect(explainContactSegment(db, { shopId: shop.id, contactId: ada.id, segmentId: elsewhere, timeZone: ZONE, now: NOW })).toBeNull();
  });
});
