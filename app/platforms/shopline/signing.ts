import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * SHOPLINE's request signatures for app authorization, all HMAC-SHA256 keyed with the app secret,
 * lowercase hex (developer.shopline.com/docs/apps/api-instructions-for-use/generate-and-verify-signatures
 * and app-authorization; the official Go SDK shoplineos/shopline-sdk-go client/sign.go
 * `GenerateSignForGet`, `GenerateSign`, whose test vectors tests/unit/shopline-signing.test.ts replays):
 *
 * - **GET** (the install / app-entry request and the OAuth callback, both sent by SHOPLINE): every
 *   query parameter except `sign`, sorted by name, joined as `k=v&k=v` with the decoded values,
 *   signed; the result is the `sign` parameter. Every parameter present is signed, including
 *   `code`, `lang` and `customField`, so an added or changed parameter breaks the signature.
 * - **POST** (our token create / refresh requests to SHOPLINE): `sign` header = HMAC of the exact
 *   request body followed by the `timestamp` header (milliseconds); an empty body signs the
 *   timestamp alone.
 *
 * The docs give `timestamp` in milliseconds and ask to reject install requests older than
 * 10 minutes; how far ahead a timestamp may be is not documented, so clock skew of up to 5 minutes
 * is allowed.
 */

export const SIGNED_REQUEST_MAX_AGE_MS = 10 * 60_000;
export const SIGNED_REQUEST_MAX_SKEW_MS = 5 * 60_000;

const HEX_DIGEST = /^[0-9a-f]{64}$/i;

function hmacHex(secret: string, source: string): string {
  return createHmac("sha256", secret).update(source, "utf8").digest("hex");
}

/** The string SHOPLINE signs for a GET request: sorted `k=v` pairs, `sign` left out. */
export function shoplineQuerySource(params: Iterable<[string, string]>): string {
  const byName = new Map<string, string>();
  for (const [key, value] of params) if (key !== "sign" && !byName.has(key)) byName.set(key, value);
  return [...byName.keys()]
    .sort()
    .map((key) => `${key}=${byName.get(key)}`)
    .join("&");
}

/** The `sign` of a GET request's parameters. */
export function signShoplineQuery(params: Iterable<[string, string]>, secret: string): string {
  return hmacHex(secret, shoplineQuerySource(params));
}

/** The `sign` header of a POST to SHOPLINE: HMAC of body + timestamp. */
export function signShoplinePost(body: string, timestamp: string, secret: string): string {
  return hmacHex(secret, body + timestamp);
}

/** Timing-safe comparison of a provided hex signature with the expected one (never throws). */
export function shoplineSignatureMatches(provided: string | null | undefined, expected: string): boolean {
  if (!provided || !HEX_DIGEST.test(provided.trim())) return false;
  return timingSafeEqual(Buffer.from(provided.trim().toLowerCase(), "hex"), Buffer.from(expected, "hex"));
}

export type SignedQueryCheck =
  | { ok: true; params: Record<string, string> }
  | { ok: false; reason: "missing_sign" | "bad_sign" | "repeated_parameter" | "wrong_appkey" | "bad_timestamp" | "stale" | "future" };

/**
 * Checks a request SHOPLINE signed with the GET rule: the signature, that it was signed for our
 * app key, and that its `timestamp` is within the freshness window around `now`. A parameter
 * given twice is refused (which value was signed would be ambiguous).
 */
export function verifyShoplineQuery(query: URLSearchParams, { secret, appKey, now }: { secret: string; appKey: string; now: number }): SignedQueryCheck {
  const entries = [...query.entries()];
  const names = entries.map(([key]) => key);
  if (new Set(names).size !== names.length) return { ok: false, reason: "repeated_parameter" };
  const sign = query.get("sign");
  if (!sign) return { ok: false, reason: "missing_sign" };
  if (!secret || !shoplineSignatureMatches(sign, signShoplineQuery(entries, secret))) return { ok: false, reason: "bad_sign" };
  const params = Object.fromEntries(entries.filter(([key]) => key !== "sign"));
  if (params.appkey !== appKey) return { ok: false, reason: "wrong_appkey" };
  const timestamp = params.timestamp;
  if (!timestamp || !/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: "bad_timestamp" };
  const at = Number(timestamp);
  if (now - at > SIGNED_REQUEST_MAX_AGE_MS) return { ok: false, reason: "stale" };
  if (at - now > SIGNED_REQUEST_MAX_SKEW_MS) return { ok: false, reason: "future" };
  return { ok: true, params };
}
