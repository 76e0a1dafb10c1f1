import type { Db } from "../../db/client.server";
import { readBodyText } from "../public-http/body.server";
import { TokenBucketLimiter } from "../public-http/rate-limit.server";
import { readShopSettings } from "../settings/shop-settings";
import { applyPopupSignup } from "./signup.server";
import { MAX_SIGNUP_BODY_BYTES, parsePopupSubmission } from "./submission";
import { signupTags } from "./tags";

/**
 * The HTTP side of a popup signup, after the app proxy signature was verified (the route does
 * that, 401): the shop must have the app installed (404), the visitor and the shop within their
 * rates (429), the body within 8 KiB (413) and valid (400, naming the field) — all before anything
 * is written. The storefront posts to its own domain (`/apps/segmentflow/signup`), so no CORS.
 */

/**
 * Per visitor (shop + client address): 5 signups, then one more every 12 seconds. Per shop: 20 a
 * second with bursts of 100, which also caps a visitor who varies the forwarded address.
 */
export const popupLimiters = {
  visitor: new TokenBucketLimiter({ perSecond: 1 / 12, burst: 5 }),
  shop: new TokenBucketLimiter({ perSecond: 20, burst: 100 }),
};
export type PopupLimiters = typeof popupLimiters;

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers } });
}

/** The storefront visitor's address: Shopify's proxy forwards it first in X-Forwarded-For. */
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}

type ShopRow = { id: number; settings: string; uninstalled_at: number | null };

export async function handlePopupSignup(
  request: Request,
  { db, shopDomain, now, limiters = popupLimiters }: { db: Db; shopDomain: string; now: number; limiters?: PopupLimiters },
): Promise<Response> {
  const shop = db.$client.prepare(`SELECT id, settings, uninstalled_at FROM shops WHERE domain = ?`).get(shopDomain) as ShopRow | undefined;
  if (!shop || shop.uninstalled_at !== null) return reply(404, { error: "this store does not have Segmentflow installed" });
  if (!limiters.shop.take(shop.id, now)) return reply(429, { error: "too many signups, try again in a moment" }, { "Retry-After": "1" });
  if (!limiters.visitor.take(`${shop.id}:${clientAddress(request)}`, now)) return reply(429, { error: "too many signups, try again in a moment" }, { "Retry-After": "12" });

  const body = await readBodyText(request, MAX_SIGNUP_BODY_BYTES);
  if (!body.ok) return reply(body.status, { error: body.message });
  const submission = parsePopupSubmission(body.value, request.headers.get("content-type"));
  if (!submission.ok) return reply(submission.status, { error: submission.message });
  const settings = readShopSettings(shop.settings).popup;
  const tags = signupTags(settings, submission.value.tags);
  if (!tags.ok) return reply(400, { error: tags.message });

  applyPopupSignup(db, { shopId: shop.id, settings, submission: submission.value, tags: tags.tags, now });
  // what the popup should show, the same for every address: the answer never tells whether one was already subscribed
  return reply(200, { ok: true, confirmEmail: submission.value.emailConsent && settings.doubleOptIn });
}
