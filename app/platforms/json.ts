import { isSafeNumber, parse } from "lossless-json";

/**
 * Parses a platform payload without losing digits: integers beyond 2^53 (Shopify's 18-digit ids)
 * stay strings, every other number is a number. Throws on invalid JSON.
 */
export function parsePayload(raw: string): unknown {
  return parse(raw, null, (value: string) => (isSafeNumber(value) ? Number(value) : value));
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
