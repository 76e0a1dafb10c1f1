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

type Schemas = { birthday: z.ZodType<string>; time: z.ZodType<number>; phone: Map<string, z.ZodType<string>>; attributes: Map<string, z.ZodType<AttributeValue>> };
const schemaCache = new WeakMap<RowContext, Schemas>();

/** The context's schemas, built once per import run rather than once per cell. */
function schemasFor(ctx: RowContext): Schemas {
  let schemas = schemaCache.get(ctx);
  if (!schemas) {
    const attributes = new Map([...ctx.attributeTypes].map(([key, type]) => [key, attributeCell(type, ctx.timeZone, ctx.now)]));
    schemas = { birthday: birthdayCell(ctx.now), time: timeCell(ctx.timeZone, ctx.now), phone: new Map(), attributes };
    schemaCache.set(ctx, schemas);
  }
  return schemas;
}

function phoneSchema(schemas: Schemas, country: string | null): z.ZodType<string> {
  let schema = schemas.phone.get(country ?? "");
  if (!schema) schemas.phone.set(country ?? "", (schema = phoneCell(country)));
  return schema;
}

/** The trimmed cell (a short row has empty trailing cells). */
function cellAt(record: string[], i: number): string {
  return (record[i] ?? "").trim();
}

/** The cell through its schema; undefined for an empty cell, or after recording the problem. */
function readCell<T>(record: string[], i: number, schema: z.ZodType<T>, header: string[], problems: RowProblem[]): T | undefined {
  const value = cellAt(record, i);
  if (value === "") return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  problems.push({ column: header[i], value, reason: parsed.error.issues[0].message });
  return undefined;
}

/**
 * Validates one data row against the mapping. Every problem is reported (not only the first), each
 * naming its column; a row with any problem is rejected whole. Empty cells mean "no value".
 * (No closures inside: this runs once per row of files of 500,000 rows.)
 */
export function validateRow(record: string[], ctx: RowContext): RowResult {
  const { header, mapping } = ctx;
  const problems: RowProblem[] = [];
  const schemas = schemasFor(ctx);
  const row: ImportRow = { email: null, phone: null, profile: {}, emailConsent: null, smsConsent: null, tags: [], event: null, attributes: [] };

  // the country first: it is the default region of national phone numbers
  const countryAt = mapping.indexOf("country");
  const country = countryAt >= 0 ? readCell(record, countryAt, CountryCell, header, problems) : undefined;
  if (country) row.profile.countryCode = country;

  for (let i = 0; i < mapping.length; i++) {
    const target = mapping[i];
    switch (target) {
      case "ignore":
      case "country":
      case "event":
      case "event_time":
        break; // the country above, the event below
      case "email":
        row.email = readCell(record, i, EmailCell, header, problems) ?? null;
        break;
      case "phone":
        row.phone = readCell(record, i, phoneSchema(schemas, country ?? null), header, problems) ?? null;
        break;
      case "first_name":
      case "last_name":
      case "city": {
        const text = readCell(record, i, TextCell, header, problems);
        if (text !== undefined) row.profile[PROFILE_TEXT[target]] = text;
        break;
      }
      case "birthday": {
        const birthday = readCell(record, i, schemas.birthday, header, problems);
        if (birthday !== undefined) row.profile.birthday = birthday;
        break;
      }
      case "language": {
        const language = readCell(record, i, LanguageCell, header, problems);
        if (language !== undefined) row.profile.language = language;
        break;
      }
      case "email_consent":
        row.emailConsent = readCell(record, i, ConsentCell, header, problems) ?? null;
        break;
      case "sms_consent":
        row.smsConsent = readCell(record, i, ConsentCell, header, problems) ?? null;
        break;
      case "tags":
        for (const tag of tagList(cellAt(record, i))) {
          if (tag.length <= 255) row.tags.push(tag);
          else problems.push({ column: header[i], value: tag, reason: "a tag longer than 255 characters" });
        }
        break;
      default: {
        if (!target.startsWith("attribute:")) break;
        const key = target.slice("attribute:".length);
        const value = readCell(record, i, schemas.attributes.get(key) ?? attributeCell("text", ctx.timeZone, ctx.now), header, problems);
        if (value) row.attributes.push({ key, type: ctx.attributeTypes.get(key) ?? "text", ...value });
      }
    }
  }

  const eventAt = mapping.indexOf("event");
  const timeAt = mapping.indexOf("event_time");
  if (eventAt >= 0 && timeAt >= 0) {
    const type = readCell(record, eventAt, EventCell, header, problems);
    const at = readCell(record, timeAt, schemas.time, header, problems);
    if (cellAt(record, eventAt) === "" && cellAt(record, timeAt) !== "") problems.push({ column: header[eventAt], value: "", reason: "an event time without an event type" });
    if (cellAt(record, eventAt) !== "" && cellAt(record, timeAt) === "") problems.push({ column: header[timeAt], value: "", reason: "an event without its time" });
    if (type && at !== undefined) row.event = { type, at };
  }

  const emailAt = mapping.indexOf("email");
  const phoneAt = mapping.indexOf("phone");
  if ((emailAt < 0 || cellAt(record, emailAt) === "") && (phoneAt < 0 || cellAt(record, phoneAt) === "")) {
    problems.push({ column: [emailAt, phoneAt].filter((i) => i >= 0).map((i) => header[i]).join(" / "), value: "", reason: "a row needs an email or a phone" });
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
