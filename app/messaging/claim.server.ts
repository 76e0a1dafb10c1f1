import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import type { SendPurpose, SendStatus } from "../../db/schema";
import { readShopSettings } from "../settings/shop-settings";
import type { MessagingConfig } from "./config.server";
import { enqueueSendJob, optInSignupId } from "./enqueue.server";
import { messageLinks } from "./links.server";
import { buildHookPayload } from "./payload";
import { consumeQuota } from "./quota.server";
import { quietHoursEnd } from "./quiet-hours";
import { renderMessage, TemplateError, type MessageTemplate } from "./render.server";
import { MAX_SEND_ATTEMPTS } from "./retry";
import { marketingAddress, optInAddress, type ContactForSending, type SkipReason } from "./safety";
import { resolveSendHook, type ResolvedHook } from "./send-hooks.server";

/**
 * The send-time decision, in one IMMEDIATE transaction before any HTTP: is the message due, may it
 * go (shop installed, contact subscribed on the channel with a valid address — read now), must it
 * wait (quiet hours), is there an endpoint, a rendering and quota left. Passing all of it the
 * message is claimed (`sending`), its content frozen and one attempt opened in the delivery log.
 */

export type SendRow = {
  id: number;
  shop_id: number;
  contact_id: number | null;
  channel: Channel;
  campaign_id: number | null;
  automation_run_id: number | null;
  step_index: number | null;
  idempotency_key: string;
  purpose: SendPurpose;
  status: SendStatus;
  attempts: number;
  next_attempt_at: number | null;
  to_address: string | null;
  subject: string | null;
  body: string | null;
  template_id: number | null;
  template: string | null;
  coupon_id: number | null;
  created_at: number;
};

type ShopRow = { domain: string; name: string | null; time_zone: string; settings: string; uninstalled_at: number | null };
type ContactRow = ContactForSending & { firstName: string | null; lastName: string | null; timeZone: string | null };

export type PreparedAttempt =
  | { kind: "nothing"; why: string }
  | { kind: "attempt"; attempt: number; attemptId: number; hook: ResolvedHook; rawBody: string; idempotencyKey: string };

const TERMINAL: SendStatus[] = ["sent", "skipped", "dead", "failed"];

export function loadSend(db: Db, shopId: number, sendId: number): SendRow | undefined {
  return db.$client.prepare(`SELECT * FROM message_sends WHERE id = ? AND shop_id = ?`).get(sendId, shopId) as SendRow | undefined;
}

function loadContact(db: Db, shopId: number, contactId: number | null): ContactRow | null {
  if (contactId === null) return null;
  return (
    (db.$client
      .prepare(
        `SELECT email, phone, country_code AS countryCode, email_consent AS emailConsent, sms_consent AS smsConsent, email_validity AS emailValidity,
           phone_validity AS phoneValidity, deleted_at AS deletedAt, redacted_at AS redactedAt, first_name AS firstName, last_name AS lastName, time_zone AS timeZone
         FROM contacts WHERE id = ? AND shop_id = ?`,
      )
      .get(contactId, shopId) as ContactRow | undefined) ?? null
  );
}

function finish(db: Db, send: SendRow, set: { status: SendStatus; skipReason?: SkipReason | null; lastError?: string | null }): PreparedAttempt {
  db.$client
    .prepare(`UPDATE message_sends SET status = ?, skip_reason = ?, last_error = ?, next_attempt_at = NULL WHERE id = ?`)
    .run(set.status, set.skipReason ?? null, set.lastError ?? null, send.id);
  return { kind: "nothing", why: set.skipReason ?? set.lastError ?? set.status };
}

function templateOf(db: Db, send: SendRow): MessageTemplate | null {
  if (send.template_id !== null) {
    return (db.$client.prepare(`SELECT subject, body FROM message_templates WHERE id = ? AND shop_id = ?`).get(send.template_id, send.shop_id) as MessageTemplate | undefined) ?? null;
  }
  return send.template ? (JSON.parse(send.template) as MessageTemplate) : null;
}

