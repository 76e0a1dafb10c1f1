import { and, eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import { sendHooks } from "../../db/schema";

/** Stored in `send_hooks.url` for the demo's built-in outbox; resolved to `<app>/hooks/outbox` at send time. */
export const BUILTIN_OUTBOX_URL = "builtin:outbox";
export const OUTBOX_PATH = "/hooks/outbox";

export type SendHook = typeof sendHooks.$inferSelect;
export type ResolvedHook = { channel: Channel; url: string; secret: string; builtin: boolean };

export function findSendHook(db: Db, { shopId, channel }: { shopId: number; channel: Channel }): SendHook | null {
  return db.select().from(sendHooks).where(and(eq(sendHooks.shopId, shopId), eq(sendHooks.channel, channel))).get() ?? null;
}

export function listSendHooks(db: Db, { shopId }: { shopId: number }): SendHook[] {
  return db.select().from(sendHooks).where(eq(sendHooks.shopId, shopId)).all();
}

export function newHookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/** Creates or replaces a channel's endpoint; a blank secret keeps the stored one (or makes one). */
export function saveSendHook(
  db: Db,
  { shopId, channel, url, secret, enabled = true, now }: { shopId: number; channel: Channel; url: string; secret?: string | null; enabled?: boolean; now: number },
): SendHook {
  const existing = findSendHook(db, { shopId, channel });
  const keep = secret?.trim() ? secret.trim() : (existing?.secret ?? newHookSecret());
  return db
    .insert(sendHooks)
    .values({ shopId, channel, url, secret: keep, enabled, updatedAt: now })
    .onConflictDoUpdate({ target: [sendHooks.shopId, sendHooks.channel], set: { url, secret: keep, enabled, updatedAt: now } })
    .returning()
    .get();
}

/**
 * Where a channel's messages go: the shop's enabled endpoint; in demo mode, without one, the
 * built-in outbox (its row, with a fresh secret, is created on first use so the outbox route can
 * verify what it receives). Null when nothing is configured.
 */
export function resolveSendHook(
  db: Db,
  { shopId, channel, baseUrl, builtinOutbox, now }: { shopId: number; channel: Channel; baseUrl: string; builtinOutbox: boolean; now: number },
): ResolvedHook | null {
  let hook = findSendHook(db, { shopId, channel });
  if (!hook && builtinOutbox) hook = saveSendHook(db, { shopId, channel, url: BUILTIN_OUTBOX_URL, now });
  if (!hook || !hook.enabled) return null;
  if (hook.url === BUILTIN_OUTBOX_URL) {
    return builtinOutbox ? { channel, url: `${baseUrl}${OUTBOX_PATH}`, secret: hook.secret, builtin: true } : null;
  }
  return { channel, url: hook.url, secret: hook.secret, builtin: false };
}

/** Checks an endpoint URL: https (http allowed only for loopback or in demo mode), no credentials. */
export function endpointProblem(url: string, { allowHttp }: { allowHttp: boolean }): string | null {
  if (url === BUILTIN_OUTBOX_URL) return allowHttp ? null : "The built-in outbox exists only in demo mode";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "Enter a full URL, such as https://provider.example/hooks/segmentflow";
  }
  if (parsed.username || parsed.password) return "Put credentials in the secret, not in the URL";
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol === "https:") return null;
  if (parsed.protocol === "http:" && (allowHttp || loopback)) return null;
  return "The endpoint must use https";
}
