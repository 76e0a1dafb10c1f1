import { EVENT_TYPES } from "../../db/enums";
import { addDays, dayStart, localDate, type Clock } from "../reference/calendar";
import type { ReferenceStore } from "../reference/load-store";
import { emailDomainOf } from "../reference/properties";

/**
 * What the random definitions draw their values from: the countries, cities, tags, products,
 * campaigns, coupons, attributes (with their real types), amounts and dates of one store, plus
 * the calendar dates around `now` worth testing.
 */

export type Attribute = { key: string; type: string; texts: string[]; numbers: number[] };

/** What the generator draws values from: one store, seen at one moment. */
export type StoreFacts = {
  clock: Clock;
  text: Record<"first_name" | "last_name" | "email" | "email_domain" | "phone" | "country" | "region" | "city" | "zip" | "language" | "member_tier", string[]>;
  dates: Record<"signed_up_at" | "first_order_at" | "last_order_at" | "last_visit_at", number[]>;
  averageOrders: number[];
  totalsSpent: number[];
  orderNets: number[];
  /** Product ids by how often they were bought (one entry per line). */
  boughtProducts: number[];
  productIds: number[];
  categoryIds: number[];
  /** Subjects of events by event type (one entry per event), e.g. viewed products, coupons. */
  subjects: Map<number, number[]>;
  couponCampaigns: number[];
  emailCampaigns: number[];
  smsCampaigns: number[];
  couponIds: number[];
  tags: string[];
  attributes: Attribute[];
  /** Calendar dates worth testing: today, DST changes, month ends, a leap day… */
  notableDates: string[];
};

function distinct<T>(values: (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];
}

export function factsFromStore(store: ReferenceStore, clock: Clock): StoreFacts {
  const contacts = store.contacts;
  const today = localDate(clock.now, clock.timeZone);
  const notableDates: string[] = [today, addDays(today, -1), addDays(today, 1)];
  // days that are not 24 hours long (DST changes) in the last 400 days and the next 60
  for (let date = addDays(today, -400); date <= addDays(today, 60); date = addDays(date, 1)) {
    const length = dayStart(addDays(date, 1), clock.timeZone) - dayStart(date, clock.timeZone);
    if (length !== 86_400_000) notableDates.push(addDays(date, -1), date, addDays(date, 1));
    if (date.endsWith("-01")) notableDates.push(date, addDays(date, -1));
    if (date.endsWith("-02-28") || date.endsWith("-02-29")) notableDates.push(date);
  }
  const eventSubjects = new Map<number, number[]>();
  for (const [type, rows] of store.eventsByType) eventSubjects.set(type, rows.flatMap((e) => (e.subject_id === null ? [] : [e.subject_id])));
  return {
    clock,
    text: {
      first_name: distinct(contacts.map((c) => c.first_name)),
      last_name: distinct(contacts.map((c) => c.last_name)),
      email: distinct(contacts.map((c) => c.email)),
      email_domain: distinct(contacts.map((c) => emailDomainOf(c.email))),
      phone: distinct(contacts.map((c) => c.phone)),
      country: distinct(contacts.map((c) => c.country_code)),
      region: distinct(contacts.map((c) => c.region_code)),
      city: distinct(contacts.map((c) => c.city)),
      zip: distinct(contacts.map((c) => c.zip)),
      language: distinct(contacts.map((c) => c.language)),
      member_tier: distinct([...contacts.map((c) => c.member_tier), "Gold", "Silver"]),
    },
    dates: {
      signed_up_at: contacts.map((c) => c.created_at),
      first_order_at: distinct(contacts.map((c) => c.first_order_at)),
      last_order_at: distinct(contacts.map((c) => c.last_order_at)),
      last_visit_at: distinct(contacts.map((c) => c.last_visit_at)),
    },
    averageOrders: distinct(contacts.map((c) => c.avg_order_minor)),
    totalsSpent: contacts.map((c) => c.total_spent_minor),
    orderNets: store.orders.map((o) => o.total_minor - o.refunded_minor),
    boughtProducts: store.orderLines.flatMap((l) => (l.product_id === null ? [] : [l.product_id])),
    productIds: store.productIds,
    categoryIds: store.categoryIds,
    subjects: eventSubjects,
    couponCampaigns: distinct((store.eventsByType.get(EVENT_TYPES.coupon_received) ?? []).map((e) => e.detail_id)),
    emailCampaigns: store.campaigns.filter((c) => c.channel === "email").map((c) => c.id),
    smsCampaigns: store.campaigns.filter((c) => c.channel === "sms").map((c) => c.id),
    couponIds: store.couponIds,
    tags: store.tags.map((t) => t.name),
    attributes: store.attributeDefinitions.map((d) => {
      const rows = store.contactAttributes.filter((a) => a.attribute_id === d.id);
      return { key: d.key, type: d.type, texts: distinct(rows.map((r) => r.text_value)), numbers: distinct(rows.map((r) => r.number_value)) };
    }),
    notableDates: [...new Set(notableDates)],
  };
}
