import type { Db } from "../../db/client.server";
import type { Channel, EmailConsentState, SmsConsentState } from "../../db/enums";
import type { ConsentChangeSource, ConsentChangeState } from "../../db/schema";
import { prepared } from "../../db/statement-cache";
import { enqueueJob } from "../jobs/queue.server";
import { applyContactUpsert } from "../sync/contacts.server";
import { recordMessageEvents, type MessageEvent } from "./message-events.server";

export const CONSENT_WRITEBACK_JOB = "messages.consent-writeback";

/**
 * Consent changes that start here: an unsubscribe link, a one-click List-Unsubscribe POST, a STOP
 * (or START) reply, a provider's unsubscribe or complaint, a popup signup (subscribed, or `pending`
 * until its double opt-in link is followed). Applied at once with the sync layer's
 * semantics (a source version; an older platform delivery arriving later cannot undo it), recorded
 * in `consent_changes`, reported to the engine (cause `consent`) and written back to the platform
 * by a job.
 */

type ContactConsent = {
  platform_id: string | null;
  email_consent: EmailConsentState;
  email_opt_in_level: string | null;
  sms_consent: SmsConsentState;
  deleted_at: number | null;
  redacted_at: number | null;
};

export type ConsentChangeResult = { changed: boolean; changeId: number | null };

/** Our own changes win ties against the platform's data of the same millisecond. */
const localVersion = (now: number) => now * 1000 + 999;

/**
 * Which current states a change moves. A subscription (or a pending one) can be withdrawn; START
 * undoes a withdrawal; a popup signup is an explicit opt-in, so it also subscribes someone never
 * subscribed (or makes them `pending` under double opt-in, never downgrading a subscription); the
 * confirmation link only completes a pending signup. Redacted and invalid states never move.
 */
export function consentMoves(current: string, next: ConsentChangeState, source: ConsentChangeSource): boolean {
  if (next === "unsubscribed") return current === "subscribed" || current === "pending";
  if (next === "pending") return source === "popup" && (current === "not_subscribed" || current === "unsubscribed");
  if (source === "popup_confirm") return current === "pending";
  if (source === "popup") return current === "not_subscribed" || current === "unsubscribed" || current === "pending";
  return current === "unsubscribed";
}

/** The opt-in level (Shopify's, lower case) a change made here records: confirmed for double opt-in, else single. */
export function consentOptInLevel(state: ConsentChangeState, source: ConsentChangeSource): "single_opt_in" | "confirmed_opt_in" | null {
  if (state === "unsubscribed") return null;
  return state === "pending" || source === "popup_confirm" ? "confirmed_opt_in" : "single_opt_in";
}

/**
 * Sets a contact's marketing consent on one channel; nothing happens when it is already in that
 * state (a second click, a repeated STOP). One IMMEDIATE transaction (or the caller's).
 */
