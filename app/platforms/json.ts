import { isSafeNumber } from "lossless-json";

/** A run of number characters (read in one pass, no backtracking). */
const RUN = /-?\d[\d.eE+-]*/g;
/** Only a number of 16 characters or more, or with an exponent, can be unsafe. */
const mayBeUnsafe = (run: string) => run.length >= 16 || run.includes("e") || run.includes("E");
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * Parses a platform payload without losing digits: integers beyond 2^53 (Shopify's 18-digit ids)
 * — any number a JavaScript number cannot hold exactly (lossless-json's `isSafeNumber`) — stay
 * strings, every other number is a number. Throws on invalid JSON. A key repeated in one object
 * keeps its last value (JSON.parse; lossless-json refused it — RFC 8259 leaves it open, and the
 * platforms do not send it).
 *
 * Every webhook delivery is parsed here, so rather than lossless-json's parser (several times
 * slower), the unsafe numbers outside strings get quotes and the native `JSON.parse` reads the
 * result. Runs of number characters are found by a regular expression; for those that may be
 * unsafe, whether they sit inside a string is told by following the quotes before them (`indexOf`,
 * escapes counted). A malformed number is left for `JSON.parse` to refuse.
 */
export function parsePayload(raw: string): unknown {
  let out = "";
  let copied = 0;
  let inString = false;
  let scanned = 0;
  RUN.lastIndex = 0;
  for (let match = RUN.exec(raw); match !== null; match = RUN.exec(raw)) {
    if (!mayBeUnsafe(match[0])) continue;
    const start = match.index;
    // follow the quotes up to the candidate: is it inside a string?
    for (let q = raw.indexOf('"', scanned); q !== -1 && q < start; q = raw.indexOf('"', q + 1)) {
      if (inString) {
        let backslashes = 0;
        while (raw.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) inString = false;
      } else inString = true;
    }
    scanned = start;
    const token = match[0];
    if (inString || !NUMBER.test(token) || isSafeNumber(token)) continue;
    out += `${raw.slice(copied, start)}"${token}"`;
    copied = start + token.length;
  }
  return JSON.parse(copied === 0 ? raw : out + raw.slice(copied));
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
