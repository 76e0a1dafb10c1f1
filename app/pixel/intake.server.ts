import type { Db } from "../../db/client.server";
import { prepared } from "../../db/statement-cache";
import { logger } from "../logger.server";
import { ingestPixelEvents } from "./ingest.server";
import { readBodyText } from "../public-http/body.server";
import type { TokenBucketLimiter } from "../public-http/rate-limit.server";
import { MAX_BODY_BYTES, parsePixelBatch } from "./payload.server";
import { pixelRateLimiter } from "./rate-limit.server";

/**
 * The HTTP side of `/pixel/events`: public and cross-origin (the pixel runs on the storefront), so
 * it answers CORS for any origin and trusts nothing — size (413), shape (400), shop key (403) and
 * rate (429) are checked in that order before anything is written.
 */

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

function reply(status: number, body: unknown = null, headers: Record<string, string> = {}): Response {
  if (body === null) return new Response(null, { status, headers: { ...CORS_HEADERS, ...headers } });
  return new Response(JSON.stringify(body), { status, headers: { ...CORS_HEADERS, "Content-Type": "application/json", ...headers } });
}

/** The CORS preflight (browsers skip it for the pixel's text/plain posts, but other clients may send one). */
export function pixelPreflight(): Response {
  return reply(204);
}

export function pixelMethodNotAllowed(): Response {
  return new Response(null, { status: 405, headers: { ...CORS_HEADERS, Allow: "POST, OPTIONS" } });
}

type ShopByKey = { id: number; currency: string; uninstalled_at: number | null };

export async function handlePixelPost(request: Request, { db, now, limiter = pixelRateLimiter }: { db: Db; now: number; limiter?: TokenBucketLimiter }): Promise<Response> {
  const body = await readBodyText(request, MAX_BODY_BYTES);
  if (!body.ok) return reply(body.status, { error: body.message });
  const batch = parsePixelBatch(body.value);
  if (!batch.ok) return reply(batch.status, { error: batch.message });

  const shop = prepared(db.$client, `SELECT id, currency, uninstalled_at FROM shops WHERE pixel_key = ?`).get(batch.value.accountID) as ShopByKey | undefined;
  if (!shop || shop.uninstalled_at !== null) return reply(403, { error: "unknown account" });
  if (!limiter.take(shop.id, now)) return reply(429, { error: "too many requests" }, { "Retry-After": "1" });

  const result = ingestPixelEvents(db, { shop, events: batch.value.events, now });
  if (result.ignored > 0) logger.debug({ shopId: shop.id, ignored: result.ignored }, "pixel events of deleted contacts dropped");
  return reply(200, { accepted: result.accepted, duplicates: result.duplicates });
}
