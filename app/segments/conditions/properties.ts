import { sql } from "drizzle-orm";
import { z } from "zod";
import { GENDERS, REGISTRATION_SOURCES } from "../../../db/enums";
import { upcomingMonthDayRanges, monthDayToday } from "../time";
import { column, defineCondition } from "./spec";
import { dateField, NodeId, setField, textField } from "./field-rules";

export const firstName = textField({
  type: "first_name", family: "properties", label: "First name", description: "The contact's first name",
  fields: ["first_name"], example: { operator: "is", value: "Alex" },
});
export const lastName = textField({
  type: "last_name", family: "properties", label: "Last name", description: "The contact's last name",
  fields: ["last_name"], example: { operator: "is", value: "Smith" },
});
export const email = textField({
  type: "email", family: "properties", label: "Email", description: "The contact's email address",
  fields: ["email"], storedAs: "lower", indexed: true, example: { operator: "ends_with", value: "@example.com" },
});
export const emailDomain = textField({
  type: "email_domain", family: "properties", label: "Email domain", description: "The part of the email address after @",
  fields: ["email"], expression: sql`substr(c.email, instr(c.email, '@') + 1)`, storedAs: "lower", example: { operator: "is", value: "gmail.com" },
});
export const phone = textField({
  type: "phone", family: "properties", label: "Phone", description: "The contact's phone number (E.164)",
  fields: ["phone"], storedAs: "exact", indexed: true, example: { operator: "starts_with", value: "+1" },
});
export const country = textField({
  type: "country", family: "properties", label: "Country", description: "Country code of the contact's address (ISO 3166, e.g. US)",
  fields: ["country_code"], storedAs: "upper", indexed: true, picker: "country", example: { operator: "is_any_of", values: ["US"] },
});
export const region = textField({
  type: "region", family: "properties", label: "Region / province", description: "Region or province code (e.g. CA, ON)",
  fields: ["region_code"], storedAs: "upper", example: { operator: "is", value: "NY" },
});
export const city = textField({
  type: "city", family: "properties", label: "City", description: "City of the contact's address",
  fields: ["city"], example: { operator: "is", value: "Paris" },
});
export const zip = textField({
  type: "zip", family: "properties", label: "Zip / postal code", description: "Postal code of the contact's address",
  fields: ["zip"], example: { operator: "starts_with", value: "100" },
});
export const language = textField({
  type: "language", family: "properties", label: "Language", description: "Preferred language (e.g. en, fr, pt-BR)",
  fields: ["language"], picker: "language", example: { operator: "is_any_of", values: ["en"] },
});

export const gender = setField({
  type: "gender", family: "properties", label: "Gender", description: "The contact's gender, where known",
  field: "gender", values: GENDERS, valueLabels: { female: "Female", male: "Male", other: "Other" }, example: ["female"],
});

export const registrationSource = setField({
  type: "registration_source", family: "properties", label: "Registration source", description: "Where the contact signed up",
  field: "registration_source", values: REGISTRATION_SOURCES,
  valueLabels: { online_store: "Online store", checkout: "Checkout", pos: "Point of sale", admin: "Admin", popup: "Signup popup", import: "Import", api: "API" },
  example: ["popup"],
});

export const signedUpAt = dateField({
  type: "signed_up_at", family: "properties", label: "Signed up", description: "When the contact was created",
  field: "created_at", indexed: true, example: { operator: "in_last", amount: 7, unit: "days" },
});

/** Birthday rules (month and day only); exported so the builder recognises the part. */
export const BirthdayMatchSchema = z.discriminatedUnion("operator", [
  z.object({ operator: z.literal("in_next_days"), days: z.number().int().min(0, "Use 0 (today) or more").max(365, "At most 365 days") }),
  z.object({ operator: z.literal("in_month"), month: z.number().int().min(1).max(12) }),
  z.object({ operator: z.enum(["in_current_month", "is_set", "is_not_set"]) }),
]);
/** Every month-day number of a leap year (101 … 1231). */
const ALL_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31].flatMap((days, m) => Array.from({ length: days }, (_, d) => (m + 1) * 100 + d + 1));
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Birthdays by month and day, in the shop's time zone (the year is ignored). */
export const birthday = defineCondition({
  type: "birthday" as const,
  family: "properties",
  label: "Birthday",
  description: "Birthday in the next N days, in a month, or this month (year ignored)",
  valueType: "birthday",
  operators: ["in_next_days", "in_month", "in_current_month", "is_set", "is_not_set"],
  schema: z.object({ id: NodeId, type: z.literal("birthday"), match: BirthdayMatchSchema }),
  example: () => ({ type: "birthday" as const, match: { operator: "in_next_days" as const, days: 7 } }),
  operatorOf: (c) => c.match.operator,
  compile: (c, ctx) => {
    const md = column("birthday_md");
    switch (c.match.operator) {
      case "in_next_days":
        return sql`(${sql.join(upcomingMonthDayRanges(c.match.days, ctx).map(([a, b]) => sql`${md} BETWEEN ${a} AND ${b}`), sql` OR `)})`;
      case "in_month":
        return sql`${md} BETWEEN ${c.match.month * 100 + 1} AND ${c.match.month * 100 + 31}`;
      case "in_current_month": {
        const { month } = monthDayToday(ctx);
        return sql`${md} BETWEEN ${month * 100 + 1} AND ${month * 100 + 31}`;
      }
      case "is_set":
        return sql`${md} IS NOT NULL`;
      case "is_not_set":
        return sql`${md} IS NULL`;
    }
  },
  dependencies: () => [{ kind: "contact", fields: ["birthday_md"] }],
  shopIndexed: (c) => c.match.operator !== "is_not_set",
  timeEdges: (c, span) => {
    // the matching month-days move at the shop's midnight: re-check exactly the month-days that entered or left
    if (c.match.operator !== "in_next_days" && c.match.operator !== "in_current_month") return [];
    const match = c.match;
    const monthDays = (now: number) => {
      const ctx = { now, timeZone: span.timeZone };
      const ranges: [number, number][] =
        match.operator === "in_next_days" ? upcomingMonthDayRanges(match.days, ctx) : [[monthDayToday(ctx).month * 100 + 1, monthDayToday(ctx).month * 100 + 31]];
      return new Set(ALL_MONTH_DAYS.filter((md) => ranges.some(([a, b]) => md >= a && md <= b)));
    };
    const before = monthDays(span.from);
    const after = monthDays(span.to);
    const changed = [...before].filter((md) => !after.has(md)).concat([...after].filter((md) => !before.has(md)));
    if (changed.length === 0) return [];
    return [sql`SELECT c.id FROM contacts c WHERE c.shop_id = ${span.shopId} AND ${column("birthday_md")} IN ${changed}`];
  },
  describe: (c) => {
    switch (c.match.operator) {
      case "in_next_days": return c.match.days === 0 ? "Birthday is today" : `Birthday is in the next ${c.match.days} days`;
      case "in_month": return `Birthday is in ${MONTHS[c.match.month - 1]}`;
      case "in_current_month": return "Birthday is this month";
      case "is_set": return "Birthday is set";
      case "is_not_set": return "Birthday is not set";
    }
  },
});
