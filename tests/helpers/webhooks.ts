import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { shopifyWebhookHmac } from "../../app/platforms/shopify/webhook-signature";

/** A fixture's raw bytes as published (never re-serialised: that would round 18-digit ids). */
export function readWebhookFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/webhooks/${name}`, import.meta.url), "utf8");
}

export const shopifyHmac = shopifyWebhookHmac;

/** A Shopify webhook request as Shopify sends it: raw body, base64 HMAC, the five required headers. */
export function signedShopifyWebhook(
  url: string,
  { topic, shop, body, secret, webhookId = randomUUID(), eventId, triggeredAt = "2026-11-28T12:00:00.123456Z", headers = {} }: {
    topic: string;
    shop: string;
    body: string;
    secret: string;
    webhookId?: string;
    eventId?: string;
    triggeredAt?: string;
    headers?: Record<string, string | null>;
  },
): Request {
  const all: Record<string, string | null> = {
    "Content-Type": "application/json",
    "X-Shopify-Hmac-Sha256": shopifyHmac(body, secret),
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": webhookId,
    "X-Shopify-Event-Id": eventId ?? null,
    "X-Shopify-Triggered-At": triggeredAt,
    ...headers,
  };
  const present = Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null);
  return new Request(url, { method: "POST", body, headers: present });
}
