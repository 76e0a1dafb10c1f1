import { createHmac, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client.server";
import { logger } from "../app/logger.server";
import { ensureShopId } from "../app/models/shops.server";
import { answer, type IncomingDelivery, type IntakeAnswer } from "./intake-answer";
import { parseTriggeredAt, storeDelivery } from "./inbox";
import { isShopifyTopic } from "./shopify-topics";

/**
 * Shopify webhook intake, answering exactly as `authenticate.webhook` of @shopify/shopify-app-remix
 * 6.0.1 did (node_modules/@shopify/shopify-app-remix/dist/esm/server/authenticate/webhooks/authenticate.mjs
 * over @shopify/shopify-api's lib/webhooks/validate.mjs and lib/utils/hmac-validator.mjs), without its
 * per-request cost (web Request objects, header canonicalisation, the offline-session lookup):
 *
 * - the delivery style comes from the HMAC header: `shopify-hmac-sha256` ("Events" deliveries, all
 *   headers lowercase `shopify-*`) wins over `X-Shopify-Hmac-Sha256` (classic webhooks);
 * - empty body → 400, no HMAC header → 400, wrong HMAC → 401 (base64 HMAC-SHA256 of the body with
 *   the app secret, compared in constant time), then a missing topic, shop domain, API version or
 *   webhook id → 400; all with an empty body. Header names are case-insensitive (Node lowercases them).
 *
 * The signature is checked over the body's exact bytes (the library re-encoded the decoded text,
 * which is the same for every valid UTF-8 body). There is no timestamp in the signature and the
 * library checks none, so a replay is caught by the inbox's dedupe key, not here.
 */

const CLASSIC = { hmac: "x-shopify-hmac-sha256", topic: "x-shopify-topic", domain: "x-shopify-shop-domain", apiVersion: "x-shopify-api-version", webhookId: "x-shopify-webhook-id" } as const;
const EVENTS = { hmac: "shopify-hmac-sha256", topic: "shopify-topic", domain: "shopify-shop-domain", apiVersion: "shopify-api-version", webhookId: "shopify-webhook-id" } as const;

/** True when `header` is the base64 HMAC-SHA256 of `raw` under `secret` (constant-time compare). */
export function verifyShopifyHmac(raw: Buffer, header: string, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(raw).digest("base64"), "latin1");
  const provided = Buffer.from(header, "latin1");
  return provided.length === expected.length && timingSafeEqual(provided, expected);
}

/** Verifies one delivery and stores it in the inbox; 200 only once it is committed (or was already). */
export function acceptShopifyWebhook(db: Db, { header, raw, now }: IncomingDelivery, secret: string): IntakeAnswer {
  const events = Boolean(header(EVENTS.hmac));
  const names = events ? EVENTS : CLASSIC;
  if (raw.length === 0) return answer(400);
  const hmac = header(names.hmac);
  if (!hmac) return answer(400);
  if (!verifyShopifyHmac(raw, hmac, secret)) {
    logger.debug({ shop: header(names.domain) }, "Shopify webhook with an invalid HMAC; rejected");
    return answer(401);
  }
  const shop = header(names.domain);
  const apiVersion = header(names.apiVersion);
  const webhookId = header(names.webhookId);
  if (!header(names.topic) || !shop || !apiVersion || !webhookId) return answer(400);

  // We subscribe to classic webhooks only (shopify.app.toml); an "Events" delivery is verified and
  // ignored, as the Remix route did (it read the topic from X-Shopify-Topic).
  const topic = events ? "" : header(CLASSIC.topic)!.toLowerCase();
  if (!isShopifyTopic(topic)) {
    logger.warn({ topic: topic || header(EVENTS.topic), shop }, "webhook for a topic we do not subscribe to; ignored");
    return answer(200);
  }
  const eventId = header("x-shopify-event-id") || null;
  const { stored } = storeDelivery(db, {
    shopId: ensureShopId(db, { platform: "shopify", domain: shop, now }),
    platform: "shopify",
    topic,
    webhookId,
    eventId,
    triggeredAt: parseTriggeredAt(header("x-shopify-triggered-at")),
    apiVersion,
    body: raw.toString("utf8"),
    receivedAt: now,
  });
  if (!stored) logger.debug({ topic, shop, webhookId, eventId }, "duplicate webhook delivery; already stored");
  return answer(200);
}
