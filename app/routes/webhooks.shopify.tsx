import type { ActionFunctionArgs } from "@remix-run/node";
import { METHOD_NOT_ALLOWED, deliveryFromRequest, toResponse } from "../../webhooks/intake-answer";
import { acceptShopifyWebhook } from "../../webhooks/shopify-intake.server";
import { getDb } from "../db.server";
import { getEnv } from "../env.server";
import { shopifyAppSecret } from "../platforms/shopify/app-secret.server";

/**
 * Intake for every Shopify webhook topic (shopify.app.toml points all subscriptions here). The
 * server answers POST /webhooks/shopify in Express ahead of Remix (webhooks/intake-http.server.ts);
 * this route is the same intake for in-process callers. webhooks/shopify-intake.server.ts verifies
 * and stores; answering 200 means the delivery is durably stored.
 */
export const action = async ({ request }: ActionFunctionArgs) =>
  request.method === "POST"
    ? toResponse(acceptShopifyWebhook(getDb(), await deliveryFromRequest(request, Date.now()), shopifyAppSecret(getEnv())))
    : toResponse(METHOD_NOT_ALLOWED.shopify);
