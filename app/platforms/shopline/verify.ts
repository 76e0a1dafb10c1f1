import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * SHOPLINE webhook signatures: `X-Shopline-Hmac-Sha256` carries HMAC-SHA256 of the raw request
 * body, keyed with the app secret.
 *
 * The encoding is not settled: SHOPLINE's official Go SDK compares a lowercase **hex** digest
 * (shoplineos/shopline-sdk-go client/sign.go `VerifyWebhookRequest`), while every webhook page on
 * developer.shopline.com shows a **base64** example value (`XWmrwMey6…bM=`). Until a real delivery
 * settles it, both are accepted. The header is decoded to the 32 digest bytes first and the bytes
 * are compared in constant time, so hex in either letter case works and nothing depends on where
 * a wrong header differs. Anything that is not a well-formed digest is simply false: this never
 * throws, whatever the header length.
 */

const DIGEST_BYTES = 32;
const HEX = /^[0-9a-f]{64}$/i;
const BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/** HMAC-SHA256 of the body's exact bytes (a string is taken as UTF-8). */
export function shoplineDigest(rawBody: string | Uint8Array, secret: string): Buffer {
  return createHmac("sha256", secret).update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody).digest();
}

/** The header as digest bytes, or null when it is neither 64 hex digits nor 44 base64 characters. */
function decodeSignature(header: string): Buffer | null {
  const value = header.trim();
  if (HEX.test(value)) return Buffer.from(value, "hex");
  if (BASE64.test(value)) {
    const bytes = Buffer.from(value, "base64");
    return bytes.length === DIGEST_BYTES ? bytes : null;
  }
  return null;
}

/** True only when `header` is the body's HMAC under `secret`, hex- or base64-encoded. */
export function verifyShoplineWebhook(rawBody: string | Uint8Array, header: string | null | undefined, secret: string): boolean {
  if (!header || !secret) return false;
  const provided = decodeSignature(header);
  if (!provided || provided.length !== DIGEST_BYTES) return false;
  return timingSafeEqual(provided, shoplineDigest(rawBody, secret));
}
