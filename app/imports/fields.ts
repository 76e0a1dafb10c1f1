import { z } from "zod";
import { ATTRIBUTE_TYPES, type AttributeType } from "../../db/enums";

/**
 * What a column of an imported file can be mapped to. Pure: the upload page guesses a mapping from
 * the header, the merchant corrects it, and the import validates rows against it.
 */

export const CONTACT_FIELDS = [
  { field: "email", label: "Email" },
  { field: "phone", label: "Phone" },
  { field: "first_name", label: "First name" },
  { field: "last_name", label: "Last name" },
  { field: "country", label: "Country code" },
  { field: "city", label: "City" },
  { field: "birthday", label: "Birthday" },
  { field: "language", label: "Language" },
  { field: "email_consent", label: "Email marketing consent" },
  { field: "sms_consent", label: "SMS marketing consent" },
  { field: "tags", label: "Tags" },
  { field: "event", label: "Event type" },
  { field: "event_time", label: "Event time" },
] as const;
export type ContactFieldName = (typeof CONTACT_FIELDS)[number]["field"];

/**
 * One column's target: `ignore`, a contact field, `attribute:<key>` (an existing custom attribute)
 * or `new_attribute:<type>` (a custom attribute created from the column's header at start).
 */
export type FieldTarget = "ignore" | ContactFieldName | `attribute:${string}` | `new_attribute:${AttributeType}`;

export type AttributeOption = { key: string; label: string; type: AttributeType };

const FIELD_NAMES = CONTACT_FIELDS.map((f) => f.field) as [ContactFieldName, ...ContactFieldName[]];

export const FieldTargetSchema = z.union([
  z.literal("ignore"),
  z.enum(FIELD_NAMES),
  z.string().regex(/^attribute:[a-z0-9_]{1,64}$/, "an attribute key is lower-case letters, digits and _"),
  z.enum(ATTRIBUTE_TYPES.map((t) => `new_attribute:${t}`) as [string, ...string[]]),
]) as z.ZodType<FieldTarget>;

/** Header spellings per field, compared after `headerKey` (Shopify's customer export included). */
const SYNONYMS: Record<ContactFieldName, string[]> = {
  email: ["email", "e_mail", "email_address", "mail"],
  phone: ["phone", "phone_number", "mobile", "mobile_phone", "telephone", "tel", "sms_phone", "default_address_phone"],
  first_name: ["first_name", "firstname", "given_name", "first"],
  last_name: ["last_name", "lastname", "surname", "family_name", "last"],
  country: ["country", "country_code", "default_address_country_code", "countrycode"],
  city: ["city", "town", "default_address_city"],
  birthday: ["birthday", "birth_date", "birthdate", "date_of_birth", "dob"],
  language: ["language", "locale", "lang", "preferred_language"],
  email_consent: ["email_consent", "accepts_email_marketing", "email_marketing", "email_marketing_consent", "accepts_marketing", "email_subscribed"],
  sms_consent: ["sms_consent", "accepts_sms_marketing", "sms_marketing", "sms_marketing_consent", "sms_subscribed"],
  tags: ["tags", "tag", "labels", "customer_tags"],
  event: ["event", "event_type", "event_name"],
  event_time: ["event_time", "event_at", "event_date", "occurred_at", "event_timestamp"],
};

/** "Accepts Email Marketing" → "accepts_email_marketing". */
export function headerKey(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * A first mapping for the header: known spellings of each field, then custom attributes by key or
 * label (also written `attribute:key`). Each target is used once; the rest is ignored.
 */
export function guessMapping(header: string[], attributes: AttributeOption[]): FieldTarget[] {
  const used = new Set<string>();
  return header.map((cell) => {
    const key = headerKey(cell.replace(/^(attribute|attr)\s*[:.]\s*/i, ""));
    const field = (Object.keys(SYNONYMS) as ContactFieldName[]).find((f) => SYNONYMS[f].includes(key));
    const attribute = attributes.find((a) => a.key === key || headerKey(a.label) === key);
    const target: FieldTarget = field ?? (attribute ? `attribute:${attribute.key}` : "ignore");
    if (target === "ignore" || used.has(target)) return "ignore";
    used.add(target);
    return target;
  });
}

/** The custom attribute key a `new_attribute:*` column creates: its header, as a key. */
export function newAttributeKey(header: string): string {
  return headerKey(header).slice(0, 64) || "imported";
}

export type MappingProblem = { column: string; message: string };

/**
 * Checks a mapping before the import starts: one target per column, each target at most once,
 * an email or phone column, and an event type and time mapped together.
 */
export function checkMapping(header: string[], mapping: FieldTarget[], attributes: AttributeOption[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (mapping.length !== header.length) return [{ column: "", message: `the mapping has ${mapping.length} columns, the file ${header.length}` }];
  const seen = new Map<string, string>();
  const known = new Set(attributes.map((a) => a.key));
  mapping.forEach((target, i) => {
    const column = header[i];
    if (target === "ignore") return;
    const identity = target.startsWith("new_attribute:") ? `attribute:${newAttributeKey(column)}` : target;
    if (target.startsWith("attribute:") && !known.has(target.slice("attribute:".length))) problems.push({ column, message: `no custom attribute “${target.slice(10)}”` });
    if (target.startsWith("new_attribute:") && known.has(newAttributeKey(column))) problems.push({ column, message: `a custom attribute “${newAttributeKey(column)}” exists already; map the column to it` });
    const first = seen.get(identity);
    if (first !== undefined) problems.push({ column, message: `“${first}” is mapped to the same field` });
    else seen.set(identity, column);
  });
  if (!seen.has("email") && !seen.has("phone")) problems.push({ column: "", message: "map a column to Email or Phone: contacts are matched by them" });
  if (seen.has("event") !== seen.has("event_time")) problems.push({ column: "", message: "an event needs both an Event type and an Event time column" });
  return problems;
}
