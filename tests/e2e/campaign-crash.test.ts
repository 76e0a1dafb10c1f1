import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign, sendCampaignNow } from "../../app/campaigns/campaigns.server";
import { campaignResults } from "../../app/campaigns/results.server";
import { messageIdempotencyKey } from "../../app/messaging/enqueue.server";
import { saveSendHook } from "../../app/messaging/send-hooks.server";
import { createSegment } from "../../app/models/segments.server";
import { openDatabase, type Db } from "../../db/client.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { ProviderReceiver } from "../helpers/provider-receiver";
import { startServer, type RunningServer } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";
import { waitUntil } from "../helpers/demo-server";

/**
 * A campaign sent by the real server (demo mode): its send job freezes the audience and enqueues
 * the messages, the delivery jobs post them to a provider on loopback — and the provider kills
 * the server with SIGKILL in the middle, while it waits for an answer. After a restart every
 * remaining message goes out exactly once: every recipient has exactly one effective message,
 * none is missing, and nobody outside the frozen audience gets one.
 */
const ANCHOR = "2026-11-28T12:00:00Z";
const SECRET = "whsec_e2e_campaign_provider";

describe("a campaign survives a crash mid-send", () => {
  const tmp = createTempDir();
  const dbPath = join(tmp.dir, "demo.sqlite");
  let server: RunningServer | undefined;
  let receiver: ProviderReceiver;
  let db: Db;

  beforeAll(async () => {
    receiver = await ProviderReceiver.start({ secret: SECRET, respond: () => ({ status: 200, delayMs: 2 }) });
  });
  afterAll(async () => {
    if (server && server.process.exitCode === null && server.process.signalCode === null) await server.stop();
    await receiver?.close();
    db?.$client.close();
    tmp.cleanup();
  });

  it("sends every remaining message exactly once after SIGKILL and a restart", async () => {
    server = await startServer({ APP_MODE: "demo", JOB_LEASE_MS: "5000", DATABASE_PATH: dbPath, DEMO_ANCHOR: ANCHOR });
    db = openDatabase(dbPath);
    const shopId = db.$client.prepare(`SELECT id FROM shops WHERE domain = ?`).pluck().get(DEMO_SHOP.domain) as number;
    saveSendHook(db, { shopId, channel: "email", url: receiver.url, secret: SECRET, now: Date.now() });
    const segment = (name: string, children: object[]) => {
      const created = createSegment(db, { shopId, name, now: Date.now(), definition: { version: 1, root: { id: "r", type: "group", match: "all", children } } });
      if (!created.ok) throw new Error(`invalid segment ${name}`);
      return created.segment.id;
    };
    const northAmerica = segment("North America", [{ id: "c1", type: "country", match: { operator: "is_any_of", values: ["CA", "US"] } }]);
    const americans = segment("Americans", [{ id: "c1", type: "country", match: { operator: "is_any_of", values: ["US"] } }]);
    const canadians = segment("Canadians", [{ id: "c1", type: "country", match: { operator: "is_any_of", values: ["CA"] } }]);
    const ready = () => (db.$client.prepare(`SELECT count(*) FROM segments WHERE status = 'ready' AND id IN (?, ?, ?)`).pluck().get(northAmerica, americans, canadians) as number) === 3;
    await waitUntil("the segments to be computed", ready, { timeoutMs: 60_000 });

    // North America (and Canadians again: each contact once), without the Americans
    const created = createCampaign(db, {
      shopId,
      now: Date.now(),
      input: { name: "Crash test", channel: "email", subject: "{{ first_name | default: 'Hello' }}, winter is here", body: "<p>Warm coats, 30% off.</p>", include: [northAmerica, canadians], exclude: [americans] },
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const campaignId = created.campaign.id;
    const expected = db.$client
      .prepare(
        `SELECT sm.contact_id FROM segment_members sm JOIN contacts c ON c.id = sm.contact_id
         WHERE sm.segment_id = ? AND c.country_code = 'CA' AND c.email_consent = 'subscribed' AND c.email IS NOT NULL AND c.email_validity NOT IN ('bounced', 'invalid')
         ORDER BY sm.contact_id`,
      )
      .pluck()
      .all(northAmerica) as number[];
    expect(expected.length).toBeGreaterThan(100);
    const killAt = Math.floor(expected.length / 3);

    let killed = false;
    receiver.onRequest = (request) => {
      if (!killed && receiver.accepted.size === killAt && !receiver.accepted.has(request.key)) {
        killed = true;
        server!.process.kill("SIGKILL"); // the sender dies waiting for this answer
      }
    };
    const exited = new Promise((resolve) => server!.process.once("exit", resolve));
    expect(sendCampaignNow(db, { shopId, campaignId, now: Date.now() })).toEqual({ ok: true });
    await exited;
    expect(killed).toBe(true);
    // the message in flight reached the provider, which accepted it; the app never heard back
    expect(receiver.accepted.size).toBe(killAt + 1);

    server = await startServer({ APP_MODE: "demo", JOB_LEASE_MS: "5000", DATABASE_PATH: dbPath });
    const sent = () => db.$client.prepare(`SELECT count(*) FROM message_sends WHERE campaign_id = ? AND status = 'sent'`).pluck().get(campaignId) as number;
    await waitUntil("every message to be sent", () => sent() === expected.length, { timeoutMs: 180_000 }); // the job in flight waits for its lease (JOB_LEASE_MS, 5 s here) to expire

    const source = { kind: "campaign" as const, id: campaignId };
    expect(new Set(receiver.accepted.keys())).toEqual(new Set(expected.map((contactId) => messageIdempotencyKey(source, contactId))));
    const perRecipient = receiver.effectivePerRecipient();
    expect(perRecipient.size).toBe(expected.length);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
    // at most the one message in flight at the crash was posted twice, under the same key
    expect(receiver.requests.length).toBeLessThanOrEqual(expected.length + 1);
    expect(campaignResults(db, { shopId, campaignId })).toMatchObject({ audience: expected.length, enqueued: expected.length, sent: expected.length, pending: 0, failed: 0, skipped: 0 });
    expect(db.$client.prepare(`SELECT status FROM campaigns WHERE id = ?`).pluck().get(campaignId)).toBe("sent");
  });
});
