import type { Db } from "../../db/client.server";

/**
 * One shop's rows as plain JS objects, for the reference evaluator (tests/reference/evaluate.ts).
 * Rows keep their SQL column names; nothing here interprets them. Only rows of `shopId` are read,
 * so anything the compiled SQL took from another shop shows up as a disagreement.
 */

export type ContactRow = {
  id: number;
  shop_id: number;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  gender: string | null;
  country_code: string | null;
  region_code: string | null;
  city: string | null;
  zip: string | null;
  birthday_md: number | null;
  language: string | null;
  registration_source: string | null;
  account_state: string | null;
  is_member: number;
  member_tier: string | null;
  email_consent: string;
  email_validity: string;
  sms_consent: string;
  phone_validity: string;
  lifecycle_stage: string | null;
  orders_count: number;
  total_spent_minor: number;
  avg_order_minor: number | null;
  first_order_at: number | null;
  last_order_at: number | null;
  last_visit_at: number | null;
  created_at: number;
  deleted_at: number | null;
  redacted_at: number | null;
};

export type EventRow = { id: number; contact_id: number; type: number; subject_id: number | null; detail_id: number | null; occurred_at: number };
/** `refunded_minor` already holds the order's stored refunds (capped at the total). */
export type OrderRow = {
  id: number;
  contact_id: number | null;
  total_minor: number;
  refunded_minor: number;
  placed_at: number;
  cancelled_at: number | null;
  deleted_at: number | null;
};
export type OrderLineRow = { id: number; order_id: number; contact_id: number | null; product_id: number | null; quantity: number; refunded_quantity: number };
export type TagRow = { id: number; name: string; name_key: string };
export type ContactTagRow = { tag_id: number; contact_id: number; source: string };
export type AttributeDefinitionRow = { id: number; key: string; type: string };
export type ContactAttributeRow = { contact_id: number; attribute_id: number; text_value: string | null; number_value: number | null };
export type CampaignRow = { id: number; channel: string; coupon_id: number | null };

export type ReferenceStore = {
  shopId: number;
  timeZone: string;
  contacts: ContactRow[];
  events: EventRow[];
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  /** product id → the categories (product types and collections) it is in. */
  productCategories: Map<number, Set<number>>;
  productIds: number[];
  categoryIds: number[];
  couponIds: number[];
  campaigns: CampaignRow[];
  tags: TagRow[];
  contactTags: ContactTagRow[];
  attributeDefinitions: AttributeDefinitionRow[];
  contactAttributes: ContactAttributeRow[];
  /** Contacts with a live (not deleted) B2B company contact. */
  companyContacts: Set<number>;
  // indexes the evaluator reads through
  eventsByType: Map<number, EventRow[]>;
  ordersById: Map<number, OrderRow>;
};

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

export function loadStore(db: Db, shopId: number): ReferenceStore {
  const sqlite = db.$client;
  const all = <T>(query: string) => sqlite.prepare(query).all(shopId) as T[];
  const shop = sqlite.prepare(`SELECT time_zone FROM shops WHERE id = ?`).get(shopId) as { time_zone: string } | undefined;
  if (!shop) throw new Error(`no shop ${shopId}`);

  const contacts = all<ContactRow>(`SELECT id, shop_id, first_name, last_name, email, phone, gender, country_code, region_code, city, zip,
      birthday_md, language, registration_source, account_state, is_member, member_tier, email_consent, email_validity, sms_consent,
      phone_validity, lifecycle_stage, orders_count, total_spent_minor, avg_order_minor, first_order_at, last_order_at, last_visit_at,
      created_at, deleted_at, redacted_at
    FROM contacts WHERE shop_id = ? ORDER BY id`);
  const events = all<EventRow>(`SELECT id, contact_id, type, subject_id, detail_id, occurred_at FROM events WHERE shop_id = ? ORDER BY id`);
  const orders = all<OrderRow>(
    `SELECT id, contact_id, total_minor, refunded_minor, placed_at, cancelled_at, deleted_at FROM orders WHERE shop_id = ? ORDER BY id`,
  );
  const orderLines = all<OrderLineRow>(
    `SELECT id, order_id, contact_id, product_id, quantity, refunded_quantity FROM order_lines WHERE shop_id = ? ORDER BY id`,
  );
  const links = all<{ product_id: number; category_id: number }>(`SELECT product_id, category_id FROM product_categories WHERE shop_id = ?`);
  const productCategories = new Map<number, Set<number>>();
  for (const { product_id, category_id } of links) {
    if (!productCategories.has(product_id)) productCategories.set(product_id, new Set());
    productCategories.get(product_id)!.add(category_id);
  }

  return {
    shopId,
    timeZone: shop.time_zone,
    contacts,
    events,
    orders,
    orderLines,
    productCategories,
    productIds: all<{ id: number }>(`SELECT id FROM products WHERE shop_id = ? ORDER BY id`).map((r) => r.id),
    categoryIds: all<{ id: number }>(`SELECT id FROM categories WHERE shop_id = ? ORDER BY id`).map((r) => r.id),
    couponIds: all<{ id: number }>(`SELECT id FROM coupons WHERE shop_id = ? ORDER BY id`).map((r) => r.id),
    campaigns: all<CampaignRow>(`SELECT id, channel, coupon_id FROM campaigns WHERE shop_id = ? ORDER BY id`),
    tags: all<TagRow>(`SELECT id, name, name_key FROM tags WHERE shop_id = ? ORDER BY id`),
    contactTags: all<ContactTagRow>(`SELECT tag_id, contact_id, source FROM contact_tags WHERE shop_id = ?`),
    attributeDefinitions: all<AttributeDefinitionRow>(`SELECT id, key, type FROM attribute_definitions WHERE shop_id = ? ORDER BY id`),
    contactAttributes: all<ContactAttributeRow>(
      `SELECT contact_id, attribute_id, text_value, number_value FROM contact_attributes WHERE shop_id = ?`,
    ),
    companyContacts: new Set(all<{ contact_id: number }>(`SELECT contact_id FROM company_contacts WHERE shop_id = ? AND deleted_at IS NULL`).map((r) => r.contact_id)),
    eventsByType: groupBy(events, (e) => e.type),
    ordersById: new Map(orders.map((o) => [o.id, o])),
  };
}
