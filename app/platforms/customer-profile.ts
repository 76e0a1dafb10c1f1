import { ACCOUNT_STATES, EMAIL_CONSENT_STATES, SMS_CONSENT_STATES, type AccountState, type EmailConsentState, type SmsConsentState } from "../../db/enums";
import { normalizeCode, normalizeEmail, normalizePhone, normalizeText, tagList } from "../contacts/normalize";
import { isoTime } from "./json";
import type { ContactUpsert, EmailConsentChange, ProfileChange, SmsConsentChange, Version } from "./types";

/**
 * The customer mapping every adapter shares once it has read its payload's fields: the profile
 * (contact data, default address, account state), the consent state words and the upsert's
 * optional groups. Adapters name their fields; nothing here knows which platform sent them.
 */

/** A customer's default address, the parts the contact keeps. */
export type CustomerAddress = { countryCode?: string | null; provinceCode?: string | null; city?: string | null; zip?: string | null };

export type CustomerFields = {
  email: string | null | undefined;
  phone: string | null | undefined;
  firstName: string | null | undefined;
  lastName: string | null | undefined;
  address: CustomerAddress | null | undefined;
  note: string | null | undefined;
  /** The account state word as the platform sends it (`enabled`, …); anything else is no state. */
  state: string | null | undefined;
  locale: string | null | undefined;
  /** When the customer was created on the platform (ms), if known. */
  createdAt: number | null;
};

/** A customer node as Admin GraphQL APIs name its fields (the parts read alike on every such API). */
export type GraphqlCustomerNode = {
  firstName?: string | null;
  lastName?: string | null;
  note?: string | null;
  /** An upper-case enum (`ENABLED`). */
  state?: string | null;
  locale?: string | null;
  createdAt?: string | null;
  defaultAddress?: { countryCodeV2?: string | null; provinceCode?: string | null; city?: string | null; zip?: string | null } | null;
};

/** A GraphQL customer node's fields for `customerProfile`; where its email and phone sit differs by API. */
export function graphqlCustomerFields(node: GraphqlCustomerNode, contact: Pick<CustomerFields, "email" | "phone">): CustomerFields {
  const address = node.defaultAddress;
  return {
    ...contact,
    firstName: node.firstName,
    lastName: node.lastName,
    address: address && { countryCode: address.countryCodeV2, provinceCode: address.provinceCode, city: address.city, zip: address.zip },
    note: node.note,
    state: node.state?.toLowerCase(),
    locale: node.locale,
    createdAt: isoTime(node.createdAt),
  };
}

const isOneOf = <T extends string>(values: readonly T[], text: string | null | undefined): text is T => !!text && (values as readonly string[]).includes(text);

/** The account state a word names (exactly, lower case), else null. */
export function accountStateOf(text: string | null | undefined): AccountState | null {
  return isOneOf(ACCOUNT_STATES, text) ? text : null;
}

/** An email marketing state in any case (`SUBSCRIBED`, `subscribed`); unknown or missing is `not_subscribed`. */
export function emailConsentState(value: string | null | undefined): EmailConsentState {
  const text = value?.toLowerCase();
  return isOneOf(EMAIL_CONSENT_STATES, text) ? text : "not_subscribed";
}

/** An SMS marketing state in any case; unknown or missing is `not_subscribed`. */
export function smsConsentState(value: string | null | undefined): SmsConsentState {
  const text = value?.toLowerCase();
  return isOneOf(SMS_CONSENT_STATES, text) ? text : "not_subscribed";
}

/** The profile group of a customer upsert: normalized contact data, address and account state. */
export function customerProfile(customer: CustomerFields): ProfileChange {
  const country = normalizeCode(customer.address?.countryCode);
  const state = accountStateOf(customer.state);
  return {
    email: normalizeEmail(customer.email),
    phone: normalizePhone(customer.phone, country),
    firstName: normalizeText(customer.firstName),
    lastName: normalizeText(customer.lastName),
    countryCode: country,
    regionCode: normalizeCode(customer.address?.provinceCode),
    city: normalizeText(customer.address?.city),
    zip: normalizeText(customer.address?.zip),
    note: normalizeText(customer.note),
    accountState: state,
    isMember: state === "enabled",
    ...(customer.locale ? { language: customer.locale } : {}),
    ...(customer.createdAt !== null ? { createdAt: customer.createdAt } : {}),
  };
}

type OptionalGroups = {
  /** The customer's complete tag list; null or undefined leaves the tags untouched. */
  tags?: string | string[] | null;
  emailConsent?: EmailConsentChange;
  smsConsent?: SmsConsentChange;
};

/** A customer upsert: the profile, plus each optional group the payload carried. */
export function customerUpsert(platformId: string, version: Version, profile: ProfileChange, { tags, emailConsent, smsConsent }: OptionalGroups): ContactUpsert {
  const upsert: ContactUpsert = { platformId, version, profile };
  if (tags !== undefined && tags !== null) upsert.tags = tagList(tags);
  if (emailConsent) upsert.emailConsent = emailConsent;
  if (smsConsent) upsert.smsConsent = smsConsent;
  return upsert;
}
