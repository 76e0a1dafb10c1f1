/**
 * Hand-written SQL for every suggested segment (app/segments/suggested.ts): the baseline issue 9
 * compares the engine's full computation with (SPEC §10: within 1.5× of the best hand-written plan).
 * Written directly against the schema (db/schema/*.ts), with the engine's meaning of each rule:
 * - a member is a contact of the shop that is neither deleted nor redacted;
 * - "in the last N days" runs from the start of the day N days ago in the shop's zone through now,
 *   "more than N days ago" is before that same edge (app/segments/time.ts);
 * - counted orders are neither cancelled nor deleted; `orders_count`, `total_spent_minor` and
 *   `last_order_at` are their pre-aggregated statistics (app/contacts/order-stats.server.ts);
 * - valid email/phone = an address that is set, non-empty and not bounced or invalid.
 * Each query returns the member ids; the variants are different plans for the same question
 * (index plan, plain scan with the shop term un-indexed, event-first semi-join …), as in
 * ../shared/guide/performance.md §2.2–2.3. Pure: builds SQL text and parameters, runs nothing.
 */
import { EVENT_TYPES, LIFECYCLE_STAGES } from "../../db/enums";
import { monthDayToday, windowStart } from "../../app/segments/time";
import { DEFAULT_SUGGESTION_PARAMS } from "../../app/segments/suggested";
import { toMinorUnits } from "../../app/money/money";

export type HandWrittenVariant = { name: string; sql: string; params: unknown[] };
export type HandWrittenSegment = { key: string; variants: HandWrittenVariant[] };
export type HandWrittenContext = { shopId: number; now: number; timeZone: string };

/** The live-contact filter every segment applies (the shop term is added per plan). */
const LIVE = "c.deleted_at IS NULL AND c.redacted_at IS NULL";
/** Orders that count. */
const COUNTED = "o.cancelled_at IS NULL AND o.deleted_at IS NULL";

const variant = (name: string, sql: string, params: unknown[]): HandWrittenVariant => ({ name, sql: sql.replace(/\s+/g, " ").trim(), params });

/**
 * A pure property rule on the contact row: a plain scan of the table (never the shop-only index
 * prefix), and the range over its covering or partial index when one exists.
 */
function propertyRule(shopId: number, predicate: string, params: unknown[], index?: string): HandWrittenVariant[] {
  const variants = [variant("scan (NOT INDEXED)", `SELECT c.id FROM contacts c NOT INDEXED WHERE c.shop_id = ? AND ${LIVE} AND ${predicate}`, [shopId, ...params])];
  if (index) {
    variants.unshift(variant(`index ${index}`, `SELECT c.id FROM contacts c INDEXED BY ${index} WHERE c.shop_id = ? AND ${LIVE} AND ${predicate}`, [shopId, ...params]));
  }
  return variants;
}

/**
 * Contacts with at least one event of `types` in [from, now] (no window: any time) and `filter` on
 * the contact row. Three plans: an event-first join from the covering (shop, type, time, contact)
 * index, the same event list as an IN semi-join (the planner's choice), and a contact-first EXISTS
 * on the (contact, type, …) index.
 */
