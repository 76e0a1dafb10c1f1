import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AnySQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.server";
import { EVENT_SUBJECTS, eventTypeName, type AttributeType, type SubjectKind, type TagSource } from "../../db/enums";
import {
  attributeDefinitions,
  campaigns,
  categories,
  checkouts,
  contactAttributes,
  contactTags,
  coupons,
  events,
  orderLines,
  orders,
  products,
  tags,
} from "../../db/schema";

export type ContactTag = { name: string; sources: TagSource[] };

/** The contact's tags, one entry per tag with every source it is held from. */
export function findContactTags(db: Db, { shopId, contactId }: { shopId: number; contactId: number }): ContactTag[] {
  const rows = db
    .select({ name: tags.name, source: contactTags.source })
    .from(contactTags)
    .innerJoin(tags, eq(tags.id, contactTags.tagId))
    .where(and(eq(contactTags.shopId, shopId), eq(contactTags.contactId, contactId)))
    .orderBy(tags.nameKey, contactTags.source)
    .all();
  const byName = new Map<string, ContactTag>();
  for (const row of rows) {
    const entry = byName.get(row.name) ?? { name: row.name, sources: [] };
    entry.sources.push(row.source);
    byName.set(row.name, entry);
  }
  return [...byName.values()];
}

export type ContactAttribute = { key: string; label: string; type: AttributeType; value: string | number | boolean };

export function findContactAttributes(
  db: Db,
  { shopId, contactId }: { shopId: number; contactId: number },
): ContactAttribute[] {
  const rows = db
    .select({
      key: attributeDefinitions.key,
      label: attributeDefinitions.label,
      type: attributeDefinitions.type,
      textValue: contactAttributes.textValue,
      numberValue: contactAttributes.numberValue,
    })
    .from(contactAttributes)
    .innerJoin(attributeDefinitions, eq(attributeDefinitions.id, contactAttributes.attributeId))
    .where(and(eq(contactAttributes.shopId, shopId), eq(contactAttributes.contactId, contactId)))
    .orderBy(attributeDefinitions.label)
    .all();
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    type: r.type,
    value: r.type === "text" ? (r.textValue ?? "") : r.type === "boolean" ? r.numberValue === 1 : (r.numberValue ?? 0),
  }));
}

export type ContactOrder = {
  id: number;
  name: string | null;
  placedAt: number;
  totalMinor: number;
  refundedMinor: number;
  currency: string;
  financialStatus: string | null;
  cancelledAt: number | null;
  items: number;
  products: string[];
};

export function findContactOrders(
  db: Db,
  { shopId, contactId, limit = 20 }: { shopId: number; contactId: number; limit?: number },
): ContactOrder[] {
  const rows = db
    .select({
      id: orders.id,
      name: orders.name,
      placedAt: orders.placedAt,
      totalMinor: orders.totalMinor,
      refundedMinor: orders.refundedMinor,
      currency: orders.currency,
      financialStatus: orders.financialStatus,
      cancelledAt: orders.cancelledAt,
    })
    .from(orders)
    .where(and(eq(orders.shopId, shopId), eq(orders.contactId, contactId), sql`${orders.deletedAt} IS NULL`))
    .orderBy(desc(orders.placedAt))
    .limit(limit)
    .all();
  if (rows.length === 0) return [];
  const lines = db
    .select({ orderId: orderLines.orderId, quantity: orderLines.quantity, title: orderLines.title })
    .from(orderLines)
    .where(and(eq(orderLines.shopId, shopId), inArray(orderLines.orderId, rows.map((r) => r.id))))
    .all();
  return rows.map((order) => {
    const own = lines.filter((l) => l.orderId === order.id);
    return {
      ...order,
      items: own.reduce((n, l) => n + l.quantity, 0),
      products: own.map((l) => l.title ?? "Untitled item"),
    };
  });
}

export type ContactEvent = {
  id: number;
  type: string;
  occurredAt: number;
  subject: string | null;
  detail: string | null;
  value: number | null;
};

/** Where each kind of event subject gets its display label. */
const SUBJECT_SOURCES = {
  product: { table: products, id: products.id, shopId: products.shopId, label: products.title },
  category: { table: categories, id: categories.id, shopId: categories.shopId, label: categories.name },
  campaign: { table: campaigns, id: campaigns.id, shopId: campaigns.shopId, label: campaigns.name },
  coupon: { table: coupons, id: coupons.id, shopId: coupons.shopId, label: coupons.code },
  checkout: { table: checkouts, id: checkouts.id, shopId: checkouts.shopId, label: sql<string>`'Checkout ' || ${checkouts.platformId}` },
} satisfies Record<
  SubjectKind,
  { table: SQLiteTable; id: AnySQLiteColumn; shopId: AnySQLiteColumn; label: AnySQLiteColumn | SQL }
>;

function subjectLabels(db: Db, shopId: number, kind: SubjectKind, ids: number[]): Map<number, string> {
  const source = SUBJECT_SOURCES[kind];
  const rows = db
    .select({ id: source.id, label: source.label })
    .from(source.table as SQLiteTable)
    .where(and(eq(source.shopId, shopId), inArray(source.id, ids)))
    .all() as { id: number; label: string }[];
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** The latest events of a contact, with their subjects named (product title, campaign, coupon…). */
export function findContactEvents(
  db: Db,
  { shopId, contactId, limit = 50 }: { shopId: number; contactId: number; limit?: number },
): ContactEvent[] {
  const rows = db
    .select()
    .from(events)
    .where(and(eq(events.shopId, shopId), eq(events.contactId, contactId)))
    .orderBy(desc(events.occurredAt), desc(events.id))
    .limit(limit)
    .all();
  const wanted = new Map<SubjectKind, Set<number>>();
  const want = (kind: SubjectKind | null, id: number | null) => {
    if (kind && id !== null) wanted.set(kind, (wanted.get(kind) ?? new Set()).add(id));
  };
  for (const row of rows) {
    const name = eventTypeName(row.type);
    if (!name) continue;
    want(EVENT_SUBJECTS[name].subject, row.subjectId);
    want(EVENT_SUBJECTS[name].detail, row.detailId);
  }
  const labels = new Map<SubjectKind, Map<number, string>>();
  for (const [kind, ids] of wanted) labels.set(kind, subjectLabels(db, shopId, kind, [...ids]));
  const label = (kind: SubjectKind | null, id: number | null) =>
    kind && id !== null ? (labels.get(kind)?.get(id) ?? `#${id}`) : null;
  return rows.map((row) => {
    const name = eventTypeName(row.type);
    const subjects = name ? EVENT_SUBJECTS[name] : { subject: null, detail: null };
    return {
      id: row.id,
      type: name ?? `unknown_${row.type}`,
      occurredAt: row.occurredAt,
      subject: label(subjects.subject, row.subjectId),
      detail: label(subjects.detail, row.detailId),
      value: row.value,
    };
  });
}
