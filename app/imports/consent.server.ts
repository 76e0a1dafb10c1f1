import type { Db } from "../../db/client.server";
import type { Channel } from "../../db/enums";
import { prepared } from "../../db/statement-cache";
import { enqueueJob } from "../jobs/queue.server";
import { CONSENT_WRITEBACK_JOB, writeConsentState } from "../messaging/consent.server";
import type { ImportedConsent } from "./values";

/**
 * Consent from an imported file (decision 37):
 * - `unsubscribed` withdraws a subscription (subscribed or pending) on any contact, and is written
 *   back to the platform like every opt-out made here;
 * - `subscribed` subscribes only a contact held here alone (no platform customer) who is
 *   not_subscribed or pending: it is never written back, and it never re-subscribes a contact who
 *   unsubscribed; a platform customer's subscription is the platform's to record;
 * - `not_subscribed` and empty cells change nothing.
 * The engine is told by the caller (cause `import`), with the batch.
 */

export type ConsentOutcome = "changed" | "kept" | "same";

type ContactConsent = { platform_id: string | null; email_consent: string; email_opt_in_level: string | null; sms_consent: string };

export function applyImportedConsent(
  db: Db,
  { shopId, contactId, channel, consent, now }: { shopId: number; contactId: number; channel: Channel; consent: ImportedConsent; now: number },
): ConsentOutcome {
  if (consent === "not_subscribed") return "same";
  const sqlite = db.$client;
  const contact = prepared(sqlite, `SELECT platform_id, email_consent, email_opt_in_level, sms_consent FROM contacts WHERE id = ? AND shop_id = ?`).get(contactId, shopId) as ContactConsent;
  const current = channel === "email" ? contact.email_consent : contact.sms_consent;
  if (current === consent) return "same";
  if (consent === "unsubscribed" && current !== "subscribed" && current !== "pending") return "same";
  if (consent === "subscribed" && (contact.platform_id !== null || (current !== "not_subscribed" && current !== "pending"))) return "kept";

  const applied = writeConsentState(db, { shopId, contactId, platformId: contact.platform_id, emailOptInLevel: contact.email_opt_in_level, channel, state: consent, now });
  if (!applied) return "kept"; // the platform holds newer consent than this import
  const writeBack = consent === "unsubscribed" && contact.platform_id !== null;
  const changeId = Number(
    prepared(
      sqlite,
      `INSERT INTO consent_changes (shop_id, contact_id, channel, state, source, at, writeback_status, writeback_detail) VALUES (?, ?, ?, ?, 'import', ?, ?, ?)`,
    ).run(shopId, contactId, channel, consent, now, writeBack ? "pending" : "skipped", writeBack ? null : consent === "subscribed" ? "imported subscriptions are not written back" : "the contact has no platform customer")
      .lastInsertRowid,
  );
  if (writeBack) enqueueJob(db, { type: CONSENT_WRITEBACK_JOB, shopId, payload: { shopId, changeId }, uniqueKey: `${CONSENT_WRITEBACK_JOB}:${changeId}`, maxAttempts: 8 }, now);
  return "changed";
}
