import type { AddressValidity, Channel, EmailConsentState, SmsConsentState } from "../../db/enums";
import { toE164 } from "./phone";

/**
 * Why a message was not sent (`message_sends.skip_reason`). Consent and addresses are read at the
 * moment of sending, never from when the message was enqueued.
 */
export type SkipReason = "contact_gone" | "not_subscribed" | "not_pending" | "no_address" | "invalid_address" | "quota" | "shop_uninstalled";

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  contact_gone: "Contact deleted or erased",
  not_subscribed: "Not subscribed on this channel",
  not_pending: "No longer waiting for an opt-in confirmation",
  no_address: "No address for this channel",
  invalid_address: "Address invalid or bounced",
  quota: "Email quota or SMS balance used up",
  shop_uninstalled: "App uninstalled",
};

export type ContactForSending = {
  email: string | null;
  phone: string | null;
  countryCode: string | null;
  emailConsent: EmailConsentState;
  smsConsent: SmsConsentState;
  emailValidity: AddressValidity;
  phoneValidity: AddressValidity;
  deletedAt: number | null;
  redactedAt: number | null;
};

const UNUSABLE: AddressValidity[] = ["bounced", "invalid"];
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Reach = { address: string } | { skip: SkipReason };

/** The address to send marketing to on `channel`, or why the contact cannot get it now. */
export function marketingAddress(contact: ContactForSending | null, channel: Channel): Reach {
  if (!contact || contact.deletedAt !== null || contact.redactedAt !== null) return { skip: "contact_gone" };
  if (channel === "email") {
    if (contact.emailConsent !== "subscribed") return { skip: "not_subscribed" };
    return emailAddress(contact);
  }
  if (contact.smsConsent !== "subscribed") return { skip: "not_subscribed" };
  if (!contact.phone) return { skip: "no_address" };
  const phone = toE164(contact.phone, contact.countryCode);
  if (!phone || UNUSABLE.includes(contact.phoneValidity)) return { skip: "invalid_address" };
  return { address: phone };
}

function emailAddress(contact: ContactForSending): Reach {
  if (!contact.email) return { skip: "no_address" };
  if (UNUSABLE.includes(contact.emailValidity) || !EMAIL_SHAPE.test(contact.email)) return { skip: "invalid_address" };
  return { address: contact.email };
}

/**
 * The address of a double opt-in confirmation: sent only while the email consent is `pending` (a
 * confirmed, withdrawn or erased signup gets nothing), to a usable address.
 */
export function optInAddress(contact: ContactForSending | null): Reach {
  if (!contact || contact.deletedAt !== null || contact.redactedAt !== null) return { skip: "contact_gone" };
  if (contact.emailConsent !== "pending") return { skip: "not_pending" };
  return emailAddress(contact);
}
