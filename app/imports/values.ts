import { DateTime } from "luxon";
import { z } from "zod";
import { EVENT_SUBJECTS, EVENT_TYPES, type AttributeType, type EventTypeName } from "../../db/enums";
import { toE164 } from "../messaging/phone";

/**
 * One zod schema per kind of cell. Each takes the trimmed, non-empty cell text and either returns
 * the stored value or fails with the reason shown in the rejected-rows report.
 */

export type ImportedConsent = "subscribed" | "unsubscribed" | "not_subscribed";

/** Spellings of consent, after lower-casing and turning spaces and dashes into `_` (Shopify's export says yes/no). */
const CONSENT_WORDS: Record<string, ImportedConsent> = {
  subscribed: "subscribed", yes: "subscribed", y: "subscribed", true: "subscribed", "1": "subscribed", opted_in: "subscribed",
  unsubscribed: "unsubscribed", opted_out: "unsubscribed",
  not_subscribed: "not_subscribed", never_subscribed: "not_subscribed", no: "not_subscribed", n: "not_subscribed", false: "not_subscribed", "0": "not_subscribed",
};

export const ConsentCell = z.string().transform((value, ctx): ImportedConsent => {
  const consent = CONSENT_WORDS[value.toLowerCase().replace(/[\s-]+/g, "_")];
  if (!consent) {
    ctx.addIssue({ code: "custom", message: "unknown consent value; use subscribed, unsubscribed or not_subscribed (or yes/no)" });
    return z.NEVER;
  }
  return consent;
});

export const EmailCell = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(z.email({ message: "not an email address" }).max(254, "longer than 254 characters"));

/** A phone read with the row's country for national formats, stored in E.164. */
export const phoneCell = (country: string | null) =>
  z.string().transform((value, ctx) => {
    const e164 = toE164(value, country);
    if (!e164) {
      ctx.addIssue({ code: "custom", message: country ? `not a valid phone number (read as ${country})` : "not a valid phone number; write it with its country code, e.g. +44 20 7946 0958" });
      return z.NEVER;
    }
    return e164;
  });

const NOT_COUNTRIES = new Set(["ZZ", "EU", "EZ", "UN", "UK", "QO"]);
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

export const CountryCell = z
  .string()
  .transform((value) => value.toUpperCase())
  .refine((code) => /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && regionNames.of(code) !== undefined, "not an ISO 3166 country code (two letters, e.g. DE, US, GB)");

export const LanguageCell = z.string().transform((value, ctx) => {
  const tag = value.replace(/_/g, "-");
  if (/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag)) {
    try {
      return Intl.getCanonicalLocales(tag)[0];
    } catch {
      // falls through to the issue
    }
  }
  ctx.addIssue({ code: "custom", message: "not a language code (e.g. en, fr, pt-BR)" });
  return z.NEVER;
});

export const TextCell = z.string().max(255, "longer than 255 characters");

/** `YYYY-MM-DD`, a real calendar day not in the future. */
export const birthdayCell = (now: number) =>
  z.string().refine((value) => {
    const day = DateTime.fromFormat(value, "yyyy-MM-dd", { zone: "UTC" });
    return day.isValid && day.year >= 1900 && day.toMillis() <= now;
  }, "not a birthday (YYYY-MM-DD, a past date)");

/**
 * A moment: ISO 8601 with a time (`2026-03-01T10:00:00Z`; without an offset it is the shop's
 * local time) or a date alone (midnight in the shop's time zone); never in the future.
 */
export const timeCell = (timeZone: string, now: number) =>
  z.string().transform((value, ctx) => {
    const moment = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? DateTime.fromISO(value, { zone: timeZone })
      : DateTime.fromISO(value.replace(" ", "T"), { zone: timeZone, setZone: true });
    if (!moment.isValid) {
      ctx.addIssue({ code: "custom", message: "not a date or time (YYYY-MM-DD, or ISO 8601 such as 2026-03-01T10:00:00Z)" });
      return z.NEVER;
    }
    if (moment.toMillis() > now) {
      ctx.addIssue({ code: "custom", message: "in the future" });
      return z.NEVER;
    }
    return moment.toMillis();
  });

/** Event types an import can carry: those that point at nothing else (no product, campaign …). */
export const IMPORTABLE_EVENTS = (Object.keys(EVENT_TYPES) as EventTypeName[]).filter((type) => EVENT_SUBJECTS[type].subject === null);

export const EventCell = z.string().transform((value, ctx): EventTypeName => {
  const type = value.toLowerCase().replace(/[\s-]+/g, "_") as EventTypeName;
  if (!IMPORTABLE_EVENTS.includes(type)) {
    ctx.addIssue({ code: "custom", message: `unknown event type; use one of ${IMPORTABLE_EVENTS.join(", ")}` });
    return z.NEVER;
  }
  return type;
});

const BOOLEAN_WORDS: Record<string, number> = { true: 1, yes: 1, y: 1, "1": 1, false: 0, no: 0, n: 0, "0": 0 };

export type AttributeValue = { text: string | null; number: number | null };

/** A custom attribute's cell, stored the way `contact_attributes` holds its type (dates in epoch ms, booleans 0/1). */
export function attributeCell(type: AttributeType, timeZone: string, now: number): z.ZodType<AttributeValue> {
  switch (type) {
    case "text":
      return TextCell.transform((text) => ({ text, number: null }));
    case "number":
      return z.string().transform((value, ctx) => {
        const number = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value) ? Number(value) : NaN;
        if (!Number.isFinite(number)) {
          ctx.addIssue({ code: "custom", message: "not a number (digits with an optional . for decimals)" });
          return z.NEVER;
        }
        return { text: null, number };
      });
    case "boolean":
      return z.string().transform((value, ctx) => {
        const number = BOOLEAN_WORDS[value.toLowerCase()];
        if (number === undefined) {
          ctx.addIssue({ code: "custom", message: "not true or false (also yes/no, 1/0)" });
          return z.NEVER;
        }
        return { text: null, number };
      });
    case "date":
      return timeCell(timeZone, Number.POSITIVE_INFINITY).transform((number) => ({ text: null, number }));
  }
}