function didEvent(ctx: HandWrittenContext, types: number[], from: number | null, filter: string, filterParams: unknown[]): HandWrittenVariant[] {
  const { shopId, now } = ctx;
  const window = from === null ? "" : " AND e.occurred_at >= ? AND e.occurred_at <= ?";
  const windowParams = from === null ? [] : [from, now];
  // one select per type; UNION (or DISTINCT for one type) lists each contact once
  const byType = (distinct: boolean) =>
    types.map(() => `SELECT${distinct && types.length === 1 ? " DISTINCT" : ""} e.contact_id FROM events e WHERE e.shop_id = ? AND e.type = ?${window}`).join(" UNION ");
  const byTypeParams = types.flatMap((type) => [shopId, type, ...windowParams]);
  const extra = filter ? ` AND ${filter}` : "";
  return [
    variant(
      "event-first join",
      `SELECT c.id FROM (${byType(true)}) AS hit CROSS JOIN contacts c ON c.id = hit.contact_id WHERE c.shop_id = ? AND ${LIVE}${extra}`,
      [...byTypeParams, shopId, ...filterParams],
    ),
    variant(
      "IN semi-join (+shop_id)",
      `SELECT c.id FROM contacts c WHERE +c.shop_id = ? AND ${LIVE}${extra} AND c.id IN (${byType(false)})`,
      [shopId, ...filterParams, ...byTypeParams],
    ),
    variant(
      "contact-first EXISTS",
      `SELECT c.id FROM contacts c WHERE +c.shop_id = ? AND ${LIVE}${extra}
         AND EXISTS (SELECT 1 FROM events e WHERE e.contact_id = c.id AND e.type IN (${types.map(() => "?").join(", ")}) AND e.shop_id = ?${window})`,
      [shopId, ...filterParams, ...types, shopId, ...windowParams],
    ),
  ];
}

/**
 * "No counted order placed in [from, now]". `last_order_at` is the latest counted order, so a
 * contact whose last order is before `from` (or who never ordered) has none; only a last order
 * after now (a future-dated order) needs the orders themselves.
 */
function noOrderSince(shopId: number, from: number, now: number): { sql: string; params: unknown[] } {
  return {
    sql: `(c.last_order_at IS NULL OR c.last_order_at < ? OR (c.last_order_at > ? AND NOT EXISTS (
            SELECT 1 FROM orders o WHERE o.contact_id = c.id AND o.shop_id = ? AND ${COUNTED} AND o.placed_at >= ? AND o.placed_at <= ?)))`,
    params: [from, now, shopId, from, now],
  };
}

/** Every suggested segment with its hand-written variants (default suggestion parameters). */
export function handWrittenSuggested(ctx: HandWrittenContext): HandWrittenSegment[] {
  const { shopId, now } = ctx;
  const ago = (days: number) => windowStart(days, "days", ctx);
  const minSpent = toMinorUnits(DEFAULT_SUGGESTION_PARAMS.minSpent, DEFAULT_SUGGESTION_PARAMS.currency);
  const ev = EVENT_TYPES;
  const noOrder14 = noOrderSince(shopId, ago(14), now);
  const noOrder30 = noOrderSince(shopId, ago(30), now);
  const { month } = monthDayToday(ctx);
  const stage = (name: string) => ({ key: `lifecycle_${name}`, variants: propertyRule(shopId, "c.lifecycle_stage = ?", [name], "contacts_shop_lifecycle_idx") });

  return [
    {
      key: "active_email_subscribers",
      variants: propertyRule(shopId, "c.email_consent = 'subscribed' AND c.email <> '' AND c.email_validity NOT IN ('bounced', 'invalid')", []),
    },
    { key: "potential_converters", variants: didEvent(ctx, [ev.product_viewed], ago(14), "c.orders_count = 0", []) },
    { key: "high_value_customers", variants: propertyRule(shopId, "c.total_spent_minor >= ?", [minSpent], "contacts_shop_spent_idx") },
    { key: "viewed_not_ordered", variants: didEvent(ctx, [ev.product_viewed], ago(30), noOrder30.sql, noOrder30.params) },
    { key: "last_order_over_30_days", variants: propertyRule(shopId, "c.last_order_at < ?", [ago(30)], "contacts_shop_last_order_idx") },
    { key: "cancelled_subscription", variants: didEvent(ctx, [ev.subscription_cancelled], null, "", []) },
    {
      key: "high_spenders_country",
      variants: [
        ...propertyRule(shopId, "c.total_spent_minor >= ? AND c.country_code = ?", [minSpent, DEFAULT_SUGGESTION_PARAMS.country], "contacts_shop_spent_idx"),
        variant(
          "intersect of two covering indexes",
          `SELECT c.id FROM contacts c INDEXED BY contacts_shop_spent_idx WHERE c.shop_id = ? AND ${LIVE} AND c.total_spent_minor >= ?
           INTERSECT
           SELECT c.id FROM contacts c INDEXED BY contacts_shop_country_consent_idx WHERE c.shop_id = ? AND ${LIVE} AND c.country_code = ?`,
          [shopId, minSpent, shopId, DEFAULT_SUGGESTION_PARAMS.country],
        ),
      ],
    },
    {
      key: "new_subscribers",
      variants: propertyRule(shopId, "c.created_at >= ? AND c.created_at <= ? AND (c.email_consent = 'subscribed' OR c.sms_consent = 'subscribed')", [ago(7), now], "contacts_shop_created_idx"),
    },
    { key: "first_time_buyers", variants: propertyRule(shopId, "c.orders_count = 1", []) },
    { key: "repeat_buyers", variants: propertyRule(shopId, "c.orders_count >= 2", []) },
    { key: "win_back", variants: propertyRule(shopId, "c.last_order_at >= ? AND c.last_order_at < ?", [ago(180), ago(90)], "contacts_shop_last_order_idx") },
    { key: "birthday_this_month", variants: propertyRule(shopId, "c.birthday_md BETWEEN ? AND ?", [month * 100 + 1, month * 100 + 31], "contacts_shop_birthday_idx") },
    { key: "cart_abandoners", variants: didEvent(ctx, [ev.added_to_cart, ev.checkout_abandoned], ago(14), noOrder14.sql, noOrder14.params) },
    {
      key: "sms_subscribers",
      variants: propertyRule(shopId, "c.sms_consent = 'subscribed' AND c.phone <> '' AND c.phone_validity NOT IN ('bounced', 'invalid')", []),
    },
    { key: "engaged_never_purchased", variants: engagedNeverPurchased(ctx, ago(90), ago(30)) },
    ...LIFECYCLE_STAGES.map(stage),
  ];
}

