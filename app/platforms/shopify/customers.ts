import { z } from "zod";
import { tagList } from "../../contacts/normalize";
import { customerProfile, customerUpsert, emailConsentState, smsConsentState } from "../customer-profile";
import { idText, isoTime } from "../json";
import { sourceVersion, type ContactUpsert, type EmailConsentChange, type SmsConsentChange, type TagDelta } from "../types";

/**
 * Shopify customer payloads → the neutral model. Only the fields we use are read. Since API
 * 2025-01 customer payloads carry neither tags nor consent (they come from their own topics);
 * older payloads that still carry them are mapped too.
 */

const id = z.union([z.string(), z.number()]).transform((v) => idText(v)!);
const address = z.object({ city: z.string().nullish(), province_code: z.string().nullish(), country_code: z.string().nullish(), zip: z.string().nullish() }).nullish();
const consent = z.object({ state: z.string().nullish(), opt_in_level: z.string().nullish(), consent_updated_at: z.string().nullish() }).nullish();

export const ShopifyCustomerSchema = z.object({
  id,
  email: z.string().nullish(),
  phone: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  state: z.string().nullish(),
  note: z.string().nullish(),
  locale: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  default_address: address,
  tags: z.union([z.string(), z.array(z.string())]).nullish(),
  email_marketing_consent: consent,
  sms_marketing_consent: consent,
});
export type ShopifyCustomer = z.infer<typeof ShopifyCustomerSchema>;

export function emailConsentOf(value: z.infer<typeof consent>): EmailConsentChange | undefined {
  if (!value) return undefined;
  return { state: emailConsentState(value.state), optInLevel: value.opt_in_level?.toLowerCase() ?? null, consentAt: isoTime(value.consent_updated_at) };
}

export function smsConsentOf(value: z.infer<typeof consent>): SmsConsentChange | undefined {
  if (!value) return undefined;
  // Shopify sends state null for a phone that never opted in
  return { state: smsConsentState(value.state), consentAt: isoTime(value.consent_updated_at) };
}

/**
 * A customer payload as an upsert. `fallbackTime` (the delivery's trigger time) stands in for a
 * missing updated_at; a customer embedded in an order has neither and gets `profileOnlyIfNew`.
 */
export function shopifyCustomerUpsert(customer: ShopifyCustomer, triggeredAt: number | null, fallbackTime: number): ContactUpsert {
  const updatedAt = isoTime(customer.updated_at) ?? triggeredAt ?? fallbackTime;
  const address = customer.default_address;
  const profile = customerProfile({
    email: customer.email,
    phone: customer.phone,
    firstName: customer.first_name,
    lastName: customer.last_name,
    address: address && { countryCode: address.country_code, provinceCode: address.province_code, city: address.city, zip: address.zip },
    note: customer.note,
    state: customer.state,
    locale: customer.locale,
    createdAt: isoTime(customer.created_at),
  });
  return customerUpsert(customer.id, sourceVersion(updatedAt, triggeredAt), profile, {
    tags: customer.tags,
    emailConsent: emailConsentOf(customer.email_marketing_consent),
    smsConsent: smsConsentOf(customer.sms_marketing_consent),
  });
}

export const EmailConsentPayloadSchema = z.object({ customer_id: id, email_address: z.string().nullish(), email_marketing_consent: consent });
export const SmsConsentPayloadSchema = z.object({ id, phone: z.string().nullish(), sms_marketing_consent: consent });

/** customers_email_marketing_consent/update → the email consent group only. */
export function shopifyEmailConsentUpsert(payload: z.infer<typeof EmailConsentPayloadSchema>, triggeredAt: number | null, fallbackTime: number): ContactUpsert {
  const consentChange = emailConsentOf(payload.email_marketing_consent) ?? { state: "not_subscribed", optInLevel: null, consentAt: null };
  const at = consentChange.consentAt ?? triggeredAt ?? fallbackTime;
  return { platformId: payload.customer_id, version: sourceVersion(at, triggeredAt), emailConsent: consentChange };
}

/** customers_marketing_consent/update (SMS) → the SMS consent group only. */
export function shopifySmsConsentUpsert(payload: z.infer<typeof SmsConsentPayloadSchema>, triggeredAt: number | null, fallbackTime: number): ContactUpsert {
  const consentChange = smsConsentOf(payload.sms_marketing_consent) ?? { state: "not_subscribed", consentAt: null };
  const at = consentChange.consentAt ?? triggeredAt ?? fallbackTime;
  return { platformId: payload.id, version: sourceVersion(at, triggeredAt), smsConsent: consentChange };
}

export const TagsPayloadSchema = z.object({ customerId: id, tags: z.array(z.string()), occurredAt: z.string().nullish() });

export function shopifyTagDelta(payload: z.infer<typeof TagsPayloadSchema>, added: boolean, triggeredAt: number | null, fallbackTime: number): TagDelta {
  const at = isoTime(payload.occurredAt) ?? triggeredAt ?? fallbackTime;
  const tags = tagList(payload.tags);
  return { platformId: payload.customerId, version: sourceVersion(at, triggeredAt), ...(added ? { added: tags } : { removed: tags }) };
}

export const CustomerDeletePayloadSchema = z.object({ id });
