/**
 * Real-time phases: one contact against every segment, a typical event through the dependency
 * index, and pixel events through the product's own intake (`ingestPixelEvents`: dedupe, identity,
 * event row, engine, membership rows, all in one IMMEDIATE transaction) one per transaction and
 * micro-batched.
 */
import { onContactChanged } from "../../app/membership/incremental.server";
import { ingestPixelEvents } from "../../app/pixel/ingest.server";
import type { PixelEvent } from "../../app/pixel/payload.server";
import type { ContactChange } from "../../app/segments/dependencies";
import type { Db } from "../../db/client.server";
import { EVENT_TYPES } from "../../db/enums";
import { SeededRandom } from "../../db/seed/random";
import { summarize } from "../stats";

type Sample = { contactIds: number[]; customerIds: string[]; productIds: number[]; productPlatformIds: string[] };

/** Contacts (ours and their platform ids) and products to draw from, every k-th so any scale fits in memory. */
export function sampleStore(db: Db, shopId: number, size = 20_000): Sample {
  const sqlite = db.$client;
  const total = sqlite.prepare(`SELECT count(*) FROM contacts WHERE shop_id = ?`).pluck().get(shopId) as number;
  const step = Math.max(1, Math.floor(total / size));
  const contacts = sqlite.prepare(`SELECT id, platform_id FROM contacts WHERE shop_id = ? AND platform_id IS NOT NULL AND deleted_at IS NULL AND id % ? = 0`).all(shopId, step) as { id: number; platform_id: string }[];
  const products = sqlite.prepare(`SELECT id, platform_id FROM products WHERE shop_id = ? AND platform_id IS NOT NULL ORDER BY id`).all(shopId) as { id: number; platform_id: string }[];
  return { contactIds: contacts.map((c) => c.id), customerIds: contacts.map((c) => c.platform_id), productIds: products.map((p) => p.id), productPlatformIds: products.map((p) => p.platform_id) };
}

type EngineRun = { shopId: number; now: number; samples: number; sample: Sample };

/** Times `samples` engine calls for random sampled contacts; `change` picks what changed for each. */
function timeEngine(db: Db, { shopId, now, samples, sample }: EngineRun, seed: number, change: (random: SeededRandom) => ContactChange) {
  const random = new SeededRandom(seed);
  const us: number[] = [];
  let evaluated = 0;
  for (let i = 0; i < samples; i++) {
    const contactId = random.pick(sample.contactIds);
    const what = change(random);
    const started = performance.now();
    evaluated += onContactChanged(db, { shopId, contactIds: [contactId], change: what, now, cause: "event" }).evaluated;
    us.push((performance.now() - started) * 1000);
  }
  return { us: summarize(us), segmentsEvaluated: evaluated / samples };
}

/** "One contact against all segments": every segment re-evaluated for one contact (no change in membership expected). */
export function incrementalAllSegments(db: Db, run: EngineRun) {
  const { us, segmentsEvaluated } = timeEngine(db, run, 11, () => ({ everything: true }));
  return { us, segmentsPerContact: segmentsEvaluated };
}

/** A product view through the dependency index: only segments that read product views are evaluated. */
export function typicalEvent(db: Db, run: EngineRun) {
  const { us, segmentsEvaluated } = timeEngine(db, run, 12, (random) => ({ events: [{ type: EVENT_TYPES.product_viewed, subjectId: random.pick(run.sample.productIds) }] }));
  return { us, segmentsPerEvent: segmentsEvaluated };
}

/** The pixel's event mix: pages, products (Zipf-skewed by the store's own popularity order), carts. */
function pixelEvent(random: SeededRandom, sample: Sample, i: number, at: number, run: string): PixelEvent {
  const roll = random.float();
  const name = roll < 0.5 ? "page_viewed" : roll < 0.9 ? "product_viewed" : "product_added_to_cart";
  const k = sample.customerIds.length;
  const customerId = sample.customerIds[random.int(0, k - 1)];
  const product = sample.productPlatformIds[Math.min(sample.productPlatformIds.length - 1, Math.floor(sample.productPlatformIds.length * random.float() ** 2))];
  return {
    id: `${run}-${i}`,
    name,
    timestamp: new Date(at).toISOString(),
    clientId: `bench-browser-${customerId}`,
    customerId,
    productId: name === "page_viewed" ? null : product,
    ...(name === "product_added_to_cart" ? { value: 4_500, currency: "USD" } : {}),
  } as PixelEvent;
}

/**
 * Pixel events through the product's intake, `batchSize` per transaction, the clock moving 1 ms
 * per event. Per-batch latency is the time to the committed membership change.
 */
export function pixelEvents(db: Db, { shopId, currency, start, count, batchSize, sample, run }: { shopId: number; currency: string; start: number; count: number; batchSize: number; sample: Sample; run: string }) {
  const random = new SeededRandom(13);
  const latencyMs: number[] = [];
  let accepted = 0;
  const began = performance.now();
  for (let i = 0; i < count; i += batchSize) {
    const now = start + i;
    const events = Array.from({ length: Math.min(batchSize, count - i) }, (_, j) => pixelEvent(random, sample, i + j, now, run));
    const started = performance.now();
    accepted += ingestPixelEvents(db, { shop: { id: shopId, currency }, events, now }).accepted;
    latencyMs.push(performance.now() - started);
  }
  const seconds = (performance.now() - began) / 1000;
  if (accepted !== count) throw new Error(`pixel intake accepted ${accepted} of ${count} events`);
  return { perSecond: count / seconds, usPerEvent: (seconds * 1e6) / count, latencyMs: summarize(latencyMs) };
}
