/**
 * Webhook received → entered/left committed, and → automation enrolment (SPEC §10: p95 <= 1 s at
 * 500 webhooks per second). A steady stream of signed customers/update deliveries from another
 * process adds (then removes) the tag of a live segment "tag is bench-webhook" for one customer
 * each, so each delivery makes exactly one membership change; an active automation on entering
 * the segment enrols each entry.
 *
 * Times: `webhook_inbox.received_at` is the server's clock when the route stored the delivery.
 * The commit time is when this process, polling the database every few milliseconds through its
 * own read-only connection, first sees the `membership_changes` (or `automation_runs`) row: a
 * reader sees only committed rows, so this is an upper bound on the commit, late by at most one
 * poll. (`membership_changes.at` is the `now` the inbox batch started with, before the commit, so
 * it is reported only as `recordedMs`.)
 */
import { randomBytes } from "node:crypto";
import { MEMBERSHIP_CHANGE_KINDS } from "../../db/enums";
import { DEMO_WEBHOOK_SECRET, SHOPIFY_API_VERSION } from "../../app/shopify.server";
import { summarize } from "../stats";
import { ensureAppBuild, peakRssMiB, runLoadGenerator, sleep, startBenchServer, waitUntil, type Log } from "./processes";
import { BENCH_TAG, benchContacts, ensureBenchSegment, openStore, segmentReady, shopIdOf, storeFacts, type StoreFacts } from "./store";

export type ToFiredOptions = {
  dbPath: string;
  shopDomain: string;
  rate?: number;
  seconds: number;
  /** How many customers the stream cycles through (default: one per delivery, up to 5,000); fewer makes some leave again. */
  customers?: number;
  log?: Log;
  pollMs?: number;
  settleTimeoutMs?: number;
};

type Latencies = ReturnType<typeof summarize>;
export type ToFiredResult = {
  store: StoreFacts;
  rate: number;
  seconds: number;
  sent: number;
  answered200: number;
  errors: Record<string, number>;
  /** Actual send rate (per second). */
  sentPerSecond: number;
  commitTime: string;
  /**
   * Deliveries whose membership change (of the expected kind) was found; all must be. Pairing a
   * customer's deliveries with their changes in order assumes they arrive in order: with fewer
   * customers than deliveries, `staleOnArrival` counts deliveries received after a later one for
   * the same customer (rightly ignored by the product, so they change nothing and break the pairing).
   */
  changes: { expected: number; matched: number; wrongKind: number; staleOnArrival: number; receivedToCommittedMs: Latencies; recordedMs: Latencies };
  /** Entries enrolled by the automation (a run, or a run skipped with its reason). */
  enrolments: { expected: number; matched: number; receivedToEnrolledMs: Latencies };
  peakRssMiB: number | null;
  target: { p95Ms: number };
  met: boolean;
};

const TARGET_P95_MS = 1_000;

type Seen = { id: number; contactId: number; kind: number; at: number; seenAt: number };

