import type { EventTypeName } from "../../db/enums";

/** How each event reads in a contact's activity ("Viewed product · Classic Tee"). */
export const EVENT_LABELS: Record<EventTypeName, string> = {
  page_viewed: "Viewed a page",
  product_viewed: "Viewed product",
  collection_viewed: "Viewed collection",
  added_to_cart: "Added to cart",
  checkout_started: "Started checkout",
  checkout_completed: "Completed checkout",
  checkout_abandoned: "Abandoned checkout",
  search_submitted: "Searched the store",
  email_sent: "Was sent email",
  email_delivered: "Email delivered",
  email_opened: "Opened email",
  email_clicked: "Clicked email",
  email_bounced: "Email bounced",
  email_complained: "Marked email as spam",
  email_unsubscribed: "Unsubscribed from email",
  sms_sent: "Was sent SMS",
  sms_delivered: "SMS delivered",
  sms_clicked: "Clicked SMS link",
  sms_failed: "SMS failed",
  sms_unsubscribed: "Unsubscribed from SMS",
  coupon_received: "Received coupon",
  coupon_clicked: "Clicked coupon",
  subscription_started: "Started a subscription",
  subscription_cancelled: "Cancelled a subscription",
};

export type BadgeTone = "success" | "attention" | "critical" | "info" | undefined;

/** Consent states as a merchant reads them, with a badge tone. */
export const CONSENT_LABELS: Record<string, { label: string; tone: BadgeTone }> = {
  subscribed: { label: "Subscribed", tone: "success" },
  not_subscribed: { label: "Not subscribed", tone: undefined },
  unsubscribed: { label: "Unsubscribed", tone: undefined },
  pending: { label: "Pending confirmation", tone: "attention" },
  redacted: { label: "Redacted", tone: undefined },
  invalid: { label: "Invalid", tone: "critical" },
};

export const VALIDITY_LABELS: Record<string, { label: string; tone: BadgeTone }> = {
  unknown: { label: "Not verified yet", tone: undefined },
  valid: { label: "Valid", tone: "success" },
  bounced: { label: "Bounced", tone: "critical" },
  invalid: { label: "Invalid", tone: "critical" },
};

export const TAG_SOURCE_LABELS: Record<string, string> = {
  platform: "Store",
  import: "Imported",
  popup: "Popup",
};

export function contactDisplayName(c: { firstName: string | null; lastName: string | null; email: string | null; phone: string | null }): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ").trim();
  return name || c.email || c.phone || "Unnamed contact";
}
