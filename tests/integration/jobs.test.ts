import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jobs } from "../../db/schema";
import { defineJob } from "../../app/jobs/define-job";
import { pruneJob } from "../../app/jobs/maintenance.server";
import { claimNextJob, completeJob, enqueueJob, failJob, findJob, retryDelayMs } from "../../app/jobs/queue.server";
import { JobRunner } from "../../app/jobs/runner.server";
import { Scheduler } from "../../app/jobs/scheduler.server";
import { createShop } from "../factories/store";
import { createTestDb } from "../helpers/test-db";

const T0 = Date.parse("2026-11-28T12:00:00Z");

describe("the durable job queue", () => {
  it("enqueues once per unique key", () => {
    const db = createTestDb();
    const first = enqueueJob(db, { type: "x", uniqueKey: "x:1" }, T0);
    expect(first).not.toBeNull();
    expect(enqueueJob(db, { type: "x", uniqueKey: "x:1" }, T0)).toBeNull();
    expect(enqueueJob(db, { type: "x" }, T0)).not.toBeNull();
    expect(enqueueJob(db, { type: "x" }, T0)).not.toBeNull();
    expect(db.select().from(jobs).all()).toHaveLength(3);
  });

  it("hands a due job to one runner only, and not before its run-after time", () => {
    const db = createTestDb();
    enqueueJob(db, { type: "x", runAfter: T0 + 1000 }, T0);
    expect(claimNextJob(db, { owner: "a", now: T0, leaseMs: 60_000, types: ["x"] })).toBeNull();
    const claimed = claimNextJob(db, { owner: "a", now: T0 + 1000, leaseMs: 60_000, types: ["x"] });
    expect(claimed).toMatchObject({ status: "running", leaseOwner: "a", attempts: 1, leaseUntil: T0 + 61_000 });
    expect(claimNextJob(db, { owner: "b", now: T0 + 2000, leaseMs: 60_000, types: ["x"] })).toBeNull();
  });

  it("gives a job whose runner died to another runner once the lease expires", () => {
    const db = createTestDb();
    const id = enqueueJob(db, { type: "x" }, T0)!;
    claimNextJob(db, { owner: "crashed", now: T0, leaseMs: 60_000, types: ["x"] });
    expect(claimNextJob(db, { owner: "b", now: T0 + 59_999, leaseMs: 60_000, types: ["x"] })).toBeNull();
    const retaken = claimNextJob(db, { owner: "b", now: T0 + 60_001, leaseMs: 60_000, types: ["x"] });
    expect(retaken).toMatchObject({ id, leaseOwner: "b", attempts: 2 });
    expect(completeJob(db, { id, owner: "crashed", now: T0 + 60_002 })).toBe(false);
    expect(completeJob(db, { id, owner: "b", now: T0 + 60_003 })).toBe(true);
    expect(findJob(db, id)).toMatchObject({ status: "succeeded", finishedAt: T0 + 60_003 });
  });

  it("retries a failure with exponential backoff and jitter, then marks it failed after the last attempt", () => {
    expect(retryDelayMs(1, 1)).toBe(2_000);
    expect(retryDelayMs(3, 1)).toBe(8_000);
    expect(retryDelayMs(3, 0)).toBe(4_000);
    expect(retryDelayMs(30, 1)).toBe(600_000);
    const db = createTestDb();
    const id = enqueueJob(db, { type: "x", maxAttempts: 2 }, T0)!;
    claimNextJob(db, { owner: "a", now: T0, leaseMs: 1000, types: ["x"] });
    expect(failJob(db, { id, owner: "a", now: T0, error: "boom", jitter: 1 })).toBe("retry");
    expect(findJob(db, id)).toMatchObject({ status: "queued", runAfter: T0 + 2_000, lastError: "boom" });
    claimNextJob(db, { owner: "a", now: T0 + 2_000, leaseMs: 1000, types: ["x"] });
    expect(failJob(db, { id, owner: "a", now: T0 + 2_000, error: "boom again" })).toBe("failed");
    expect(findJob(db, id)).toMatchObject({ status: "failed", attempts: 2, lastError: "boom again" });
  });
});

