import { parse } from "lossless-json";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { setDb } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { action } from "../../app/routes/webhooks.shopify";
import { DEMO_WEBHOOK_SECRET, resetShopifyApp } from "../../app/shopify.server";
import type { Db } from "../../db/client.server";
import { parseTriggeredAt } from "../../webhooks/inbox";
import { createTestDb } from "../helpers/test-db";
import { readWebhookFixture, shopifyHmac, signedShopifyWebhook } from "../helpers/webhooks";

const URL_ = "http://localhost:3000/webhooks/shopify";
const SHOP = "intake-test.myshopify.com";

async function deliver(request: Request): Promise<number> {
  try {
    return (await action({ request, params: {}, context: {} })).status;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("Shopify webhook intake", () => {
  let db: Db;
  const inbox = () => db.$client.prepare(`SELECT * FROM webhook_inbox ORDER BY id`).all() as Record<string, unknown>[];

  beforeAll(() => {
    vi.stubEnv("APP_MODE", "demo");
    resetEnvCache();
    resetShopifyApp();
    db = createTestDb();
    setDb(db);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
    resetShopifyApp();
    setDb(undefined);
  });

  it("stores a signed delivery byte for byte before answering 200, with its 18-digit ids intact", async () => {
    const body = readWebhookFixture("shopify/customers__create.json");
    const status = await deliver(signedShopifyWebhook(URL_, { topic: "customers/create", shop: SHOP, body, secret: DEMO_WEBHOOK_SECRET, webhookId: "wh-1", eventId: "ev-1" }));
    expect(status).toBe(200);
    const rows = inbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ platform: "shopify", topic: "customers/create", dedupe_key: "ev-1", webhook_id: "wh-1", status: "pending", api_version: "2026-10" });
    expect(rows[0].body).toBe(body);
    expect(rows[0].triggered_at).toBe(Date.parse("2026-11-28T12:00:00.123Z"));
    const payload = parse(String(rows[0].body)) as { id: { toString(): string } };
    expect(payload.id.toString()).toBe("706405506930370084");
    expect(JSON.parse(String(rows[0].body)).id.toString()).not.toBe("706405506930370084"); // why the raw body is kept
    const shop = db.$client.prepare(`SELECT platform, domain FROM shops WHERE id = ?`).get(rows[0].shop_id);
    expect(shop).toEqual({ platform: "shopify", domain: SHOP });
  });

  it("stores a redelivery of the same event once", async () => {
    const body = readWebhookFixture("shopify/customers__create.json");
    for (const webhookId of ["wh-1", "wh-1-retry"]) {
      expect(await deliver(signedShopifyWebhook(URL_, { topic: "customers/create", shop: SHOP, body, secret: DEMO_WEBHOOK_SECRET, webhookId, eventId: "ev-1" }))).toBe(200);
    }
    expect(inbox()).toHaveLength(1);
  });

  it("keys deliveries without an event id on the delivery id", async () => {
    const body = readWebhookFixture("shopify/orders__create.json");
    for (let i = 0; i < 2; i++) {
      await deliver(signedShopifyWebhook(URL_, { topic: "orders/create", shop: SHOP, body, secret: DEMO_WEBHOOK_SECRET, webhookId: "wh-order" }));
    }
    expect(inbox().filter((r) => r.topic === "orders/create").map((r) => r.dedupe_key)).toEqual(["wh-order"]);
  });

  it("rejects a tampered body, a wrong secret and a missing header, and stores nothing", async () => {
    const before = inbox().length;
    const body = readWebhookFixture("shopify/customers__update.json");
    const signed = signedShopifyWebhook(URL_, { topic: "customers/update", shop: SHOP, body, secret: DEMO_WEBHOOK_SECRET });
    const tampered = new Request(URL_, { method: "POST", headers: signed.headers, body: body.replace("Bob", "Rob") });
    expect(await deliver(tampered)).toBe(401);
    expect(await deliver(signedShopifyWebhook(URL_, { topic: "customers/update", shop: SHOP, body, secret: "another-app" }))).toBe(401);
    expect(await deliver(signedShopifyWebhook(URL_, { topic: "customers/update", shop: SHOP, body, secret: DEMO_WEBHOOK_SECRET, headers: { "X-Shopify-Webhook-Id": null } }))).toBe(400);
    const redact = readWebhookFixture("shopify/customers__redact.json");
    expect(await deliver(signedShopifyWebhook(URL_, { topic: "customers/redact", shop: SHOP, body: redact, secret: "forged" }))).toBe(401);
    expect(inbox()).toHaveLength(before);
  });

  it("accepts but does not store a topic we never subscribed to", async () => {
    const before = inbox().length;
    expect(await deliver(signedShopifyWebhook(URL_, { topic: "products/create", shop: SHOP, body: "{}", secret: DEMO_WEBHOOK_SECRET }))).toBe(200);
    expect(inbox()).toHaveLength(before);
  });

  it("reads Shopify's microsecond trigger times", () => {
    expect(parseTriggeredAt("2025-07-10T16:15:47.000000Z")).toBe(Date.parse("2025-07-10T16:15:47Z"));
    expect(parseTriggeredAt("garbage")).toBeNull();
    expect(parseTriggeredAt(null)).toBeNull();
  });
});

type ShopifyVector = { id: string; platform: string; secret: string; body: string; expected_digest?: string; provided_digest?: string; expected_valid: boolean; other_headers_in_test?: Record<string, string> };
const SHOPIFY_VECTORS = (JSON.parse(readWebhookFixture("hmac-vectors.json")) as { vectors: ShopifyVector[] }).vectors.filter((v) => v.platform === "shopify");

describe("Shopify's published HMAC vectors, through our route with the app secret they were made with", () => {
  beforeAll(() => setDb(createTestDb()));
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
    resetShopifyApp();
  });
  afterAll(() => setDb(undefined));

  it.each(SHOPIFY_VECTORS.map((v) => [v.id, v] as const))("%s", async (_id, vector) => {
    const production = { APP_MODE: "production", DATABASE_PATH: ":memory:", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: vector.secret, SHOPIFY_APP_URL: "https://app.example.com" };
    for (const [key, value] of Object.entries(production)) vi.stubEnv(key, value);
    resetEnvCache();
    resetShopifyApp();
    const digest = vector.expected_digest ?? vector.provided_digest!;
    if (vector.expected_digest) expect(shopifyHmac(vector.body, vector.secret)).toBe(vector.expected_digest); // our test signer agrees too
    const request = signedShopifyWebhook(URL_, {
      topic: "products/create", // not one we subscribe to: a valid one is answered 200 and not stored
      shop: "shop1.myshopify.com",
      body: vector.body,
      secret: vector.secret,
      headers: { "X-Shopify-Hmac-Sha256": digest, "X-Shopify-API-Version": vector.other_headers_in_test?.["X-Shopify-API-Version"] ?? "2026-10" },
    });
    expect(await deliver(request)).toBe(vector.expected_valid ? 200 : 401);
  });
});
