import type { ConditionOf } from "../../app/segments/conditions/catalogue";
import type { DateMatch, NumberMatch, TextMatch } from "../../app/segments/matches";
import { dateRule, today, upcomingBirthdays, type Clock } from "./calendar";
import type { ContactRow } from "./load-store";
import { isTextSet, numberMatches, setMatches, storedTextMatches, textMatches } from "./values";

/** Conditions on the contact row itself: who the contact is, their channels and pre-aggregated order statistics. */

export type ContactPredicate = (contact: ContactRow) => boolean;

/** The part of an address after its first "@" (an address without "@" is all domain, as stored data goes). */
export function emailDomainOf(email: string | null): string | null {
  if (email === null) return null;
  const at = email.indexOf("@");
  return at < 0 ? email : email.slice(at + 1);
}

type TextField = { value: (c: ContactRow) => string | null; storedAs?: "upper" | "lower" | "exact" };
export const TEXT_FIELDS = {
  first_name: { value: (c) => c.first_name },
  last_name: { value: (c) => c.last_name },
  email: { value: (c) => c.email, storedAs: "lower" },
  email_domain: { value: (c) => emailDomainOf(c.email), storedAs: "lower" },
  phone: { value: (c) => c.phone, storedAs: "exact" },
  country: { value: (c) => c.country_code, storedAs: "upper" },
  region: { value: (c) => c.region_code, storedAs: "upper" },
  city: { value: (c) => c.city },
  zip: { value: (c) => c.zip },
  language: { value: (c) => c.language },
  member_tier: { value: (c) => c.member_tier },
} satisfies Record<string, TextField>;

export const SET_FIELDS = {
  gender: (c) => c.gender,
  registration_source: (c) => c.registration_source,
  email_subscription: (c) => c.email_consent,
  sms_subscription: (c) => c.sms_consent,
  lifecycle_stage: (c) => c.lifecycle_stage,
  account_state: (c) => c.account_state,
} satisfies Record<string, (c: ContactRow) => string | null>;

export const DATE_FIELDS = {
  signed_up_at: (c) => c.created_at,
  first_order_at: (c) => c.first_order_at,
  last_order_at: (c) => c.last_order_at,
  last_visit_at: (c) => c.last_visit_at,
} satisfies Record<string, (c: ContactRow) => number | null>;

export function textFieldPredicate(type: keyof typeof TEXT_FIELDS, condition: { match: TextMatch; caseSensitive?: boolean }): ContactPredicate {
  const field: TextField = TEXT_FIELDS[type];
  if (field.storedAs) return (c) => storedTextMatches(field.value(c), condition.match, field.storedAs!, condition.caseSensitive ?? false);
  return (c) => textMatches(field.value(c), condition.match, condition.caseSensitive ?? false);
}

export function setFieldPredicate(type: keyof typeof SET_FIELDS, condition: { match: { operator: "is_any_of" | "is_none_of"; values: readonly string[] } }): ContactPredicate {
  const value = SET_FIELDS[type];
  return (c) => setMatches(value(c), condition.match);
}

export function dateFieldPredicate(type: keyof typeof DATE_FIELDS, condition: { match: DateMatch }, clock: Clock): ContactPredicate {
  const value = DATE_FIELDS[type];
  const matches = dateRule(condition.match, clock);
  return (c) => matches(value(c));
}

export function averageOrderValuePredicate(condition: { match: NumberMatch }): ContactPredicate {
  return (c) => numberMatches(c.avg_order_minor, condition.match);
}

const UNDELIVERABLE = ["bounced", "invalid"];

/** Invalid: the provider bounced or rejected the address. Valid: there is an address and it is not invalid. */
export function validityPredicate(condition: ConditionOf<"email_validity"> | ConditionOf<"phone_validity">): ContactPredicate {
  const address = (c: ContactRow) => (condition.type === "email_validity" ? c.email : c.phone);
  const validity = (c: ContactRow) => (condition.type === "email_validity" ? c.email_validity : c.phone_validity);
  if (condition.value === "invalid") return (c) => UNDELIVERABLE.includes(validity(c));
  return (c) => isTextSet(address(c)) && !UNDELIVERABLE.includes(validity(c));
}

/** In a company: the contact has a company contact that was not deleted. */
export function b2bCompanyPredicate(condition: ConditionOf<"b2b_company">, companyContacts: Set<number>): ContactPredicate {
  return (c) => companyContacts.has(c.id) === (condition.value === "in_company");
}

export function memberStatusPredicate(condition: ConditionOf<"member_status">): ContactPredicate {
  return (c) => (condition.value === "member" ? c.is_member === 1 : c.is_member === 0);
}

/** Birthdays by month and day (year ignored), "today" being the shop's today. */
export function birthdayPredicate(condition: ConditionOf<"birthday">, clock: Clock): ContactPredicate {
  const match = condition.match;
  const inMonth = (md: number, month: number) => md >= month * 100 + 1 && md <= month * 100 + 31;
  switch (match.operator) {
    case "is_set":
      return (c) => c.birthday_md !== null;
    case "is_not_set":
      return (c) => c.birthday_md === null;
    case "in_month":
      return (c) => c.birthday_md !== null && inMonth(c.birthday_md, match.month);
    case "in_current_month": {
      const month = Number(today(clock).slice(5, 7));
      return (c) => c.birthday_md !== null && inMonth(c.birthday_md, month);
    }
    case "in_next_days": {
      const days = upcomingBirthdays(match.days, clock);
      return (c) => c.birthday_md !== null && days.has(c.birthday_md);
    }
  }
}
