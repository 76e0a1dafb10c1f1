import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import { setMarketingConsent } from "./consent.server";
import { verifyMessageToken } from "./tokens.server";

/**
 * The unsubscribe link of an email (`/u/<token>`): GET shows a confirmation (link scanners fetch
 * links, so a GET never unsubscribes), POST unsubscribes — from the page's button or as an RFC 8058
 * one-click POST (`List-Unsubscribe=One-Click`) sent by the mailbox provider.
 */

export type UnsubscribeView = { shopName: string; channel: Channel; address: string; subscribed: boolean };

/** `jane@example.com` → `j•••@example.com`; `+14155550123` → `•••0123`. */
export function maskAddress(address: string | null): string {
  if (!address) return "your address";
  const at = address.indexOf("@");
  return at > 0 ? `${address[0]}•••${address.slice(at)}` : `•••${address.slice(-4)}`;
}

type Recipient = { shop_id: number; contact_id: number | null; channel: Channel; to_address: string | null; name: string | null; domain: string; email_consent: string | null; sms_consent: string | null };

function recipient(db: Db, token: string | undefined): (Recipient & { sendId: number }) | null {
  const verified = verifyMessageToken(db, "u", token);
  if (!verified) return null;
  const row = db.$client
    .prepare(
      `SELECT m.shop_id, m.contact_id, m.channel, m.to_address, s.name, s.domain, c.email_consent, c.sms_consent
       FROM message_sends m JOIN shops s ON s.id = m.shop_id LEFT JOIN contacts c ON c.id = m.contact_id AND c.shop_id = m.shop_id
       WHERE m.id = ? AND m.shop_id = ?`,
    )
    .get(verified.sendId, verified.shopId) as Recipient | undefined;
  return row ? { ...row, sendId: verified.sendId } : null;
}

/** What the confirmation page shows; null for a forged or unknown link. */
export function unsubscribeView(db: Db, { token }: { token: string | undefined }): UnsubscribeView | null {
  const r = recipient(db, token);
  if (!r) return null;
  const consent = r.channel === "email" ? r.email_consent : r.sms_consent;
  return { shopName: r.name ?? r.domain, channel: r.channel, address: maskAddress(r.to_address), subscribed: consent === "subscribed" || consent === "pending" };
}

/** Unsubscribes the message's contact from its channel; null for a forged or unknown link. */
export function unsubscribeByToken(db: Db, { token, oneClick, now }: { token: string | undefined; oneClick: boolean; now: number }): { changed: boolean } | null {
  const r = recipient(db, token);
  if (!r) return null;
  if (r.contact_id === null) return { changed: false };
  const result = setMarketingConsent(db, { shopId: r.shop_id, contactId: r.contact_id, channel: r.channel, state: "unsubscribed", source: oneClick ? "one_click" : "unsubscribe_link", sendId: r.sendId, now });
  return { changed: result.changed };
}
