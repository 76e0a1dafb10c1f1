/**
 * The webhook load generator: a process of its own (so the server under test never shares its
 * event loop), sending signed Shopify deliveries over loopback HTTP with keep-alive.
 *
 *   node --import tsx bench/webhooks/load-generator.ts <plan.json>
 *
 * The plan (`LoadPlan`) says where and what: `burst` keeps `concurrency` requests in flight until
 * `count` are answered (after `warmup` unmeasured ones); `steady` sends `count` toggles of the tag
 * at `rate` per second on schedule (open loop: a slow answer does not delay the next send). The
 * result (`LoadResult`) is written as JSON to `plan.out`.
 */
import { Agent, request } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { DeliveryMix, deliveryHeaders, toggleDelivery, type BenchContact, type Delivery } from "./payloads";

/** What to send (the parent's side); the plan adds where to write the result. */
export type LoadRequest = {
  url: string;
  shop: string;
  secret: string;
  apiVersion: string;
  /** Prefix of every webhook id of this run. */
  run: string;
  contacts: BenchContact[];
  count: number;
} & ({ mode: "burst"; concurrency: number; warmup: number } | { mode: "steady"; rate: number; tag: string });

export type LoadPlan = LoadRequest & { out: string };

/** One delivery: index, HTTP status (0 = no answer), sent at (epoch ms), response time (ms). */
export type SentDelivery = [index: number, status: number, sentAt: number, ms: number];

export type LoadResult = {
  /** Epoch ms of the first measured send and the last measured answer. */
  firstSendAt: number;
  lastAnswerAt: number;
  deliveries: SentDelivery[];
  /** Failures by reason (HTTP status or socket error). */
  errors: Record<string, number>;
};

const MAX_IN_FLIGHT_STEADY = 512;

function send(agent: Agent, url: URL, delivery: Delivery, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(delivery.body);
  });
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL("/webhooks/shopify", plan.url);
  const inFlight = plan.mode === "burst" ? plan.concurrency : MAX_IN_FLIGHT_STEADY;
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const mix = plan.mode === "burst" ? new DeliveryMix(plan.run, plan.contacts) : null;
  const build = (i: number, now: number): Delivery =>
    mix ? mix.delivery(i, now) : toggleDelivery(plan.run, plan.contacts, (plan as { tag: string }).tag, i, now);
  const deliveries: SentDelivery[] = [];
  const errors: Record<string, number> = {};
  let lastAnswerAt = 0;

  const one = async (i: number, measured: boolean) => {
    const now = Date.now();
    const delivery = build(i, now);
    const headers = deliveryHeaders(delivery, { shop: plan.shop, secret: plan.secret, apiVersion: plan.apiVersion });
    const started = performance.now();
    let status = 0;
    try {
      status = await send(agent, url, delivery, headers);
      if (status !== 200) errors[`HTTP ${status}`] = (errors[`HTTP ${status}`] ?? 0) + 1;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      errors[reason] = (errors[reason] ?? 0) + 1;
    }
    deliveries.push([i, status, now, performance.now() - started]);
    if (measured) lastAnswerAt = Date.now();
  };

  let firstSendAt = 0;
  if (plan.mode === "burst") {
    let next = 0;
    const lane = async (until: number, measured: boolean) => {
      while (next < until) await one(next++, measured);
    };
    const warmup = Math.min(plan.warmup, plan.count);
    await Promise.all(Array.from({ length: plan.concurrency }, () => lane(warmup, false)));
    firstSendAt = Date.now();
    await Promise.all(Array.from({ length: plan.concurrency }, () => lane(plan.count, true)));
  } else {
    const pending = new Set<Promise<void>>();
    const started = performance.now();
    firstSendAt = Date.now();
    for (let i = 0; i < plan.count; i++) {
      const wait = started + (i * 1000) / plan.rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      while (pending.size >= MAX_IN_FLIGHT_STEADY) await Promise.race(pending);
      const done: Promise<void> = one(i, true).finally(() => pending.delete(done));
      pending.add(done);
    }
    await Promise.all(pending);
  }
  agent.destroy();
  deliveries.sort((a, b) => a[0] - b[0]);
  return { firstSendAt, lastAnswerAt, deliveries, errors };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const plan = JSON.parse(readFileSync(process.argv[2], "utf8")) as LoadPlan;
  runLoad(plan)
    .then((result) => writeFileSync(plan.out, JSON.stringify(result)))
    .catch((error: unknown) => {
      console.error(`load generator: ${error instanceof Error ? error.stack : String(error)}`);
      process.exit(1);
    });
}
