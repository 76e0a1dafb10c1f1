import { readdirSync, readFileSync } from "node:fs";
import { isLosslessNumber, parse } from "lossless-json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SHOPLINE_WEBHOOK_SECRET } from "../../app/platforms/shopline/config.server";
import { DEMO_WEBHOOK_SECRET } from "../../app/shopify.server";
import type { Db } from "../../db/client.server";
import { DEMO_ANCHOR, inboxDrained, startDemoServer, type DemoServer } from "../helpers/demo-server";
import type { RunningServer } from "../helpers/server";
import { readWebhookFixture, signedShopifyWebhook } from "../helpers/webhooks";

/**
 * Every published payload in tests/fixtures/webhooks, signed and sent over real HTTP to the real
 * server, lands where it should with its ids exact (18-digit ids would be rounded by JSON.parse).
 */
const SHOP = "fixtures.myshopify.com";
const GONE = "fixtures-gone.myshopify.com";
const FIXTURES = readdirSync(new URL("../fixtures/webhooks/shopify", import.meta.url)).filter((f) => f.endsWith(".json"));
/** The order the platform would have triggered them in (files are named `topic` with `/` as `__`). */
const ORDER = [
  "customers__create", "customers__update", "customers_email_marketing_consent__update", "customers_marketing_consent__update",
  "checkouts__create", "orders__create", "orders__updated", "orders__paid", "orders__fulfilled", "orders__cancelled",
  "carts__update", "customer.joined_segment", "customer.left_segment", "customers__data_request", "customers__redact", "customers__delete",
];
const SEPARATE_SHOP = ["app__uninstalled", "shop__redact"]; // they end the shop's life, so they go to their own shop
const NOT_SUBSCRIBED = ["carts__update", "customer.joined_segment", "customer.left_segment"];

const topicOf = (file: string) => file.replace(/\.json$/, "").replace("__", "/");
const ids = (body: string) => parse(body) as Record<string, unknown>;
const idText = (value: unknown) => (isLosslessNumber(value) ? value.toString() : String(value));

