import { z } from "zod";

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

export type Parsed<T> = { ok: true; value: T } | { ok: false; status: 400 | 413; message: string };

/**
 * The request body as text, refusing more than `MAX_BODY_BYTES` whether the client declared its
 * length or not: the declared Content-Length is checked first, then the bytes actually read.
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<Parsed<string>> {
  const tooLarge = { ok: false, status: 413, message: `the body is larger than ${limit} bytes` } as const;
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return tooLarge;
  if (!request.body) return { ok: true, value: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return tooLarge;
    }
    chunks.push(value);
  }
  return { ok: true, value: Buffer.concat(chunks, size).toString("utf8") };
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? ` (and ${more} more)` : "");
}

/** Parses and validates a batch; the message names the offending field (`events.0.name: …`). */
export function parsePixelBatch(body: string): Parsed<PixelBatch> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, status: 400, message: "the body is not valid JSON" };
  }
  const result = PixelBatchSchema.safeParse(json);
  return result.success ? { ok: true, value: result.data } : { ok: false, status: 400, message: describeIssues(result.error) };
}
