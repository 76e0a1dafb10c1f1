import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { computeSegmentOffThread } from "../../app/membership/compute-in-worker.server";
import { computeSegment } from "../../app/membership/compute.server";
import { onContactChanged } from "../../app/membership/incremental.server";
import { recomputeLifecycleStages } from "../../app/membership/lifecycle.server";
import { createSegment, updateSegment } from "../../app/models/segments.server";
import { migrateDatabase, openDatabase } from "../../db/client.server";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../db/seed/demo-store";
import { generateStore } from "../../db/seed/generate-store";
import { createTempDir } from "../helpers/test-db";
import { Timeline } from "./harness";

const root = (match: "all" | "any", ...children: object[]) => ({ id: "root", type: "group", match, children });
const usBuyers = root("all", { id: "c1", type: "country", match: { operator: "is", value: "US" } }, { id: "c2", type: "order_count", match: { operator: "gte", value: 1 } });

describe("full computation", () => {
  it("records the difference of an edited definition with cause definition_edit, and a retry changes nothing", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada", { countryCode: "US" });
    t.contact("Bo", { countryCode: "FR" });
    t.order("Ada");
    t.order("Bo");
    const segment = await t.segment("US buyers", usBuyers);
    expect(t.members(segment)).toEqual(["Ada"]);
    const edited = updateSegment(t.db, {
      shopId: t.shopId, segmentId: segment, now: t.now,
      definition: { version: 1, root: root("all", { id: "c1", type: "country", match: { operator: "is_any_of", values: ["FR"] } }) },
    });
    expect(edited).toMatchObject({ ok: true, segment: { revision: 2, status: "computing" } });
    expect(await t.compute(segment)).toMatchObject({ status: "ready", entered: 1, left: 1 });
    expect(t.members(segment)).toEqual(["Bo"]);
    expect(t.changes(segment)).toEqual([
      ["Ada", "entered", "definition_edit"],
      ["Bo", "entered", "definition_edit"],
      ["Ada", "left", "definition_edit"],
    ]);
    expect(await t.compute(segment)).toMatchObject({ status: "ready", entered: 0, left: 0 });
    expect(t.changes(segment)).toHaveLength(3);
    expect(t.segmentRow(segment)).toMatchObject({ status: "ready", memberCount: 1, computedAt: t.now });
  });

  it("stays exact when data changes while it runs: those contacts are re-checked before it is ready", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada", { countryCode: "US" });
    t.contact("Bo", { countryCode: "US" });
    t.order("Ada");
    const created = createSegment(t.db, { shopId: t.shopId, name: "US buyers", definition: { version: 1, root: usBuyers }, now: t.now });
    if (!created.ok) throw new Error("invalid");
    const id = created.segment.id;
    // the computation has started (status computing) when Bo's first order arrives
    t.advance({ minutes: 1 });
    const result = t.order("Bo");
    expect(result).toMatchObject({ deferred: 1, evaluated: 0 });
    expect(t.members(id)).toEqual([]);
    expect(await t.compute(id)).toMatchObject({ status: "ready", rechecked: 1 });
    expect(t.members(id)).toEqual(["Ada", "Bo"]);
    expect(t.db.$client.prepare(`SELECT count(*) FROM segment_rechecks`).pluck().get()).toBe(0);
    // once ready, changes apply at once again
    t.update("Bo", { countryCode: "CA" });
    expect(t.members(id)).toEqual(["Ada"]);
  });

  it("refuses to store an invalid definition, with the problem on the node", () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    const result = createSegment(t.db, {
      shopId: t.shopId, name: "Broken", now: t.now,
      definition: { version: 1, root: root("all", { id: "w", type: "page_views", action: "viewed", occurrence: "has_done", window: { kind: "between", start: "2026-12-01", end: "2026-11-01" } }) },
    });
    expect(result).toEqual({ ok: false, issues: [{ nodeId: "w", message: "The start date 2026-12-01 is after the end date 2026-11-01" }] });
    expect(t.db.$client.prepare(`SELECT count(*) FROM segments`).pluck().get()).toBe(0);
  });
});

describe("lifecycle stages", () => {
  it("move contacts between stage segments with cause lifecycle, once per change", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada");
    t.order("Ada", { ago: 3 * 86_400_000 });
    recomputeLifecycleStages(t.db, { shopId: t.shopId, now: t.now });
    const dormant = await t.segment("Dormant", root("all", { id: "c1", type: "lifecycle_stage", match: { operator: "is_any_of", values: ["dormant"] } }));
    expect(t.members(dormant)).toEqual([]);
    t.advance({ days: 200 });
    const changed = recomputeLifecycleStages(t.db, { shopId: t.shopId, now: t.now });
    expect(changed).toEqual([t.id("Ada")]);
    onContactChanged(t.db, { shopId: t.shopId, contactIds: changed, change: { fields: ["lifecycle_stage"] }, now: t.now, cause: "lifecycle" });
    expect(t.members(dormant)).toEqual(["Ada"]);
    expect(recomputeLifecycleStages(t.db, { shopId: t.shopId, now: t.now })).toEqual([]);
    expect(t.changes(dormant)).toEqual([["Ada", "entered", "lifecycle"]]);
  });
});

describe("computation in a worker thread", () => {
  const tmp = createTempDir();
  afterAll(() => tmp.cleanup());

  it("gives the same members as in-process computation, on its own connection", async () => {
    const db = openDatabase(join(tmp.dir, "store.sqlite"));
    migrateDatabase(db);
    const anchor = Date.parse("2026-11-28T12:00:00Z");
    const { shopId } = generateStore(db, { ...DEMO_DEFAULTS, scale: 0.2, anchor, shop: DEMO_SHOP });
    const definition = { version: 1, root: root("any", { id: "c1", type: "total_spent", match: { operator: "gt", value: 50_000 } }, { id: "c2", type: "email_activity", action: "opened", occurrence: "has_done", count: { operator: "at_least", value: 2 }, window: { kind: "in_last", amount: 60, unit: "days" } }) };
    const a = createSegment(db, { shopId, name: "A", definition, now: anchor });
    const b = createSegment(db, { shopId, name: "B", definition, now: anchor });
    if (!a.ok || !b.ok) throw new Error("invalid");
    const progress: number[] = [];
    const offThread = await computeSegmentOffThread(db, { segmentId: a.segment.id, clock: () => anchor, onProgress: (done) => progress.push(done) });
    const inProcess = await computeSegment(db, { segmentId: b.segment.id, clock: () => anchor });
    expect(offThread).toMatchObject({ status: "ready" });
    expect(inProcess).toMatchObject({ status: "ready" });
    if (offThread.status !== "ready" || inProcess.status !== "ready") return;
    expect(offThread.members).toBeGreaterThan(50);
    expect(offThread.members).toBe(inProcess.members);
    expect(progress.at(-1)).toBe(offThread.members);
    const membersOf = (id: number) => db.$client.prepare(`SELECT contact_id FROM segment_members WHERE segment_id = ? ORDER BY 1`).pluck().all(id);
    expect(membersOf(a.segment.id)).toEqual(membersOf(b.segment.id));
    db.$client.close();
  });
});
