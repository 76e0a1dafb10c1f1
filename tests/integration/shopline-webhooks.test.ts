import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setDb } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { DEMO_SHOPLINE_WEBHOOK_SECRET } from "../../app/platforms/shopline/config.server";
import { ShoplineCustomerSchema, shoplineCustomerUpsert, shoplineTime } from "../../app/platforms/shopline/customers";
import { verifyShoplineWebhook } from "../../app/platforms/shopline/verify";
import { action, loader } from "../../app/routes/webhooks.shopline";
import type { Db } from "../../db/client.server";
import { SHOPLINE_HANDLERS } from "../../webhooks/handlers/shopline";
import { processInbox } from "../../webhooks/process.server";
import { createTestDb } from "../helpers/test-db";
import { readWebhookFixture } from "../helpers/webhooks";

const URL_ = "http://localhost:3000/webhooks/shopline";
const SHOP = "intake-test.myshopline.com";
const SAMPLE = readWebhookFixture("shopline/customers__update.json");

type Vector = { platform: string; secret: string; body?: string; expected_digest?: string; cases?: { provided_digest: string; message: string }[] };
const VECTORS = (JSON.parse(readFileSync(new URL("../fixtures/webhooks/hmac-vectors.json", import.meta.url), "utf8")) as { vectors: Vector[] }).vectors.filter((v) => v.platform === "shopline");

const hmac = (body: string, secret: string, encoding: "hex" | "base64") => createHmac("sha256", secret).update(body, "utf8").digest(encoding);

/** A SHOPLINE delivery as the docs describe it: raw body, HMAC header, the seven X-Shopline-* headers. */
function shoplineRequest(
  { topic, body, secret = DEMO_SHOPLINE_WEBHOOK_SECRET, encoding = "base64", webhookId = randomUUID(), headers = {}, method = "POST" }:
  { topic: string; body: string; secret?: string; encoding?: "hex" | "base64"; webhookId?: string; headers?: Record<string, string | null>; method?: string },
): Request {
  const all: Record<string, string | null> = {
    "Content-Type": "application/json; charset=utf-8",
    "X-Shopline-Topic": topic,
    "X-Shopline-Hmac-Sha256": hmac(body, secret, encoding),
    "X-Shopline-Shop-Domain": SHOP,
    "X-Shopline-Shop-Id": "1610418123456",
    "X-Shopline-Merchant-Id": "2000001234",
    "X-Shopline-API-Version": "v20250601",
    "X-Shopline-Webhook-Id": webhookId,
    ...headers,
  };
  const present = Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null);
  return new Request(URL_, { method, body: method === "GET" ? undefined : body, headers: present });
}

async function deliver(request: Request): Promise<{ status: number; text: string }> {
  const response = await action({ request, params: {}, context: {} });
  return { status: response.status, text: await response.text() };
}

describe("SHOPLINE webhook signatures", () => {
  it("accepts the SDK's vector in hex (either case) and base64, and rejects all its negative cases", () => {
    const valid = VECTORS.find((v) => v.expected_digest)!;
    expect(valid.expected_digest).toBe(hmac(valid.body!, valid.secret, "hex"));
    expect(verifyShoplineWebhook(valid.body!, valid.expected_digest, valid.secret)).toBe(true);
    expect(verifyShoplineWebhook(valid.body!, valid.expected_digest!.toUpperCase(), valid.secret)).toBe(true);
    expect(verifyShoplineWebhook(valid.body!, Buffer.from(valid.expected_digest!, "hex").toString("base64"), valid.secret)).toBe(true);
    expect(verifyShoplineWebhook(Buffer.from(valid.body!, "utf8"), valid.expected_digest, valid.secret)).toBe(true);
    // the Go test signs the JSON string literal, quotes included: the bare text is another body
    expect(verifyShoplineWebhook("my secret message", valid.expected_digest, valid.secret)).toBe(false);
    expect(verifyShoplineWebhook(valid.body!, valid.expected_digest, "another-secret")).toBe(false);

    const negatives = VECTORS.flatMap((v) => v.cases ?? []);
    expect(negatives).toHaveLength(5);
    for (const { provided_digest, message } of negatives) {
      for (const body of [message, JSON.stringify(message)]) {
        expect(() => verifyShoplineWebhook(body, provided_digest, VECTORS[0].secret)).not.toThrow();
        expect(verifyShoplineWebhook(body, provided_digest, VECTORS[0].secret), provided_digest).toBe(false);
      }
    }
  });

  it("never throws on odd lengths and rejects a digest one character off", () => {
    const digest = hmac("{}", "s", "hex");
    for (const header of [null, undefined, "", "=", digest.slice(1), `${digest}0`, `${digest.slice(0, -1)}${digest.endsWith("0") ? "1" : "0"}`, "x".repeat(10_000)]) {
      expect(verifyShoplineWebhook("{}", header, "s")).toBe(false);
    }
    expect(verifyShoplineWebhook("{}", digest, "")).toBe(false);
  });
});

