import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMessage, messageIdempotencyKey } from "../../app/messaging/enqueue.server";
import { saveSendHook } from "../../app/messaging/send-hooks.server";
import { createSegment } from "../../app/models/segments.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { openDatabase, type Db } from "../../db/client.server";
import { campaigns } from "../../db/schema";
import { hasChromium, launchBrowser, newContext } from "../helpers/browser";
import { ProviderReceiver } from "../helpers/provider-receiver";
import { startServer, type RunningServer } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";
import { waitUntil } from "../helpers/demo-server";

/**
 * The real server (demo mode) sends a campaign of 300 emails to a provider on loopback; the
 * provider kills the server with SIGKILL while it waits for the answer to the 100th message. After
 * a restart every message is delivered exactly once per idempotency key, none is missing, and the
 * one in flight at the crash was sent again under the same key (deduplicated by the provider).
 */
const ANCHOR = "2026-11-28T12:00:00Z";
const SECRET = "whsec_e2e_provider";
const TOTAL = 300;
const KILL_AT = 100;

describe("sending survives a crash", () => {
  const tmp = createTempDir();
  const dbPath = join(tmp.dir, "demo.sqlite");
  let server: RunningServer | undefined;
  let receiver: ProviderReceiver;
  let db: Db;

  beforeAll(async () => {
    receiver = await ProviderReceiver.start({ secret: SECRET, respond: () => ({ status: 200, delayMs: 3 }) });
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    db?.$client.close();
    tmp.cleanup();
  });

  it("sends every remaining message exactly once after SIGKILL mid-campaign and a restart", async () => {
    server = await startServer({ APP_MODE: "demo", JOB_LEASE_MS: "5000", DATABASE_PATH: dbPath, DEMO_ANCHOR: ANCHOR });
    db = openDatabase(dbPath);
    const shopId = db.$client.prepare(`SELECT id FROM shops WHERE domain = ?`).pluck().get(DEMO_SHOP.domain) as number;
    const now = Date.now();
    saveSendHook(db, { shopId, channel: "email", url: receiver.url, secret: SECRET, now });

    // the audience: a segment, as the campaign sender will use one
    const segment = createSegment(db, {
      shopId,
      name: "Reachable by email",
      now,
      definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [
        { id: "c1", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } },
        { id: "c2", type: "email_validity", value: "valid" },
      ] } },
    });
    if (!segment.ok) throw new Error("invalid segment");
    // the server's job runner computes it (createSegment enqueued the job)
    await waitUntil("the segment to be computed", () => db.$client.prepare(`SELECT status FROM segments WHERE id = ?`).pluck().get(segment.segment.id) === "ready", { timeoutMs: 60_000 });
    const audience = (db.$client.prepare(`SELECT contact_id FROM segment_members WHERE segment_id = ? ORDER BY contact_id LIMIT ?`).pluck().all(segment.segment.id, TOTAL) as number[]);
    expect(audience).toHaveLength(TOTAL);
    const campaign = db.insert(campaigns).values({ shopId, name: "Crash test", channel: "email", status: "sending", createdAt: now, updatedAt: now }).returning().get();

    let killed = false;
    receiver.onRequest = (request) => {
      if (!killed && receiver.accepted.size === KILL_AT - 1 && !receiver.accepted.has(request.key)) {
        killed = true;
        server!.process.kill("SIGKILL"); // the sender dies waiting for this answer
      }
    };
    const exited = new Promise((resolve) => server!.process.once("exit", resolve));
    const source = { kind: "campaign" as const, id: campaign.id };
    const template = { subject: "{{ first_name | default: 'Hello' }}, our winter sale", body: '<p>Up to 40% off.</p><p><a href="https://demo-outfitters.myshopify.com/collections/sale">Shop the sale</a></p>' };
    for (const contactId of audience) {
      const result = enqueueMessage(db, { shopId, contactId, channel: "email", source, idempotencyKey: messageIdempotencyKey(source, contactId), template, qualifiedBy: [segment.segment.id], now: Date.now() });
      expect(result.created).toBe(true);
    }
    await exited;
    expect(killed).toBe(true);
    const inFlight = db.$client.prepare(`SELECT idempotency_key FROM message_sends WHERE campaign_id = ? AND status = 'sending'`).pluck().all(campaign.id) as string[];
    expect(inFlight).toHaveLength(1);
    expect(receiver.accepted.has(inFlight[0]!)).toBe(true); // the provider has it; the app never heard back

    server = await startServer({ APP_MODE: "demo", JOB_LEASE_MS: "5000", DATABASE_PATH: dbPath });
    const settled = () => (db.$client.prepare(`SELECT count(*) FROM message_sends WHERE campaign_id = ? AND status = 'sent'`).pluck().get(campaign.id) as number) === TOTAL;
    await waitUntil("every message to be sent", settled, { timeoutMs: 150_000 }); // the job in flight waits for its lease (JOB_LEASE_MS, 5 s here) to expire

    const keys = audience.map((contactId) => messageIdempotencyKey(source, contactId));
    expect(new Set(receiver.accepted.keys())).toEqual(new Set(keys));
    expect([...receiver.effectivePerRecipient().values()].every((n) => n === 1)).toBe(true);
    expect(receiver.effectivePerRecipient().size).toBe(TOTAL);
    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
    const repeats = keys.filter((key) => receiver.requestsFor(key).length > 1);
    expect(repeats).toEqual(inFlight); // only the message in flight was sent twice, with the same key
    expect(db.$client.prepare(`SELECT attempts FROM message_sends WHERE idempotency_key = ?`).pluck().get(inFlight[0])).toBe(2);
  });

  describe.skipIf(!hasChromium())("the settings and outbox pages", () => {
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    beforeAll(async () => {
      browser = await launchBrowser();
      page = await (await newContext(browser)).newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
    });
    afterAll(async () => browser?.close());

    it("posts a signed test message to the built-in outbox and shows it there", async () => {
      await page.goto(`${server!.url}/app/settings`);
      await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
      await page.getByLabel("Send a test to (phone)").fill("+14155550199");
      await page.getByRole("button", { name: "Send test" }).nth(1).click();
      await page.getByText("Delivered: HTTP 200").waitFor();
      await expect(page.getByText("Built-in outbox ·").isVisible()).resolves.toBe(true);

      await page.goto(`${server!.url}/app/outbox`);
      await page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
      await page.getByText("+14155550199").click();
      await page.getByText("Segmentflow test message.").waitFor();
      await page.getByRole("tab", { name: "Delivery log" }).click();
      await page.getByText("campaign:", { exact: false }).first().waitFor();
      expect(pageErrors).toEqual([]);
    });
  });
});
