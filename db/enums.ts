/**
 * Storage codes shared by every layer. Integer codes are written into compact tables
 * (events, membership changes) and must never be renumbered: add new codes, never reuse one.
 */

/** Everything a contact did or that happened to them, stored as `events.type`. */
export const EVENT_TYPES = {
  // storefront behaviour (web pixel)
  page_viewed: 1,
  product_viewed: 2,
  collection_viewed: 3,
  added_to_cart: 4,
  checkout_started: 5,
  checkout_completed: 6,
  checkout_abandoned: 7,
  search_submitted: 8,
  // email channel (own tracking; subject = campaign)
  email_sent: 20,
  email_delivered: 21,
  email_opened: 22,
  email_clicked: 23,
  email_bounced: 24,
  email_complained: 25,
  email_unsubscribed: 26,
  // SMS channel (own tracking; subject = campaign)
  sms_sent: 40,
  sms_delivered: 41,
  sms_clicked: 42,
  sms_failed: 43,
  sms_unsubscribed: 44,
  // app events (subject = coupon, detail = campaign)
  coupon_received: 60,
  coupon_clicked: 61,
  // subscriptions (from subscription-app tags or imported events)
  subscription_started: 80,
  subscription_cancelled: 81,
} as const;
export type EventTypeName = keyof typeof EVENT_TYPES;
export type EventTypeCode = (typeof EVENT_TYPES)[EventTypeName];

/** What `events.subject_id` (and `detail_id`) refer to, per event type. */
export const EVENT_SUBJECTS: Record<EventTypeName, { subject: SubjectKind | null; detail: SubjectKind | null }> = {
  page_viewed: { subject: null, detail: null },
  product_viewed: { subject: "product", detail: null },
  collection_viewed: { subject: "category", detail: null },
  added_to_cart: { subject: "product", detail: null },
  checkout_started: { subject: "checkout", detail: null },
  checkout_completed: { subject: "checkout", detail: null },
  checkout_abandoned: { subject: "checkout", detail: null },
  search_submitted: { subject: null, detail: null },
  email_sent: { subject: "campaign", detail: null },
  email_delivered: { subject: "campaign", detail: null },
  email_opened: { subject: "campaign", detail: null },
  email_clicked: { subject: "campaign", detail: null },
  email_bounced: { subject: "campaign", detail: null },
  email_complained: { subject: "campaign", detail: null },
  email_unsubscribed: { subject: "campaign", detail: null },
  sms_sent: { subject: "campaign", detail: null },
  sms_delivered: { subject: "campaign", detail: null },
  sms_clicked: { subject: "campaign", detail: null },
  sms_failed: { subject: "campaign", detail: null },
  sms_unsubscribed: { subject: "campaign", detail: null },
  coupon_received: { subject: "coupon", detail: "campaign" },
  coupon_clicked: { subject: "coupon", detail: "campaign" },
  subscription_started: { subject: null, detail: null },
  subscription_cancelled: { subject: null, detail: null },
};
export type SubjectKind = "product" | "category" | "campaign" | "coupon" | "checkout";

/** Where an event came from, stored as `events.source`. */
export const EVENT_SOURCES = {
  pixel: 1,
  webhook: 2,
  message: 3,
  import: 4,
  popup: 5,
  backfill: 6,
} as const;
export type EventSourceName = keyof typeof EVENT_SOURCES;

/** Why a contact entered or left a segment, stored as `membership_changes.cause`. */
export const MEMBERSHIP_CAUSES = {
  event: 1,
  time: 2,
  definition_edit: 3,
  import: 4,
  consent: 5,
  lifecycle: 6,
  redaction: 7,
} as const;
export type MembershipCauseName = keyof typeof MEMBERSHIP_CAUSES;

export const MEMBERSHIP_CHANGE_KINDS = { entered: 1, left: 2 } as const;
export type MembershipChangeKind = keyof typeof MEMBERSHIP_CHANGE_KINDS;

export const PLATFORMS = ["shopify", "shopline"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Email marketing consent, as Shopify names it (lower case). `not_subscribed` is "never subscribed". */
export const EMAIL_CONSENT_STATES = [
  "subscribed",
  "unsubscribed",
  "not_subscribed",
  "pending",
  "redacted",
  "invalid",
] as const;
export type EmailConsentState = (typeof EMAIL_CONSENT_STATES)[number];

export const SMS_CONSENT_STATES = ["subscribed", "unsubscribed", "not_subscribed", "pending", "redacted"] as const;
export type SmsConsentState = (typeof SMS_CONSENT_STATES)[number];

/** Address validity learned from provider callbacks (bounces) and validation. */
export const ADDRESS_VALIDITY = ["unknown", "valid", "bounced", "invalid"] as const;
export type AddressValidity = (typeof ADDRESS_VALIDITY)[number];

/** Shopify customer account state; SHOPLINE member data maps onto it. `enabled` = member. */
export const ACCOUNT_STATES = ["enabled", "invited", "disabled", "declined"] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

export const LIFECYCLE_STAGES = ["loyal", "high_potential", "nurture_needed", "dormant", "churned"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const REGISTRATION_SOURCES = ["online_store", "checkout", "pos", "admin", "popup", "import", "api"] as const;
export type RegistrationSource = (typeof REGISTRATION_SOURCES)[number];

/** Where a tag on a contact came from. One tag can be held from several sources. */
export const TAG_SOURCES = ["platform", "import", "popup"] as const;
export type TagSource = (typeof TAG_SOURCES)[number];

export const ATTRIBUTE_TYPES = ["text", "number", "boolean", "date"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/** Product types, collections and product tags: what "purchased category" and the category filters match. */
export const CATEGORY_KINDS = ["product_type", "collection", "tag"] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const GENDERS = ["female", "male", "other"] as const;
export type Gender = (typeof GENDERS)[number];

export const CHANNELS = ["email", "sms"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Reverse lookup: code → name, for display and explanations. */
export function eventTypeName(code: number): EventTypeName | undefined {
  return (Object.keys(EVENT_TYPES) as EventTypeName[]).find((k) => EVENT_TYPES[k] === code);
}
export function membershipCauseName(code: number): MembershipCauseName | undefined {
  return (Object.keys(MEMBERSHIP_CAUSES) as MembershipCauseName[]).find((k) => MEMBERSHIP_CAUSES[k] === code);
}
