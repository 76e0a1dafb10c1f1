import { z } from "zod";
import type { Db } from "../../db/client.server";
import { setMarketingConsent } from "./consent.server";
import { toE164 } from "./phone";

/**
 * Replies to our SMS, forwarded by the provider (POST /hooks/sms/inbound, signed with the SMS send
 * hook's secret). Carrier opt-out keywords unsubscribe the number at once; START/UNSTOP subscribe it
 * again (an explicit opt-in by the person holding the number). Anything else is ignored.
 */
export const SmsInboundSchema = z.object({
  shop: z.string().min(1).max(255),
  from: z.string().min(3).max(40),
  text: z.string().max(2000),
});
export type SmsInbound = z.infer<typeof SmsInboundSchema>;

export const STOP_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"];
export const START_KEYWORDS = ["START", "UNSTOP"];

export function smsKeyword(text: string): "stop" | "start" | null {
  const word = text.trim().split(/\s+/)[0]?.replace(/[^A-Za-z]/g, "").toUpperCase() ?? "";
  if (STOP_KEYWORDS.includes(word)) return "stop";
  if (START_KEYWORDS.includes(word)) return "start";
  return null;
}

export type SmsInboundResult = { keyword: "stop" | "start" | null; contacts: number; changed: number };

/** Applies a verified inbound SMS for `shopId` to every contact holding that number. */
export function applySmsInbound(db: Db, { shopId, body, now }: { shopId: number; body: SmsInbound; now: number }): SmsInboundResult {
  const keyword = smsKeyword(body.text);
  const phone = toE164(body.from);
  if (!keyword || !phone) return { keyword, contacts: 0, changed: 0 };
  const sqlite = db.$client;
  return sqlite
    .transaction((): SmsInboundResult => {
      const contactIds = sqlite.prepare(`SELECT id FROM contacts WHERE shop_id = ? AND phone = ? AND deleted_at IS NULL`).pluck().all(shopId, phone) as number[];
      let changed = 0;
      for (const contactId of contactIds) {
        // the reply answers the latest SMS the number got: the unsubscribe is credited to it
        const sendId = sqlite
          .prepare(`SELECT id FROM message_sends WHERE shop_id = ? AND contact_id = ? AND channel = 'sms' AND status = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1`)
          .pluck()
          .get(shopId, contactId) as number | undefined;
        const result = setMarketingConsent(db, {
          shopId,
          contactId,
          channel: "sms",
          state: keyword === "stop" ? "unsubscribed" : "subscribed",
          source: keyword === "stop" ? "sms_stop" : "sms_start",
          sendId: sendId ?? null,
          now,
        });
        if (result.changed) changed++;
      }
      return { keyword, contacts: contactIds.length, changed };
    })
    .immediate();
}
