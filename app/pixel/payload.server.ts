import { z } from "zod";
import { validateBody, type Parsed } from "../public-http/body.server";

/**
 * What the web pixel (`extensions/segmentflow-pixel`) posts to `/pixel/events`: a batch of
 * storefront events for one shop key, sent as `text/plain` JSON so the browser needs no CORS
 * preflight. Everything is validated before anything is stored.
 */

/** Bodies above this are refused with 413 (also the browser's limit for `keepalive` requests). */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_EVENTS_PER_BATCH = 100;

export const PIXEL_EVENT_NAMES = ["page_viewed", "product_viewed", "collection_viewed", "product_added_to_cart", "checkout_started", "checkout_completed"] as const;
export type PixelEventName = (typeof PIXEL_EVENT_NAMES)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
/** A platform id: digits, or a GID (`gid://shopify/Product/123`). */
const platformId = z.string().trim().min(1).max(100).regex(/^(?:gid:\/\/[a-z]+\/[A-Za-z]+\/)?[A-Za-z0-9_-]+$/, "must be a numeric id or a GID");

export const PixelEventSchema = z.object({
  id: text(200),
  name: z.enum(PIXEL_EVENT_NAMES),
  timestamp: z.string().max(40).refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO date-time"),
  clientId: text(200),
  customerId: platformId.nullish(),
  email: z.string().trim().max(320).nullish(),
  productId: platformId.nullish(),
  collectionId: platformId.nullish(),
  checkoutToken: text(200).nullish(),
  /** Cart or checkout value in the minor unit of `currency`. */
  value: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code").nullish(),
});
export type PixelEvent = z.infer<typeof PixelEventSchema>;

export const PixelBatchSchema = z.object({
  accountID: text(100),
  events: z.array(PixelEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type PixelBatch = z.infer<typeof PixelBatchSchema>;

/** Parses and validates a batch; the message names the offending field (`events.0.name: …`). */
export function parsePixelBatch(body: string): Parsed<PixelBatch> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, message: "the body is not valid JSON" };
  }
  return validateBody(PixelBatchSchema, json);
}
