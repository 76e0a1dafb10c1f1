/**
 * `npm run bench -- --scale 0.1`: builds a store at a fraction of the large-store workload
 * (1.0 = 1,000,000 contacts, 3,000,000 orders, 20,000,000 events) with 100 live segments and
 * measures the engine: full computation of every segment, the builder's count, per-contact and
 * per-event incremental evaluation, and a time-window tick. Writes JSON next to the store.
 * Timings are reported, never asserted (CI runs a small scale so this cannot rot).
 */
import { mkdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { migrateDatabase, openDatabase } from "../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES } from "../db/enums";
import { DEMO_SHOP } from "../db/seed/demo-store";
import { CONTACTS_PER_SCALE, generateStore } from "../db/seed/generate-store";
import { SeededRandom } from "../db/seed/random";
import { computeSegment } from "../app/membership/compute.server";
import { onContactChanged } from "../app/membership/incremental.server";
import { runTimeTick } from "../app/membership/tick.server";
import { createSegment, findSegment } from "../app/models/segments.server";
import { countQuery } from "../app/segments/compile";
import { benchmarkSegments } from "./segment-set";
import { summarize, timeIt } from "./stats";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "0.1" },
    out: { type: "string", default: "bench/out" },
    samples: { type: "string", default: "2000" },
    segments: { type: "string", default: "100" },
  },
});
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) throw new Error("--scale must be in (0, 1] (1 = 1,000,000 contacts)");
const contacts = Math.round(1_000_000 * scale);
const outDir = resolve(values.out!);
mkdirSync(outDir, { recursive: true });
const needBytes = contacts * 4_500; // ~4.5 KB per contact with its orders and events, measured
const free = statfsSync(outDir).bavail * statfsSync(outDir).bsize;
if (free < needBytes * 1.5) {
  console.error(`Not enough disk space in ${outDir}: ${(free / 2 ** 30).toFixed(1)} GiB free, about ${((needBytes * 1.5) / 2 ** 30).toFixed(1)} GiB needed.`);
  process.exit(2);
}

const log = (...parts: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const dbPath = join(outDir, `store-${scale}.sqlite`);
for (const suffix of ["", "-wal", "-shm"]) rmSync(dbPath + suffix, { force: true });
const db = openDatabase(dbPath, { cacheMiB: 256 });
migrateDatabase(db);
const anchor = Date.parse("2026-11-28T12:00:00Z");
const dialect = new SQLiteSyncDialect();
const results: Record<string, unknown> = { scale, contacts, machine: { cpus: (await import("node:os")).cpus().length, node: process.version } };

log(`generating ${contacts.toLocaleString()} contacts…`);
const generated = timeIt(() => generateStore(db, { seed: 20261128, scale: contacts / CONTACTS_PER_SCALE, anchor, shop: DEMO_SHOP }));
const { shopId, counts } = generated.value;
results.generate = { seconds: +(generated.ms / 1000).toFixed(1), counts };
log(`generated in ${(generated.ms / 1000).toFixed(1)} s`, counts);

const pluck = (sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).pluck().all(...params) as never[];
const facts = {
  countries: pluck(`SELECT country_code FROM contacts WHERE shop_id = ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 10`, shopId),
  tags: pluck(`SELECT name FROM tags WHERE shop_id = ? ORDER BY id`, shopId),
  productIds: pluck(`SELECT id FROM products WHERE shop_id = ? ORDER BY id`, shopId),
  categoryIds: pluck(`SELECT id FROM categories WHERE shop_id = ? ORDER BY id`, shopId),
};
const definitions = benchmarkSegments(facts, Number(values.segments));
const segmentIds = definitions.map(({ name, definition }) => {
  const created = createSegment(db, { shopId, name, definition, now: anchor });
  if (!created.ok) throw new Error(`${name}: ${JSON.stringify(created.issues)}`);
  return created.segment.id;
});

log("full computation of every segment…");
const perSegment: { id: number; name: string; ms: number; members: number }[] = [];
for (const [i, id] of segmentIds.entries()) {
  const started = performance.now();
  const result = await computeSegment(db, { segmentId: id, clock: () => anchor, chunkSize: 50_000 });
  perSegment.push({ id, name: definitions[i].name, ms: performance.now() - started, members: result.status === "ready" ? result.members : -1 });
}
results.fullCompute = {
  totalSeconds: +(perSegment.reduce((a, s) => a + s.ms, 0) / 1000).toFixed(2),
  perSegmentMs: summarize(perSegment.map((s) => s.ms)),
  slowest: [...perSegment].sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => ({ ...s, ms: Math.round(s.ms) })),
  members: perSegment.reduce((a, s) => a + s.members, 0),
};
log("full compute", results.fullCompute);

