import { describe, expect, it } from "vitest";
import { computeSegment } from "../../app/membership/compute.server";
import { writeMembershipChanges } from "../../app/membership/store.server";
import {
  countSegmentMembers, csvFileName, listSegmentMembers, segmentHistory, segmentMemberCsvRows, segmentMemberOrders, segmentSizeOverTime,
  MEMBER_CSV_COLUMNS,
} from "../../app/models/segment-page.server";
import { createSegment, findSegment } from "../../app/models/segments.server";
import { describeDefinition } from "../../app/segments/describe-tree";
import { parseSegmentDefinition } from "../../app/segments/definition";
import type { Db } from "../../db/client.server";
import { createContact, createOrder, createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

const NOW = Date.parse("2026-11-28T17:00:00Z"); // noon in New York
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = "America/New_York";

const emailSubscribers = {
  version: 1,
  root: { id: "root", type: "group", match: "all", children: [{ id: "c1", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } }] },
};

async function computedSegment(db: Db, shopId: number, name = "Email subscribers") {
  const created = createSegment(db, { shopId, name, definition: emailSubscribers, now: NOW });
  if (!created.ok) throw new Error("invalid");
  await computeSegment(db, { segmentId: created.segment.id, clock: () => NOW });
  return findSegment(db, { shopId, segmentId: created.segment.id })!;
}

describe("a segment's members", async () => {
  const db = createTestDb();
  const shop = createShop(db, { timeZone: TZ });
  const other = createShop(db);
  const people = Array.from({ length: 30 }, (_, i) =>
    createContact(db, shop.id, {
      firstName: i % 2 ? "Maria" : "Jon",
      lastName: `Number${i}`,
      email: `person${i}@example.com`,
      emailConsent: i < 27 ? "subscribed" : "not_subscribed",
    }),
  );
  createContact(db, other.id, { firstName: "Maria", emailConsent: "subscribed" });
  const segment = await computedSegment(db, shop.id);
  const theirs = await computedSegment(db, other.id);
  const scope = { shopId: shop.id, segmentId: segment.id };

  it("pages forwards and back through every member exactly once, newest contact first", () => {
    const seen: number[] = [];
    let page = listSegmentMembers(db, { ...scope, pageSize: 10 });
    expect(page).toMatchObject({ total: 27, hasPrevious: false, hasNext: true });
    seen.push(...page.members.map((m) => m.id));
    while (page.hasNext) {
      page = listSegmentMembers(db, { ...scope, pageSize: 10, after: page.endCursor! });
      seen.push(...page.members.map((m) => m.id));
    }
    expect(seen).toEqual(people.slice(0, 27).map((p) => p.id).reverse());
    const back = listSegmentMembers(db, { ...scope, pageSize: 10, before: page.startCursor! });
    expect(back.members.map((m) => m.id)).toEqual(seen.slice(10, 20));
    expect(back).toMatchObject({ hasNext: true, hasPrevious: true });
    expect(page.members[0]).toMatchObject({ email: "person6@example.com", emailConsent: "subscribed", enteredAt: NOW });
  });

  it("searches members by name or email, every word", () => {
    expect(countSegmentMembers(db, { ...scope, query: "maria" })).toBe(13);
    expect(countSegmentMembers(db, { ...scope, query: "MARIA number1" })).toBe(6); // 1, 11, 13, 15, 17, 19
    expect(listSegmentMembers(db, { ...scope, query: "person26@" }).members.map((m) => m.id)).toEqual([people[26].id]);
    expect(countSegmentMembers(db, { ...scope, query: "person29" })).toBe(0); // not subscribed, not a member
    expect(countSegmentMembers(db, { ...scope, query: "_" })).toBe(0);
  });

  it("shows nothing of another shop's segment", () => {
    expect(listSegmentMembers(db, { shopId: shop.id, segmentId: theirs.id })).toMatchObject({ total: 0, members: [] });
    expect([...segmentMemberCsvRows(db, { shopId: shop.id, segmentId: theirs.id, currency: "USD" })]).toEqual([]);
    expect(segmentHistory(db, { shopId: shop.id, segmentId: theirs.id })).toEqual([]);
    expect(segmentMemberOrders(db, { shopId: shop.id, segmentId: theirs.id, now: NOW, timeZone: TZ }).orders).toBe(0);
  });

  it("exports every member in batches as CSV records, with spend as a decimal", () => {
    db.$client.prepare(`UPDATE contacts SET total_spent_minor = 123456, orders_count = 3 WHERE id = ?`).run(people[0].id);
    const rows = [...segmentMemberCsvRows(db, { ...scope, currency: "USD", batchSize: 4 })];
    expect(rows).toHaveLength(27);
    expect(rows.map((r) => r[0])).toEqual(people.slice(0, 27).map((p) => p.id));
    expect(rows[0]).toEqual([people[0].id, "person0@example.com", "", "Jon", "Number0", "", "subscribed", "not_subscribed", 3, "1234.56", "USD", new Date(NOW).toISOString()]);
    expect(rows[0]).toHaveLength(MEMBER_CSV_COLUMNS.length);
    expect([...segmentMemberCsvRows(db, { ...scope, currency: "JPY" })][0][9]).toBe("123456");
    expect(csvFileName("VIP buyers (EU) — 2026")).toBe("vip-buyers-eu-2026-members.csv");
    expect(csvFileName("★")).toBe("segment-members.csv");
  });
});

