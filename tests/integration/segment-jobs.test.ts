import { describe, expect, it } from "vitest";
import { findJob } from "../../app/jobs/queue.server";
import { JOB_DEFINITIONS, schedules } from "../../app/jobs/registry.server";
import { JobRunner } from "../../app/jobs/runner.server";
import { Scheduler } from "../../app/jobs/scheduler.server";
import { createSegment, findSegment, updateSegment } from "../../app/models/segments.server";
import { generateStore } from "../../db/seed/generate-store";
import { DEMO_DEFAULTS, DEMO_SHOP } from "../../db/seed/demo-store";
import { createTestDb } from "../helpers/test-db";

const ANCHOR = Date.parse("2026-11-28T12:00:00Z");

describe("segment jobs through the job runner", () => {
  it("computes a created segment, recomputes it after an edit, and ticks time on schedule", async () => {
    const db = createTestDb();
    const { shopId } = generateStore(db, { ...DEMO_DEFAULTS, scale: 0.1, anchor: ANCHOR, shop: DEMO_SHOP });
    let now = ANCHOR;
    const runner = new JobRunner({ db, definitions: JOB_DEFINITIONS, now: () => now });
    const created = createSegment(db, {
      shopId, name: "Ordered this month", now,
      definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "order_count", match: { operator: "gte", value: 1 }, window: { kind: "in_last", amount: 30, unit: "days" } }] } },
    });
    if (!created.ok) throw new Error("invalid");
    expect(created.segment.status).toBe("computing");
    await runner.drain();
    const ready = findSegment(db, { shopId, segmentId: created.segment.id })!;
    expect(ready).toMatchObject({ status: "ready", computedAt: now });
    expect(ready.memberCount).toBeGreaterThan(0);
    expect(ready.emailReachableCount).toBeLessThanOrEqual(ready.memberCount);

    updateSegment(db, {
      shopId, segmentId: ready.id, now,
      definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "order_count", match: { operator: "gte", value: 2 }, window: { kind: "in_last", amount: 30, unit: "days" } }] } },
    });
    await runner.drain();
    const edited = findSegment(db, { shopId, segmentId: ready.id })!;
    expect(edited).toMatchObject({ status: "ready", revision: 2 });
    expect(edited.memberCount).toBeLessThan(ready.memberCount);

    const scheduler = new Scheduler({ db, schedules: schedules(60_000), tickMs: 60_000, now: () => now });
    scheduler.tick();
    await runner.drain();
    now += 40 * 86_400_000;
    scheduler.tick();
    await runner.drain();
    expect(findSegment(db, { shopId, segmentId: ready.id })!.memberCount).toBe(0);
    // the daily prune also ran 40 days later and removed the jobs finished on day one
    const ticks = db.$client.prepare(`SELECT status FROM jobs WHERE type = 'segments.tick'`).pluck().all();
    expect(ticks).toEqual(["succeeded"]);
  });
});
