import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Our own signed values for the SHOPLINE install and admin: the OAuth `state` (sent to SHOPLINE
 * as `customField`, which its callback returns) and the admin session that lets `/app/*` load for
 * a SHOPLINE shop after a verified entry request.
 *
 * Each is `base64url(JSON payload).base64url(HMAC-SHA256)`, keyed with a key *derived* from the app
 * secret per purpose, so a value made for one use is never valid for another and none of them can
 * be replayed as a SHOPLINE request signature (those are keyed with the secret itself).
 * Pure: `now` and the nonce come in from the caller.
 */

export const STATE_TTL_MS = 10 * 60_000;
/** How long an admin session lasts after the merchant opened the app from the SHOPLINE admin. */
export const SESSION_TTL_MS = 8 * 3_600_000;

export const STATE_COOKIE = "segmentflow_shopline_state";
export const SESSION_COOKIE = "segmentflow_shopline_session";

type Purpose = "state" | "session";

function keyFor(secret: string, purpose: Purpose): Buffer {
  return createHmac("sha256", secret).update(`segmentflow:shopline:${purpose}:v1`).digest();
}

function seal(secret: string, purpose: Purpose, payload: object): string {
  const body = Buffer.from(JSON.stringify({ ...payload, p: purpose })).toString("base64url");
  const mac = createHmac("sha256", keyFor(secret, purpose)).update(body).digest("base64url");
  return `${body}.${mac}`;
}

function open(secret: string, purpose: Purpose, value: string | null | undefined): unknown {
  if (!value || value.length > 2048) return null;
  const [body, mac, extra] = value.split(".");
  if (!body || !mac || extra !== undefined) return null;
  const expected = createHmac("sha256", keyFor(secret, purpose)).update(body).digest();
  const provided = Buffer.from(mac, "base64url");
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { p?: string };
    return payload.p === purpose ? payload : null;
  } catch {
    return null;
  }
}

export function newNonce(): string {
  return randomBytes(16).toString("base64url");
}

const StateSchema = z.object({ h: z.string(), n: z.string(), e: z.number() });

/** The OAuth state for one install attempt: the handle it is for, a nonce and an expiry. */
export function issueState(secret: string, { handle, nonce, now }: { handle: string; nonce: string; now: number }): string {
  return seal(secret, "state", { h: handle, n: nonce, e: now + STATE_TTL_MS });
}

/** True when `state` is ours, unexpired, for this handle and carries the browser's nonce. */
export function checkState(secret: string, state: string | null | undefined, { handle, nonce, now }: { handle: string; nonce: string | null; now: number }): boolean {
  const parsed = StateSchema.safeParse(open(secret, "state", state));
  if (!parsed.success || !nonce) return false;
  const { h, n, e } = parsed.data;
  const sameNonce = n.length === nonce.length && timingSafeEqual(Buffer.from(n), Buffer.from(nonce));
  return sameNonce && h === handle && now <= e;
}

const SessionSchema = z.object({ s: z.number().int().positive(), h: z.string(), e: z.number() });
export type ShoplineSession = { shopId: number; handle: string; expiresAt: number };

export function issueSession(secret: string, { shopId, handle, now }: { shopId: number; handle: string; now: number }): string {
  return seal(secret, "session", { s: shopId, h: handle, e: now + SESSION_TTL_MS });
}

/** The session a cookie carries, or null when it is forged, altered or expired. */
export function readSession(secret: string, value: string | null | undefined, now: number): ShoplineSession | null {
  const parsed = SessionSchema.safeParse(open(secret, "session", value));
  if (!parsed.success || now > parsed.data.e) return null;
  return { shopId: parsed.data.s, handle: parsed.data.h, expiresAt: parsed.data.e };
}

/** A cookie value from a Cookie header. */
export function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/**
 * The admin runs in SHOPLINE's admin iframe, a third-party context: the cookies must be
 * `SameSite=None; Secure` to be sent there at all, and `Partitioned` (CHIPS) where browsers block
 * unpartitioned third-party cookies. HttpOnly: no script ever reads them.
 */
export function setCookie(name: string, value: string, maxAgeMs: number): string {
  return `${name}=${value}; Path=/; Max-Age=${Math.floor(maxAgeMs / 1000)}; HttpOnly; Secure; SameSite=None; Partitioned`;
}

export function clearCookie(name: string): string {
  return setCookie(name, "", 0);
}
