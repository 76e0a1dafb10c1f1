import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { Results } from "../../bench/results";
import { COMPUTE_SEGMENT_JOB } from "../../app/models/segments.server";
import { openDatabase } from "../../db/client.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { PROJECT_ROOT } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";

const run = promisify(execFile);

/**
 * CI runs the whole benchmark at a small scale so it cannot rot; timings are reported, never
 * asserted. It runs the small preset exactly as documented: below scale 0.05 the options not given
 * default to 200 samples, 1 repeat, 300 webhooks and 1 second of webhooks at 500/s.
 */
describe("npm run bench -- --scale 0.005", () => {
  const tmp = createTempDir("segmentflow-bench-");
  afterAll(() => tmp.cleanup());

  it("generates a store, runs the raw-SQLite floor beside it, and writes one row per SPEC §10 metric", async () => {
    await run("npm", ["run", "-s", "bench", "--", "--scale", "0.005", "--out", tmp.dir], {
      cwd: PROJECT_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const results = JSON.parse(readFileSync(join(tmp.dir, "results-0.005.json"), "utf8")) as Results;
    expect(results.store).toMatchObject({ contacts: 5_000, orders: 15_000, segments: 100 });
    expect(results.store.events).toBeGreaterThan(90_000);
    const metric = (start: string) => results.rows.find((r) => r.metric.startsWith(start));
    // every suggested segment was compared with hand-written SQL (the run stops if members differ)
    expect(results.rows.filter((r) => r.metric.startsWith("Full computation: ")).length).toBe(20);
    for (const start of ["Incremental: one contact", "Event to committed", "Webhook ingestion over HTTP", "Webhook received to entered", "Time tick crossing", "Builder live count, any", "Storage per event"]) {
      const row = metric(start);
      expect(row, start).toBeDefined();
      expect(row!.value).toBeGreaterThan(0);
    }
    // the raw floor ran in the same run: the rows that have one carry it and the ratio to it
    expect(metric("Incremental: one contact against all 100 segments, mean")!.floor).toBeGreaterThan(0);
    expect(metric("Storage per event")!.ratio).toBeGreaterThan(0);
    expect(metric("Webhooks answered 200 but not stored")).toMatchObject({ value: 0, met: true });
    const { ingestion, toFired, intakeFloor } = JSON.parse(readFileSync(join(tmp.dir, "measurements-0.005.json"), "utf8"));
    // webhooks: every signed delivery answered, none lost, every one applied (checked in the database)
    expect(ingestion).toMatchObject({ sent: 300, answered200: 300, errors: {} });
    expect(ingestion.intake).toMatchObject({ answered: 300 + ingestion.warmup, stored: 300 + ingestion.warmup, lost: 0, unprocessed: 0 });
    expect(ingestion.intake.byStatus).toEqual({ processed: 300 + ingestion.warmup });
    expect(intakeFloor).toMatchObject({ sent: 300, answered200: 300, lost: 0 });
    // 500 customer updates in a second, each tagging one customer into a live segment: each entry and enrolment found
    expect(toFired.changes).toMatchObject({ expected: toFired.sent, matched: toFired.sent, wrongKind: 0, staleOnArrival: 0 });
    expect(toFired.enrolments).toMatchObject({ expected: toFired.sent, matched: toFired.sent });
    expect(toFired.sent).toBe(500);
    // the engine computed the 100 live segments itself, so the servers of the webhook phases were
    // left to compute only the webhook benchmark's own segment (not all 100 again, a second each)
    const store = openDatabase(join(tmp.dir, "store-0.005.sqlite"), { readonly: true });
    const computeJobs = store.$client
      .prepare(`SELECT attempts > 0 AS byServer, status, count(*) AS n FROM jobs WHERE shop_id = (SELECT id FROM shops WHERE platform = 'shopify' AND domain = ?) AND type = ? GROUP BY 1, 2 ORDER BY 1`)
      .all(DEMO_SHOP.domain, COMPUTE_SEGMENT_JOB);
    store.$client.close();
    expect(computeJobs).toEqual([
      { byServer: 0, status: "succeeded", n: 100 },
      { byServer: 1, status: "succeeded", n: 1 },
    ]);
  });
});
