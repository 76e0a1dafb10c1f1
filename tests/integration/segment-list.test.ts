import { describe, expect, it } from "vitest";
import { computeSegment } from "../../app/membership/compute.server";
import {
  copyName, copySegment, countShopSegments, listSegmentPage, segmentUsage, suggestionCounts,
} from "../../app/models/segment-list.server";
import { createSegment, findSegment, listSegments, type SegmentRecord } from "../../app/models/segments.server";
import { membersQuery } from "../../app/segments/compile";
import { suggestedSegments } from "../../app/segments/suggested";
import type { Db } from "../../db/client.server";
import { automations, campaigns, campaignSegments, jobs } from "../../db/schema";
import { generateStore } from "../../db/seed/generate-store";
import { createContact, createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

const NOW = Date.parse("2026-11-28T12:00:00Z");

const subscribedTo = (channel: "email" | "sms") => ({
  version: 1,
  root: { id: "root", type: "group", match: "all", children: [{ id: "c1", type: `${channel}_subscription`, match: { operator: "is_any_of", values: ["subscribed"] } }] },
});
const everyone = { version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "c1", type: "order_count", match: { operator: "gte", value: 0 } }] } };

function create(db: Db, shopId: number, name: string, definition: unknown, now = NOW): SegmentRecord {
  const result = createSegment(db, { shopId, name, definition, now });
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join("; "));
  return result.segment;
}

async function computed(db: Db, shopId: number, name: string, definition: unknown, now = NOW): Promise<SegmentRecord> {
  const segment = create(db, shopId, name, definition, now);
  await computeSegment(db, { segmentId: segment.id, clock: () => now });
  return findSegment(db, { shopId, segmentId: segment.id })!;
}

describe("the segments list", async () => {
  const db = createTestDb();
  const north = createShop(db, { domain: "north.myshopify.com" });
  const south = createShop(db, { domain: "south.myshopify.com" });
  createContact(db, north.id, { emailConsent: "subscribed", smsConsent: "subscribed", phone: "+15550000001" });
  createContact(db, north.id, { emailConsent: "subscribed" });
  createContact(db, north.id, { emailConsent: "subscribed", email: "bounced@example.com", emailValidity: "bounced" });
  createContact(db, north.id, { smsConsent: "subscribed", phone: "+15550000002" });
  createContact(db, south.id, { emailConsent: "subscribed" });

  const email = await computed(db, north.id, "Email subscribers", subscribedTo("email"), NOW - 3_000);
  const sms = await computed(db, north.id, "SMS subscribers", subscribedTo("sms"), NOW - 2_000);
  const all = await computed(db, north.id, "Everyone (100%)", everyone, NOW - 1_000);
  const theirs = await computed(db, south.id, "Email subscribers", subscribedTo("email"));

  it("shows each of the shop's segments with its contacts, reach by channel, last update and freshness", () => {
    const page = listSegmentPage(db, { shopId: north.id });
    expect(page).toMatchObject({ total: 3, page: 1, pageCount: 1 });
    expect(page.segments.map((s) => s.name)).toEqual(["Everyone (100%)", "SMS subscribers", "Email subscribers"]);
    expect(page.segments.find((s) => s.id === email.id)).toMatchObject({
      memberCount: 3, emailReachableCount: 2, smsReachableCount: 1, status: "ready", computedAt: NOW - 3_000, updatedAt: NOW - 3_000,
    });
    expect(page.segments.find((s) => s.id === sms.id)).toMatchObject({ memberCount: 2, emailReachableCount: 1, smsReachableCount: 2 });
    expect(countShopSegments(db, { shopId: north.id })).toBe(3);
    expect(listSegmentPage(db, { shopId: south.id }).segments.map((s) => s.id)).toEqual([theirs.id]);
  });

  it("narrows by name, case-insensitively, taking % and _ literally", () => {
    expect(listSegmentPage(db, { shopId: north.id, query: "SUBSCRIBERS" }).segments.map((s) => s.id).sort()).toEqual([email.id, sms.id].sort());
    expect(listSegmentPage(db, { shopId: north.id, query: "100%" }).segments.map((s) => s.id)).toEqual([all.id]);
    expect(listSegmentPage(db, { shopId: north.id, query: "%" }).total).toBe(1);
    expect(listSegmentPage(db, { shopId: north.id, query: "nobody" })).toMatchObject({ total: 0, page: 1, pageCount: 1, segments: [] });
  });

  it("sorts by name, contact count and last update, either way", () => {
    const names = (sort: Parameters<typeof listSegmentPage>[1]["sort"]) => listSegmentPage(db, { shopId: north.id, sort }).segments.map((s) => s.name);
    expect(names("name_asc")).toEqual(["Email subscribers", "Everyone (100%)", "SMS subscribers"]);
    expect(names("name_desc")).toEqual(["SMS subscribers", "Everyone (100%)", "Email subscribers"]);
    expect(names("count_desc")).toEqual(["Everyone (100%)", "Email subscribers", "SMS subscribers"]);
    expect(names("count_asc")).toEqual(["SMS subscribers", "Email subscribers", "Everyone (100%)"]);
    expect(names("updated_asc")).toEqual(["Email subscribers", "SMS subscribers", "Everyone (100%)"]);
  });

  it("pages through the segments, a page past the end showing the last one", () => {
    const first = listSegmentPage(db, { shopId: north.id, sort: "name_asc", pageSize: 2 });
    const second = listSegmentPage(db, { shopId: north.id, sort: "name_asc", pageSize: 2, page: 2 });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 3 });
    expect([...first.segments, ...second.segments].map((s) => s.name)).toEqual(["Email subscribers", "Everyone (100%)", "SMS subscribers"]);
    expect(listSegmentPage(db, { shopId: north.id, sort: "name_asc", pageSize: 2, page: 99 })).toMatchObject({ page: 2, segments: [{ name: "SMS subscribers" }] });
  });

  it("says which active automations and scheduled campaigns use a segment", () => {
    db.insert(automations).values([
      { shopId: north.id, name: "Welcome", segmentId: email.id, trigger: "entered", status: "active", createdAt: 0, updatedAt: 0 },
      { shopId: north.id, name: "Paused flow", segmentId: email.id, trigger: "entered", status: "paused", createdAt: 0, updatedAt: 0 },
    ]).run();
    const [scheduled, draft] = db.insert(campaigns).values([
      { shopId: north.id, name: "Black Friday", channel: "email", status: "scheduled", scheduledAt: NOW + 1, createdAt: 0, updatedAt: 0 },
      { shopId: north.id, name: "Draft", channel: "email", status: "draft", createdAt: 0, updatedAt: 0 },
    ]).returning().all();
    db.insert(campaignSegments).values([
      { campaignId: scheduled.id, segmentId: email.id, role: "include", shopId: north.id },
      { campaignId: draft.id, segmentId: sms.id, role: "include", shopId: north.id },
    ]).run();
    const usage = segmentUsage(db, { shopId: north.id, segmentIds: [email.id, sms.id] });
    expect(usage.get(email.id)).toEqual({ activeAutomations: ["Welcome"], scheduledCampaigns: ["Black Friday"] });
    expect(usage.get(sms.id)).toBeUndefined();
    expect(listSegmentPage(db, { shopId: north.id }).segments.find((s) => s.id === email.id)?.usedBy.activeAutomations).toEqual(["Welcome"]);
    expect(segmentUsage(db, { shopId: south.id, segmentIds: [email.id] }).size).toBe(0);
  });
});

