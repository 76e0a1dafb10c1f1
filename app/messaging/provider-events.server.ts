import { z } from "zod";
import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import type { ContactField } from "../segments/conditions/spec";
import { setMarketingConsent } from "./consent.server";
import { recordMessageEvents, type MessageEvent } from "./message-events.server";

/**
 * Provider callbacks (POST /hooks/provider/events, signed like our requests, with the channel's
 * send hook secret): delivered, bounced, complained, unsubscribed — each about one message, named by
 * its idempotency key. They set the address validity and consent that segment conditions and the
 * next send read, and become events once per message.
 */
export const ProviderEventsSchema = z.object({
  shop: z.string().min(1).max(255),
  channel: z.enum(["email", "sms"]),
  events: z
    .array(
      z.object({
        type: z.enum(["delivered", "bounced", "complained", "unsubscribed"]),
        idempotency_key: z.string().min(1).max(200),
        /** Soft bounces (a full mailbox) are recorded but leave the address valid. */
        bounce_type: z.enum(["hard", "soft"]).optional(),
        reason: z.string().max(500).optional(),
      }),
    )
    .min(1)
    .max(500),
});
export type ProviderEvents = z.infer<typeof ProviderEventsSchema>;

type SendRow = { id: number; contact_id: number | null; campaign_id: number | null; to_address: string | null };
type Column = "delivered_at" | "bounced_at" | "complained_at";

function firstTime(db: Db, sendId: number, column: Column, now: number): boolean {
  return db.$client.prepare(`UPDATE message_sends SET ${column} = ? WHERE id = ? AND ${column} IS NULL`).run(now, sendId).changes === 1;
}

/** Marks the contact's address invalid when it is still the address the message went to. */
function invalidateAddress(db: Db, { shopId, contactId, channel, address, now }: { shopId: number; contactId: number; channel: Channel; address: string | null; now: number }): ContactField | null {
  const [column, validity] = channel === "email" ? ["email", "email_validity"] : ["phone", "phone_validity"];
  const value = channel === "email" ? "bounced" : "invalid";
  const changed = db.$client
    .prepare(`UPDATE contacts SET ${validity} = ?, ${validity}_at = ?, updated_at = ? WHERE id = ? AND shop_id = ? AND lower(${column}) = lower(?) AND ${validity} NOT IN ('bounced', 'invalid')`)
    .run(value, now, now, contactId, shopId, address ?? "").changes;
  return changed === 1 ? (validity as ContactField) : null;
}

export type ProviderEventsResult = { applied: number; unknown: number };

/** Applies a verified callback for `shopId` (one IMMEDIATE transaction). */
export function applyProviderEvents(db: Db, { shopId, body, now }: { shopId: number; body: ProviderEvents; now: number }): ProviderEventsResult {
  const sqlite = db.$client;
  const channel = body.channel;
  return sqlite
    .transaction((): ProviderEventsResult => {
      const result: ProviderEventsResult = { applied: 0, unknown: 0 };
      for (const event of body.events) {
        const send = sqlite
          .prepare(`SELECT id, contact_id, campaign_id, to_address FROM message_sends WHERE shop_id = ? AND idempotency_key = ? AND channel = ?`)
          .get(shopId, event.idempotency_key, channel) as SendRow | undefined;
        if (!send || send.contact_id === null) {
          result.unknown++;
          continue;
        }
        result.applied++;
        const contactId = send.contact_id;
        const events: MessageEvent[] = [];
        const fields: ContactField[] = [];
        switch (event.type) {
          case "delivered":
            if (firstTime(db, send.id, "delivered_at", now)) events.push({ type: channel === "email" ? "email_delivered" : "sms_delivered", subjectId: send.campaign_id });
            break;
          case "bounced":
            if (firstTime(db, send.id, "bounced_at", now)) events.push({ type: channel === "email" ? "email_bounced" : "sms_failed", subjectId: send.campaign_id });
            if (event.bounce_type !== "soft") {
              const field = invalidateAddress(db, { shopId, contactId, channel, address: send.to_address, now });
              if (field) fields.push(field);
            }
            break;
          case "complained":
            if (firstTime(db, send.id, "complained_at", now)) events.push({ type: "email_complained", subjectId: send.campaign_id });
            setMarketingConsent(db, { shopId, contactId, channel, state: "unsubscribed", source: "provider_complaint", sendId: send.id, now });
            break;
          case "unsubscribed":
            setMarketingConsent(db, { shopId, contactId, channel, state: "unsubscribed", source: "provider_unsubscribe", sendId: send.id, now });
            break;
        }
        recordMessageEvents(db, { shopId, contactId, events, fields, now, causeDetail: `provider ${event.type}` });
      }
      return result;
    })
    .immediate();
}
