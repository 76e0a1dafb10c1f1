import type { Db } from "../../db/client.server";
import type { EmailConsentState, SmsConsentState } from "../../db/enums";
import { captureContact } from "../contacts/capture.server";
import { enqueueJob } from "../jobs/queue.server";
import { onContactChanged } from "../membership/incremental.server";
import { setMarketingConsent } from "../messaging/consent.server";
import { enqueueMessage, messageIdempotencyKey } from "../messaging/enqueue.server";
import type { ContactChange } from "../segments/dependencies";
import type { PopupSettings } from "../settings/shop-settings";
import { OPT_IN_CONFIRMATION_TEMPLATE } from "./confirmation-template";
import type { PopupSubmission } from "./submission";

/**
 * A signup from the storefront popup, applied in one IMMEDIATE transaction: the contact is found
 * (email, then phone) or created with registration source `popup`, the popup tags added (source
 * `popup`), the engine told; each ticked channel is subscribed — or, for email under double opt-in,
 * made `pending` with a confirmation email queued (one per pending signup, so re-submitting does not
 * send another) — and recorded in `consent_changes`; the signup itself is kept in `popup_signups`
 * with the consent texts shown; and the platform write-back (create the customer, or add the tags)
 * is queued as a job. Consent write-backs go through the consent module's own job.
 */

export const POPUP_PLATFORM_SYNC_JOB = "popup.platform-sync";

export type SignupResult = {
  signupId: number;
  contactId: number;
  created: boolean;
  email: EmailConsentState | null;
  sms: SmsConsentState | null;
  /** A confirmation email was queued: the visitor should check their inbox. */
  confirmationQueued: boolean;
};

const changed = (change: ContactChange) => Boolean(change.everything || change.tags || change.fields?.length);

export function applyPopupSignup(
  db: Db,
  { shopId, settings, submission, tags, now }: { shopId: number; settings: PopupSettings; submission: PopupSubmission; tags: string[]; now: number },
): SignupResult {
  const sqlite = db.$client;
  const run = sqlite.transaction((): SignupResult => {
    const capture = captureContact(db, {
      shopId,
      contact: { email: submission.email, phone: submission.phone, profile: { firstName: submission.firstName, lastName: submission.lastName, language: submission.locale }, tags },
      source: "popup",
      at: now,
      now,
    });
    const contactId = capture.contactId;
    if (changed(capture.change)) onContactChanged(db, { shopId, contactIds: [contactId], change: capture.change, now, cause: "event", causeDetail: "popup signup" });

    const emailChange = submission.emailConsent
      ? setMarketingConsent(db, { shopId, contactId, channel: "email", state: settings.doubleOptIn ? "pending" : "subscribed", source: "popup", now })
      : null;
    if (submission.smsConsent) setMarketingConsent(db, { shopId, contactId, channel: "sms", state: "subscribed", source: "popup", now });
    const consent = sqlite.prepare(`SELECT email_consent, sms_consent FROM contacts WHERE id = ? AND shop_id = ?`).get(contactId, shopId) as {
      email_consent: EmailConsentState;
      sms_consent: SmsConsentState;
    };
    const email = submission.emailConsent ? consent.email_consent : null;
    const sms = submission.smsConsent ? consent.sms_consent : null;

    const signupId = Number(
      sqlite
        .prepare(
          `INSERT INTO popup_signups (shop_id, contact_id, created_contact, email_consent, sms_consent, email_consent_text, sms_consent_text, tags, created_at, writeback_status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
        )
        .run(shopId, contactId, capture.created ? 1 : 0, email, sms, submission.emailConsentText ?? null, submission.smsConsentText ?? null, JSON.stringify(tags), now).lastInsertRowid,
    );
    // only the signup that made the address pending sends a confirmation: no mail bombing by re-submitting
    const confirmationQueued = emailChange?.changed === true && email === "pending";
    if (confirmationQueued) {
      const source = { kind: "opt_in_confirmation" as const, id: signupId };
      enqueueMessage(db, { shopId, contactId, channel: "email", source, idempotencyKey: messageIdempotencyKey(source, contactId), template: OPT_IN_CONFIRMATION_TEMPLATE, now });
    }
    // ahead of the consent write-backs (priority 100): a new subscriber is then a store customer when they run
    enqueueJob(db, { type: POPUP_PLATFORM_SYNC_JOB, shopId, payload: { shopId, signupId }, uniqueKey: `${POPUP_PLATFORM_SYNC_JOB}:${signupId}`, priority: 90, maxAttempts: 8 }, now);
    return { signupId, contactId, created: capture.created, email, sms, confirmationQueued };
  });
  return sqlite.inTransaction ? run() : run.immediate();
}
