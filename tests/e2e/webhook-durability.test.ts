import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_WEBHOOK_SECRET } from "../../app/shopify.server";
import { openDatabase } from "../../db/client.server";
import { startServer, type RunningServer } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";
import { readWebhookFixture, signedShopifyWebhook } from "../helpers/webhooks";

const SHOP = "demo-outfitters.myshopify.com";
const template = readWebhookFixture("shopify/customers__create.json");
/** Customer n of the stream: its own 18-digit id and email, as Shopify would send it. */
const customer = (n: number) => template.split("706405506930370084").join(String(900000000000000000n + BigInt(n))).replace("bob@biller.com", `stream-${n}@example.com`);

async function waitFor(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("durable webhook intake", () => {
  const tmp = createTempDir();
  const dbPath = join(tmp.dir, "demo.sqlite");
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  it("applies every delivery it answered 200, exactly once, even when killed mid-stream and restarted", async () => {
    server = await startServer({ APP_MODE: "demo", DATABASE_PATH: dbPath, DEMO_ANCHOR: "2026-11-28T12:00:00Z" });
    const url = `${server.url}/webhooks/shopify`;
    const answered = new Set<number>();
    const total = 400;
    let killed = false;
    const sends = Array.from({ length: total }, async (_, n) => {
      await new Promise((r) => setTimeout(r, n * 4));
      try {
        const response = await fetch(signedShopifyWebhook(url, { topic: "customers/create", shop: SHOP, body: customer(n), secret: DEMO_WEBHOOK_SECRET, webhookId: `stream-${n}` }));
        if (response.status === 200) answered.add(n);
      } catch {
        // the server died under this request: no answer, no promise made
      }
      if (n === total / 2 && !killed) {
        killed = true;
        server!.process.kill("SIGKILL");
      }
    });
    await Promise.all(sends);
    expect(killed).toBe(true);
    expect(answered.size).toBeGreaterThan(50);
    expect(answered.size).toBeLessThan(total);

    server = await startServer({ APP_MODE: "demo", DATABASE_PATH: dbPath });
    const db = openDatabase(dbPath, { readonly: true });
    await waitFor(() => (db.$client.prepare(`SELECT count(*) FROM webhook_inbox WHERE status = 'pending'`).pluck().get() as number) === 0);
    const stored = db.$client.prepare(`SELECT platform_id, count(*) AS n FROM contacts WHERE email LIKE 'stream-%' GROUP BY platform_id`).all() as { platform_id: string; n: number }[];
    const applied = new Set(stored.map((r) => Number(BigInt(r.platform_id) - 900000000000000000n)));
    for (const n of answered) expect(applied.has(n), `delivery ${n} was answered 200`).toBe(true);
    expect(stored.every((r) => r.n === 1)).toBe(true);
    expect(db.$client.prepare(`SELECT count(*) FROM webhook_inbox WHERE status <> 'processed' AND dedupe_key LIKE 'stream-%'`).pluck().get()).toBe(0);
    db.$client.close();
  });
});
