import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/**
 * A phone number in E.164 (`+14155550123`) when it is a valid number (libphonenumber-js metadata),
 * read with the contact's country as the default for national formats; null otherwise. Sending and
 * STOP matching both go through this, so "(415) 555-0123" and "+1 415 555 0123" are one number.
 */
export function toE164(value: string | null | undefined, defaultCountry?: string | null): string | null {
  if (!value?.trim()) return null;
  const country = (defaultCountry?.toUpperCase() || undefined) as CountryCode | undefined;
  const parsed = parsePhoneNumberFromString(value.trim(), country);
  return parsed?.isValid() ? parsed.number : null;
}