describe("SHOPLINE webhook intake", () => {
  let db: Db;
  const inbox = () => db.$client.prepare(`SELECT * FROM webhook_inbox ORDER BY id`).all() as Record<string, unknown>[];
  const process = () => processInbox(db, { now: Date.parse("2026-11-28T12:00:00Z"), handlers: { shopify: {}, shopline: SHOPLINE_HANDLERS } });
  const contact = (platformId: string) => db.$client.prepare(`SELECT * FROM contacts WHERE platform_id = ?`).get(platformId) as Record<string, unknown>;

  beforeAll(() => {
    vi.stubEnv("APP_MODE", "demo");
    resetEnvCache();
  });
  beforeEach(() => {
    db = createTestDb();
    setDb(db);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
    setDb(undefined);
  });

  it("lands the public sample as a contact with its fields, signed in base64 or in hex", async () => {
    expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, encoding: "base64", webhookId: "b54557e48a5fbf7d70bcd043" }))).status).toBe(200);
    expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, encoding: "hex", webhookId: "wh-hex" }))).status).toBe(200);
    const rows = inbox();
    expect(rows.map((r) => [r.platform, r.topic, r.dedupe_key, r.api_version, r.triggered_at])).toEqual([
      ["shopline", "customers/update", "b54557e48a5fbf7d70bcd043", "v20250601", null],
      ["shopline", "customers/update", "wh-hex", "v20250601", null],
    ]);
    expect(rows[0].body).toBe(SAMPLE);
    expect(db.$client.prepare(`SELECT platform, domain FROM shops WHERE id = ?`).get(rows[0].shop_id)).toEqual({ platform: "shopline", domain: SHOP });

    expect(process()).toMatchObject({ processed: 2, failed: 0 });
    expect(contact("421475190")).toMatchObject({
      shop_id: rows[0].shop_id,
      email: "test1@joyy.com",
      first_name: "test1",
      last_name: null,
      gender: "other",
      language: "en",
      country_code: null,
      city: null,
      account_state: null,
      is_member: 0,
      created_at: Date.parse("2023-05-10T09:00:01Z"),
      profile_source_at: Date.parse("2023-05-26T11:25:47Z") * 1000,
      email_consent: "subscribed",
      email_consent_at: Date.parse("2023-05-10T09:00:01Z"),
      sms_consent: "not_subscribed",
      deleted_at: null,
    });
  });

  it("stores a redelivery (same X-Shopline-Webhook-Id) once", async () => {
    for (let i = 0; i < 3; i++) expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, webhookId: "resent-1" }))).status).toBe(200);
    expect(inbox()).toHaveLength(1);
  });

  it("rejects tampered, wrongly signed and incomplete requests and stores nothing", async () => {
    const signed = shoplineRequest({ topic: "customers/update", body: SAMPLE });
    const tampered = new Request(URL_, { method: "POST", headers: signed.headers, body: SAMPLE.replace("test1@joyy.com", "evil@joyy.com") });
    expect((await deliver(tampered)).status).toBe(401);
    expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, secret: "another-app" }))).status).toBe(401);
    expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, secret: "another-app", encoding: "hex" }))).status).toBe(401);
    expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, headers: { "X-Shopline-Hmac-Sha256": "XWmrwMey6OsLMeiZKwP4FppHH3cmAiiJJAweH5Jo4bM=" } }))).status).toBe(401);
    const missing = await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, headers: { "X-Shopline-Webhook-Id": null, "X-Shopline-Shop-Domain": "" } }));
    expect(missing).toEqual({ status: 400, text: "Missing headers: X-Shopline-Shop-Domain, X-Shopline-Webhook-Id" });
    expect(await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, headers: { "X-Shopline-Hmac-Sha256": null } }))).toEqual({ status: 400, text: "Missing header: X-Shopline-Hmac-Sha256" });
    expect(inbox()).toHaveLength(0);
    expect(db.$client.prepare(`SELECT count(*) AS n FROM shops`).get()).toEqual({ n: 0 });
  });

  it("answers 405 to other methods and ignores topics it does not take in", async () => {
    const get = loader();
    expect([get.status, get.headers.get("Allow")]).toEqual([405, "POST"]);
    expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, method: "PUT" }))).status).toBe(405);
    expect((await deliver(shoplineRequest({ topic: "products/create", body: "{}" }))).status).toBe(200);
    expect(inbox()).toHaveLength(0);
  });

  it("answers 401 to everything in production without SHOPLINE_APP_SECRET, and verifies with it when set", async () => {
    const production = { APP_MODE: "production", DATABASE_PATH: ":memory:", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example.com" };
    for (const [key, value] of Object.entries(production)) vi.stubEnv(key, value);
    try {
      resetEnvCache();
      expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE }))).status).toBe(401);
      expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, headers: { "X-Shopline-Topic": null } }))).status).toBe(401);
      vi.stubEnv("SHOPLINE_APP_SECRET", "partner-portal-secret");
      resetEnvCache();
      expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE }))).status).toBe(401); // demo secret
      expect((await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE, secret: "partner-portal-secret", encoding: "hex" }))).status).toBe(200);
      expect(inbox()).toHaveLength(1);
    } finally {
      vi.unstubAllEnvs();
      vi.stubEnv("APP_MODE", "demo");
      resetEnvCache();
    }
  });

  it("lands an order built from the documented fields with its lines, its customer and later changes", async () => {
    const product = "16058287356753569620272670"; // a 26-digit SHOPLINE product id, from the docs' examples
    const order = (changes: Record<string, unknown>) => JSON.stringify({
      id: "21059335811163738161", name: "#1001", email: "Buyer@Example.com", currency: "USD",
      total_price: "27.50", current_total_price: "27.50", subtotal_price: "25.00", total_discounts: "2.50",
      financial_status: "paid", fulfillment_status: null, cart_token: "c2c4a58186b9d96395d7e6b5c2969577",
      created_at: "2026-11-20T10:00:00+08:00", processed_at: "2026-11-20T10:00:05+08:00", updated_at: "2026-11-20T10:01:00+08:00", cancelled_at: null,
      discount_codes: [{ code: "WELCOME10", amount: "2.50", type: "fixed_amount" }],
      customer: { id: "4200000001", first_name: "Mei", last_name: "Lin", phone: "008613978653472", accepts_marketing: true },
      line_items: [
        { id: "413", product_id: product, variant_id: "18058287356753569620272670", name: "Tote - Blue", title: "Tote", quantity: 2, price: "8.00", total_discount: "1.00" },
        { id: "414", product_id: "16058287356753569620272671", variant_id: null, title: "Cap", quantity: 1, price: "9.00", total_discount: "0.00" },
      ],
      ...changes,
    });
    expect((await deliver(shoplineRequest({ topic: "orders/create", body: order({}) }))).status).toBe(200);
    expect(process()).toMatchObject({ processed: 1, failed: 0 });
    const row = db.$client.prepare(`SELECT * FROM orders WHERE platform_id = ?`).get("21059335811163738161") as Record<string, unknown>;
    expect(row).toMatchObject({
      name: "#1001", currency: "USD", total_minor: 2750, subtotal_minor: 2500, discount_minor: 250, financial_status: "paid",
      discount_codes: JSON.stringify(["WELCOME10"]), placed_at: Date.parse("2026-11-20T02:00:05Z"), cancelled_at: null,
      source_updated_at: Date.parse("2026-11-20T02:01:00Z") * 1000,
    });
    const lines = db.$client.prepare(`SELECT l.platform_id, l.platform_product_id, l.platform_variant_id, l.title, l.quantity, l.price_minor, l.total_minor, p.platform_id AS product
      FROM order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE l.order_id = ? ORDER BY l.platform_id`).all(row.id);
    expect(lines).toEqual([
      { platform_id: "413", platform_product_id: product, platform_variant_id: "18058287356753569620272670", title: "Tote", quantity: 2, price_minor: 800, total_minor: 1500, product },
      { platform_id: "414", platform_product_id: "16058287356753569620272671", platform_variant_id: null, title: "Cap", quantity: 1, price_minor: 900, total_minor: 900, product: "16058287356753569620272671" },
    ]);
    expect(contact("4200000001")).toMatchObject({ id: row.contact_id, email: "buyer@example.com", phone: "+8613978653472", email_consent: "subscribed", orders_count: 1, total_spent_minor: 2750 });

    // the other spelling of the update topic; a cancellation stops the order counting
    expect((await deliver(shoplineRequest({ topic: "orders/update", body: order({ updated_at: "2026-11-21T09:00:00+08:00", cancelled_at: "2026-11-21T09:00:00+08:00" }) }))).status).toBe(200);
    expect((await deliver(shoplineRequest({ topic: "orders/updated", body: order({}) }))).status).toBe(200); // stale
    expect(process()).toMatchObject({ processed: 2, failed: 0 });
    expect(db.$client.prepare(`SELECT cancelled_at FROM orders WHERE id = ?`).get(row.id)).toEqual({ cancelled_at: Date.parse("2026-11-21T01:00:00Z") });
    expect(contact("4200000001")).toMatchObject({ orders_count: 0, total_spent_minor: 0 });

    // an order without a currency fails its delivery and changes nothing
    expect((await deliver(shoplineRequest({ topic: "orders/paid", body: order({ id: "77", currency: null }) }))).status).toBe(200);
    expect(process()).toMatchObject({ processed: 0, failed: 1 });
    expect(db.$client.prepare(`SELECT count(*) AS n FROM orders WHERE platform_id = '77'`).get()).toEqual({ n: 0 });
  });

  it("tombstones a deleted customer; a late update does not bring it back", async () => {
    await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE }));
    await deliver(shoplineRequest({ topic: "customers/delete", body: JSON.stringify({ id: "421475190" }) }));
    process();
    await deliver(shoplineRequest({ topic: "customers/update", body: SAMPLE.replace("test1@joyy.com", "back@joyy.com") }));
    process();
    expect(contact("421475190")).toMatchObject({ email: "test1@joyy.com" });
    expect(contact("421475190").deleted_at).not.toBeNull();
  });
});