describe("copying a segment", async () => {
  const db = createTestDb();
  const shop = createShop(db);
  const other = createShop(db);
  createContact(db, shop.id, { emailConsent: "subscribed" });
  const original = await computed(db, shop.id, "Email subscribers", subscribedTo("email"));
  const foreign = await computed(db, other.id, "Theirs", subscribedTo("email"));

  it("creates “Copy of …” with the same conditions and computes it", () => {
    const copied = copySegment(db, { shopId: shop.id, segmentId: original.id, now: NOW + 1 });
    if (!copied?.ok) throw new Error("copy failed");
    expect(copied.segment).toMatchObject({ name: "Copy of Email subscribers", status: "computing", shopId: shop.id, memberCount: 0 });
    expect(copied.segment.id).not.toBe(original.id);
    expect(copied.segment.definition).toEqual(original.definition);
    const queued = db.select().from(jobs).all().filter((j) => j.type === "segments.compute" && JSON.parse(j.payload).segmentId === copied.segment.id);
    expect(queued).toHaveLength(1);
    expect(listSegments(db, { shopId: shop.id }).map((s) => s.name).sort()).toEqual(["Copy of Email subscribers", "Email subscribers"]);
  });

  it("does not copy another shop's segment", () => {
    expect(copySegment(db, { shopId: shop.id, segmentId: foreign.id, now: NOW })).toBeNull();
    expect(countShopSegments(db, { shopId: other.id })).toBe(1);
  });

  it("keeps a copy's name within the 120-character limit", () => {
    expect(copyName("x".repeat(120))).toHaveLength(120);
    expect(copyName("x".repeat(120)).endsWith("…")).toBe(true);
    expect(copyName("Buyers")).toBe("Copy of Buyers");
  });
});

describe("suggested segments with live counts", () => {
  const db = createTestDb();
  const { shopId } = generateStore(db, { seed: 11, scale: 0.06, anchor: NOW, shop: { platform: "shopify", domain: "sugg.myshopify.com", name: "S", timeZone: "Europe/Berlin", currency: "EUR" } });
  const suggestions = suggestedSegments({ currency: "EUR" });

  it("counts each suggestion with the engine's own query, equal to the members a created segment gets", async () => {
    const counted = suggestionCounts(db, { shopId, now: NOW, timeZone: "Europe/Berlin", suggestions });
    expect(counted.map((s) => s.key)).toEqual(suggestions.map((s) => s.key));
    for (const [i, suggestion] of suggestions.entries()) {
      const members = db.all<{ id: number }>(membersQuery(suggestion.definition, { shopId, now: NOW, timeZone: "Europe/Berlin" }));
      expect(counted[i].count, suggestion.key).toBe(members.length);
    }
    expect(counted.some((s) => s.count > 0)).toBe(true);
    const repeat = suggestions.find((s) => s.key === "repeat_buyers")!;
    const segment = await computed(db, shopId, repeat.name, repeat.definition);
    expect(segment.memberCount).toBe(counted.find((s) => s.key === "repeat_buyers")!.count);
  });

  it("counts only the shop's own contacts", () => {
    const empty = createShop(db);
    expect(suggestionCounts(db, { shopId: empty.id, now: NOW, timeZone: "UTC", suggestions }).every((s) => s.count === 0)).toBe(true);
  });
});
