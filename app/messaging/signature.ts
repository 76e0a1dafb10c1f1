import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature on every send hook request and on every provider callback:
 *
 *   Segmentflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * The timestamp is signed with the body, so a captured request cannot be replayed after the
 * tolerance (5 minutes). Several `v1=` values may appear (secret rotation); one must match.
 */
export const SIGNATURE_HEADER = "Segmentflow-Signature";
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureDigest(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest("hex");
}

/** The header value for `rawBody` signed at `nowMs`. */
export function signPayload(secret: string, rawBody: string, nowMs: number): string {
  const timestamp = Math.floor(nowMs / 1000);
  return `t=${timestamp},v1=${signatureDigest(secret, timestamp, rawBody)}`;
}

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: "missing" | "malformed" | "expired" | "mismatch" };

/** Verifies a `Segmentflow-Signature` header against the raw body (timing-safe, with the replay window). */
export function verifySignature(
  { secret, rawBody, header, nowMs, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS }: { secret: string; rawBody: string; header: string | null | undefined; nowMs: number; toleranceSeconds?: number },
): SignatureCheck {
  if (!header) return { ok: false, reason: "missing" };
  const parts = header.split(",").map((p) => p.trim().split("="));
  const timestamps = parts.filter(([k]) => k === "t").map(([, v]) => v);
  const signatures = parts.filter(([k, v]) => k === "v1" && /^[0-9a-f]{64}$/i.test(v ?? "")).map(([, v]) => v!.toLowerCase());
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0] ?? "") || signatures.length === 0) return { ok: false, reason: "malformed" };
  const timestamp = Number(timestamps[0]);
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: "expired" };
  const expected = Buffer.from(signatureDigest(secret, timestamp, rawBody), "hex");
  const matches = signatures.some((candidate) => timingSafeEqual(Buffer.from(candidate, "hex"), expected));
  return matches ? { ok: true, timestamp } : { ok: false, reason: "mismatch" };
}