describe("SHOPLINE customer mapping", () => {
  const upsert = (fields: Record<string, unknown>) => shoplineCustomerUpsert(ShoplineCustomerSchema.parse({ id: "1", ...fields }), null, 0);

  it("normalises offsets (with or without a colon) to UTC and reads a missing offset as UTC", () => {
    expect(shoplineTime("2023-05-26T19:25:47+08:00")).toBe(Date.parse("2023-05-26T11:25:47Z"));
    expect(shoplineTime("2023-03-02T18:18:42.883+0800")).toBe(Date.parse("2023-03-02T10:18:42.883Z"));
    expect(shoplineTime("2023-03-02 18:18:42")).toBe(Date.parse("2023-03-02T18:18:42Z"));
    expect(shoplineTime("yesterday")).toBeNull();
  });

  it("claims a subscription only on clear evidence", () => {
    expect(upsert({ email_subscribe_flag: 1, mobile_subscribe_flag: 2 })).toMatchObject({ emailConsent: { state: "subscribed" }, smsConsent: { state: "not_subscribed" } });
    expect(upsert({ accepts_marketing: false, email_subscribe_flag: 1 }).emailConsent?.state).toBe("not_subscribed");
    expect(upsert({ email_subscribe_flag: 7 }).emailConsent?.state).toBe("not_subscribed");
    expect(upsert({}).emailConsent).toBeUndefined();
  });

  it("maps documented account states, leaves numeric codes untouched, and cleans addresses", () => {
    expect(upsert({ state: "ENABLED" }).profile).toMatchObject({ accountState: "enabled", isMember: true });
    expect(upsert({ state: "NOT_INVITED" }).profile).toMatchObject({ accountState: "disabled", isMember: false });
    expect(upsert({ state: 3 }).profile).not.toHaveProperty("isMember");
    const withAddress = upsert({
      first_name: "", nick_name: "Bobby", birthday: "19900625", gender: "secret",
      addresses: [{ country_code: "CN", province_code: "303924", city: "Guangzhou", default: false }, { country_code: "us", province_code: "KY", city: " Louisville ", zip: "40202", default: true }],
    }).profile;
    expect(withAddress).toMatchObject({ firstName: "Bobby", birthday: "1990-06-25", gender: null, countryCode: "US", regionCode: "KY", city: "Louisville", zip: "40202" });
    expect(upsert({ addresses: [{ country_code: "23424", province_code: "4200006", default: true }] }).profile).toMatchObject({ countryCode: null, regionCode: null });
    expect(upsert({ tags: "vip, wholesale ,vip" }).tags).toEqual(["vip", "wholesale"]);
  });
});
