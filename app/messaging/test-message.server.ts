import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import type { MessagingConfig } from "./config.server";
import { postToHook } from "./hook-client.server";
import { buildHookPayload } from "./payload";
import { resolveSendHook } from "./send-hooks.server";

export type TestSendResult = {
  url: string | null;
  ok: boolean;
  status: number | null;
  durationMs: number | null;
  response: string | null;
  error: string | null;
};

/**
 * "Send test" on the settings page: one signed request of type `test` to the channel's endpoint
 * (no retries, no quota, nothing stored), with the endpoint's answer to show the merchant.
 */
export async function sendTestMessage(
  db: Db,
  { shopId, channel, to, config, now }: { shopId: number; channel: Channel; to: string; config: MessagingConfig; now: number },
): Promise<TestSendResult> {
  const hook = resolveSendHook(db, { shopId, channel, baseUrl: config.baseUrl, builtinOutbox: config.builtinOutbox, now });
  if (!hook) return { url: null, ok: false, status: null, durationMs: null, response: null, error: `No ${channel === "email" ? "email" : "SMS"} endpoint is configured` };
  const shopDomain = db.$client.prepare(`SELECT domain FROM shops WHERE id = ?`).pluck().get(shopId) as string;
  const idempotencyKey = `test:${randomBytes(9).toString("base64url")}`;
  const rawBody = buildHookPayload({
    idempotencyKey,
    sendId: null,
    shopDomain,
    channel,
    to,
    subject: channel === "email" ? "Segmentflow test message" : null,
    body: channel === "email" ? "<p>This is a test of your Segmentflow send hook. It was signed with your endpoint's secret.</p>" : "Segmentflow test message.",
    unsubscribeUrl: null,
    source: null,
    contactId: null,
    baseUrl: config.baseUrl,
    createdAt: now,
    test: true,
  });
  const response = await postToHook({ url: hook.url, secret: hook.secret, rawBody, idempotencyKey, timeoutMs: config.timeoutMs });
  const { outcome } = response;
  return {
    url: hook.builtin ? "Built-in outbox" : hook.url,
    ok: outcome.kind === "delivered",
    status: outcome.status,
    durationMs: response.durationMs,
    response: response.responseText,
    error: outcome.kind === "delivered" ? null : outcome.error,
  };
}