describe("the job runner", () => {
  it("runs jobs with their validated payload and records progress", async () => {
    const db = createTestDb();
    const seen: number[] = [];
    const double = defineJob({
      type: "test.double",
      payload: z.object({ n: z.number() }),
      run: ({ n }, ctx) => {
        seen.push(n * 2);
        ctx.reportProgress(1, 1);
      },
    });
    const runner = new JobRunner({ db, definitions: [double], now: () => T0 });
    const id = enqueueJob(db, { type: "test.double", payload: { n: 21 } }, T0)!;
    expect(await runner.drain()).toBe(1);
    expect(seen).toEqual([42]);
    expect(findJob(db, id)).toMatchObject({ status: "succeeded", progressDone: 1, progressTotal: 1 });
  });

  it("fails a job with an invalid payload at once, and retries one whose handler throws", async () => {
    const db = createTestDb();
    let calls = 0;
    const flaky = defineJob({
      type: "test.flaky",
      payload: z.object({ n: z.number() }),
      run: () => {
        calls++;
        throw new Error("provider down");
      },
    });
    let now = T0;
    const runner = new JobRunner({ db, definitions: [flaky], now: () => now });
    const bad = enqueueJob(db, { type: "test.flaky", payload: { n: "nope" } }, T0)!;
    const good = enqueueJob(db, { type: "test.flaky", payload: { n: 1 } }, T0)!;
    await runner.drain();
    expect(findJob(db, bad)).toMatchObject({ status: "failed", attempts: 1 });
    expect(findJob(db, bad)!.lastError).toMatch(/^invalid payload/);
    expect(calls).toBe(1);
    expect(findJob(db, good)).toMatchObject({ status: "queued", lastError: "provider down" });
    now = T0 + 10 * 60_000;
    await runner.drain();
    expect(calls).toBe(2);
  });

  it("gives up after the job type's own attempt limit, not the default", async () => {
    const db = createTestDb();
    const once = defineJob({ type: "test.once", payload: z.object({}), maxAttempts: 1, run: () => { throw new Error("no retries for me"); } });
    const runner = new JobRunner({ db, definitions: [once], now: () => T0 });
    const id = enqueueJob(db, { type: "test.once" }, T0)!;
    await runner.drain();
    expect(findJob(db, id)).toMatchObject({ status: "failed", attempts: 1, lastError: "no retries for me" });
  });

  it("only claims the job types it knows", async () => {
    const db = createTestDb();
    enqueueJob(db, { type: "someone.else" }, T0);
    const runner = new JobRunner({ db, definitions: [], now: () => T0 });
    expect(await runner.drain()).toBe(0);
    expect(db.select().from(jobs).where(eq(jobs.type, "someone.else")).get()?.status).toBe("queued");
  });
});

describe("the scheduler", () => {
  it("enqueues each period exactly once, however many ticks or schedulers ask", () => {
    const db = createTestDb();
    let now = T0;
    const schedules = [{ type: "maintenance.checkpoint", everyMs: 3_600_000 }];
    const a = new Scheduler({ db, schedules, tickMs: 60_000, now: () => now });
    const b = new Scheduler({ db, schedules, tickMs: 60_000, now: () => now });
    expect(a.tick()).toBe(1);
    expect(a.tick()).toBe(0);
    expect(b.tick()).toBe(0);
    now += 59 * 60_000;
    expect(a.tick()).toBe(0);
    now += 60_000;
    expect(b.tick()).toBe(1);
    const keys = db.select({ key: jobs.uniqueKey, runAfter: jobs.runAfter }).from(jobs).all();
    expect(keys).toEqual([
      { key: `maintenance.checkpoint:${Math.floor(T0 / 3_600_000)}`, runAfter: Math.floor(T0 / 3_600_000) * 3_600_000 },
      { key: `maintenance.checkpoint:${Math.floor(T0 / 3_600_000) + 1}`, runAfter: (Math.floor(T0 / 3_600_000) + 1) * 3_600_000 },
    ]);
  });
});

describe("maintenance", () => {
  it("prunes processed webhook bodies after 7 days and finished jobs after 14, never pending work", async () => {
    const db = createTestDb();
    const shop = createShop(db);
    const DAY = 86_400_000;
    const insert = db.$client.prepare(
      `INSERT INTO webhook_inbox (shop_id, platform, topic, dedupe_key, body, status, received_at, processed_at) VALUES (?, 'shopify', 'orders/create', ?, '{}', ?, 0, ?)`,
    );
    insert.run(shop.id, "old-processed", "processed", T0 - 8 * DAY);
    insert.run(shop.id, "recent-processed", "processed", T0 - 6 * DAY);
    insert.run(shop.id, "old-pending", "pending", null);
    const oldJob = enqueueJob(db, { type: "x" }, T0 - 20 * DAY)!;
    db.update(jobs).set({ status: "succeeded", finishedAt: T0 - 15 * DAY }).where(eq(jobs.id, oldJob)).run();
    const queued = enqueueJob(db, { type: "x" }, T0 - 20 * DAY)!;
    const runner = new JobRunner({ db, definitions: [pruneJob], now: () => T0 });
    const prune = enqueueJob(db, { type: pruneJob.type }, T0)!;
    await runner.drain();
    const keys = (db.$client.prepare(`SELECT dedupe_key FROM webhook_inbox ORDER BY id`).all() as { dedupe_key: string }[]).map((r) => r.dedupe_key);
    expect(keys).toEqual(["recent-processed", "old-pending"]);
    expect(findJob(db, oldJob)).toBeNull();
    expect(findJob(db, queued)?.status).toBe("queued");
    expect(findJob(db, prune)?.status).toBe("succeeded");
  });
});
