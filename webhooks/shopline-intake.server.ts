import type { Db } from "../db/client.server";
import { logger } from "../app/logger.server";
import { ensureShopId } from "../app/models/shops.server";
import { isShoplineTopic } from "../app/platforms/shopline/config.server";
import { verifyShoplineWebhook } from "../app/platforms/shopline/verify";
import { textAnswer, type IncomingDelivery, type IntakeAnswer } from "./intake-answer";
import { storeDelivery } from "./inbox";

/**
 * SHOPLINE webhook intake (POST /webhooks/shopline). Mirrors Shopify's: verify, store the raw body in
 * the inbox unparsed (SHOPLINE ids can be long digit strings), and answer 200 only once the delivery
 * is durably stored. SHOPLINE keeps `X-Shopline-Webhook-Id` across resends, so it is the dedupe key.
 * SHOPLINE sends no trigger time; deliveries are ordered by the payload's updated_at (see
 * app/platforms/shopline/*).
 */

const REQUIRED_HEADERS = ["X-Shopline-Topic", "X-Shopline-Hmac-Sha256", "X-Shopline-Shop-Domain", "X-Shopline-Webhook-Id"] as const;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

let missingSecretLogged = false;

/** `secret` is null when SHOPLINE is not set up: every delivery is refused (logged once). */
export function acceptShoplineWebhook(db: Db, { header, raw, now }: IncomingDelivery, secret: string | null): IntakeAnswer {
  if (!secret) {
    if (!missingSecretLogged) {
      logger.error("SHOPLINE_APP_SECRET is not set: every SHOPLINE webhook is answered 401 and nothing is stored");
      missingSecretLogged = true;
    }
    return textAnswer(401, "Unauthorized");
  }
  const value = (name: string) => header(name.toLowerCase())?.trim() || undefined;
  const missing = REQUIRED_HEADERS.filter((name) => !value(name));
  if (missing.length > 0) return textAnswer(400, `Missing header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);

  // The signature covers the exact bytes sent, so verify those before decoding them.
  if (!verifyShoplineWebhook(raw, value("X-Shopline-Hmac-Sha256"), secret)) {
    logger.warn({ shop: value("X-Shopline-Shop-Domain") }, "SHOPLINE webhook with an invalid signature; rejected");
    return textAnswer(401, "Unauthorized");
  }
  const topic = value("X-Shopline-Topic")!.toLowerCase();
  const domain = value("X-Shopline-Shop-Domain")!.toLowerCase();
  const webhookId = value("X-Shopline-Webhook-Id")!;
  if (!DOMAIN.test(domain) || domain.length > 255) return textAnswer(400, "X-Shopline-Shop-Domain is not a store domain");
  if (!isShoplineTopic(topic)) {
    logger.warn({ topic, shop: domain }, "SHOPLINE webhook for a topic we do not take in; ignored");
    return textAnswer(200, "");
  }

  const { stored } = storeDelivery(db, {
    shopId: ensureShopId(db, { platform: "shopline", domain, now }),
    platform: "shopline",
    topic,
    webhookId,
    eventId: null,
    triggeredAt: null,
    apiVersion: value("X-Shopline-API-Version") ?? null,
    body: raw.toString("utf8"),
    receivedAt: now,
  });
  if (!stored) logger.debug({ topic, shop: domain, webhookId }, "duplicate SHOPLINE webhook delivery; already stored");
  return textAnswer(200, "");
}
