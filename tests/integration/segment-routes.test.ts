import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDb } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { computeSegment } from "../../app/membership/compute.server";
import { createSegment, findSegment, listSegments } from "../../app/models/segments.server";
import { countQuery } from "../../app/segments/compile";
import { suggestedSegments } from "../../app/segments/suggested";
import * as listRoute from "../../app/routes/app.segments._index";
import * as pageRoute from "../../app/routes/app.segments.$segmentId._index";
import * as csvRoute from "../../app/routes/app.segments.$segmentId.members[.]csv";
import type { Db } from "../../db/client.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { generateStore } from "../../db/seed/generate-store";
import { createContact, createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

/** The segment pages' loaders and actions, called as Remix calls them, in demo mode (no login). */

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

const BASE = "http://localhost:3000";
const repeatBuyers = {
  version: 1,
  root: { id: "root", type: "group", match: "all", children: [{ id: "c1", type: "order_count", match: { operator: "gte", value: 2 } }] },
};

async function call(handler: Handler, path: string, params: Record<string, string> = {}, form?: Record<string, string>): Promise<Response> {
  const init = form ? { method: "POST", body: new URLSearchParams(form) } : undefined;
  try {
    const result = await handler({ request: new Request(`${BASE}${path}`, init), params, context: {} });
    return result as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function created(db: Db, shopId: number, name: string): Promise<number> {
  const result = createSegment(db, { shopId, name, definition: repeatBuyers, now: Date.now() });
  if (!result.ok) throw new Error("invalid");
  await computeSegment(db, { segmentId: result.segment.id, clock: Date.now });
  return result.segment.id;
}

describe("the segment pages (loaders and actions)", () => {
  const db = createTestDb();
  let shopId: number;
  let otherShopId: number;
  let repeatId: number;
  let foreignId: number;

  beforeAll(async () => {
    vi.stubEnv("APP_MODE", "demo");
    vi.stubEnv("DATABASE_PATH", ":memory:");
    resetEnvCache();
    setDb(db);
    ({ shopId } = generateStore(db, { seed: 5, scale: 0.05, anchor: Date.now(), shop: DEMO_SHOP }));
    otherShopId = createShop(db, { domain: "elsewhere.myshopify.com" }).id;
    createContact(db, otherShopId);
    repeatId = await created(db, shopId, "Repeat buyers");
    await created(db, shopId, "Loyal fans");
    foreignId = await created(db, otherShopId, "Their repeat buyers");
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
    setDb(undefined);
  });

  it("lists the shop's segments with counts, reach and freshness, narrowed by the search", async () => {
    const all = await (await call(listRoute.loader as Handler, "/app/segments")).json();
    const segment = findSegment(db, { shopId, segmentId: repeatId })!;
    expect(all.list.rows.map((r: { name: string }) => r.name).sort()).toEqual(["Loyal fans", "Repeat buyers"]);
    expect(all.list.rows.find((r: { id: number }) => r.id === repeatId)).toMatchObject({
      members: segment.memberCount.toLocaleString("en-US"),
      email: segment.emailReachableCount.toLocaleString("en-US"),
      sms: segment.smsReachableCount.toLocaleString("en-US"),
      freshness: { status: "ready", asOf: expect.stringMatching(/\d{4}/) },
    });
    const narrowed = await (await call(listRoute.loader as Handler, "/app/segments?q=repeat&sort=name_asc")).json();
    expect(narrowed).toMatchObject({ query: "repeat", sort: "name_asc", list: { total: 1, rows: [{ id: repeatId }] } });
    const junk = await (await call(listRoute.loader as Handler, "/app/segments?sort=nonsense&page=-4&tab=nope")).json();
    expect(junk).toMatchObject({ tab: "segments", sort: "updated_desc", list: { page: 1 } });
  });

  it("shows every suggestion with the engine's count on the suggestions tab", async () => {
    const data = await (await call(listRoute.loader as Handler, "/app/segments?tab=suggestions")).json();
    const suggestions = suggestedSegments({ currency: DEMO_SHOP.currency });
    expect(data.list).toBeNull();
    expect(data.suggestions.map((s: { key: string }) => s.key)).toEqual(suggestions.map((s) => s.key));
    const repeat = suggestions.find((s) => s.key === "repeat_buyers")!;
    const { n } = db.get<{ n: number }>(countQuery(repeat.definition, { shopId, now: Date.now(), timeZone: DEMO_SHOP.timeZone }));
    expect(data.suggestions.find((s: { key: string }) => s.key === "repeat_buyers").count).toBe(n.toLocaleString("en-US"));
    expect(n).toBe(findSegment(db, { shopId, segmentId: repeatId })!.memberCount);
  });

  it("copies a segment into “Copy of …” and opens it", async () => {
    const response = await call(listRoute.action as Handler, "/app/segments", {}, { intent: "copy", segmentId: String(repeatId) });
    expect(response.status).toBe(302);
    const copy = listSegments(db, { shopId }).find((s) => s.name === "Copy of Repeat buyers")!;
    expect(response.headers.get("location")).toBe(`/app/segments/${copy.id}`);
    expect(copy.status).toBe("computing");
    const fromPage = await call(pageRoute.action as Handler, `/app/segments/${repeatId}`, { segmentId: String(repeatId) }, { intent: "copy" });
    expect(fromPage.status).toBe(302);
    expect(listSegments(db, { shopId }).filter((s) => s.name === "Copy of Repeat buyers")).toHaveLength(2);
  });

  it("deletes a segment, and answers 404 for one that is gone or another shop's", async () => {
    const doomed = await created(db, shopId, "Doomed");
    const response = await call(listRoute.action as Handler, "/app/segments", {}, { intent: "delete", segmentId: String(doomed) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: "Doomed" });
    expect(findSegment(db, { shopId, segmentId: doomed })).toBeNull();
    for (const intent of ["delete", "copy"]) {
      for (const segmentId of [doomed, foreignId]) {
        const refused = await call(listRoute.action as Handler, "/app/segments", {}, { intent, segmentId: String(segmentId) });
        expect(refused.status, `${intent} ${segmentId}`).toBe(404);
      }
    }
    expect(findSegment(db, { shopId: otherShopId, segmentId: foreignId })).not.toBeNull();
    expect((await call(listRoute.action as Handler, "/app/segments", {}, { intent: "explode", segmentId: "1" })).status).toBe(400);
  });

  it("opens a segment with its conditions, members, performance, reach, orders and history", async () => {
    const segment = findSegment(db, { shopId, segmentId: repeatId })!;
    const data = await (await call(pageRoute.loader as Handler, `/app/segments/${repeatId}`, { segmentId: String(repeatId) })).json();
    expect(data).toMatchObject({
      name: "Repeat buyers",
      summary: { text: "Number of orders is at least 2" },
      freshness: { status: "ready" },
      reach: { members: segment.memberCount, email: segment.emailReachableCount, sms: segment.smsReachableCount },
      csv: { url: `/app/segments/${repeatId}/members.csv`, fileName: "repeat-buyers-members.csv" },
      range: 30,
    });
    expect(data.members.rows).toHaveLength(Math.min(25, segment.memberCount));
    expect(data.members.total).toBe(segment.memberCount.toLocaleString("en-US"));
    expect(data.performance).toHaveLength(30);
    expect(data.performance[29].size).toBe(segment.memberCount);
    expect(data.performance[29].entered).toBe(segment.memberCount);
    expect(data.history[0]).toMatchObject({ kind: "entered", cause: "Segment computed" });
    expect(data.orders.revenue).toMatch(/^\$/);
    const ninety = await (await call(pageRoute.loader as Handler, `/app/segments/${repeatId}?range=90`, { segmentId: String(repeatId) })).json();
    expect(ninety.performance).toHaveLength(90);
    const name = data.members.rows[0].name.split(" ")[0];
    const searched = await (await call(pageRoute.loader as Handler, `/app/segments/${repeatId}?q=${encodeURIComponent(name)}`, { segmentId: String(repeatId) })).json();
    expect(searched.members.rows.length).toBeGreaterThan(0);
    expect(searched.members.rows.every((r: { name: string; email: string }) => `${r.name} ${r.email}`.toLowerCase().includes(name.toLowerCase()))).toBe(true);
  });

  it("answers 404 for another shop's segment, a missing one, or a malformed id, on the page and the export", async () => {
    for (const segmentId of [String(foreignId), "999999", "abc"]) {
      const page = await call(pageRoute.loader as Handler, `/app/segments/${segmentId}`, { segmentId });
      expect(page.status, segmentId).toBe(404);
      const csv = await call(csvRoute.loader as Handler, `/app/segments/${segmentId}/members.csv`, { segmentId });
      expect(csv.status, segmentId).toBe(404);
      const copy = await call(pageRoute.action as Handler, `/app/segments/${segmentId}`, { segmentId }, { intent: "copy" });
      expect(copy.status, segmentId).toBe(404);
    }
  });

  it("exports the members as a CSV download, one row per member", async () => {
    const segment = findSegment(db, { shopId, segmentId: repeatId })!;
    const response = await call(csvRoute.loader as Handler, `/app/segments/${repeatId}/members.csv`, { segmentId: String(repeatId) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="repeat-buyers-members.csv"');
    const records = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(segment.memberCount);
    expect(Object.keys(records[0])).toEqual(["contact_id", "email", "phone", "first_name", "last_name", "country", "email_marketing", "sms_marketing", "orders", "total_spent", "currency", "entered_segment_at"]);
    expect(records.every((r) => Number(r.orders) >= 2 && /^\d+\.\d{2}$/.test(r.total_spent))).toBe(true);
  });

  it("keeps spreadsheet formulas out of the export, but not phone numbers", async () => {
    const member = db.$client.prepare(`SELECT contact_id FROM segment_members WHERE segment_id = ? LIMIT 1`).pluck().get(repeatId) as number;
    db.$client.prepare(`UPDATE contacts SET first_name = '=HYPERLINK("x")', last_name = '@SUM(1)', phone = '+1 555 0100' WHERE id = ?`).run(member);
    const response = await call(csvRoute.loader as Handler, `/app/segments/${repeatId}/members.csv`, { segmentId: String(repeatId) });
    const record = (parse(await response.text(), { columns: true }) as Record<string, string>[]).find((r) => Number(r.contact_id) === member)!;
    expect(record).toMatchObject({ first_name: `'=HYPERLINK("x")`, last_name: "'@SUM(1)", phone: "+1 555 0100" });
  });
});
