import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import { recordMessageEvents, type MessageEvent } from "./message-events.server";
import type { TrackedLink } from "./render.server";
import { verifyMessageToken } from "./tokens.server";

/**
 * Opens (the signed pixel) and clicks (signed redirects) become events once per message:
 * `email_opened`, `email_clicked` / `sms_clicked`, and `coupon_clicked` for the coupon link. A
 * click on an email also counts as its open (images are often blocked). Forged or unknown tokens
 * change nothing.
 */

type TrackedSend = {
  id: number;
  shop_id: number;
  contact_id: number | null;
  channel: Channel;
  campaign_id: number | null;
  coupon_id: number | null;
  links: string | null;
  idempotency_key: string;
};

/** Sets a first-time column once; true only for the call that set it. Any claimed message counts (a provider may have delivered one whose answer we never got). */
function firstTime(db: Db, sendId: number, column: "opened_at" | "clicked_at" | "coupon_clicked_at", now: number): boolean {
  return db.$client.prepare(`UPDATE message_sends SET ${column} = ? WHERE id = ? AND ${column} IS NULL AND status IN ('sent', 'sending', 'dead')`).run(now, sendId).changes === 1;
}

function loadTracked(db: Db, shopId: number, sendId: number): TrackedSend {
  return db.$client
    .prepare(`SELECT id, shop_id, contact_id, channel, campaign_id, coupon_id, links, idempotency_key FROM message_sends WHERE id = ? AND shop_id = ?`)
    .get(sendId, shopId) as TrackedSend;
}

function report(db: Db, send: TrackedSend, events: MessageEvent[], now: number): void {
  if (events.length === 0 || send.contact_id === null) return;
  recordMessageEvents(db, { shopId: send.shop_id, contactId: send.contact_id, events, now, causeDetail: `tracking ${send.idempotency_key}` });
}

/** The open pixel: true when the token is genuine (the pixel is served either way). */
export function recordOpen(db: Db, { token, now }: { token: string | undefined; now: number }): boolean {
  const verified = verifyMessageToken(db, "o", token);
  if (!verified) return false;
  db.$client
    .transaction(() => {
      const send = loadTracked(db, verified.shopId, verified.sendId);
      if (send.channel === "email" && firstTime(db, send.id, "opened_at", now)) report(db, send, [{ type: "email_opened", subjectId: send.campaign_id }], now);
    })
    .immediate();
  return true;
}

/** A click: records it and returns where to send the browser; null for a forged or unknown link. */
export function recordClick(db: Db, { token, now }: { token: string | undefined; now: number }): string | null {
  const verified = verifyMessageToken(db, "c", token);
  if (!verified || verified.linkIndex === null) return null;
  return db.$client
    .transaction((): string | null => {
      const send = loadTracked(db, verified.shopId, verified.sendId);
      const link = (JSON.parse(send.links ?? "[]") as TrackedLink[])[verified.linkIndex!];
      if (!link) return null;
      const events: MessageEvent[] = [];
      if (send.channel === "email" && firstTime(db, send.id, "opened_at", now)) events.push({ type: "email_opened", subjectId: send.campaign_id });
      if (firstTime(db, send.id, "clicked_at", now)) events.push({ type: send.channel === "email" ? "email_clicked" : "sms_clicked", subjectId: send.campaign_id });
      if (link.coupon && send.coupon_id !== null && firstTime(db, send.id, "coupon_clicked_at", now)) {
        events.push({ type: "coupon_clicked", subjectId: send.coupon_id, detailId: send.campaign_id });
      }
      report(db, send, events, now);
      return link.url;
    })
    .immediate();
}
