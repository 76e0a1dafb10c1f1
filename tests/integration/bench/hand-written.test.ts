import { beforeAll, describe, expect, it } from "vitest";
import { compareWithHandWritten, type Comparison } from "../../../bench/hand-written/compare";
import { handWrittenSuggested, type HandWrittenSegment } from "../../../bench/hand-written/suggested";
import { SUGGESTED_SEGMENTS } from "../../../app/segments/suggested";
import type { Db } from "../../../db/client.server";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../../db/seed/demo-store";
import { generateStore } from "../../../db/seed/generate-store";
import { createTestDb } from "../../helpers/test-db";

/**
 * The benchmark's hand-written baselines (bench/hand-written) answer the same question as the
 * engine: on a generated store of 5,000 contacts every variant of every suggested segment selects
 * exactly the engine's members, and the variants of a segment really are different plans.
 * Correctness only: the timings the comparison also takes are never asserted.
 */

const ANCHOR = Date.parse("2026-11-28T12:00:00Z");

describe("hand-written SQL for the suggested segments", () => {
  let db: Db;
  let ctx: { shopId: number; now: number; timeZone: string };
  let hand: HandWrittenSegment[];
  let rows: Comparison[];

  beforeAll(() => {
    db = createTestDb();
    const { shopId } = generateStore(db, { ...DEMO_DEFAULTS, anchor: ANCHOR, shop: DEMO_SHOP });
    ctx = { shopId, now: ANCHOR, timeZone: DEMO_SHOP.timeZone };
    hand = handWrittenSuggested(ctx);
    rows = compareWithHandWritten(db, { ...ctx, repeats: 1 });
  }, 120_000);

  it("cover every suggested segment with one to three variants", () => {
    expect(hand.map((s) => s.key)).toEqual(SUGGESTED_SEGMENTS.map((s) => s.key));
    for (const s of hand) {
      expect(s.variants.length, s.key).toBeGreaterThanOrEqual(1);
      expect(s.variants.length, s.key).toBeLessThanOrEqual(3);
      expect(new Set(s.variants.map((v) => v.name)).size, s.key).toBe(s.variants.length);
    }
  });

  it.each(SUGGESTED_SEGMENTS.map((s) => [s.key]))("%s: every variant selects exactly the engine's members", (key) => {
    const row = rows.find((r) => r.key === key)!;
    expect(row.members, `${key} selects some contacts`).toBeGreaterThan(0);
    for (const v of row.variants) {
      expect({ variant: v.name, members: v.members, missing: v.missing, extra: v.extra }).toEqual({ variant: v.name, members: row.members, missing: [], extra: [] });
    }
    expect(row.sameMembers).toBe(true);
  });

  it("give each variant of a segment its own plan", () => {
    const planOf = (sql: string, params: unknown[]) =>
      (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join("\n");
    for (const s of hand) {
      const plans = s.variants.map((v) => planOf(v.sql, v.params));
      expect(new Set(plans).size, `${s.key}:\n${plans.join("\n---\n")}`).toBe(plans.length);
    }
  });

  it("report a comparison row per segment, the best variant among its own", () => {
    for (const row of rows) {
      expect(row.variants.map((v) => v.name)).toContain(row.bestVariant);
      expect(row.handMs).toEqual(row.variants.find((v) => v.name === row.bestVariant)!.ms);
      expect(Number.isFinite(row.ratio) || row.handMs.median === 0).toBe(true);
    }
    expect(() => compareWithHandWritten(db, { ...ctx, repeats: 0 })).toThrow(/repeats must be a whole number of at least 1/);
  });
});