export async function measureWebhookToFired({ dbPath, shopDomain, rate = 500, seconds, customers, log = () => {}, pollMs = 5, settleTimeoutMs = 120_000 }: ToFiredOptions): Promise<ToFiredResult> {
  await ensureAppBuild(log);
  const count = Math.round(rate * seconds);
  const setup = openStore(dbPath);
  const shopId = shopIdOf(setup, shopDomain);
  const { segmentId, automationId } = ensureBenchSegment(setup, { shopId, now: Date.now() });
  // each customer toggles at most every (customers / rate) seconds; a later run starts from non-members
  const contacts = benchContacts(setup, { shopId, limit: customers ?? Math.min(count, 5_000), exceptMembersOf: segmentId });
  const platformIds = contacts.map((c) => c.platformId);
  setup.$client.close();
  if (contacts.length === 0) throw new Error(`shop ${shopDomain} has no customers outside the benchmark segment`);

  const server = await startBenchServer(dbPath);
  const db = openStore(dbPath, { readonly: true });
  try {
    if (!(await waitUntil(() => segmentReady(db, { shopId, segmentId }), { timeoutMs: 300_000, everyMs: 200 }))) throw new Error("the benchmark segment never became ready");
    const store = storeFacts(db, shopId);
    const sqlite = db.$client;
    const contactIds = new Map<string, number>();
    const idOf = sqlite.prepare(`SELECT id FROM contacts WHERE shop_id = ? AND platform_id = ?`).pluck();
    for (const platformId of platformIds) contactIds.set(platformId, idOf.get(shopId, platformId) as number);
    const firstChange = sqlite.prepare(`SELECT coalesce(max(id), 0) FROM membership_changes`).pluck().get() as number;
    const firstRun = sqlite.prepare(`SELECT coalesce(max(id), 0) FROM automation_runs`).pluck().get() as number;
    const firstInbox = sqlite.prepare(`SELECT coalesce(max(id), 0) FROM webhook_inbox`).pluck().get() as number;

    // the observer: first sight of each committed change and enrolment
    const changes: Seen[] = [];
    const runs = new Map<number, number>(); // membership change id → seen at
    const newChanges = sqlite.prepare(`SELECT id, contact_id AS contactId, kind, at FROM membership_changes WHERE id > ? AND segment_id = ? ORDER BY id`);
    const newRuns = sqlite.prepare(`SELECT id, membership_change_id AS change FROM automation_runs WHERE id > ? AND automation_id = ? AND shop_id = ? ORDER BY id`);
    let lastChange = firstChange;
    let lastRun = firstRun;
    let observing = true;
    const observe = async () => {
      while (observing) {
        const seenAt = Date.now();
        for (const row of newChanges.all(lastChange, segmentId) as Omit<Seen, "seenAt">[]) {
          changes.push({ ...row, seenAt });
          lastChange = row.id;
        }
        for (const row of newRuns.all(lastRun, automationId, shopId) as { id: number; change: number | null }[]) {
          if (row.change !== null && !runs.has(row.change)) runs.set(row.change, seenAt);
          lastRun = row.id;
        }
        await sleep(pollMs);
      }
    };
    const observer = observe();

    const run = `bench-fired-${randomBytes(4).toString("hex")}`;
    log(`webhook → fired: ${count} deliveries at ${rate}/s over ${contacts.length} customers`);
    const load = await runLoadGenerator({ mode: "steady", url: server.url, shop: shopDomain, secret: DEMO_WEBHOOK_SECRET, apiVersion: SHOPIFY_API_VERSION, run, contacts, count, rate, tag: BENCH_TAG });
    const answered = load.deliveries.filter(([, status]) => status === 200);
    const expectedEnters = answered.filter(([i]) => Math.floor(i / contacts.length) % 2 === 0).length;
    await waitUntil(() => changes.length >= answered.length && runs.size >= expectedEnters, { timeoutMs: settleTimeoutMs, everyMs: 50 });
    await sleep(pollMs * 4);
    observing = false;
    await observer;
    const peak = peakRssMiB(server.process.pid!);

    // deliveries to a customer, in order, pair with that customer's changes, in order
    const received = new Map(
      (sqlite.prepare(`SELECT webhook_id, received_at FROM webhook_inbox WHERE id > ? AND shop_id = ?`).all(firstInbox, shopId) as { webhook_id: string; received_at: number }[]).map((r) => [r.webhook_id, r.received_at]),
    );
    const byContact = new Map<number, Seen[]>();
    for (const change of changes) byContact.set(change.contactId, [...(byContact.get(change.contactId) ?? []), change]);
    const taken = new Map<number, number>();
    const toCommitted: number[] = [];
    const recorded: number[] = [];
    const toEnrolled: number[] = [];
    let matched = 0;
    let wrongKind = 0;
    for (const [i] of answered) {
      const contactId = contactIds.get(platformIds[i % contacts.length])!;
      const enters = Math.floor(i / contacts.length) % 2 === 0;
      const k = taken.get(contactId) ?? 0;
      taken.set(contactId, k + 1);
      const change = byContact.get(contactId)?.[k];
      const receivedAt = received.get(`${run}-${i}`);
      if (!change || receivedAt === undefined) continue;
      if (change.kind !== (enters ? MEMBERSHIP_CHANGE_KINDS.entered : MEMBERSHIP_CHANGE_KINDS.left)) {
        wrongKind++;
        continue;
      }
      matched++;
      toCommitted.push(change.seenAt - receivedAt);
      recorded.push(change.at - receivedAt);
      const enrolledAt = runs.get(change.id);
      if (enters && enrolledAt !== undefined) toEnrolled.push(enrolledAt - receivedAt);
    }
    let staleOnArrival = 0;
    const latestReceived = new Map<number, number>();
    for (let i = answered.length - 1; i >= 0; i--) {
      const contact = answered[i][0] % contacts.length;
      const at = received.get(`${run}-${answered[i][0]}`) ?? 0;
      if (at > (latestReceived.get(contact) ?? Infinity)) staleOnArrival++;
      latestReceived.set(contact, Math.min(at, latestReceived.get(contact) ?? Infinity));
    }
    const committed = summarize(toCommitted);
    return {
      store,
      rate,
      seconds,
      sent: count,
      answered200: answered.length,
      errors: load.errors,
      sentPerSecond: Math.round((count / Math.max(1, load.deliveries.at(-1)![2] - load.firstSendAt)) * 10_000) / 10,
      commitTime: `first seen by a read-only connection polling every ${pollMs} ms (an upper bound on the commit)`,
      changes: { expected: answered.length, matched, wrongKind, staleOnArrival, receivedToCommittedMs: committed, recordedMs: summarize(recorded) },
      enrolments: { expected: expectedEnters, matched: toEnrolled.length, receivedToEnrolledMs: summarize(toEnrolled) },
      peakRssMiB: peak,
      target: { p95Ms: TARGET_P95_MS },
      met: matched === count && committed.p95 <= TARGET_P95_MS,
    };
  } finally {
    db.$client.close();
    await server.stop();
  }
}