log("builder counts…");
const countMs = segmentIds.map((id) => {
  const definition = findSegment(db, { shopId, segmentId: id })!.definition!;
  const query = dialect.sqlToQuery(countQuery(definition, { shopId, now: anchor, timeZone: DEMO_SHOP.timeZone }));
  return timeIt(() => db.$client.prepare(query.sql).pluck().get(...query.params)).ms;
});
results.builderCountMs = summarize(countMs);

log("incremental evaluation…");
const random = new SeededRandom(7);
const samples = Number(values.samples);
const maxContact = db.$client.prepare(`SELECT max(id) FROM contacts WHERE shop_id = ?`).pluck().get(shopId) as number;
const allSegmentsUs: number[] = [];
for (let i = 0; i < samples; i++) {
  const contactId = random.int(1, maxContact);
  allSegmentsUs.push(timeIt(() => onContactChanged(db, { shopId, contactIds: [contactId], change: { everything: true }, now: anchor, cause: "event" })).ms * 1000);
}
results.incrementalAllSegmentsUs = summarize(allSegmentsUs);
const perEventUs: number[] = [];
const insertEvent = db.$client.prepare(`INSERT INTO events (shop_id, contact_id, type, subject_id, occurred_at, source) VALUES (?, ?, ?, ?, ?, ?)`);
for (let i = 0; i < samples; i++) {
  const contactId = random.int(1, maxContact);
  const type = random.pick([EVENT_TYPES.page_viewed, EVENT_TYPES.product_viewed, EVENT_TYPES.email_opened, EVENT_TYPES.added_to_cart]);
  const subject = type === EVENT_TYPES.product_viewed || type === EVENT_TYPES.added_to_cart ? random.pick(facts.productIds as number[]) : null;
  const at = anchor + i;
  perEventUs.push(
    timeIt(() => {
      insertEvent.run(shopId, contactId, type, subject, at, EVENT_SOURCES.pixel);
      onContactChanged(db, { shopId, contactIds: [contactId], change: { events: [{ type, subjectId: subject }] }, now: at, cause: "event" });
    }).ms * 1000,
  );
}
results.eventToMembershipUs = summarize(perEventUs);

log("time-window ticks…");
for (const [label, span] of [["tick60s", 60_000], ["tick1h", 3_600_000], ["tick1d", 86_400_000]] as const) {
  db.$client.prepare(`UPDATE shops SET segments_ticked_at = ? WHERE id = ?`).run(anchor + 1_000_000, shopId);
  const tick = timeIt(() => runTimeTick(db, { shopId, now: anchor + 1_000_000 + span }));
  results[label] = { ms: Math.round(tick.ms), ...tick.value };
}

const bytes = db.$client.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name IN ('events', 'events_segment_idx', 'events_type_time_idx', 'events_contact_idx')`).pluck().get() as number;
results.bytesPerEvent = Math.round(bytes / counts.events);
results.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
db.$client.close();

const file = join(outDir, `results-${scale}.json`);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(results, null, 2));
console.table({
  "generate (s)": results.generate,
  "full compute total (s)": (results.fullCompute as { totalSeconds: number }).totalSeconds,
  "full compute median / p95 (ms)": `${(results.fullCompute as { perSegmentMs: { median: number } }).perSegmentMs.median.toFixed(1)} / ${(results.fullCompute as { perSegmentMs: { p95: number } }).perSegmentMs.p95.toFixed(1)}`,
});
log(JSON.stringify(results, null, 2));
log(`written ${file}`);
