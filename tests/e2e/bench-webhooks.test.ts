import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";

const run = promisify(execFile);

/** The webhook benchmark at small scale, so it cannot rot; timings are reported, never asserted. */
describe("bench/webhooks/cli.ts on a 5,000-contact store", () => {
  const tmp = createTempDir("segmentflow-bench-webhooks-");
  afterAll(() => tmp.cleanup());

  it("answers every signed delivery, loses none, applies all, and pairs each customer update with the membership change and enrolment it caused", async () => {
    const db = join(tmp.dir, "store.sqlite");
    await run("npm", ["run", "-s", "seed", "--", "--db", db, "--scale", "1", "--anchor", "2026-11-28T12:00:00Z"], { cwd: PROJECT_ROOT });
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "bench/webhooks/cli.ts", "--db", db, "--count", "300", "--concurrency", "16", "--rate", "100", "--seconds", "3", "--floor-count", "300"],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const result = JSON.parse(stdout);

    const { ingestion } = result;
    expect(ingestion.store.contacts).toBe(5_000);
    expect(ingestion).toMatchObject({ sent: 300, answered200: 300, errors: {}, concurrency: 16 });
    expect(ingestion.responseMs.n).toBe(300);
    expect(ingestion.perSecond).toBeGreaterThan(0);
    // zero loss, from the database: every answered delivery (warm-up included) stored and processed
    expect(ingestion.intake).toMatchObject({ answered: 300 + ingestion.warmup, stored: 300 + ingestion.warmup, lost: 0, unprocessed: 0 });
    expect(ingestion.intake.byStatus).toEqual({ processed: 300 + ingestion.warmup });
    expect(ingestion.peakRssMiB).toBeGreaterThan(0);

    // 300 customer updates, each tagging one customer into the live segment: 300 entries, 300 enrolments
    const { toFired } = result;
    expect(toFired).toMatchObject({ sent: 300, answered200: 300, errors: {} });
    expect(toFired.changes).toMatchObject({ expected: 300, matched: 300, wrongKind: 0, staleOnArrival: 0 });
    expect(toFired.changes.receivedToCommittedMs.n).toBe(300);
    expect(toFired.enrolments).toMatchObject({ expected: 300, matched: 300 });
    expect(toFired.store.liveSegments).toBeGreaterThanOrEqual(1);
    expect(toFired.store.activeAutomations).toBe(1);

    expect(result.rawIntakeFloor).toMatchObject({ sent: 300, answered200: 300, lost: 0 });
    expect(result.ingestionToFloorRatio).toBeGreaterThan(0);
  });
});
