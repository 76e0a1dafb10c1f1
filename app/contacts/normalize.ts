import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/** Contacts are stored normalised: emails lower-case, phones E.164, codes upper-case (segment rules rely on it). */

export function normalizeEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const email = value.trim().toLowerCase();
  return email === "" ? null : email;
}

/** E.164 when the number can be read (with the address country as the default), else the trimmed input. */
export function normalizePhone(value: unknown, countryCode?: string | null): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = parsePhoneNumberFromString(value, (countryCode?.toUpperCase() || undefined) as CountryCode | undefined);
  return parsed?.number ?? value.trim();
}

export function normalizeCode(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  return value.trim().toUpperCase();
}

export function normalizeText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  return text === "" ? null : text;
}

/** Tag lists arrive as "a, b, c" or ["a", "b"]; names are trimmed, empty ones dropped, duplicates (case-insensitive) merged. */
export function tagList(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === "string" ? value.split(",") : [];
  const seen = new Map<string, string>();
  for (const part of parts) {
    const name = part.trim();
    if (name && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}

/** `birthday_md` (month × 100 + day) of a `YYYY-MM-DD` (or `--MM-DD`) birthday, for "birthday in the next N days". */
export function birthdayMonthDay(birthday: string | null | undefined): number | null {
  const match = /^(?:\d{4}|--)-?(\d{2})-(\d{2})$/.exec(birthday ?? "");
  return match ? Number(match[1]) * 100 + Number(match[2]) : null;
}
