import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDb } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { computeSegment } from "../../app/membership/compute.server";
import { builderSetup, diffSegmentEdit, estimateSegment, findPickerOptions, findSuggestion, segmentProgress } from "../../app/models/segment-builder.server";
import { createSegment, findSegment, updateSegment } from "../../app/models/segments.server";
import * as diffRoute from "../../app/routes/app.segments.$segmentId.diff";
import * as editRoute from "../../app/routes/app.segments.$segmentId.edit";
import * as statusRoute from "../../app/routes/app.segments.$segmentId.status";
import * as estimateRoute from "../../app/routes/app.segments.estimate";
import * as newRoute from "../../app/routes/app.segments.new";
import * as optionsRoute from "../../app/routes/app.segments.options";
import { membersQuery } from "../../app/segments/compile";
import { parseSegmentDefinition } from "../../app/segments/definition";
import type { Db } from "../../db/client.server";
import { MEMBERSHIP_CHANGE_KINDS } from "../../db/enums";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { generateStore } from "../../db/seed/generate-store";
import { createTestDb } from "../helpers/test-db";

/**
 * The builder's server side: the live count, the member diff, the pickers' options, and the
 * create/edit actions, as models and as Remix calls the routes (demo mode: no login).
 */

const NOW = Date.parse("2026-11-28T12:00:00Z");
const BASE = "http://localhost:3000";
const dialect = new SQLiteSyncDialect();

type Node = Record<string, unknown>;
const definition = (...children: Node[]) => ({ version: 1, root: { id: "root", type: "group", match: "all", children } });
const ordersAtLeast = (value: number, id = "orders") => ({ id, type: "order_count", match: { operator: "gte", value } });
const fromCountries = (values: string[], id = "country") => ({ id, type: "country", match: { operator: "is_any_of", values } });
const lastOrderBetween = (start: string, end: string, id = "dates") => ({ id, type: "last_order_at", match: { operator: "between", start, end } });

function engineMembers(db: Db, shopId: number, raw: unknown, now = NOW): number[] {
  const parsed = parseSegmentDefinition(raw);
  if (!parsed.ok) throw new Error("invalid");
  const timeZone = db.$client.prepare(`SELECT time_zone FROM shops WHERE id = ?`).pluck().get(shopId) as string;
  const query = dialect.sqlToQuery(membersQuery(parsed.definition, { shopId, now, timeZone }));
  return (db.$client.prepare(query.sql).pluck().all(...query.params) as number[]).sort((a, b) => a - b);
}