describe("a segment's size over time", () => {
  const db = createTestDb();
  const shop = createShop(db, { timeZone: TZ });
  const contacts = Array.from({ length: 6 }, () => createContact(db, shop.id));
  const created = createSegment(db, { shopId: shop.id, name: "S", definition: emailSubscribers, now: NOW });
  if (!created.ok) throw new Error("invalid");
  const segment = created.segment;
  const change = (at: number, entered: number[], left: number[] = []) =>
    writeMembershipChanges(db, { shopId: shop.id, segmentId: segment.id, revision: 1, entered, left, cause: "event", at });
  // Nov 1 2026 is the end of daylight saving time in New York (UTC-4 until then, UTC-5 after)
  change(Date.parse("2026-10-20T12:00:00Z"), [contacts[0].id]); // before the range
  change(Date.parse("2026-11-01T03:59:00Z"), [contacts[1].id]); // Oct 31, 23:59 EDT
  change(Date.parse("2026-11-01T04:30:00Z"), [contacts[2].id, contacts[3].id]); // Nov 1, 00:30 EDT
  change(Date.parse("2026-11-28T04:59:00Z"), [], [contacts[2].id]); // Nov 27, 23:59 EST
  change(Date.parse("2026-11-28T05:00:00Z"), [contacts[4].id]); // Nov 28, 00:00 EST
  const memberCount = findSegment(db, { shopId: shop.id, segmentId: segment.id })!.memberCount;

  it("gives the size at the end of each day with who entered and left, in the shop's days", () => {
    expect(memberCount).toBe(4);
    const points = segmentSizeOverTime(db, { shopId: shop.id, segmentId: segment.id, memberCount, days: 30, now: NOW, timeZone: TZ });
    expect(points).toHaveLength(30);
    expect(points[0].day).toBe("2026-10-30");
    expect(points[29]).toEqual({ day: "2026-11-28", size: 4, entered: 1, left: 0 });
    const byDay = new Map(points.map((p) => [p.day, p]));
    expect(byDay.get("2026-10-30")).toEqual({ day: "2026-10-30", size: 1, entered: 0, left: 0 });
    expect(byDay.get("2026-10-31")).toEqual({ day: "2026-10-31", size: 2, entered: 1, left: 0 });
    expect(byDay.get("2026-11-01")).toEqual({ day: "2026-11-01", size: 4, entered: 2, left: 0 });
    expect(byDay.get("2026-11-27")).toEqual({ day: "2026-11-27", size: 3, entered: 0, left: 1 });
  });

  it("covers 90 days as well, and shows no one before the first entry", () => {
    const points = segmentSizeOverTime(db, { shopId: shop.id, segmentId: segment.id, memberCount, days: 90, now: NOW, timeZone: TZ });
    expect(points).toHaveLength(90);
    expect(points.find((p) => p.day === "2026-10-19")?.size).toBe(0);
    expect(points.find((p) => p.day === "2026-10-20")).toMatchObject({ size: 1, entered: 1 });
  });

  it("lists the latest changes first, with their causes", () => {
    change(NOW - HOUR, [contacts[5].id]);
    db.$client.prepare(`UPDATE membership_changes SET cause = 2, cause_detail = 'last order older than 30 days' WHERE at = ?`).run(NOW - HOUR);
    const history = segmentHistory(db, { shopId: shop.id, segmentId: segment.id, limit: 3 });
    expect(history.map((h) => [h.contactId, h.kind, h.cause])).toEqual([
      [contacts[5].id, "entered", "time"],
      [contacts[4].id, "entered", "event"],
      [contacts[2].id, "left", "event"],
    ]);
    expect(history[0]).toMatchObject({ causeDetail: "last order older than 30 days", at: NOW - HOUR, email: contacts[5].email });
  });
});

