import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegment } from "../../app/models/segments.server";
import { membersQuery } from "../../app/segments/compile";
import { parseSegmentDefinition } from "../../app/segments/definition";
import { migrateDatabase, openDatabase } from "../../db/client.server";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../db/seed/demo-store";
import { generateStore } from "../../db/seed/generate-store";
import { segmentsCli } from "../helpers/segments-cli";
import { createTempDir } from "../helpers/test-db";

const NOW = "2026-11-28T12:00:00Z";
const definition = {
  version: 1,
  root: { id: "root", type: "group", match: "all", children: [
    { id: "c1", type: "country", match: { operator: "is_any_of", values: ["US", "GB"] } },
    { id: "c2", type: "email_activity", action: "opened", occurrence: "has_done", window: { kind: "in_last", amount: 30, unit: "days" } },
  ] },
};

describe("npm run segments (the engine's command line)", () => {
  const tmp = createTempDir();
  const dbPath = join(tmp.dir, "store.sqlite");
  const file = join(tmp.dir, "segment.json");
  const cli = segmentsCli(dbPath, NOW);

  let expected: number[];
  beforeAll(() => {
    const db = openDatabase(dbPath);
    migrateDatabase(db);
    generateStore(db, { ...DEMO_DEFAULTS, scale: 0.2, anchor: Date.parse(NOW), shop: DEMO_SHOP });
    writeFileSync(file, JSON.stringify(definition));
    const parsed = parseSegmentDefinition(definition);
    if (!parsed.ok) throw new Error("invalid");
    const query = new SQLiteSyncDialect().sqlToQuery(membersQuery(parsed.definition, { shopId: 1, now: Date.parse(NOW), timeZone: DEMO_SHOP.timeZone }));
    expected = db.$client.prepare(query.sql).pluck().all(...query.params) as number[];
    db.$client.close();
  });
  afterAll(() => tmp.cleanup());

  it("counts a definition exactly as the engine does, with the time taken", async () => {
    const { code, json } = await cli("count", file);
    expect(code).toBe(0);
    expect(json.count).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(10);
    expect(typeof json.ms).toBe("number");
  });

  it("lists members, limited", async () => {
    const { json } = await cli("members", JSON.stringify(definition), "--limit", "3");
    expect(json.count).toBe(expected.length);
    expect(json.members.map((m: { id: number }) => m.id)).toEqual(expected.slice(0, 3));
  });

  it("explains one contact's membership", async () => {
    const { json } = await cli("explain", file, "--contact", String(expected[0]));
    expect(json.member).toBe(true);
    expect(json.root.children.map((c: { id: string; result: boolean }) => [c.id, c.result])).toEqual([["c1", true], ["c2", true]]);
  });

  it("validates, naming the node and exiting with 1 when invalid", async () => {
    expect(await cli("validate", file)).toEqual({ code: 0, json: { ok: true } });
    const broken = { ...definition, root: { ...definition.root, children: [{ id: "bad", type: "order_count", match: { operator: "between", min: 5, max: 2 } }] } };
    const { code, json } = await cli("validate", JSON.stringify(broken));
    expect(code).toBe(1);
    expect(json.issues).toEqual([{ nodeId: "bad", message: "The range 5–2 is empty: the minimum is above the maximum" }]);
  });

  it("recomputes stored segments", async () => {
    const db = openDatabase(dbPath);
    const created = createSegment(db, { shopId: 1, name: "US and UK openers", definition, now: Date.parse(NOW) });
    db.$client.close();
    if (!created.ok) throw new Error("invalid");
    const { code, json } = await cli("recompute", "--segment", String(created.segment.id));
    expect(code).toBe(0);
    expect(json.results).toHaveLength(1);
    expect(json.results[0]).toMatchObject({ status: "ready", entered: expect.any(Number) });
  });

  it("says clearly what is wrong with the command", async () => {
    const { code, json } = await cli("frobnicate");
    expect(code).toBe(1);
    expect(json.error).toMatch(/Unknown command "frobnicate"/);
  });
});