/** Renders and freezes the message; returns an error text when the template cannot be rendered. */
function freezeContent(db: Db, send: SendRow, shop: ShopRow, contact: ContactRow, address: string, config: MessagingConfig, now: number): string | null {
  const template = templateOf(db, send);
  if (!template) return "The message's template was deleted";
  const coupon = send.coupon_id === null ? null : (db.$client.prepare(`SELECT code FROM coupons WHERE id = ? AND shop_id = ?`).pluck().get(send.coupon_id, send.shop_id) as string | undefined);
  const links = messageLinks(db, { shopId: send.shop_id, sendId: send.id, baseUrl: config.baseUrl, now, optIn: send.purpose === "opt_in" });
  try {
    const rendered = renderMessage(
      send.channel,
      template,
      {
        first_name: contact.firstName,
        last_name: contact.lastName,
        email: contact.email,
        shop_name: shop.name ?? shop.domain,
        coupon_code: coupon ?? null,
        coupon_url: coupon ? `https://${shop.domain}/discount/${encodeURIComponent(coupon)}` : null,
      },
      links,
    );
    db.$client
      .prepare(`UPDATE message_sends SET to_address = ?, subject = ?, body = ?, links = ? WHERE id = ?`)
      .run(address, rendered.subject, rendered.body, JSON.stringify(rendered.links), send.id);
    return null;
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
}

function checkAndClaim(db: Db, send: SendRow, config: MessagingConfig, now: number): PreparedAttempt | { kind: "claimed"; hook: ResolvedHook } {
  if (TERMINAL.includes(send.status)) return { kind: "nothing", why: `already ${send.status}` };
  // another job owns a later step (a retry or the end of quiet hours)
  if (send.next_attempt_at !== null && send.next_attempt_at > now) return { kind: "nothing", why: "not due yet" };
  const shop = db.$client.prepare(`SELECT domain, name, time_zone, settings, uninstalled_at FROM shops WHERE id = ?`).get(send.shop_id) as ShopRow;
  if (shop.uninstalled_at !== null) return finish(db, send, { status: "skipped", skipReason: "shop_uninstalled" });
  const contact = loadContact(db, send.shop_id, send.contact_id);
  const optIn = send.purpose === "opt_in";
  const reach = optIn ? optInAddress(contact) : marketingAddress(contact, send.channel);
  if ("skip" in reach) return finish(db, send, { status: "skipped", skipReason: reach.skip });

  const hook = resolveSendHook(db, { shopId: send.shop_id, channel: send.channel, baseUrl: config.baseUrl, builtinOutbox: config.builtinOutbox, now });
  if (send.status === "sending") {
    // a retry, or a resend after a crash between claim and result: same content, same key
    return hook ? { kind: "claimed", hook } : finish(db, send, { status: "dead", lastError: `The ${send.channel} send hook was removed` });
  }
  // the person asking for an opt-in confirmation is waiting for it: quiet hours hold marketing only
  const quietUntil = optIn ? null : quietHoursEnd(readShopSettings(shop.settings).quietHours, { channel: send.channel, timeZone: contact!.timeZone ?? shop.time_zone, now });
  if (quietUntil !== null) {
    db.$client.prepare(`UPDATE message_sends SET status = 'deferred', next_attempt_at = ? WHERE id = ?`).run(quietUntil, send.id);
    enqueueSendJob(db, { shopId: send.shop_id, sendId: send.id, slot: `quiet:${quietUntil}`, runAfter: quietUntil, now });
    return { kind: "nothing", why: "quiet hours" };
  }
  if (!hook) return finish(db, send, { status: "failed", lastError: `No ${send.channel === "email" ? "email" : "SMS"} send hook is configured (Settings)` });
  const renderError = freezeContent(db, send, shop, contact!, reach.address, config, now);
  if (renderError) return finish(db, send, { status: "failed", lastError: renderError });
  if (!consumeQuota(db, { shopId: send.shop_id, channel: send.channel, now })) return finish(db, send, { status: "skipped", skipReason: "quota" });
  db.$client.prepare(`UPDATE message_sends SET status = 'sending' WHERE id = ?`).run(send.id);
  return { kind: "claimed", hook };
}

/** Decides, claims and opens the next attempt of one message (one IMMEDIATE transaction). */
export function prepareAttempt(db: Db, { shopId, sendId, config, now }: { shopId: number; sendId: number; config: MessagingConfig; now: number }): PreparedAttempt {
  const sqlite = db.$client;
  return sqlite
    .transaction((): PreparedAttempt => {
      const before = loadSend(db, shopId, sendId);
      if (!before) return { kind: "nothing", why: "no such message" };
      const claim = checkAndClaim(db, before, config, now);
      if (claim.kind !== "claimed") return claim;
      const send = loadSend(db, shopId, sendId)!;
      const attempt = send.attempts + 1;
      if (attempt > MAX_SEND_ATTEMPTS) return finish(db, send, { status: "dead", lastError: "Attempts used up" });
      // an attempt left open by a process that stopped mid-request: its result is unknown
      sqlite.prepare(`UPDATE send_attempts SET error = 'no result: the process stopped during the request' WHERE send_id = ? AND http_status IS NULL AND error IS NULL`).run(send.id);
      sqlite.prepare(`UPDATE message_sends SET attempts = ?, next_attempt_at = NULL WHERE id = ?`).run(attempt, send.id);
      const attemptId = Number(sqlite.prepare(`INSERT INTO send_attempts (shop_id, send_id, attempt, at) VALUES (?, ?, ?, ?)`).run(shopId, send.id, attempt, now).lastInsertRowid);
      const shopDomain = sqlite.prepare(`SELECT domain FROM shops WHERE id = ?`).pluck().get(shopId) as string;
      const links = send.channel === "email" ? messageLinks(db, { shopId, sendId: send.id, baseUrl: config.baseUrl, now }) : null;
      const rawBody = buildHookPayload({
        idempotencyKey: send.idempotency_key,
        sendId: send.id,
        shopDomain,
        channel: send.channel,
        to: send.to_address!,
        subject: send.subject,
        body: send.body ?? "",
        unsubscribeUrl: links?.unsubscribeUrl ?? null,
        source:
          send.purpose === "opt_in"
            ? { kind: "opt_in_confirmation", id: optInSignupId(send.idempotency_key) }
            : send.campaign_id !== null
              ? { kind: "campaign", id: send.campaign_id }
              : { kind: "automation_step", id: send.automation_run_id ?? 0, step: send.step_index ?? 0 },
        contactId: send.contact_id,
        baseUrl: config.baseUrl,
        createdAt: send.created_at,
      });
      return { kind: "attempt", attempt, attemptId, hook: claim.hook, rawBody, idempotencyKey: send.idempotency_key };
    })
    .immediate();
}
