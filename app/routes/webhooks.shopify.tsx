import type { ActionFunctionArgs } from "@remix-run/node";
import { parseTriggeredAt, storeDelivery } from "../../webhooks/inbox";
import { isShopifyTopic } from "../../webhooks/shopify-topics";
import { getDb } from "../db.server";
import { logger } from "../logger.server";
import { ensureShopId } from "../models/shops.server";
import { shopify } from "../shopify.server";

/**
 * Intake for every Shopify webhook topic (shopify.app.toml points all subscriptions here).
 * `authenticate.webhook` verifies the HMAC (401) and the headers (400); the raw body is stored in
 * the inbox unparsed, since the library's parsed payload has already rounded 18-digit ids.
 * Answering 200 means the delivery is durably stored.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const raw = await request.clone().text();
  const { shop, webhookId, eventId, triggeredAt, apiVersion } = await shopify().authenticate.webhook(request);
  const topic = (request.headers.get("x-shopify-topic") ?? "").toLowerCase();
  if (!isShopifyTopic(topic)) {
    logger.warn({ topic, shop }, "webhook for a topic we do not subscribe to; ignored");
    return new Response(null, { status: 200 });
  }
  const db = getDb();
  const now = Date.now();
  const { stored } = storeDelivery(db, {
    shopId: ensureShopId(db, { platform: "shopify", domain: shop, now }),
    platform: "shopify",
    topic,
    webhookId: webhookId ?? null,
    eventId: eventId ?? null,
    triggeredAt: parseTriggeredAt(triggeredAt),
    apiVersion: apiVersion ?? null,
    body: raw,
    receivedAt: now,
  });
  if (!stored) logger.info({ topic, shop, webhookId, eventId }, "duplicate webhook delivery; already stored");
  return new Response(null, { status: 200 });
};
