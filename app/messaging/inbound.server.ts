import type { z } from "zod";
import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import { findSendHook } from "./send-hooks.server";
import { SIGNATURE_HEADER, verifySignature } from "./signature";

/**
 * Reads a signed POST from a provider (callbacks, inbound SMS, and the demo outbox receiving our
 * own messages). The body names its shop and channel; the signature is checked with that channel's
 * send hook secret before anything else of the body is trusted. Unknown shops, missing hooks and
 * bad signatures all answer 401 alike.
 */
export const MAX_INBOUND_BYTES = 256 * 1024;

export type SignedJson<T> = { ok: true; shopId: number; channel: Channel; body: T } | { ok: false; status: number; error: string };

export async function readSignedJson<S extends z.ZodType>(
  db: Db,
  request: Request,
  { schema, channel: fixedChannel, nowMs }: { schema: S; channel?: Channel; nowMs: number },
): Promise<SignedJson<z.infer<S>>> {
  if (request.method !== "POST") return { ok: false, status: 405, error: "POST only" };
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_INBOUND_BYTES) return { ok: false, status: 413, error: "Body too large" };
  const raw = await request.text();
  if (raw.length > MAX_INBOUND_BYTES) return { ok: false, status: 413, error: "Body too large" };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, status: 400, error: "The body is not JSON" };
  }
  const head = json as { shop?: unknown; channel?: unknown };
  const channel = fixedChannel ?? (head.channel === "email" || head.channel === "sms" ? head.channel : null);
  const shopId = typeof head.shop === "string" ? (db.$client.prepare(`SELECT id FROM shops WHERE domain = ? ORDER BY id LIMIT 1`).pluck().get(head.shop) as number | undefined) : undefined;
  const hook = shopId !== undefined && channel ? findSendHook(db, { shopId, channel }) : null;
  const check = hook ? verifySignature({ secret: hook.secret, rawBody: raw, header: request.headers.get(SIGNATURE_HEADER), nowMs }) : null;
  if (!check?.ok || shopId === undefined || !channel) return { ok: false, status: 401, error: "Invalid signature" };
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, status: 400, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  return { ok: true, shopId, channel, body: parsed.data };
}