async function computed(db: Db, shopId: number, raw: unknown, name = "Segment"): Promise<number> {
  const result = createSegment(db, { shopId, name, definition: raw, now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  await computeSegment(db, { segmentId: result.segment.id, clock: () => NOW });
  return result.segment.id;
}

function segmentCount(db: Db): number {
  return db.$client.prepare(`SELECT count(*) FROM segments`).pluck().get() as number;
}

describe("the builder's models, scoped by shop", () => {
  const db = createTestDb();
  const { shopId } = generateStore(db, { seed: 11, scale: 0.05, anchor: NOW, shop: DEMO_SHOP });
  const { shopId: otherId } = generateStore(db, {
    seed: 12, scale: 0.02, anchor: NOW,
    shop: { platform: "shopify", domain: "other-store.myshopify.com", name: "Other store", timeZone: "Europe/Paris", currency: "EUR" },
  });
  const otherProduct = db.$client.prepare(`SELECT id FROM products WHERE shop_id = ? LIMIT 1`).pluck().get(otherId) as number;
  const ownProduct = db.$client.prepare(`SELECT id, title FROM products WHERE shop_id = ? ORDER BY id LIMIT 1`).get(shopId) as { id: number; title: string };

  it("counts what the engine's member query selects, for this shop only", () => {
    const raw = definition(fromCountries(["US", "CA"]), { id: "g", type: "group", match: "any", children: [ordersAtLeast(2), { id: "spent", type: "total_spent", match: { operator: "gt", value: 20_000 } }] });
    const estimate = estimateSegment(db, { shopId, definition: raw, now: NOW });
    expect(estimate).toMatchObject({ ok: true, count: engineMembers(db, shopId, raw).length });
    expect(estimate.ok && estimate.count).toBeGreaterThan(0);
    const everyone = definition({ id: "any", type: "email", match: { operator: "is_set" } });
    expect(estimateSegment(db, { shopId: otherId, definition: everyone, now: NOW })).toMatchObject({ count: engineMembers(db, otherId, everyone).length });
    expect(engineMembers(db, otherId, everyone).length).toBeLessThan(engineMembers(db, shopId, everyone).length);
  });

  it("refuses a between range whose start is after its end, on that condition's node", () => {
    const result = estimateSegment(db, { shopId, definition: definition(ordersAtLeast(1), lastOrderBetween("2026-11-20", "2026-11-01")), now: NOW });
    expect(result).toEqual({ ok: false, issues: [{ nodeId: "dates", message: "The start date 2026-11-20 is after the end date 2026-11-01" }] });
  });

  it("does not accept another shop's product", () => {
    const viewed = (id: number) => ({ id: "viewed", type: "product_views", action: "viewed", productIds: [id], occurrence: "has_done" });
    expect(estimateSegment(db, { shopId, definition: definition(viewed(otherProduct)), now: NOW })).toEqual({
      ok: false,
      issues: [{ nodeId: "viewed", message: `Unknown product for this shop: #${otherProduct}` }],
    });
    expect(estimateSegment(db, { shopId, definition: definition(viewed(ownProduct.id)), now: NOW }).ok).toBe(true);
  });

  it("previews exactly the membership changes an edit then records", async () => {
    const segmentId = await computed(db, shopId, definition(ordersAtLeast(2)));
    // 3+ orders lets some members go, "or from Canada" lets new contacts in
    const next = definition({ id: "g", type: "group", match: "any", children: [ordersAtLeast(3), fromCountries(["CA"])] });
    const diff = diffSegmentEdit(db, { shopId, segmentId, definition: next, now: NOW });
    if (!diff?.ok) throw new Error("expected a diff");
    expect(diff.joining.count).toBeGreaterThan(0);
    expect(diff.leaving.count).toBeGreaterThan(0);
    expect(diff.joining.sample).toHaveLength(Math.min(10, diff.joining.count));
    expect(diff.current).toBe(findSegment(db, { shopId, segmentId })!.memberCount);

    const saved = updateSegment(db, { shopId, segmentId, definition: next, now: NOW });
    expect(saved?.ok).toBe(true);
    await computeSegment(db, { segmentId, clock: () => NOW });
    const changes = (kind: number) =>
      db.$client.prepare(`SELECT contact_id FROM membership_changes WHERE segment_id = ? AND segment_revision = 2 AND kind = ? ORDER BY contact_id`).pluck().all(segmentId, kind) as number[];
    const entered = changes(MEMBERSHIP_CHANGE_KINDS.entered);
    const left = changes(MEMBERSHIP_CHANGE_KINDS.left);
    expect(entered.length).toBe(diff.joining.count);
    expect(left.length).toBe(diff.leaving.count);
    expect(diff.joining.sample.map((s) => s.id)).toEqual(entered.slice(0, 10));
    expect(diff.leaving.sample.map((s) => s.id)).toEqual(left.slice(0, 10));
    expect(diff.next).toBe(findSegment(db, { shopId, segmentId })!.memberCount);
  });

  it("has no diff for another shop's segment", async () => {
    const theirs = await computed(db, otherId, definition(ordersAtLeast(1)));
    expect(diffSegmentEdit(db, { shopId, segmentId: theirs, definition: definition(ordersAtLeast(2)), now: NOW })).toBeNull();
    expect(segmentProgress(db, { shopId, segmentId: theirs })).toBeNull();
    expect(segmentProgress(db, { shopId: otherId, segmentId: theirs })).toMatchObject({ status: "ready" });
  });

  it("offers the shop's own products, categories, tags, countries and attributes, and names chosen values", () => {
    const word = ownProduct.title.split(" ")[0];
    const products = findPickerOptions(db, { shopId, kind: "product", query: word });
    expect(products.length).toBeGreaterThan(0);
    expect(products.every((p) => p.label.toLowerCase().includes(word.toLowerCase()))).toBe(true);
    const ownIds = new Set(db.$client.prepare(`SELECT id FROM products WHERE shop_id = ?`).pluck().all(shopId) as number[]);
    expect(findPickerOptions(db, { shopId, kind: "product", query: "" }).every((p) => ownIds.has(Number(p.value)))).toBe(true);
    expect(findPickerOptions(db, { shopId, kind: "product", values: [String(ownProduct.id), String(otherProduct)] })).toEqual([
      expect.objectContaining({ value: String(ownProduct.id), label: ownProduct.title }),
    ]);
    expect(findPickerOptions(db, { shopId, kind: "category", query: "" }).length).toBeGreaterThan(0);
    expect(findPickerOptions(db, { shopId, kind: "tag", query: "" }).length).toBeGreaterThan(0);
    expect(findPickerOptions(db, { shopId, kind: "country", query: "united" }).map((o) => o.value)).toContain("US");
    expect(findPickerOptions(db, { shopId, kind: "country", values: ["US"] })).toEqual([expect.objectContaining({ value: "US", label: "United States (US)" })]);
    expect(findPickerOptions(db, { shopId, kind: "attribute", query: "" }).map((o) => o.detail)).toEqual(expect.arrayContaining(["number"]));
    expect(findPickerOptions(db, { shopId, kind: "product", query: "100%_" })).toEqual([]);
  });

  it("starts suggestions in the shop's currency, and sets up the builder for the shop", () => {
    const inEuros = findSuggestion(db, { shopId: otherId, key: "high_value_customers" })!;
    expect(inEuros.description).toContain("€1,000.00");
    expect(findSuggestion(db, { shopId, key: "no_such_thing" })).toBeNull();
    const setup = builderSetup(db, { shopId: otherId, now: Date.parse("2026-11-28T23:30:00Z") });
    expect(setup).toMatchObject({ money: { currency: "EUR", exponent: 2, symbol: "€" }, today: "2026-11-29", limits: { maxDepth: 5 } });
    expect(setup.totalContacts).toBe(db.$client.prepare(`SELECT count(*) FROM contacts WHERE shop_id = ? AND deleted_at IS NULL AND redacted_at IS NULL`).pluck().get(otherId));
  });
});

type Handler = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

async function call(handler: unknown, path: string, { params = {}, json }: { params?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
  const init = json === undefined ? undefined : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(json) };
  try {
    return (await (handler as Handler)({ request: new Request(`${BASE}${path}`, init), params, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("the builder's routes (demo mode)", () => {
  const db = createTestDb();
  let shopId: number;
  let theirs: number;

  beforeAll(async () => {
    vi.stubEnv("APP_MODE", "demo");
    vi.stubEnv("DATABASE_PATH", ":memory:");
    resetEnvCache();
    setDb(db);
    ({ shopId } = generateStore(db, { seed: 5, scale: 0.03, anchor: NOW, shop: DEMO_SHOP }));
    const other = generateStore(db, { seed: 6, scale: 0.01, anchor: NOW, shop: { platform: "shopify", domain: "elsewhere.myshopify.com", name: "Elsewhere", timeZone: "UTC", currency: "USD" } });
    theirs = await computed(db, other.shopId, definition(ordersAtLeast(1)), "Theirs");
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
    setDb(undefined);
  });

  it("estimates a definition posted as JSON, and reports problems on their nodes", async () => {
    const raw = definition(ordersAtLeast(2));
    const ok = await call(estimateRoute.action, "/app/segments/estimate", { json: { definition: raw } });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.count).toBe(engineMembers(db, shopId, raw, Date.now()).length);
    expect(body.ms).toBeGreaterThanOrEqual(0);
    const bad = await call(estimateRoute.action, "/app/segments/estimate", { json: { definition: definition(lastOrderBetween("2026-11-20", "2026-11-01")) } });
    expect(bad.status).toBe(422);
    expect((await bad.json()).issues).toEqual([{ nodeId: "dates", message: "The start date 2026-11-20 is after the end date 2026-11-01" }]);
    expect((await call(estimateRoute.action, "/app/segments/estimate", { json: "not an object" })).status).toBe(400);
  });

  it("lists picker options by kind, and refuses an unknown kind", async () => {
    const countries = await (await call(optionsRoute.loader, "/app/segments/options?kind=country&q=can")).json();
    expect(countries.options.map((o: { value: string }) => o.value)).toContain("CA");
    expect((await call(optionsRoute.loader, "/app/segments/options?kind=secrets")).status).toBe(400);
  });

  it("never stores an invalid definition: the issues come back on their node ids", async () => {
    const before = segmentCount(db);
    const response = await call(newRoute.action, "/app/segments/new", { json: { name: "Bad dates", definition: definition(ordersAtLeast(1), lastOrderBetween("2026-11-20", "2026-11-01")) } });
    expect(response.status).toBe(422);
    expect((await response.json()).issues).toEqual([{ nodeId: "dates", message: "The start date 2026-11-20 is after the end date 2026-11-01" }]);
    const unnamed = await call(newRoute.action, "/app/segments/new", { json: { name: " ", definition: definition() } });
    expect((await unnamed.json()).issues).toEqual([
      { nodeId: null, message: "Give the segment a name" },
      { nodeId: "root", message: "This group is empty: add a condition or remove the group" },
    ]);
    expect(segmentCount(db)).toBe(before);
  });

  it("creates a segment, from scratch or from a suggestion, and reports its computation", async () => {
    const created = await (await call(newRoute.action, "/app/segments/new", { json: { name: "Repeat buyers", definition: definition(ordersAtLeast(2)) } })).json();
    expect(created).toEqual({ ok: true, segmentId: expect.any(Number) });
    expect(findSegment(db, { shopId, segmentId: created.segmentId })).toMatchObject({ name: "Repeat buyers", status: "computing", suggestionKey: null });
    const progress = await (await call(statusRoute.loader, `/app/segments/${created.segmentId}/status`, { params: { segmentId: String(created.segmentId) } })).json();
    expect(progress).toMatchObject({ status: "computing", done: 0 });

    const page = await (await call(newRoute.loader, "/app/segments/new?suggestion=potential_converters")).json();
    expect(page).toMatchObject({ name: "Potential converters", suggestion: { key: "potential_converters" } });
    expect(page.setup.catalogue.length).toBe(10);
    const generated = await (await call(newRoute.action, "/app/segments/new", { json: { name: "Converters (renamed)", definition: page.definition, suggestionKey: "potential_converters" } })).json();
    expect(findSegment(db, { shopId, segmentId: generated.segmentId })).toMatchObject({ name: "Converters (renamed)", suggestionKey: "potential_converters" });
    const unknown = await (await call(newRoute.loader, "/app/segments/new?suggestion=nope")).json();
    expect(unknown).toMatchObject({ suggestion: null, unknownSuggestion: "nope", name: "" });
  });

  it("edits a segment: invalid edits change nothing, a new definition is a new revision", async () => {
    const segmentId = await computed(db, shopId, definition(ordersAtLeast(2)), "Editable");
    const params = { segmentId: String(segmentId) };
    const loaded = await (await call(editRoute.loader, `/app/segments/${segmentId}/edit`, { params })).json();
    expect(loaded.definition).toEqual(findSegment(db, { shopId, segmentId })!.definition);

    const bad = await call(editRoute.action, `/app/segments/${segmentId}/edit`, { params, json: { name: "Editable", definition: definition(lastOrderBetween("2026-11-20", "2026-11-01")) } });
    expect(bad.status).toBe(422);
    expect(findSegment(db, { shopId, segmentId })).toMatchObject({ revision: 1, definition: definition(ordersAtLeast(2)) });

    const diff = await (await call(diffRoute.action, `/app/segments/${segmentId}/diff`, { params, json: { definition: definition(ordersAtLeast(3)) } })).json();
    expect(diff).toMatchObject({ ok: true, joining: { count: 0 }, leaving: { count: expect.any(Number) } });
    expect(diff.leaving.count).toBeGreaterThan(0);
    const saved = await call(editRoute.action, `/app/segments/${segmentId}/edit`, { params, json: { name: "Three or more", definition: definition(ordersAtLeast(3)) } });
    expect(await saved.json()).toEqual({ ok: true, segmentId });
    expect(findSegment(db, { shopId, segmentId })).toMatchObject({ name: "Three or more", revision: 2, status: "computing" });
  });

  it("does not show, diff, edit or report another shop's segment", async () => {
    const params = { segmentId: String(theirs) };
    expect((await call(editRoute.loader, `/app/segments/${theirs}/edit`, { params })).status).toBe(404);
    expect((await call(editRoute.action, `/app/segments/${theirs}/edit`, { params, json: { name: "Mine now", definition: definition(ordersAtLeast(1)) } })).status).toBe(404);
    expect((await call(diffRoute.action, `/app/segments/${theirs}/diff`, { params, json: { definition: definition(ordersAtLeast(1)) } })).status).toBe(404);
    expect((await call(statusRoute.loader, `/app/segments/${theirs}/status`, { params })).status).toBe(404);
    expect(db.$client.prepare(`SELECT name, revision FROM segments WHERE id = ?`).get(theirs)).toEqual({ name: "Theirs", revision: 1 });
  });
});
