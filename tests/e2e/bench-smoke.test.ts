import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";

const run = promisify(execFile);

/** CI runs the benchmark at 2% scale so it cannot rot; timings are reported, never asserted. */
describe("npm run bench -- --scale 0.02", () => {
  const tmp = createTempDir("segmentflow-bench-");
  afterAll(() => tmp.cleanup());

  it("builds a 20,000-contact store with 100 live segments and measures the engine on it", async () => {
    await run("npm", ["run", "-s", "bench", "--", "--scale", "0.02", "--out", tmp.dir, "--samples", "300"], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 });
    const results = JSON.parse(readFileSync(join(tmp.dir, "results-0.02.json"), "utf8"));
    expect(results.generate.counts).toMatchObject({ contacts: 20_000, orders: 60_000 });
    expect(results.generate.counts.events).toBeGreaterThan(360_000);
    expect(results.fullCompute.perSegmentMs.n).toBe(100);
    expect(results.fullCompute.members).toBeGreaterThan(20_000);
    expect(results.builderCountMs.n).toBe(100);
    expect(results.incrementalAllSegmentsUs.n).toBe(300);
    expect(results.eventToMembershipUs.n).toBe(300);
    expect(results.tick1d.evaluated).toBe(results.tick1d.candidates);
    expect(results.tick1d.candidates).toBeGreaterThan(0);
    expect(results.bytesPerEvent).toBeGreaterThan(0);
  });
});