describe("members' orders in the last 30 days", async () => {
  const db = createTestDb();
  const shop = createShop(db, { timeZone: TZ });
  const member = createContact(db, shop.id, { emailConsent: "subscribed" });
  const another = createContact(db, shop.id, { emailConsent: "subscribed" });
  const outsider = createContact(db, shop.id);
  const windowStart = Date.parse("2026-10-29T04:00:00Z"); // midnight (EDT) 30 days before today
  createOrder(db, shop.id, member.id, { totalMinor: 10_000, placedAt: NOW - DAY });
  createOrder(db, shop.id, member.id, { totalMinor: 5_000, refundedMinor: 2_000, placedAt: windowStart });
  createOrder(db, shop.id, member.id, { totalMinor: 7_000, placedAt: windowStart - 1 });
  createOrder(db, shop.id, member.id, { totalMinor: 9_000, placedAt: NOW - DAY, cancelledAt: NOW });
  createOrder(db, shop.id, another.id, { totalMinor: 1_000, placedAt: NOW - 2 * DAY, deletedAt: NOW });
  createOrder(db, shop.id, another.id, { totalMinor: 2_500, placedAt: NOW - 3 * DAY });
  createOrder(db, shop.id, outsider.id, { totalMinor: 50_000, placedAt: NOW - DAY });
  const segment = await computedSegment(db, shop.id);

  it("counts the members' orders, buyers and revenue net of refunds from the start of the 30th day back", () => {
    expect(segmentMemberOrders(db, { shopId: shop.id, segmentId: segment.id, now: NOW, timeZone: TZ })).toEqual({ orders: 3, buyers: 2, revenueMinor: 10_000 + 3_000 + 2_500 });
  });
});

describe("a definition in words", () => {
  it("reads each condition as a sentence under its group, a lone condition on its own", () => {
    const nested = parseSegmentDefinition({
      version: 1,
      root: {
        id: "root", type: "group", match: "all", children: [
          { id: "c1", type: "order_count", match: { operator: "gte", value: 2 } },
          { id: "g1", type: "group", match: "any", children: [{ id: "c2", type: "country", match: { operator: "is_any_of", values: ["US", "CA"] } }, { id: "c3", type: "member_status", value: "member" }] },
        ],
      },
    });
    if (!nested.ok) throw new Error("invalid");
    const summary = describeDefinition(nested.definition);
    expect(summary.text).toBe("All of these are true");
    expect(summary.children?.[0].text).toMatch(/orders is at least 2/i);
    expect(summary.children?.[1]).toMatchObject({ text: "Any of these is true", children: [{ id: "c2" }, { id: "c3", text: "Is a member" }] });
    const single = parseSegmentDefinition(emailSubscribers);
    if (!single.ok) throw new Error("invalid");
    expect(describeDefinition(single.definition)).toMatchObject({ id: "c1" });
    expect(describeDefinition(single.definition).children).toBeUndefined();
  });
});
