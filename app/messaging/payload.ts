import type { Channel } from "../../db/enums";

/**
 * The JSON body of a send hook request (documented for providers in the README). It is built from
 * what the message row froze when it was claimed, so every attempt of one message carries the
 * same content and the same idempotency key.
 */
export type HookPayload = {
  type: "message" | "test";
  idempotency_key: string;
  message_id: number | null;
  shop: string;
  channel: Channel;
  to: string;
  subject?: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  unsubscribe_url?: string;
  source: { kind: "campaign" | "automation_step" | "opt_in_confirmation"; id: number; step?: number } | null;
  contact_id: number | null;
  callback_url: string;
  created_at: string;
};

export type PayloadInput = {
  idempotencyKey: string;
  sendId: number | null;
  shopDomain: string;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
  unsubscribeUrl: string | null;
  source: HookPayload["source"];
  contactId: number | null;
  baseUrl: string;
  createdAt: number;
  test?: boolean;
};

export const PROVIDER_EVENTS_PATH = "/hooks/provider/events";

export function buildHookPayload(input: PayloadInput): string {
  const payload: HookPayload = {
    type: input.test ? "test" : "message",
    idempotency_key: input.idempotencyKey,
    message_id: input.sendId,
    shop: input.shopDomain,
    channel: input.channel,
    to: input.to,
    ...(input.channel === "email"
      ? {
          subject: input.subject ?? "",
          html: input.body,
          // RFC 2369 / RFC 8058: mailbox providers show an unsubscribe button that POSTs here
          ...(input.unsubscribeUrl
            ? { headers: { "List-Unsubscribe": `<${input.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }, unsubscribe_url: input.unsubscribeUrl }
            : {}),
        }
      : { text: input.body }),
    source: input.source,
    contact_id: input.contactId,
    callback_url: `${input.baseUrl}${PROVIDER_EVENTS_PATH}`,
    created_at: new Date(input.createdAt).toISOString(),
  };
  return JSON.stringify(payload);
}
