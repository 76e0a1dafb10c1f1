/**
 * Inbox processing alone, in this process (no HTTP): a copy of a seeded store gets the benchmark
 * segment "tag is bench-webhook" (computed) and its automation, N pending deliveries of one topic
 * are stored through intake's own `storeDelivery`, and `processInbox` drains them in batches of
 * 200. Prints deliveries per second per topic, as one JSON object: per wall-clock second and per
 * second of this process's CPU time (what one idle core would do; the wall clock counts whatever
 * else the machine runs). For profiling, run it under `node --cpu-prof`.
 *
 *   node --import tsx bench/webhooks/processing.ts --db <store file> [--count 3000] [--topics customers/update,orders/create]
 *
 * The store file is copied (to a temporary directory) and never written.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { computeSegment } from "../../app/membership/compute.server";
import { storeDelivery } from "../../webhooks/inbox";
import { processInbox } from "../../webhooks/process.server";
import { HANDLERS } from "../../webhooks/registry";
import { DeliveryMix, toggleDelivery, type Delivery } from "./payloads";
import { BENCH_TAG, benchContacts, ensureBenchSegment, openStore, shopIdOf } from "./store";

const { values } = parseArgs({
  options: {
    db: { type: "string" },
    count: { type: "string", default: "3000" },
    topics: { type: "string", default: "customers/update,orders/create" },
  },
});

/** `count` deliveries of `topic`: customers/update toggles the benchmark tag (one membership change each). */
function deliveries(topic: string, count: number, contacts: Parameters<typeof toggleDelivery>[1], start: number): Delivery[] {
  const run = `proc-${topic.replace("/", "-")}-${start}`;
  if (topic === "customers/update") return Array.from({ length: count }, (_, i) => toggleDelivery(run, contacts, BENCH_TAG, i, start + i));
  const mix = new DeliveryMix(run, contacts, start);
  const out: Delivery[] = [];
  for (let i = 0; out.length < count; i++) {
    const d = mix.delivery(i, start + i);
    if (d.topic === topic) out.push(d);
  }
  return out;
}

async function main(): Promise<void> {
  if (!values.db) throw new Error("--db <store file> is required");
  const count = Number(values.count);
  const dir = mkdtempSync(join(tmpdir(), "proc-bench-"));
  const path = join(dir, "store.sqlite");
  copyFileSync(values.db, path);
  try {
    const db = openStore(path);
    const shopId = shopIdOf(db, DEMO_SHOP.domain);
    const { segmentId } = ensureBenchSegment(db, { shopId, now: Date.now() });
    await computeSegment(db, { segmentId, clock: Date.now });
    const contacts = benchContacts(db, { shopId, limit: 5_000, exceptMembersOf: segmentId });
    const result: Record<string, unknown> = {};
    for (const topic of values.topics!.split(",")) {
      const list = deliveries(topic, count, contacts, Date.now());
      for (const d of list) {
        storeDelivery(db, { shopId, platform: "shopify", topic: d.topic, webhookId: d.webhookId, eventId: d.eventId, triggeredAt: d.triggeredAt, apiVersion: "2025-07", body: d.body, receivedAt: Date.now() });
      }
      const started = performance.now();
      const cpu = process.cpuUsage();
      let processed = 0;
      let failed = 0;
      for (;;) {
        const report = processInbox(db, { now: Date.now(), handlers: HANDLERS, limit: 200 });
        processed += report.processed;
        failed += report.failed + report.retried + report.skipped;
        if (report.processed + report.failed + report.retried + report.skipped === 0) break;
      }
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      const changes = db.$client.prepare(`SELECT count(*) FROM membership_changes WHERE shop_id = ?`).pluck().get(shopId);
      result[topic] = { processed, notProcessed: failed, seconds: Math.round(seconds * 1000) / 1000, perSecond: Math.round(processed / seconds), cpuSeconds: Math.round(cpuSeconds * 1000) / 1000, perCpuSecond: Math.round(processed / cpuSeconds), membershipChangesSoFar: changes };
    }
    db.$client.close();
    console.log(JSON.stringify(result, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench/webhooks/processing: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
