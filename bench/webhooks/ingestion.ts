/**
 * Webhook ingestion over HTTP (SPEC §10: >= 2,000 per second with HMAC verification and durable
 * intake, no loss): the real server on a store file, signed deliveries from a load generator in
 * another process, then zero loss checked in the database.
 */
import { randomBytes } from "node:crypto";
import { DEMO_WEBHOOK_SECRET, SHOPIFY_API_VERSION } from "../../app/shopify.server";
import { summarize } from "../stats";
import { ensureAppBuild, peakRssMiB, runLoadGenerator, startBenchServer, waitUntil, type Log } from "./processes";
import { checkIntake, rateOf, type IntakeCheck } from "./intake-check";
import { benchContacts, openStore, shopIdOf, storeFacts, type StoreFacts } from "./store";

export type IngestionOptions = { dbPath: string; shopDomain: string; count: number; concurrency: number; log?: Log; drainTimeoutMs?: number };

export type IngestionResult = {
  store: StoreFacts;
  sent: number;
  /** Unmeasured deliveries sent first (warm-up), checked for loss like the rest. */
  warmup: number;
  answered200: number;
  errors: Record<string, number>;
  concurrency: number;
  /** Answered deliveries per second, from the first measured send to the last answer. */
  perSecond: number;
  wallMs: number;
  responseMs: ReturnType<typeof summarize>;
  intake: IntakeCheck;
  /** Every answered delivery processed, from the first send (deliveries per second). */
  processedPerSecond: number | null;
  peakRssMiB: number | null;
  target: { perSecond: number };
  met: boolean;
};

const TARGET_PER_SECOND = 2_000;

/** Measures intake; the store gets the deliveries (orders and customer updates of its own customers). */
export async function measureWebhookIngestion({ dbPath, shopDomain, count, concurrency, log = () => {}, drainTimeoutMs }: IngestionOptions): Promise<IngestionResult> {
  await ensureAppBuild(log);
  const setup = openStore(dbPath, { readonly: true });
  const shopId = shopIdOf(setup, shopDomain);
  const contacts = benchContacts(setup, { shopId, limit: Math.min(count, 5_000) });
  const store = storeFacts(setup, shopId);
  const firstInboxId = setup.$client.prepare(`SELECT coalesce(max(id), 0) FROM webhook_inbox`).pluck().get() as number;
  setup.$client.close();
  if (contacts.length === 0) throw new Error(`shop ${shopDomain} has no customers with a platform id to send webhooks about`);

  const run = `bench-ingest-${randomBytes(4).toString("hex")}`;
  const warmup = Math.min(500, Math.max(20, Math.floor(count / 10)));
  log(`webhook ingestion: ${count} deliveries (+${warmup} warm-up), ${concurrency} in flight, ${contacts.length} customers`);
  const server = await startBenchServer(dbPath);
  const db = openStore(dbPath, { readonly: true });
  try {
    const load = await runLoadGenerator({
      mode: "burst", url: server.url, shop: shopDomain, secret: DEMO_WEBHOOK_SECRET, apiVersion: SHOPIFY_API_VERSION,
      run, contacts, count: warmup + count, concurrency, warmup,
    });
    const measured = load.deliveries.filter(([i]) => i >= warmup);
    const answered = measured.filter(([, status]) => status === 200);
    const wallMs = load.lastAnswerAt - load.firstSendAt;
    log(`answered ${answered.length}/${count} in ${wallMs} ms; waiting for the inbox to drain…`);
    const pending = db.$client.prepare(`SELECT count(*) FROM webhook_inbox WHERE id > ? AND shop_id = ? AND status = 'pending'`).pluck();
    const drained = await waitUntil(() => pending.get(firstInboxId, shopId) === 0, { timeoutMs: drainTimeoutMs ?? Math.max(60_000, count * 20), everyMs: 50 });
    const drainedAt = Date.now();
    const peak = peakRssMiB(server.process.pid!);
    const intake = checkIntake(db, { shopId, afterInboxId: firstInboxId, run, answered: load.deliveries.filter(([, status]) => status === 200).map(([i]) => i) });
    const perSecond = rateOf(answered.length, wallMs);
    return {
      store,
      sent: count,
      warmup,
      answered200: answered.length,
      errors: load.errors,
      concurrency,
      perSecond,
      wallMs,
      responseMs: summarize(measured.map(([, , , ms]) => ms)),
      intake,
      processedPerSecond: drained ? rateOf(answered.length, drainedAt - load.firstSendAt) : null,
      peakRssMiB: peak,
      target: { perSecond: TARGET_PER_SECOND },
      met: perSecond >= TARGET_PER_SECOND && intake.lost === 0 && intake.unprocessed === 0,
    };
  } finally {
    db.$client.close();
    await server.stop();
  }
}