describe("the published webhook payloads over real HTTP", () => {
  let demo: DemoServer;
  let server: RunningServer;
  let db: Db;
  const one = <T>(query: string, ...params: unknown[]) => db.$client.prepare(query).get(...params) as T;

  beforeAll(async () => {
    demo = await startDemoServer({ anchor: DEMO_ANCHOR });
    ({ server, db } = demo);
  });
  afterAll(() => demo?.stop());

  const send = (file: string, shop: string, second: number) =>
    fetch(
      signedShopifyWebhook(`${server.url}/webhooks/shopify`, {
        topic: topicOf(file),
        shop,
        body: readWebhookFixture(`shopify/${file}.json`),
        secret: DEMO_WEBHOOK_SECRET,
        webhookId: `${shop}-${file}`,
        triggeredAt: new Date(Date.UTC(2026, 10, 28, 12, 0, second)).toISOString(),
      }),
    );

  const drained = () => inboxDrained(db, { timeoutMs: 30_000 });

  it("covers every Shopify fixture in this test", () => {
    expect([...ORDER, ...SEPARATE_SHOP].sort()).toEqual(FIXTURES.map((f) => f.replace(/\.json$/, "")).sort());
  });

  it("accepts each signed delivery with 200 and applies every subscribed topic without an error", async () => {
    for (const [second, file] of ORDER.entries()) expect((await send(file, SHOP, second)).status, file).toBe(200);
    await drained();
    const rows = db.$client.prepare(`SELECT topic, status, last_error FROM webhook_inbox w JOIN shops s ON s.id = w.shop_id WHERE s.domain = ? ORDER BY w.id`).all(SHOP);
    const subscribed = ORDER.filter((f) => !NOT_SUBSCRIBED.includes(f));
    expect(rows).toEqual(subscribed.map((file) => ({ topic: topicOf(file), status: "processed", last_error: null })));
  });

  it("lands the customer with its exact id and profile, then keeps its tombstone after customers/delete", () => {
    const customer = ids(readWebhookFixture("shopify/customers__create.json"));
    const row = one<Record<string, unknown>>(
      `SELECT c.platform_id, c.first_name, c.last_name, c.deleted_at FROM contacts c JOIN shops s ON s.id = c.shop_id WHERE s.domain = ? AND c.platform_id = ?`,
      SHOP, idText(customer.id),
    );
    expect(idText(customer.id)).toBe("706405506930370084");
    expect(row).toMatchObject({ platform_id: "706405506930370084", first_name: "Bob", last_name: "Biller" });
    expect(row.deleted_at).not.toBeNull();
  });

  it("lands the order with its exact id, its lines' exact ids, and its cancellation", () => {
    const order = ids(readWebhookFixture("shopify/orders__cancelled.json")) as { id: unknown; line_items: { id: unknown }[] };
    const stored = one<{ id: number; platform_id: string; cancelled_at: number | null }>(
      `SELECT o.id, o.platform_id, o.cancelled_at FROM orders o JOIN shops s ON s.id = o.shop_id WHERE s.domain = ? AND o.platform_id = ?`, SHOP, idText(order.id),
    );
    expect(stored).toMatchObject({ platform_id: "820982911946154508" });
    expect(stored.cancelled_at).not.toBeNull();
    const lines = (db.$client.prepare(`SELECT platform_id FROM order_lines WHERE order_id = ? ORDER BY platform_id`).all(stored.id) as { platform_id: string }[]).map((l) => l.platform_id);
    expect(lines).toEqual(order.line_items.map((l) => idText(l.id)).sort());
    expect(lines.every((id) => /^\d{15,}$/.test(id))).toBe(true);
  });

  it("stores the checkout under its token", () => {
    const checkout = ids(readWebhookFixture("shopify/checkouts__create.json")) as { token: unknown };
    expect(one(`SELECT count(*) AS n FROM checkouts c JOIN shops s ON s.id = c.shop_id WHERE s.domain = ? AND c.platform_id = ?`, SHOP, idText(checkout.token))).toEqual({ n: 1 });
  });

  it("answers the data request with a stored export for the customer it names", () => {
    const request = ids(readWebhookFixture("shopify/customers__data_request.json")) as { customer: { id: unknown } };
    const row = one<{ n: number }>(
      `SELECT count(*) AS n FROM data_requests d JOIN shops s ON s.id = d.shop_id WHERE s.domain = ? AND d.customer_platform_id = ?`, SHOP, idText(request.customer.id),
    );
    expect(row.n).toBe(1);
  });

  it("stops a shop at app/uninstalled and erases all of it at shop/redact", async () => {
    expect((await send("customers__create", GONE, 0)).status).toBe(200);
    await drained();
    expect(one(`SELECT count(*) AS n FROM contacts c JOIN shops s ON s.id = c.shop_id WHERE s.domain = ?`, GONE)).toEqual({ n: 1 });
    for (const [i, file] of SEPARATE_SHOP.entries()) expect((await send(file, GONE, i + 1)).status, file).toBe(200);
    await drained();
    expect(one(`SELECT count(*) AS n FROM contacts c JOIN shops s ON s.id = c.shop_id WHERE s.domain = ?`, GONE)).toEqual({ n: 0 });
    // the other shops' data is untouched
    expect(one<{ n: number }>(`SELECT count(*) AS n FROM contacts c JOIN shops s ON s.id = c.shop_id WHERE s.domain = ?`, SHOP).n).toBeGreaterThan(0);
  });

  it("lands SHOPLINE's public sample, signed in hex, with its exact id", async () => {
    const body = readFileSync(new URL("../fixtures/webhooks/shopline/customers__update.json", import.meta.url), "utf8");
    const { createHmac } = await import("node:crypto");
    const response = await fetch(`${server.url}/webhooks/shopline`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopline-Topic": "customers/update",
        "X-Shopline-Hmac-Sha256": createHmac("sha256", DEMO_SHOPLINE_WEBHOOK_SECRET).update(body, "utf8").digest("hex"),
        "X-Shopline-Shop-Domain": "fixtures.myshopline.com",
        "X-Shopline-Webhook-Id": "fixture-1",
      },
    });
    expect(response.status).toBe(200);
    await drained();
    const customer = ids(body) as { id: unknown };
    const row = one<{ platform: string; platform_id: string }>(
      `SELECT s.platform, c.platform_id FROM contacts c JOIN shops s ON s.id = c.shop_id WHERE s.domain = 'fixtures.myshopline.com' AND c.platform_id = ?`, idText(customer.id),
    );
    expect(row).toEqual({ platform: "shopline", platform_id: idText(customer.id) });
  });
});
