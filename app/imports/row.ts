import type { z } from "zod";
import type { AttributeType, EventTypeName } from "../../db/enums";
import type { CapturedProfile } from "../contacts/capture.server";
import { tagList } from "../contacts/normalize";
import type { FieldTarget } from "./fields";
import {
  attributeCell,
  birthdayCell,
  ConsentCell,
  CountryCell,
  EmailCell,
  EventCell,
  LanguageCell,
  phoneCell,
  TextCell,
  timeCell,
  type AttributeValue,
  type ImportedConsent,
} from "./values";

/** A row that passed validation: what the import writes. */
export type ImportRow = {
  email: string | null;
  phone: string | null;
  profile: CapturedProfile;
  emailConsent: ImportedConsent | null;
  smsConsent: ImportedConsent | null;
  tags: string[];
  event: { type: EventTypeName; at: number } | null;
  attributes: ({ key: string; type: AttributeType } & AttributeValue)[];
};

/** Why a row was rejected: the column (its header), the cell and the reason. */
export type RowProblem = { column: string; value: string; reason: string };

export type RowResult = { ok: true; row: ImportRow } | { ok: false; problems: RowProblem[] };

export type RowContext = {
  header: string[];
  /** One target per column; `new_attribute:*` already resolved to `attribute:<key>`. */
  mapping: FieldTarget[];
  /** The type of each custom attribute the mapping names. */
  attributeTypes: Map<string, AttributeType>;
  timeZone: string;
  now: number;
};

const PROFILE_TEXT = { first_name: "firstName", last_name: "lastName", city: "city" } as const;

/**
 * Validates one data row against the mapping. Every problem is reported (not only the first), each
 * naming its column; a row with any problem is rejected whole. Empty cells mean "no value".
 */
export function validateRow(record: string[], ctx: RowContext): RowResult {
  const problems: RowProblem[] = [];
  const row: ImportRow = { email: null, phone: null, profile: {}, emailConsent: null, smsConsent: null, tags: [], event: null, attributes: [] };
  const cell = (i: number) => (record[i] ?? "").trim();
  const indexOf = (target: FieldTarget) => ctx.mapping.indexOf(target);
  const read = <T>(i: number, schema: z.ZodType<T>): T | undefined => {
    const value = cell(i);
    if (value === "") return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push({ column: ctx.header[i], value, reason: parsed.error.issues[0].message });
    return undefined;
  };

  // the country first: it is the default region of national phone numbers
  const countryAt = indexOf("country");
  const country = countryAt >= 0 ? read(countryAt, CountryCell) : undefined;
  if (country) row.profile.countryCode = country;

  ctx.mapping.forEach((target, i) => {
    switch (target) {
      case "ignore":
      case "country":
        return;
      case "email":
        row.email = read(i, EmailCell) ?? null;
        return;
      case "phone":
        row.phone = read(i, phoneCell(country ?? null)) ?? null;
        return;
      case "first_name":
      case "last_name":
      case "city": {
        const text = read(i, TextCell);
        if (text !== undefined) row.profile[PROFILE_TEXT[target]] = text;
        return;
      }
      case "birthday": {
        const birthday = read(i, birthdayCell(ctx.now));
        if (birthday !== undefined) row.profile.birthday = birthday;
        return;
      }
      case "language": {
        const language = read(i, LanguageCell);
        if (language !== undefined) row.profile.language = language;
        return;
      }
      case "email_consent":
        row.emailConsent = read(i, ConsentCell) ?? null;
        return;
      case "sms_consent":
        row.smsConsent = read(i, ConsentCell) ?? null;
        return;
      case "tags":
        row.tags = tagList(cell(i)).filter((tag) => {
          if (tag.length <= 255) return true;
          problems.push({ column: ctx.header[i], value: tag, reason: "a tag longer than 255 characters" });
          return false;
        });
        return;
      case "event":
      case "event_time":
        return; // below, together
      default: {
        if (!target.startsWith("attribute:")) return;
        const key = target.slice("attribute:".length);
        const value = read(i, attributeCell(ctx.attributeTypes.get(key) ?? "text", ctx.timeZone, ctx.now));
        if (value) row.attributes.push({ key, type: ctx.attributeTypes.get(key) ?? "text", ...value });
      }
    }
  });

  const eventAt = indexOf("event");
  const timeAt = indexOf("event_time");
  if (eventAt >= 0 && timeAt >= 0) {
    const type = read(eventAt, EventCell);
    const at = read(timeAt, timeCell(ctx.timeZone, ctx.now));
    if (cell(eventAt) === "" && cell(timeAt) !== "") problems.push({ column: ctx.header[eventAt], value: "", reason: "an event time without an event type" });
    if (cell(eventAt) !== "" && cell(timeAt) === "") problems.push({ column: ctx.header[timeAt], value: "", reason: "an event without its time" });
    if (type && at !== undefined) row.event = { type, at };
  }

  const emailAt = indexOf("email");
  const phoneAt = indexOf("phone");
  if ((emailAt < 0 || cell(emailAt) === "") && (phoneAt < 0 || cell(phoneAt) === "")) {
    problems.push({ column: [emailAt, phoneAt].filter((i) => i >= 0).map((i) => ctx.header[i]).join(" / "), value: "", reason: "a row needs an email or a phone" });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, row };
}

/** The row's content as one string, for spotting exact duplicates (normalised: "ADA@x.com" = "ada@x.com"). */
export function rowFingerprint(row: ImportRow): string {
  return JSON.stringify([row.email, row.phone, row.profile, row.emailConsent, row.smsConsent, [...row.tags].map((t) => t.toLowerCase()).sort(), row.event, row.attributes]);
}

/** The key a contact is matched by within one file: its email, else its phone. */
export function contactKey(row: ImportRow): string {
  return row.email ? `email:${row.email}` : `phone:${row.phone}`;
}
