/**
 * `npm run bench -- --scale 1` (1 = 1,000,000 contacts, 3,000,000 orders, 20,000,000 events):
 * generates the store, runs the raw-SQLite floor (performance.md's appendix script) at the same
 * scale, measures the product against SPEC §10, and writes one row per metric
 * `{metric, value, floor, ratio, target, met}`. At scale 1 the rows go to bench/results.json and
 * the README table; other scales write bench/out/results-<scale>.json. Timings are reported, never
 * asserted (CI runs a small scale so this cannot rot).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { migrateDatabase, openDatabase } from "../db/client.server";
import { DEMO_SHOP } from "../db/seed/demo-store";
import { runFloor, type Floor } from "./floor/floor";
import { parseBenchOptions } from "./options";
import { buildRows, type Measured } from "./rows";
import { computeAll, builderCounts, createLiveSegments, recordComputeJobsDone } from "./phases/segments";
import { incrementalAllSegments, pixelEvents, sampleStore, typicalEvent } from "./phases/realtime";
import { measureTicks } from "./phases/ticks";
import { compareWithHandWritten } from "./hand-written/compare";
import { measureWebhookIngestion } from "./webhooks/ingestion";
import { measureWebhookToFired } from "./webhooks/to-fired";
import { measureRawIntakeFloor } from "./floor/raw-intake";
import { renderTable, withResultsInReadme, type Results } from "./results";
import { bytesPerEvent, checkDiskSpace, generateStoreFile } from "./store";
import { PROJECT_ROOT } from "../server/paths";

const options = parseBenchOptions(process.argv.slice(2));
const { scale, smallRun, samples, segments: segmentCount, repeats, webhooks: webhookCount, firedSeconds, floorExtras } = options;
const GROWTH_BASE_SCALE = 0.02;
const contacts = Math.round(1_000_000 * scale);
const outDir = resolve(options.out);
mkdirSync(outDir, { recursive: true });
checkDiskSpace(outDir, contacts + (scale > GROWTH_BASE_SCALE ? 20_000 : 0));

const log = (...parts: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const anchor = Date.parse("2026-11-28T12:00:00Z");
const timeZone = DEMO_SHOP.timeZone;

// 1. the store and the floor (small runs overlap them: two cores, both mostly generating)
log(`${smallRun ? "small run" : "run"} at scale ${scale}`, { samples, segments: segmentCount, repeats, webhooks: webhookCount, firedSeconds, floorExtras });
log(`generating ${contacts.toLocaleString("en-US")} contacts, and the raw-SQLite floor at scale ${scale}…`);
const storeFile = join(outDir, `store-${scale}.sqlite`);
const floorLog = (line: string) => log(line);
let floor: Floor;
let store;
if (scale <= 0.05) {
  [store, floor] = await Promise.all([generateStoreFile(storeFile, { contacts, anchor }), runFloor({ scale, dir: outDir, log: floorLog, extras: floorExtras })]);
} else {
  floor = await runFloor({ scale, dir: outDir, log: floorLog, extras: floorExtras });
  store = await generateStoreFile(storeFile, { contacts, anchor });
}
log(`store generated in ${store.seconds} s`, store.counts);

// 2. the engine, in this process (its peak memory is the engine's: the generator ran elsewhere)
const db = openDatabase(storeFile, { cacheMiB: 256, backgroundCheckpoints: true });
migrateDatabase(db);
const shopId = store.shopId;
const segments = createLiveSegments(db, { shopId, count: segmentCount, now: anchor });
log("full computation of every segment (first build)…");
const firstBuild = await computeAll(db, segments, anchor);
const jobsDone = recordComputeJobsDone(db, segments, { shopId, now: anchor });
log("first build", { jobsRecordedDone: jobsDone, totalS: (firstBuild.totalMs / 1000).toFixed(1), perSegmentMs: firstBuild.perSegmentMs, slowest: firstBuild.slowest });
const recompute = await computeAll(db, segments, anchor);
// the engine's own peak: its full computations are its biggest allocations (the comparisons below are the benchmark's)
const computeRssMiB = process.resourceUsage().maxRSS / 1024;
log("recompute", { totalS: (recompute.totalMs / 1000).toFixed(1), perSegmentMs: recompute.perSegmentMs, slowest: recompute.slowest });
log("suggested segments beside hand-written SQL…");
const handWritten = compareWithHandWritten(db, { shopId, now: anchor, timeZone, repeats });
const mismatched = handWritten.filter((c) => !c.sameMembers).map((c) => c.key);
if (mismatched.length) throw new Error(`hand-written SQL and the engine disagree on members of ${mismatched.join(", ")}`);
log("builder counts…");
const counts = builderCounts(db, segments, { shopId, now: anchor, timeZone, repeats: 3 });
log("real-time paths…");
const sample = sampleStore(db, shopId);
const incremental = incrementalAllSegments(db, { shopId, now: anchor, samples, sample });
const typical = typicalEvent(db, { shopId, now: anchor, samples, sample });
const single = pixelEvents(db, { shopId, currency: DEMO_SHOP.currency, start: anchor + 1_000, count: samples, batchSize: 1, sample, run: "single" });
const batched = pixelEvents(db, { shopId, currency: DEMO_SHOP.currency, start: anchor + 1_000 + samples, count: samples * 5, batchSize: 100, sample, run: "batched" });
log({ incremental, typical, single, batched });
log("time-window ticks…");
const ticks = measureTicks(db, { shopId, after: anchor + 60_000, timeZone, repeats: 10 });
log({ typicalMs: ticks.typical.map((t) => Math.round(t.ms)), midnight: ticks.atMidnight });
const eventBytes = bytesPerEvent(db, store.counts.events);
const sqliteVersion = db.$client.prepare(`SELECT sqlite_version()`).pluck().get() as string;
const engineRssMiB = process.resourceUsage().maxRSS / 1024;
db.$client.close();

// 3. webhooks over HTTP against the real server on the same store (the server's memory is reported too)
log("webhook ingestion over HTTP…");
const ingestion = await measureWebhookIngestion({ dbPath: storeFile, shopDomain: DEMO_SHOP.domain, count: webhookCount, concurrency: 32, log });
const intakeFloor = await measureRawIntakeFloor({ count: webhookCount, concurrency: 32 });
log("webhook received to entered, at 500/s…");
const toFired = await measureWebhookToFired({ dbPath: storeFile, shopDomain: DEMO_SHOP.domain, rate: 500, seconds: firedSeconds, log });

// 4. how per-event cost grows from 20,000 contacts (the product and the floor, both measured here)
let growth: Measured["growth"] = null;
if (scale > GROWTH_BASE_SCALE) {
  log(`per-event cost at ${GROWTH_BASE_SCALE * 1_000_000} contacts…`);
  const small = await generateStoreFile(join(outDir, `store-${GROWTH_BASE_SCALE}.sqlite`), { contacts: GROWTH_BASE_SCALE * 1_000_000, anchor });
  const smallDb = openDatabase(small.file, { cacheMiB: 256, backgroundCheckpoints: true });
  migrateDatabase(smallDb);
  await computeAll(smallDb, createLiveSegments(smallDb, { shopId: small.shopId, count: segmentCount, now: anchor }), anchor);
  const smallEvents = pixelEvents(smallDb, { shopId: small.shopId, currency: DEMO_SHOP.currency, start: anchor + 1_000, count: samples, batchSize: 1, sample: sampleStore(smallDb, small.shopId), run: "single" });
  smallDb.$client.close();
  const smallFloor = await runFloor({ scale: GROWTH_BASE_SCALE, dir: outDir, log: floorLog, extras: floorExtras });
  growth = { baseUsPerEvent: smallEvents.usPerEvent, floorBaseUs: smallFloor.eventPerTxnDependentUs };
}

const measured: Measured = { scale, floor, firstBuild, recompute, handWritten, counts, incremental, typical, single, batched, ticks, eventBytes, engineRssMiB, computeRssMiB, ingestion, intakeFloor, toFired, growth };
const cpu = cpus()[0];
const results: Results = {
  scale,
  date: new Date().toISOString().slice(0, 10),
  machine: { cpus: cpus().length, cpuModel: cpu?.model.trim() ?? "unknown", memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, sqlite: sqliteVersion },
  store: { contacts: store.counts.contacts, orders: store.counts.orders, orderLines: store.counts.orderLines, events: store.counts.events, segments: segments.length, generateSeconds: store.seconds },
  rows: buildRows(measured),
};
writeFileSync(join(outDir, `measurements-${scale}.json`), JSON.stringify(measured, null, 2));
const file = scale === 1 ? join(PROJECT_ROOT, "bench/results.json") : join(outDir, `results-${scale}.json`);
const readme = join(PROJECT_ROOT, "README.md");
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
if (scale === 1) writeFileSync(readme, withResultsInReadme(readFileSync(readme, "utf8"), results));
console.log(renderTable(results));
log(`written ${file}${scale === 1 ? " and the README table" : ""}; details in ${join(outDir, `measurements-${scale}.json`)}`);
