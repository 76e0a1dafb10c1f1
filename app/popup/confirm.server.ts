import type { Db } from "../../db/client.server";
import { setMarketingConsent } from "../messaging/consent.server";
import { verifyMessageToken } from "../messaging/tokens.server";
import { maskAddress } from "../messaging/unsubscribe.server";

/**
 * The link of a double opt-in confirmation email (`/confirm/<token>`, signed like the unsubscribe
 * link). GET shows the page (link scanners fetch links, so a GET never subscribes); POST, from its
 * button, moves the email consent from `pending` to `subscribed` (confirmed opt-in), tells the
 * engine and queues the write-back. Only an opt-in confirmation's token is accepted.
 */

export type ConfirmView = { shopName: string; address: string; state: "pending" | "subscribed" | "other" };

type Row = { shop_id: number; contact_id: number | null; to_address: string | null; name: string | null; domain: string; email_consent: string | null };

function confirmation(db: Db, token: string | undefined): (Row & { sendId: number }) | null {
  const verified = verifyMessageToken(db, "k", token);
  if (!verified) return null;
  const row = db.$client
    .prepare(
      `SELECT m.shop_id, m.contact_id, m.to_address, s.name, s.domain, c.email_consent
       FROM message_sends m JOIN shops s ON s.id = m.shop_id LEFT JOIN contacts c ON c.id = m.contact_id AND c.shop_id = m.shop_id
       WHERE m.id = ? AND m.shop_id = ? AND m.purpose = 'opt_in'`,
    )
    .get(verified.sendId, verified.shopId) as Row | undefined;
  return row ? { ...row, sendId: verified.sendId } : null;
}

const stateOf = (consent: string | null): ConfirmView["state"] => (consent === "pending" || consent === "subscribed" ? consent : "other");

/** What the confirmation page shows; null for a forged or unknown link. */
export function confirmView(db: Db, { token }: { token: string | undefined }): ConfirmView | null {
  const row = confirmation(db, token);
  return row ? { shopName: row.name ?? row.domain, address: maskAddress(row.to_address), state: stateOf(row.email_consent) } : null;
}

/** Confirms the signup; a second click, or a link whose signup was withdrawn meanwhile, changes nothing. Null for a forged link. */
export function confirmByToken(db: Db, { token, now }: { token: string | undefined; now: number }): ConfirmView | null {
  const row = confirmation(db, token);
  if (!row) return null;
  if (row.contact_id !== null) setMarketingConsent(db, { shopId: row.shop_id, contactId: row.contact_id, channel: "email", state: "subscribed", source: "popup_confirm", sendId: row.sendId, now });
  return confirmView(db, { token });
}
