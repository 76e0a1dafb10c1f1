import express from "express";
import { createHmac, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setDb } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { DEMO_SHOPLINE_WEBHOOK_SECRET } from "../../app/platforms/shopline/config.server";
import { DEMO_WEBHOOK_SECRET, resetShopifyApp, shopify } from "../../app/shopify.server";
import type { Db } from "../../db/client.server";
import { MAX_WEBHOOK_BODY_BYTES, webhookIntakeRouter } from "../../webhooks/intake-http.server";
import { createTestDb } from "../helpers/test-db";
import { readWebhookFixture, signedShopifyWebhook } from "../helpers/webhooks";

/**
 * The webhook intake the server mounts ahead of Remix, over real HTTP on loopback: what each kind
 * of delivery is answered, what is stored, and that its answers are the ones Shopify's own
 * `authenticate.webhook` gives for the same requests.
 */

const SHOP = "http-intake.myshopify.com";
const BODY = readWebhookFixture("shopify/customers__update.json");

describe("webhook intake over HTTP", () => {
  let db: Db;
  let server: Server;
  let base = "";
  const inbox = () => db.$client.prepare(`SELECT * FROM webhook_inbox ORDER BY id`).all() as Record<string, unknown>[];

  /** Sends a delivery built for any URL to the intake on loopback (the body read as the bytes built). */
  async function send(request: Request): Promise<{ status: number; text: string }> {
    const url = new URL(request.url);
    const response = await fetch(`${base}${url.pathname}`, { method: request.method, headers: request.headers, body: request.method === "GET" ? undefined : Buffer.from(await request.arrayBuffer()) });
    return { status: response.status, text: await response.text() };
  }
  const shopifyDelivery = (options: Partial<Parameters<typeof signedShopifyWebhook>[1]> = {}) =>
    signedShopifyWebhook(`${base}/webhooks/shopify`, { topic: "customers/update", shop: SHOP, body: BODY, secret: DEMO_WEBHOOK_SECRET, ...options });

  beforeAll(async () => {
    vi.stubEnv("APP_MODE", "demo");
    resetEnvCache();
    resetShopifyApp();
    db = createTestDb();
    setDb(db);
    const app = express();
    app.use(webhookIntakeRouter());
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => setDb(db));
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    vi.unstubAllEnvs();
    resetEnvCache();
    resetShopifyApp();
    setDb(undefined);
  });

  it("stores a signed delivery byte for byte, then answers 200", async () => {
    const body = BODY.replace("Bob", "Bøb 🛍️");
    expect(await send(shopifyDelivery({ body, webhookId: "http-1", eventId: "http-ev-1" }))).toEqual({ status: 200, text: "" });
    const row = inbox().at(-1)!;
    expect(row).toMatchObject({ platform: "shopify", topic: "customers/update", dedupe_key: "http-ev-1", webhook_id: "http-1", api_version: "2026-10", status: "pending", body });
    expect(row.triggered_at).toBe(Date.parse("2026-11-28T12:00:00.123Z"));
  });

  it("answers a redelivery and a later replay 200 and stores the event once (the signature carries no time to check)", async () => {
    const before = inbox().length;
    for (const webhookId of ["replay-1", "replay-2", "replay-3"]) {
      expect((await send(shopifyDelivery({ webhookId, eventId: "replayed-event", triggeredAt: "2020-01-01T00:00:00Z" }))).status).toBe(200);
    }
    expect(inbox()).toHaveLength(before + 1);
  });

  it("refuses forged and tampered deliveries with 401 and deliveries missing what Shopify always sends with 400, storing nothing", async () => {
    const before = inbox().length;
    const signed = shopifyDelivery();
    expect((await send(new Request(signed.url, { method: "POST", headers: signed.headers, body: BODY.replace("Bob", "Rob") }))).status).toBe(401);
    expect((await send(shopifyDelivery({ secret: "another-app" }))).status).toBe(401);
    expect((await send(shopifyDelivery({ headers: { "X-Shopify-Hmac-Sha256": "not base64 at all" } }))).status).toBe(401);
    for (const header of ["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"]) {
      expect((await send(shopifyDelivery({ headers: { [header]: null } }))).status, header).toBe(400);
    }
    expect((await send(shopifyDelivery({ body: "" }))).status, "empty body").toBe(400);
    expect(inbox()).toHaveLength(before);
  });

  it("accepts a topic we never subscribed to with 200 and stores nothing", async () => {
    const before = inbox().length;
    expect((await send(shopifyDelivery({ topic: "products/create" }))).status).toBe(200);
    expect(inbox()).toHaveLength(before);
  });

  it("refuses a body over the limit with 413 before storing anything, and other methods with 405", async () => {
    const before = inbox().length;
    const huge = JSON.stringify({ id: 1, note: "x".repeat(MAX_WEBHOOK_BODY_BYTES) });
    const refused = await send(shopifyDelivery({ body: huge }));
    expect(refused.status).toBe(413);
    expect(refused.text).toContain(String(MAX_WEBHOOK_BODY_BYTES));
    expect(inbox()).toHaveLength(before);
    const get = await fetch(`${base}/webhooks/shopify`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("answers 500, never 200, when the delivery cannot be stored", async () => {
    const broken = createTestDb();
    broken.$client.close();
    setDb(broken);
    expect((await send(shopifyDelivery())).status).toBe(500);
  });

  it("answers every kind of delivery exactly as Shopify's authenticate.webhook does", async () => {
    const eventsStyle = (secret: string, drop?: string) => {
      const headers: Record<string, string> = {
        "content-type": "application/json", "shopify-hmac-sha256": createHmac("sha256", secret).update(BODY).digest("base64"), "shopify-topic": "customers/update",
        "shopify-shop-domain": SHOP, "shopify-api-version": "2026-10", "shopify-webhook-id": randomUUID(), "shopify-triggered-at": "2026-11-28T12:00:00Z",
      };
      if (drop) delete headers[drop];
      return new Request(`${base}/webhooks/shopify`, { method: "POST", headers, body: BODY });
    };
    const cases: [string, () => Request][] = [
      ["signed", () => shopifyDelivery()],
      ["lowercase header names", () => { const r = shopifyDelivery(); return new Request(r.url, { method: "POST", body: BODY, headers: [...r.headers].map(([k, v]): [string, string] => [k.toLowerCase(), v]) }); }],
      ["unsubscribed topic", () => shopifyDelivery({ topic: "products/create" })],
      ["wrong secret", () => shopifyDelivery({ secret: "forged" })],
      ["garbage HMAC", () => shopifyDelivery({ headers: { "X-Shopify-Hmac-Sha256": "x" } })],
      ["empty HMAC", () => shopifyDelivery({ headers: { "X-Shopify-Hmac-Sha256": "" } })],
      ["no HMAC", () => shopifyDelivery({ headers: { "X-Shopify-Hmac-Sha256": null } })],
      ["no topic", () => shopifyDelivery({ headers: { "X-Shopify-Topic": null } })],
      ["no domain", () => shopifyDelivery({ headers: { "X-Shopify-Shop-Domain": null } })],
      ["no API version", () => shopifyDelivery({ headers: { "X-Shopify-API-Version": null } })],
      ["no webhook id", () => shopifyDelivery({ headers: { "X-Shopify-Webhook-Id": null } })],
      ["empty body", () => shopifyDelivery({ body: "" })],
      ["Events style, signed", () => eventsStyle(DEMO_WEBHOOK_SECRET)],
      ["Events style, forged", () => eventsStyle("forged")],
      ["Events style, no webhook id", () => eventsStyle(DEMO_WEBHOOK_SECRET, "shopify-webhook-id")],
    ];
    for (const [name, build] of cases) {
      const library = await shopify().authenticate.webhook(build()).then(() => 200, (thrown: unknown) => (thrown instanceof Response ? thrown.status : Promise.reject(thrown)));
      expect((await send(build())).status, name).toBe(library);
    }
  });

  describe("SHOPLINE", () => {
    const shoplineDelivery = ({ secret = DEMO_SHOPLINE_WEBHOOK_SECRET, drop }: { secret?: string; drop?: string } = {}) => {
      const body = readWebhookFixture("shopline/customers__update.json");
      const headers: Record<string, string> = {
        "Content-Type": "application/json; charset=utf-8", "X-Shopline-Topic": "customers/update", "X-Shopline-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64"),
        "X-Shopline-Shop-Domain": "http-intake.myshopline.com", "X-Shopline-API-Version": "v20250601", "X-Shopline-Webhook-Id": randomUUID(),
      };
      if (drop) delete headers[drop];
      return new Request(`${base}/webhooks/shopline`, { method: "POST", headers, body });
    };

    it("stores a signed delivery and answers 200; names a missing header; refuses a forged one", async () => {
      const before = inbox().length;
      expect(await send(shoplineDelivery())).toEqual({ status: 200, text: "" });
      expect(inbox().at(-1)).toMatchObject({ platform: "shopline", topic: "customers/update", api_version: "v20250601" });
      expect(await send(shoplineDelivery({ drop: "X-Shopline-Webhook-Id" }))).toEqual({ status: 400, text: "Missing header: X-Shopline-Webhook-Id" });
      expect(await send(shoplineDelivery({ secret: "forged" }))).toEqual({ status: 401, text: "Unauthorized" });
      expect(inbox()).toHaveLength(before + 1);
      expect((await fetch(`${base}/webhooks/shopline`)).status).toBe(405);
    });
  });
});
