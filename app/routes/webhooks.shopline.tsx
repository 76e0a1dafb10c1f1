import type { ActionFunctionArgs } from "@remix-run/node";
import { storeDelivery } from "../../webhooks/inbox";
import { getDb } from "../db.server";
import { getEnv } from "../env.server";
import { logger } from "../logger.server";
import { ensureShopId } from "../models/shops.server";
import { isShoplineTopic, shoplineWebhookSecret } from "../platforms/shopline/config.server";
import { verifyShoplineWebhook } from "../platforms/shopline/verify";

/**
 * Intake for every SHOPLINE webhook topic (POST /webhooks/shopline). Mirrors the Shopify route:
 * verify, store the raw body in the inbox unparsed (SHOPLINE ids can be long digit strings), and
 * answer 200 only once the delivery is durably stored. SHOPLINE keeps `X-Shopline-Webhook-Id`
 * across resends, so it is the dedupe key. SHOPLINE sends no trigger time; deliveries are ordered
 * by the payload's updated_at (see app/platforms/shopline/*).
 */

const REQUIRED_HEADERS = ["X-Shopline-Topic", "X-Shopline-Hmac-Sha256", "X-Shopline-Shop-Domain", "X-Shopline-Webhook-Id"] as const;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });

let missingSecretLogged = false;

export const loader = () => text(405, "Method Not Allowed", { Allow: "POST" });

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return text(405, "Method Not Allowed", { Allow: "POST" });
  const secret = shoplineWebhookSecret(getEnv());
  if (!secret) {
    if (!missingSecretLogged) {
      logger.error("SHOPLINE_APP_SECRET is not set: every SHOPLINE webhook is answered 401 and nothing is stored");
      missingSecretLogged = true;
    }
    return text(401, "Unauthorized");
  }
  const missing = REQUIRED_HEADERS.filter((name) => !request.headers.get(name)?.trim());
  if (missing.length > 0) return text(400, `Missing header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);

  // The signature covers the exact bytes sent, so verify those before decoding them.
  const raw = Buffer.from(await request.arrayBuffer());
  if (!verifyShoplineWebhook(raw, request.headers.get("X-Shopline-Hmac-Sha256"), secret)) {
    logger.warn({ shop: request.headers.get("X-Shopline-Shop-Domain") }, "SHOPLINE webhook with an invalid signature; rejected");
    return text(401, "Unauthorized");
  }
  const topic = request.headers.get("X-Shopline-Topic")!.trim().toLowerCase();
  const domain = request.headers.get("X-Shopline-Shop-Domain")!.trim().toLowerCase();
  const webhookId = request.headers.get("X-Shopline-Webhook-Id")!.trim();
  if (!DOMAIN.test(domain) || domain.length > 255) return text(400, "X-Shopline-Shop-Domain is not a store domain");
  if (!isShoplineTopic(topic)) {
    logger.warn({ topic, shop: domain }, "SHOPLINE webhook for a topic we do not take in; ignored");
    return text(200, "");
  }

  const db = getDb();
  const now = Date.now();
  const { stored } = storeDelivery(db, {
    shopId: ensureShopId(db, { platform: "shopline", domain, now }),
    platform: "shopline",
    topic,
    webhookId,
    eventId: null,
    triggeredAt: null,
    apiVersion: request.headers.get("X-Shopline-API-Version")?.trim() || null,
    body: raw.toString("utf8"),
    receivedAt: now,
  });
  if (!stored) logger.info({ topic, shop: domain, webhookId }, "duplicate SHOPLINE webhook delivery; already stored");
  return text(200, "");
};