/** Never ordered, and opened or clicked an email in 90 days or visited in 30 (`last_visit_at`). */
function engagedNeverPurchased(ctx: HandWrittenContext, from90: number, from30: number): HandWrittenVariant[] {
  const { shopId, now } = ctx;
  const ev = EVENT_TYPES;
  const emailed = `SELECT e.contact_id FROM events e WHERE e.shop_id = ? AND e.type = ? AND e.occurred_at >= ? AND e.occurred_at <= ?`;
  const emailedParams = (type: number) => [shopId, type, from90, now];
  return [
    variant(
      "scan with IN lists (+shop_id)",
      `SELECT c.id FROM contacts c WHERE +c.shop_id = ? AND ${LIVE} AND c.orders_count = 0
         AND ((c.last_visit_at >= ? AND c.last_visit_at <= ?) OR c.id IN (${emailed} UNION ${emailed}))`,
      [shopId, from30, now, ...emailedParams(ev.email_opened), ...emailedParams(ev.email_clicked)],
    ),
    variant(
      "union of index plans",
      `SELECT c.id FROM (${emailed} UNION ${emailed}) AS hit CROSS JOIN contacts c ON c.id = hit.contact_id
         WHERE c.shop_id = ? AND ${LIVE} AND c.orders_count = 0
       UNION
       SELECT c.id FROM contacts c INDEXED BY contacts_shop_last_visit_idx
         WHERE c.shop_id = ? AND c.last_visit_at >= ? AND c.last_visit_at <= ? AND ${LIVE} AND c.orders_count = 0`,
      [...emailedParams(ev.email_opened), ...emailedParams(ev.email_clicked), shopId, shopId, from30, now],
    ),
    variant(
      "contact-first EXISTS",
      `SELECT c.id FROM contacts c WHERE +c.shop_id = ? AND ${LIVE} AND c.orders_count = 0
         AND ((c.last_visit_at >= ? AND c.last_visit_at <= ?)
           OR EXISTS (SELECT 1 FROM events e WHERE e.contact_id = c.id AND e.type IN (?, ?) AND e.shop_id = ? AND e.occurred_at >= ? AND e.occurred_at <= ?))`,
      [shopId, from30, now, ev.email_opened, ev.email_clicked, shopId, from90, now],
    ),
  ];
}
