import type { ActionFunctionArgs } from "@remix-run/node";
import { METHOD_NOT_ALLOWED, deliveryFromRequest, toResponse } from "../../webhooks/intake-answer";
import { acceptShoplineWebhook } from "../../webhooks/shopline-intake.server";
import { getDb } from "../db.server";
import { getEnv } from "../env.server";
import { shoplineWebhookSecret } from "../platforms/shopline/config.server";

/**
 * Intake for every SHOPLINE webhook topic. The server answers POST /webhooks/shopline in Express
 * ahead of Remix (webhooks/intake-http.server.ts); this route is the same intake for in-process
 * callers. webhooks/shopline-intake.server.ts verifies and stores.
 */
const notAllowed = () => toResponse(METHOD_NOT_ALLOWED.shopline);

export const loader = notAllowed;

export const action = async ({ request }: ActionFunctionArgs) =>
  request.method === "POST"
    ? toResponse(acceptShoplineWebhook(getDb(), await deliveryFromRequest(request, Date.now()), shoplineWebhookSecret(getEnv())))
    : notAllowed();
