import { z } from "zod";
import type { AccountState, Gender } from "../../../db/enums";
import { normalizeCode, normalizeEmail, normalizePhone, normalizeText, tagList } from "../../contacts/normalize";
import { idText } from "../json";
import { sourceVersion, type ContactUpsert, type EmailConsentChange, type SmsConsentChange } from "../types";

/**
 * SHOPLINE customer payloads (customers/create, customers/update, the customer on an order) → the
 * neutral model, exactly as the Shopify adapter does, so nothing downstream knows the platform.
 *
 * Sources: the one public SHOPLINE body (tests/fixtures/webhooks/shopline/customers__update.json,
 * from https://developer.shopline.com/docs/apps/api-instructions-for-use/webhooks/overview) and
 * the per-topic field lists, which publish no complete body:
 * https://developer.shopline.com/docs/webhook/customers/customer-add,
 * https://developer.shopline.com/doc/2ff80e9159b517704ce43f0f74e6e247/xfeqUAJe (customers/update),
 * https://developer.shopline.com/docs/admin-graph-ql-api/customers/enums/customer-state.
 *
 * Mapping decisions (unverified against a captured delivery; see each helper):
 * - times carry offsets (`+08:00`, also `+0800`); apps created before 2022-06-02 get UTC without
 *   one (webhooks/time-format-instructions), so a missing offset is read as UTC. All → UTC ms.
 * - email consent: `accepts_marketing` (documented boolean) decides; `email_subscribe_flag` (an
 *   undocumented number) is used only when the boolean is absent, and only 1 counts as subscribed
 *   (in the sample, flag 1 goes with accepts_marketing true). Everything else is "not_subscribed":
 *   we never claim a subscription, nor an explicit unsubscribe, we cannot read. Same for SMS with
 *   `accepts_mobile_marketing` / `mobile_subscribe_flag`.
 * - `state`: the Admin GraphQL enum is ENABLED / DISABLED / INVITED / NOT_INVITED; webhook bodies
 *   carry a number (3 in the sample) whose codes are not published. Text values map (ENABLED →
 *   enabled and member; NOT_INVITED → disabled, Shopify's "no account" state); numeric codes
 *   leave account state and membership untouched rather than guess.
 * - address: `default_address`, else the `addresses` entry flagged `default`. Country codes must
 *   be ISO alpha-2 and region codes 1–3 letters/digits (the docs' examples include "23424" and
 *   "4200006", which are dropped).
 * - phones: SHOPLINE writes international numbers with a `00` prefix (`0086139…`): read as `+`.
 * - `nick_name` stands in for an empty first name; birthday `YYYYMMDD` → `YYYY-MM-DD`.
 */

const id = z.union([z.string(), z.number()]).transform((v) => idText(v)!);
const flag = z.union([z.number(), z.string()]).nullish();
const AddressSchema = z.object({
  city: z.string().nullish(),
  province_code: z.union([z.string(), z.number()]).nullish(),
  country_code: z.union([z.string(), z.number()]).nullish(),
  zip: z.union([z.string(), z.number()]).nullish(),
  default: z.boolean().nullish(),
});

export const ShoplineCustomerSchema = z.object({
  id,
  email: z.string().nullish(),
  phone: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  nick_name: z.string().nullish(),
  gender: z.string().nullish(),
  language: z.string().nullish(),
  birthday: z.union([z.string(), z.number()]).nullish(),
  note: z.string().nullish(),
  state: z.union([z.string(), z.number()]).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  accepts_marketing: z.boolean().nullish(),
  accepts_marketing_updated_at: z.string().nullish(),
  email_subscribe_flag: flag,
  accepts_mobile_marketing: z.boolean().nullish(),
  accepts_mobile_marketing_updated_at: z.string().nullish(),
  mobile_subscribe_flag: flag,
  default_address: AddressSchema.nullish(),
  addresses: z.array(AddressSchema).nullish(),
  tags: z.union([z.string(), z.array(z.string())]).nullish(),
});
export type ShoplineCustomer = z.infer<typeof ShoplineCustomerSchema>;

export const ShoplineCustomerDeleteSchema = z.object({ id });

const TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/** A SHOPLINE date-time → UTC epoch ms; `+0800` and a missing offset (UTC) are accepted. Null if unreadable. */
export function shoplineTime(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = TIME.exec(value.trim());
  if (!match) return null;
  const [, date, time, zone] = match;
  const offset = !zone || zone.toUpperCase() === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${time}${offset}`);
  return Number.isNaN(ms) ? null : ms;
}

const GENDERS: Record<string, Gender> = { male: "male", female: "female", others: "other", other: "other" };
const STATES: Record<string, AccountState> = { enabled: "enabled", disabled: "disabled", invited: "invited", not_invited: "disabled", declined: "declined" };

/** Account state and membership from `state`; undefined (untouched) for the unpublished numeric codes. */
export function shoplineAccountState(state: string | number | null | undefined): { accountState: AccountState; isMember: boolean } | undefined {
  if (typeof state !== "string") return undefined;
  const mapped = STATES[state.trim().toLowerCase()];
  return mapped ? { accountState: mapped, isMember: mapped === "enabled" } : undefined;
}

/** Subscribed only on clear evidence: the documented boolean, else flag 1 when the boolean is absent. */
function subscribed(accepts: boolean | null | undefined, subscribeFlag: string | number | null | undefined): boolean | undefined {
  if (typeof accepts === "boolean") return accepts;
  if (subscribeFlag === null || subscribeFlag === undefined || subscribeFlag === "") return undefined;
  return Number(subscribeFlag) === 1;
}

export function shoplineEmailConsent(customer: ShoplineCustomer): EmailConsentChange | undefined {
  const yes = subscribed(customer.accepts_marketing, customer.email_subscribe_flag);
  if (yes === undefined) return undefined;
  return { state: yes ? "subscribed" : "not_subscribed", optInLevel: null, consentAt: shoplineTime(customer.accepts_marketing_updated_at) };
}

export function shoplineSmsConsent(customer: ShoplineCustomer): SmsConsentChange | undefined {
  const yes = subscribed(customer.accepts_mobile_marketing, customer.mobile_subscribe_flag);
  if (yes === undefined) return undefined;
  return { state: yes ? "subscribed" : "not_subscribed", consentAt: shoplineTime(customer.accepts_mobile_marketing_updated_at) };
}

function countryCode(value: unknown): string | null {
  const code = normalizeCode(typeof value === "number" ? String(value) : value);
  return code && /^[A-Z]{2}$/.test(code) ? code : null;
}

function regionCode(value: unknown): string | null {
  const code = normalizeCode(typeof value === "number" ? String(value) : value);
  return code && /^[A-Z0-9]{1,3}$/.test(code) ? code : null;
}

function phone(value: string | null | undefined, country: string | null): string | null {
  const text = normalizeText(value);
  return normalizePhone(text && /^00[1-9]/.test(text) ? `+${text.slice(2)}` : text, country);
}

function birthday(value: string | number | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(String(value ?? "").trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/**
 * A SHOPLINE customer as an upsert. `fallbackTime` stands in for a missing updated_at (SHOPLINE
 * sends no trigger time, so `triggeredAt` is normally null).
 */
export function shoplineCustomerUpsert(customer: ShoplineCustomer, triggeredAt: number | null, fallbackTime: number): ContactUpsert {
  const updatedAt = shoplineTime(customer.updated_at) ?? triggeredAt ?? fallbackTime;
  const address = customer.default_address ?? customer.addresses?.find((a) => a.default === true) ?? null;
  const country = countryCode(address?.country_code);
  const createdAt = shoplineTime(customer.created_at);
  const born = birthday(customer.birthday);
  const upsert: ContactUpsert = {
    platformId: customer.id,
    version: sourceVersion(updatedAt, triggeredAt),
    profile: {
      email: normalizeEmail(customer.email),
      phone: phone(customer.phone, country),
      firstName: normalizeText(customer.first_name) ?? normalizeText(customer.nick_name),
      lastName: normalizeText(customer.last_name),
      gender: GENDERS[customer.gender?.trim().toLowerCase() ?? ""] ?? null,
      countryCode: country,
      regionCode: regionCode(address?.province_code),
      city: normalizeText(address?.city),
      zip: normalizeText(typeof address?.zip === "number" ? String(address.zip) : address?.zip),
      ...(customer.note !== undefined ? { note: normalizeText(customer.note) } : {}),
      ...(customer.language ? { language: customer.language.trim() } : {}),
      ...(born !== undefined ? { birthday: born } : {}),
      ...(shoplineAccountState(customer.state) ?? {}),
      ...(createdAt !== null ? { createdAt } : {}),
    },
  };
  if (customer.tags !== undefined && customer.tags !== null) upsert.tags = tagList(customer.tags);
  const email = shoplineEmailConsent(customer);
  if (email) upsert.emailConsent = email;
  const sms = shoplineSmsConsent(customer);
  if (sms) upsert.smsConsent = sms;
  return upsert;
}