export function setMarketingConsent(
  db: Db,
  input: { shopId: number; contactId: number; channel: Channel; state: ConsentChangeState; source: ConsentChangeSource; sendId?: number | null; now: number },
): ConsentChangeResult {
  const { shopId, contactId, channel, state, source, now } = input;
  const sqlite = db.$client;
  const run = sqlite.transaction((): ConsentChangeResult => {
    const contact = sqlite
      .prepare(`SELECT platform_id, email_consent, email_opt_in_level, sms_consent, deleted_at, redacted_at FROM contacts WHERE id = ? AND shop_id = ?`)
      .get(contactId, shopId) as ContactConsent | undefined;
    if (!contact || contact.deleted_at !== null || contact.redacted_at !== null) return { changed: false, changeId: null };
    const current = channel === "email" ? contact.email_consent : contact.sms_consent;
    if (!consentMoves(current, state, source)) return { changed: false, changeId: null };

    const level = consentOptInLevel(state, source);
    if (!writeConsentState(db, { shopId, contactId, platformId: contact.platform_id, emailOptInLevel: level ?? contact.email_opt_in_level, channel, state, now })) {
      return { changed: false, changeId: null }; // the platform holds newer consent than this moment
    }

    const changeId = Number(
      sqlite
        .prepare(`INSERT INTO consent_changes (shop_id, contact_id, channel, state, source, send_id, at, writeback_status) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')`)
        .run(shopId, contactId, channel, state, source, input.sendId ?? null, now).lastInsertRowid,
    );
    const events: MessageEvent[] = [];
    if (state === "unsubscribed") {
      const campaignId = input.sendId ? (sqlite.prepare(`SELECT campaign_id FROM message_sends WHERE id = ? AND shop_id = ?`).pluck().get(input.sendId, shopId) as number | null) : null;
      events.push({ type: channel === "email" ? "email_unsubscribed" : "sms_unsubscribed", subjectId: campaignId ?? null });
      if (input.sendId) sqlite.prepare(`UPDATE message_sends SET unsubscribed_at = coalesce(unsubscribed_at, ?) WHERE id = ? AND shop_id = ?`).run(now, input.sendId, shopId);
    }
    recordMessageEvents(db, { shopId, contactId, events, fields: [channel === "email" ? "email_consent" : "sms_consent"], now, causeDetail: `${source} (${channel})` });
    enqueueJob(db, { type: CONSENT_WRITEBACK_JOB, shopId, payload: { shopId, changeId }, uniqueKey: `${CONSENT_WRITEBACK_JOB}:${changeId}`, maxAttempts: 8 }, now);
    return { changed: true, changeId };
  });
  return sqlite.inTransaction ? run() : run.immediate();
}

/**
 * Writes one channel's consent state with the sync layer's version rule (our change wins over
 * older platform data, never over newer). Returns whether the contact now holds `state`. Used by
 * `setMarketingConsent` and by imports, which report the change to the engine themselves.
 */
export function writeConsentState(
  db: Db,
  input: { shopId: number; contactId: number; platformId: string | null; emailOptInLevel: string | null; channel: Channel; state: ConsentChangeState; now: number },
): boolean {
  const { shopId, contactId, channel, state, now } = input;
  const sqlite = db.$client;
  const version = localVersion(now);
  if (input.platformId !== null) {
    applyContactUpsert(db, {
      shopId,
      now,
      upsert:
        channel === "email"
          ? { platformId: input.platformId, version, emailConsent: { state, optInLevel: input.emailOptInLevel, consentAt: now } }
          : { platformId: input.platformId, version, smsConsent: { state, consentAt: now } },
    });
  } else {
    // a captured subscriber with no platform customer: the same columns, the same version rule
    const columns = channel === "email" ? ["email_consent", "email_consent_at", "email_consent_source_at"] : ["sms_consent", "sms_consent_at", "sms_consent_source_at"];
    prepared(sqlite, `UPDATE contacts SET ${columns[0]} = ?, ${columns[1]} = ?, ${columns[2]} = ?, updated_at = ? WHERE id = ? AND shop_id = ? AND (${columns[2]} IS NULL OR ${columns[2]} < ?)`).run(state, now, version, now, contactId, shopId, version);
    if (channel === "email" && input.emailOptInLevel) {
      prepared(sqlite, `UPDATE contacts SET email_opt_in_level = ? WHERE id = ? AND shop_id = ? AND email_consent_source_at = ?`).run(input.emailOptInLevel, contactId, shopId, version);
    }
  }
  return prepared(sqlite, `SELECT ${channel === "email" ? "email_consent" : "sms_consent"} FROM contacts WHERE id = ? AND shop_id = ?`).pluck().get(contactId, shopId) === state;
}

/** The contact a message went to, for the unsubscribe page and callbacks. */
export function sendRecipient(db: Db, { shopId, sendId }: { shopId: number; sendId: number }): { contactId: number | null; channel: Channel; campaignId: number | null } | null {
  const row = db.$client.prepare(`SELECT contact_id, channel, campaign_id FROM message_sends WHERE id = ? AND shop_id = ?`).get(sendId, shopId) as
    | { contact_id: number | null; channel: Channel; campaign_id: number | null }
    | undefined;
  return row ? { contactId: row.contact_id, channel: row.channel, campaignId: row.campaign_id } : null;
}
