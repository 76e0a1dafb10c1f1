/**
 * Runs the raw-SQLite floor (performance.md's appendix script, `raw-sqlite.cjs`) as a child
 * process at the same scale, and picks the figures the product's are divided by.
 */
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./raw-sqlite.cjs", import.meta.url));

export type Floor = {
  seconds: number;
  incrementalAll100MeanUs: number;
  incrementalAll100P99Us: number;
  productViewDependentUs: number;
  eventPerTxnAllPerS: number;
  eventPerTxnDependentPerS: number;
  eventPerTxnDependentUs: number;
  eventBatchedDependentPerS: number;
  rebuildFirstTotalMs: number;
  rebuildSteadyTotalMs: number;
  rebuildBestPlanTotalMs: number;
  rebuildSteadyP95Ms: number;
  tickHourlyMs: number;
  tickDailyMs: number;
  tickDailyCandidates: number;
  bytesPerEvent: number;
  events: number;
};

type Raw = {
  counts: { customers: number };
  incremental: {
    all100_mean_us: number;
    all100_p99_us: number;
    product_view_dependent: { mean_us: number };
    end_to_end: Record<string, { events_per_s: number; us_per_event: number }>;
  };
  segments: { first_build: { total_ms: number }; steady_rebuild: { total_ms: number; per_ms: number[] }; steady_rebuild_best_plan_per_segment: { total_ms: number } };
  periodic: { tick_1h: { ms: number }; tick_24h: { ms: number; candidates: number } };
  objects_mib: Record<string, number>;
  total_runtime_s: number;
};

/**
 * `extras` (default 1: the appendix's sizes) scales the script's three fixed-size tests (webhook-like
 * writes, connection settings, parallel readers) that take as long at any scale; no `Floor` figure
 * comes from them, but `bytesPerEvent` counts the events the writes add.
 */
export async function runFloor({ scale, dir, log, extras = 1 }: { scale: number; dir: string; log: (line: string) => void; extras?: number }): Promise<Floor> {
  const db = join(dir, `floor-${scale}.sqlite`);
  const out = join(dir, `floor-${scale}.json`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], { env: { ...process.env, SCALE: String(scale), DB: db, OUT: out, EXTRAS: String(extras) }, stdio: ["ignore", "pipe", "pipe"] });
    const forward = (chunk: Buffer) => chunk.toString().split("\n").filter(Boolean).forEach((line) => log(`floor ${line}`));
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the raw-SQLite floor script exited with ${code}`))));
  });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(db + suffix, { force: true });
  const raw = JSON.parse(readFileSync(out, "utf8")) as Raw;
  const e2e = raw.incremental.end_to_end;
  const steady = [...raw.segments.steady_rebuild.per_ms].sort((a, b) => a - b);
  const events = Math.round(20_000_000 * scale);
  const eventMiB = ["events", "ev_seg", "ev_type_time", "ev_cust"].reduce((sum, name) => sum + (raw.objects_mib[name] ?? 0), 0);
  return {
    seconds: raw.total_runtime_s,
    incrementalAll100MeanUs: raw.incremental.all100_mean_us,
    incrementalAll100P99Us: raw.incremental.all100_p99_us,
    productViewDependentUs: raw.incremental.product_view_dependent.mean_us,
    eventPerTxnAllPerS: e2e.all100_txn_per_event.events_per_s,
    eventPerTxnDependentPerS: e2e.dependent_only_txn_per_event.events_per_s,
    eventPerTxnDependentUs: e2e.dependent_only_txn_per_event.us_per_event,
    eventBatchedDependentPerS: e2e.dependent_only_batched_3000.events_per_s,
    rebuildFirstTotalMs: raw.segments.first_build.total_ms,
    rebuildSteadyTotalMs: raw.segments.steady_rebuild.total_ms,
    rebuildBestPlanTotalMs: raw.segments.steady_rebuild_best_plan_per_segment.total_ms,
    rebuildSteadyP95Ms: steady[Math.min(steady.length - 1, Math.floor(0.95 * steady.length))],
    tickHourlyMs: raw.periodic.tick_1h.ms,
    tickDailyMs: raw.periodic.tick_24h.ms,
    tickDailyCandidates: raw.periodic.tick_24h.candidates,
    bytesPerEvent: (eventMiB * 1_048_576) / events,
    events,
  };
}
