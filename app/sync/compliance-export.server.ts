import type { Db, Sqlite } from "../../db/client.server";
import { EVENT_TYPES, MEMBERSHIP_CAUSES, MEMBERSHIP_CHANGE_KINDS } from "../../db/enums";
import { normalizeEmail, normalizePhone } from "../contacts/normalize";

/**
 * customers/data_request: everything we hold on a customer, as one JSON document stored in
 * `data_requests` for the merchant (Shopify sends the request to the merchant, not the customer).
 */

export type CustomerRef = { shopId: number; customerPlatformId: string | null; email?: string | null; phone?: string | null };

export const EXPORT_FORMAT = "segmentflow.customer-data/1";

/** The ways a payload's phone may be stored: as given, and E.164 when it can be read. */
export function phoneVariants(phone: string | null | undefined): string[] {
  const raw = phone?.trim();
  if (!raw) return [];
  return [...new Set([raw, normalizePhone(raw)].filter((p): p is string => !!p))];
}

/**
 * The shop's contacts that are this customer: the one with the platform id, plus captured
 * subscribers without a platform id that share the email or phone (another customer's row is never
 * matched by email or phone). Redacted rows have no email or phone left, so only the id finds them.
 */
export function findCustomerContacts(db: Db, ref: CustomerRef): number[] {
  const email = normalizeEmail(ref.email);
  const phones = phoneVariants(ref.phone);
  return db.$client
    .prepare(
      `SELECT id FROM contacts WHERE shop_id = ? AND (platform_id = ?
         OR (platform_id IS NULL AND (email = ? OR phone IN (SELECT value FROM json_each(?))))) ORDER BY id`,
    )
    .pluck()
    .all(ref.shopId, ref.customerPlatformId, email, JSON.stringify(phones)) as number[];
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const nameOf = <T extends Record<string, number>>(codes: T, code: number) => Object.keys(codes).find((k) => codes[k] === code) ?? String(code);

type Row = Record<string, unknown>;
const all = (sqlite: Sqlite, sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params) as Row[];

function ordersExport(sqlite: Sqlite, shopId: number, orderIds: number[]) {
  return orderIds.map((orderId) => {
    const order = sqlite
      .prepare(
        `SELECT id, platform_id, name, currency, total_minor, subtotal_minor, discount_minor, refunded_minor, financial_status,
                fulfillment_status, discount_codes, placed_at, cancelled_at, deleted_at FROM orders WHERE shop_id = ? AND id = ?`,
      )
      .get(shopId, orderId) as Row;
    return {
      platformId: order.platform_id,
      name: order.name,
      currency: order.currency,
      totalMinor: order.total_minor,
      subtotalMinor: order.subtotal_minor,
      discountMinor: order.discount_minor,
      refundedMinor: order.refunded_minor,
      financialStatus: order.financial_status,
      fulfillmentStatus: order.fulfillment_status,
      discountCodes: order.discount_codes ? (JSON.parse(String(order.discount_codes)) as unknown) : [],
      placedAt: iso(order.placed_at as number),
      cancelledAt: iso(order.cancelled_at as number | null),
      deletedAt: iso(order.deleted_at as number | null),
      lines: all(
        sqlite,
        `SELECT platform_id AS platformId, platform_product_id AS productPlatformId, platform_variant_id AS variantPlatformId, title,
                quantity, refunded_quantity AS refundedQuantity, price_minor AS priceMinor, total_minor AS totalMinor
           FROM order_lines WHERE shop_id = ? AND order_id = ? ORDER BY id`,
        shopId,
        orderId,
      ),
      refunds: all(sqlite, `SELECT platform_id, amount_minor, lines, refunded_at FROM refunds WHERE shop_id = ? AND order_id = ? ORDER BY refunded_at, id`, shopId, orderId).map(
        (r) => ({ platformId: r.platform_id, amountMinor: r.amount_minor, lines: JSON.parse(String(r.lines)) as unknown, refundedAt: iso(r.refunded_at as number) }),
      ),
    };
  });
}

function contactExport(sqlite: Sqlite, shopId: number, contactId: number) {
  const c = sqlite.prepare(`SELECT * FROM contacts WHERE shop_id = ? AND id = ?`).get(shopId, contactId) as Row;
  const orderIds = sqlite.prepare(`SELECT id FROM orders WHERE shop_id = ? AND contact_id = ? ORDER BY placed_at, id`).pluck().all(shopId, contactId) as number[];
  return {
    contactId,
    platformId: c.platform_id,
    profile: {
      email: c.email, phone: c.phone, firstName: c.first_name, lastName: c.last_name, gender: c.gender,
      countryCode: c.country_code, regionCode: c.region_code, city: c.city, zip: c.zip, birthday: c.birthday,
      language: c.language, timeZone: c.time_zone, registrationSource: c.registration_source, accountState: c.account_state,
      isMember: c.is_member === 1, memberTier: c.member_tier, note: c.note, signedUpAt: iso(c.created_at as number),
      lifecycleStage: c.lifecycle_stage, lastVisitAt: iso(c.last_visit_at as number | null),
      deletedAt: iso(c.deleted_at as number | null), redactedAt: iso(c.redacted_at as number | null),
    },
    consent: {
      email: { state: c.email_consent, at: iso(c.email_consent_at as number | null), optInLevel: c.email_opt_in_level, validity: c.email_validity },
      sms: { state: c.sms_consent, at: iso(c.sms_consent_at as number | null), validity: c.phone_validity },
    },
    orderStats: {
      ordersCount: c.orders_count, totalSpentMinor: c.total_spent_minor, avgOrderMinor: c.avg_order_minor,
      firstOrderAt: iso(c.first_order_at as number | null), lastOrderAt: iso(c.last_order_at as number | null),
    },
    tags: all(sqlite, `SELECT t.name, ct.source, ct.added_at FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.shop_id = ? AND ct.contact_id = ? ORDER BY t.name_key, ct.source`, shopId, contactId).map(
      (t) => ({ name: t.name, source: t.source, addedAt: iso(t.added_at as number) }),
    ),
    attributes: all(
      sqlite,
      `SELECT d.key, d.label, d.type, a.text_value, a.number_value, a.updated_at FROM contact_attributes a
         JOIN attribute_definitions d ON d.id = a.attribute_id WHERE a.shop_id = ? AND a.contact_id = ? ORDER BY d.key`,
      shopId,
      contactId,
    ).map((a) => ({
      key: a.key, label: a.label, type: a.type,
      value: a.type === "text" ? a.text_value : a.type === "boolean" ? a.number_value === 1 : a.type === "date" ? iso(a.number_value as number | null) : a.number_value,
      updatedAt: iso(a.updated_at as number),
    })),
    orders: ordersExport(sqlite, shopId, orderIds),
    events: all(sqlite, `SELECT type, count(*) AS n, min(occurred_at) AS first, max(occurred_at) AS last FROM events WHERE shop_id = ? AND contact_id = ? GROUP BY type ORDER BY type`, shopId, contactId).map(
      (e) => ({ type: nameOf(EVENT_TYPES, e.type as number), count: e.n, firstAt: iso(e.first as number), lastAt: iso(e.last as number) }),
    ),
    segments: {
      current: all(sqlite, `SELECT s.id, s.name, m.entered_at FROM segment_members m JOIN segments s ON s.id = m.segment_id WHERE m.shop_id = ? AND m.contact_id = ? ORDER BY s.id`, shopId, contactId).map(
        (m) => ({ segmentId: m.id, name: m.name, enteredAt: iso(m.entered_at as number) }),
      ),
      history: all(
        sqlite,
        `SELECT s.id, s.name, h.kind, h.cause, h.cause_detail, h.at FROM membership_changes h JOIN segments s ON s.id = h.segment_id
          WHERE h.shop_id = ? AND h.contact_id = ? ORDER BY h.at, h.id`,
        shopId,
        contactId,
      ).map((h) => ({ segmentId: h.id, name: h.name, change: nameOf(MEMBERSHIP_CHANGE_KINDS, h.kind as number), cause: nameOf(MEMBERSHIP_CAUSES, h.cause as number), causeDetail: h.cause_detail, at: iso(h.at as number) })),
    },
    checkouts: all(sqlite, `SELECT platform_id, email, phone, total_minor, currency, started_at, completed_at, abandoned_at FROM checkouts WHERE shop_id = ? AND contact_id = ? ORDER BY started_at, id`, shopId, contactId).map(
      (k) => ({ platformId: k.platform_id, email: k.email, phone: k.phone, totalMinor: k.total_minor, currency: k.currency, startedAt: iso(k.started_at as number), completedAt: iso(k.completed_at as number | null), abandonedAt: iso(k.abandoned_at as number | null) }),
    ),
    browsers: all(
      sqlite,
      `SELECT b.client_key, b.first_seen_at, b.last_seen_at, (SELECT count(*) FROM anonymous_events a WHERE a.shop_id = b.shop_id AND a.browser_id = b.id) AS anonymous_events
         FROM browsers b WHERE b.shop_id = ? AND b.contact_id = ? ORDER BY b.id`,
      shopId,
      contactId,
    ).map((b) => ({ clientKey: b.client_key, firstSeenAt: iso(b.first_seen_at as number), lastSeenAt: iso(b.last_seen_at as number), anonymousEvents: b.anonymous_events })),
    messages: all(sqlite, `SELECT channel, status, to_address, subject, created_at, sent_at FROM message_sends WHERE shop_id = ? AND contact_id = ? ORDER BY created_at, id`, shopId, contactId).map(
      (m) => ({ channel: m.channel, status: m.status, to: m.to_address, subject: m.subject, createdAt: iso(m.created_at as number), sentAt: iso(m.sent_at as number | null) }),
    ),
  };
}

export type DataExport = ReturnType<typeof buildExport>;

function buildExport(db: Db, input: CustomerRef & { requestId: string; orderPlatformIds: string[]; now: number }) {
  const sqlite = db.$client;
  const contactIds = findCustomerContacts(db, input);
  const linked = new Set(
    contactIds.length === 0
      ? []
      : (sqlite.prepare(`SELECT platform_id FROM orders WHERE shop_id = ? AND contact_id IN (SELECT value FROM json_each(?))`).pluck().all(input.shopId, JSON.stringify(contactIds)) as string[]),
  );
  const otherOrderIds = sqlite
    .prepare(`SELECT id FROM orders WHERE shop_id = ? AND platform_id IN (SELECT value FROM json_each(?)) ORDER BY placed_at, id`)
    .pluck()
    .all(input.shopId, JSON.stringify(input.orderPlatformIds.filter((id) => !linked.has(id)))) as number[];
  const contacts = contactIds.map((id) => contactExport(sqlite, input.shopId, id));
  const otherRequestedOrders = ordersExport(sqlite, input.shopId, otherOrderIds);
  return {
    format: EXPORT_FORMAT,
    requestId: input.requestId,
    generatedAt: iso(input.now),
    requestedFor: { customerId: input.customerPlatformId, email: input.email ?? null, phone: input.phone ?? null, orders: input.orderPlatformIds },
    found: contacts.length > 0 || otherRequestedOrders.length > 0,
    contacts,
    otherRequestedOrders,
  };
}

/**
 * Exports everything held on the customer into `data_requests`, once per request id: a second
 * delivery of the same request returns the stored export unchanged. A request for a customer we
 * hold nothing on still gets its row (`found: false`), as the record that it was answered.
 */
export function exportCustomerData(
  db: Db,
  input: { shopId: number; customerPlatformId: string | null; email?: string | null; phone?: string | null; requestId: string; orderPlatformIds?: string[]; now: number },
): { dataRequestId: number; created: boolean; export: DataExport } {
  const sqlite = db.$client;
  const existing = sqlite
    .prepare(`SELECT id, export FROM data_requests WHERE shop_id = ? AND platform_request_id = ? ORDER BY id LIMIT 1`)
    .get(input.shopId, input.requestId) as { id: number; export: string | null } | undefined;
  if (existing?.export) return { dataRequestId: existing.id, created: false, export: JSON.parse(existing.export) as DataExport };
  const document = buildExport(db, { ...input, orderPlatformIds: input.orderPlatformIds ?? [] });
  if (existing) {
    sqlite.prepare(`UPDATE data_requests SET export = ?, completed_at = ? WHERE id = ?`).run(JSON.stringify(document), input.now, existing.id);
    return { dataRequestId: existing.id, created: false, export: document };
  }
  const id = sqlite
    .prepare(`INSERT INTO data_requests (shop_id, platform_request_id, customer_platform_id, export, requested_at, completed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`)
    .pluck()
    .get(input.shopId, input.requestId, input.customerPlatformId, JSON.stringify(document), input.now, input.now) as number;
  return { dataRequestId: id, created: true, export: document };
}
