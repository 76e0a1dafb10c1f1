import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_WEBHOOK_SECRET } from "../../app/shopify.server";
import { countNeedlesInFiles } from "../../app/sync/compliance-erasure.server";
import type { Db } from "../../db/client.server";
import { DEMO_ANCHOR, inboxDrained, startDemoServer, waitUntil, type DemoServer } from "../helpers/demo-server";
import type { RunningServer } from "../helpers/server";
import { readWebhookFixture, signedShopifyWebhook } from "../helpers/webhooks";

/**
 * Privacy erasure, checked where it matters: the bytes on disk. Personal data is delivered over
 * signed HTTP to the real server, updated so that stale copies exist (old cells, old WAL frames,
 * an email changed since), then erased by customers/redact and shop/redact; afterwards neither the
 * database file nor its WAL may contain any of it.
 */

const DEMO_SHOP = "demo-outfitters.myshopify.com";
const LEAVING_SHOP = "zq-leaving-outfitters.myshopify.com";

type Person = { id: string; email: string; phone: string; addressPhone: string; first: string; last: string; street: string };

/** Shopify's customer sample with this person's data (every occurrence replaced textually: 18-digit ids stay exact). */
function customerBody(p: Person, { first = p.first, email = p.email, updatedAt }: { first?: string; email?: string; updatedAt: string }): string {
  return readWebhookFixture("shopify/customers__create.json")
    .split("706405506930370084").join(p.id)
    .split("bob@biller.com").join(email)
    .split("Bob").join(first)
    .split("Biller").join(p.last)
    .split("151 O'Connor Street").join(p.street)
    .split("555-555-5555").join(p.addressPhone)
    .split('"phone": null').join(`"phone": "${p.phone}"`)
    .split('"updated_at": "2021-12-31T19:00:00-05:00"').join(`"updated_at": "${updatedAt}"`);
}

function orderBody(p: Person, orderId: string): string {
  return readWebhookFixture("shopify/orders__create.json")
    .split("820982911946154508").join(orderId)
    .split("115310627314723954").join(p.id)
    .split("john@example.com").join(p.email)
    .split("jon@example.com").join(p.email);
}

const needlesOf = (p: Person, ...more: string[]) => [p.email, p.phone, p.addressPhone, p.first, p.last, p.street, ...more];

