import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../../db/client.server";

/**
 * Signed tokens in message links. Each names one message (`message_sends.id`) and is signed with
 * the shop's own key (`message_keys`), truncated to 128 bits so SMS links stay short:
 *
 *   unsubscribe  /u/<send>.<sig>          sig = HMAC(key, "u:<send>")
 *   open pixel   /t/o/<send>.<sig>.gif    sig = HMAC(key, "o:<send>")
 *   click        /t/c/<send>.<link>.<sig> sig = HMAC(key, "c:<send>:<link>")
 *   confirm      /confirm/<send>.<sig>    sig = HMAC(key, "k:<send>")   (double opt-in)
 *
 * The message row gives the shop, the contact and the link target, so a token carries no personal
 * data and cannot be pointed at another message or URL without the key.
 */
export type TokenKind = "u" | "o" | "c" | "k";
export type VerifiedToken = { sendId: number; shopId: number; linkIndex: number | null };

const SIG_BYTES = 16;

/** The shop's token key, created on first use. */
export function messageKey(db: Db, shopId: number, now: number): Buffer {
  const sqlite = db.$client;
  sqlite.prepare(`INSERT INTO message_keys (shop_id, key, created_at) VALUES (?, ?, ?) ON CONFLICT (shop_id) DO NOTHING`).run(shopId, randomBytes(32).toString("hex"), now);
  return Buffer.from(sqlite.prepare(`SELECT key FROM message_keys WHERE shop_id = ?`).pluck().get(shopId) as string, "hex");
}

function existingKey(db: Db, shopId: number): Buffer | null {
  const key = db.$client.prepare(`SELECT key FROM message_keys WHERE shop_id = ?`).pluck().get(shopId) as string | undefined;
  return key ? Buffer.from(key, "hex") : null;
}

function sign(key: Buffer, kind: TokenKind, sendId: number, linkIndex: number | null): Buffer {
  const subject = kind === "c" ? `c:${sendId}:${linkIndex}` : `${kind}:${sendId}`;
  return createHmac("sha256", key).update(subject).digest().subarray(0, SIG_BYTES);
}

export function messageToken(key: Buffer, kind: TokenKind, sendId: number, linkIndex: number | null = null): string {
  const sig = sign(key, kind, sendId, linkIndex).toString("base64url");
  return kind === "c" ? `${sendId}.${linkIndex}.${sig}` : `${sendId}.${sig}`;
}

const PATTERNS: Record<TokenKind, RegExp> = {
  u: /^(\d{1,15})\.([A-Za-z0-9_-]{22})$/,
  o: /^(\d{1,15})\.([A-Za-z0-9_-]{22})(?:\.gif)?$/,
  c: /^(\d{1,15})\.(\d{1,4})\.([A-Za-z0-9_-]{22})$/,
  k: /^(\d{1,15})\.([A-Za-z0-9_-]{22})$/,
};

/** Checks a token from a URL; null when it is malformed, unknown or not signed by the shop's key. */
export function verifyMessageToken(db: Db, kind: TokenKind, token: string | undefined): VerifiedToken | null {
  const match = PATTERNS[kind].exec(token ?? "");
  if (!match) return null;
  const sendId = Number(match[1]);
  const linkIndex = kind === "c" ? Number(match[2]) : null;
  // compared as text: base64 decoding ignores the spare bits of the last character, text does not
  const given = Buffer.from(kind === "c" ? match[3]! : match[2]!, "utf8");
  const shopId = db.$client.prepare(`SELECT shop_id FROM message_sends WHERE id = ?`).pluck().get(sendId) as number | undefined;
  if (shopId === undefined) return null;
  const key = existingKey(db, shopId);
  if (!key) return null;
  const expected = Buffer.from(sign(key, kind, sendId, linkIndex).toString("base64url"), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected) ? { sendId, shopId, linkIndex } : null;
}
