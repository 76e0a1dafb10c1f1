import { isSafeNumber } from "lossless-json";

/** A JSON string (skipped as it is) or a JSON number. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/** Only text with a run of 16 digits, an exponent or 16 digits around a point can hold an unsafe number. */
const MAYBE_UNSAFE = /\d{16}|\d[eE]|\d[.\d]{16}/;

/**
 * Parses a platform payload without losing digits: integers beyond 2^53 (Shopify's 18-digit ids)
 * — any number a JavaScript number cannot hold exactly (lossless-json's `isSafeNumber`) — stay
 * strings, every other number is a number. Throws on invalid JSON. A key repeated in one object
 * keeps its last value (JSON.parse; lossless-json refused it — RFC 8259 leaves it open, and the
 * platforms do not send it).
 *
 * Fast path (every webhook delivery is parsed here): such numbers are quoted in the text and the
 * result read by the native `JSON.parse`, several times faster than lossless-json's parser. Other
 * text is parsed as is.
 */
export function parsePayload(raw: string): unknown {
  const text = MAYBE_UNSAFE.test(raw) ? raw.replace(TOKEN, (token) => (token.charCodeAt(0) === 34 || isSafeNumber(token) ? token : `"${token}"`)) : raw;
  return JSON.parse(text);
}

/** An id as text whatever the payload carried: a number, a numeric string, or a GID. */
export function idText(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  const text = String(value);
  const gid = /^gid:\/\/[a-z]+\/[A-Za-z]+\/(.+)$/i.exec(text);
  return gid ? gid[1] : text;
}

/** ISO date-time → epoch ms, or null. */
export function isoTime(value: unknown): number | null {
  if (typeof value !== "string" || value === "") return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