describe("erasure leaves no personal bytes on disk", () => {
  let demo: DemoServer;
  let server: RunningServer;
  let db: Db;
  let files: string[];
  let seq = 0;

  const flushes = () => server.logs.filter((line) => line.includes("erased data flushed from disk")).map((line) => JSON.parse(line) as { remaining: number; vacuumed: boolean });
  const found = async (needles: string[]) => {
    const hits: string[] = [];
    for (const needle of needles) if ((await countNeedlesInFiles(files, [Buffer.from(needle, "utf8")])) > 0) hits.push(needle);
    return hits;
  };

  async function send(shop: string, topic: string, body: string): Promise<void> {
    const response = await fetch(signedShopifyWebhook(`${server.url}/webhooks/shopify`, { topic, shop, body, secret: DEMO_WEBHOOK_SECRET, webhookId: `compliance-${++seq}` }));
    expect(response.status, `${topic} answered`).toBe(200);
    await inboxDrained(db);
  }

  beforeAll(async () => {
    demo = await startDemoServer({ anchor: DEMO_ANCHOR });
    ({ server, db } = demo);
    files = [demo.databasePath, `${demo.databasePath}-wal`];
  });
  afterAll(() => demo?.stop());

  it("customers/redact: the customer's email, phones, names and address are gone from the file and the WAL; the shop's other customers stay", async () => {
    const zenobia: Person = {
      id: "917305506930370011", email: "zenobia.quartzfield@example.net", phone: "+16135557788", addressPhone: "613-555-7799",
      first: "Zenobiaxx", last: "Quartzfieldine", street: "42 Zyxwvut Lane",
    };
    const oldEmail = "old.zenobia.quartzfield@example.net";
    const demoShop = db.$client.prepare(`SELECT id, pixel_key FROM shops WHERE domain = ?`).get(DEMO_SHOP) as { id: number; pixel_key: string };
    const liveContacts = () => db.$client.prepare(`SELECT count(*) FROM contacts WHERE shop_id = ? AND redacted_at IS NULL`).pluck().get(demoShop.id) as number;
    const before = liveContacts();

    // created with an old email, then updated three times: stale copies of every version exist
    await send(DEMO_SHOP, "customers/create", customerBody(zenobia, { email: oldEmail, first: "Zenobiaww", updatedAt: "2026-11-20T10:00:00Z" }));
    await send(DEMO_SHOP, "customers/update", customerBody(zenobia, { first: "Zenobiayy", updatedAt: "2026-11-21T10:00:00Z" }));
    await send(DEMO_SHOP, "customers/update", customerBody(zenobia, { first: "Zenobiazz", updatedAt: "2026-11-22T10:00:00Z" }));
    await send(DEMO_SHOP, "customers/update", customerBody(zenobia, { updatedAt: "2026-11-23T10:00:00Z" }));
    await send(DEMO_SHOP, "orders/create", orderBody(zenobia, "917382911946154508"));
    const pixel = await fetch(`${server.url}/pixel/events`, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({
        accountID: demoShop.pixel_key,
        events: [1, 2, 3].map((n) => ({ id: `zq-${n}`, name: "page_viewed", timestamp: new Date().toISOString(), clientId: "zq-browser-7781", customerId: zenobia.id })),
      }),
    });
    expect(await pixel.json()).toEqual({ accepted: 3, duplicates: 0 });
    const contact = db.$client.prepare(`SELECT id, email, first_name FROM contacts WHERE shop_id = ? AND platform_id = ?`).get(demoShop.id, zenobia.id) as { id: number; email: string; first_name: string };
    expect(contact).toMatchObject({ email: zenobia.email, first_name: zenobia.first });
    expect(db.$client.prepare(`SELECT count(*) FROM events WHERE contact_id = ?`).pluck().get(contact.id)).toBe(3);
    const needles = needlesOf(zenobia, oldEmail, "Zenobiaww", "Zenobiayy", "Zenobiazz", "zq-browser-7781");
    expect(await found(needles)).toEqual(needles);

    const redact = JSON.stringify({ shop_id: 954889, shop_domain: DEMO_SHOP, customer: { id: zenobia.id, email: zenobia.email, phone: zenobia.phone }, orders_to_redact: ["917382911946154508"] })
      .replace(`"${zenobia.id}"`, zenobia.id); // Shopify sends ids as JSON numbers
    await send(DEMO_SHOP, "customers/redact", redact);
    await waitUntil("the erasure flush", () => flushes().length >= 1);
    expect(flushes()[0]).toMatchObject({ remaining: 0 });

    expect(await found(needles)).toEqual([]);
    expect(db.$client.prepare(`SELECT email, first_name, redacted_at IS NOT NULL AS redacted FROM contacts WHERE id = ?`).get(contact.id)).toEqual({ email: null, first_name: null, redacted: 1 });
    expect(db.$client.prepare(`SELECT count(*) FROM orders WHERE platform_id = '917382911946154508'`).pluck().get()).toBe(1);
    expect(liveContacts()).toBe(before);
    expect(server.logs.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });

  it("shop/redact: nothing of the shop is left in the file or the WAL; the demo shop is untouched", async () => {
    const marlowe: Person = {
      id: "917305506930370022", email: "marlowe.tessaractin@example.net", phone: "+16135554411", addressPhone: "613-555-4422",
      first: "Marlowexx", last: "Tessaractin", street: "7 Qwvxyz Crescent",
    };
    const demoContacts = () => db.$client.prepare(`SELECT count(*) FROM contacts c JOIN shops s ON s.id = c.shop_id WHERE s.domain = ?`).pluck().get(DEMO_SHOP) as number;
    const before = demoContacts();
    await send(LEAVING_SHOP, "customers/create", customerBody(marlowe, { updatedAt: "2026-11-20T10:00:00Z" }));
    await send(LEAVING_SHOP, "customers/update", customerBody(marlowe, { first: "Marloweyy", updatedAt: "2026-11-21T10:00:00Z" }));
    await send(LEAVING_SHOP, "orders/create", orderBody(marlowe, "917382911946154599"));
    const needles = needlesOf({ ...marlowe, first: "Marloweyy" }, "Marlowexx", LEAVING_SHOP);
    expect(await found(needles)).toEqual(needles);

    await send(LEAVING_SHOP, "app/uninstalled", readWebhookFixture("shopify/app__uninstalled.json"));
    const flushed = flushes().length;
    await send(LEAVING_SHOP, "shop/redact", JSON.stringify({ shop_id: 954889, shop_domain: LEAVING_SHOP }));
    await waitUntil("the erasure flush", () => flushes().length > flushed);
    expect(flushes().at(-1)).toMatchObject({ vacuumed: true, remaining: 0 });

    expect(db.$client.prepare(`SELECT count(*) FROM shops WHERE domain = ?`).pluck().get(LEAVING_SHOP)).toBe(0);
    expect(await found(needles)).toEqual([]);
    expect(demoContacts()).toBe(before);
  });
});
