import { and, desc, eq, gt, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { contacts } from "../../db/schema";

export type ContactListItem = {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  countryCode: string | null;
  emailConsent: string;
  smsConsent: string;
  ordersCount: number;
  totalSpentMinor: number;
  createdAt: number;
};

export type ContactPage = {
  contacts: ContactListItem[];
  /** Opaque cursors for the first and last row of the page. */
  startCursor: string | null;
  endCursor: string | null;
  hasNext: boolean;
  hasPrevious: boolean;
};

export const CONTACTS_PAGE_SIZE = 25;

const listColumns = {
  id: contacts.id,
  firstName: contacts.firstName,
  lastName: contacts.lastName,
  email: contacts.email,
  phone: contacts.phone,
  city: contacts.city,
  countryCode: contacts.countryCode,
  emailConsent: contacts.emailConsent,
  smsConsent: contacts.smsConsent,
  ordersCount: contacts.ordersCount,
  totalSpentMinor: contacts.totalSpentMinor,
  createdAt: contacts.createdAt,
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Search terms match name, email, phone or platform id (case-insensitive substring); several words
 * must all match. Deleted and redacted contacts are never listed.
 */
function searchFilter(query: string | undefined): SQL | undefined {
  const words = (query ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return undefined;
  return and(
    ...words.map((word) => {
      const pattern = `%${escapeLike(word)}%`;
      return or(
        sql`${contacts.firstName} LIKE ${pattern} ESCAPE '\\'`,
        sql`${contacts.lastName} LIKE ${pattern} ESCAPE '\\'`,
        sql`${contacts.email} LIKE ${pattern} ESCAPE '\\'`,
        sql`${contacts.phone} LIKE ${pattern} ESCAPE '\\'`,
        sql`${contacts.platformId} = ${word}`,
      );
    }),
  );
}

function visible(shopId: number): SQL {
  return and(eq(contacts.shopId, shopId), sql`${contacts.deletedAt} IS NULL`, sql`${contacts.redactedAt} IS NULL`)!;
}

type Cursor = { createdAt: number; id: number };

export function encodeCursor(row: { createdAt: number; id: number }): string {
  return `${row.createdAt}.${row.id}`;
}

function decodeCursor(cursor: string | undefined): Cursor | null {
  const match = /^(\d+)\.(\d+)$/.exec(cursor ?? "");
  return match ? { createdAt: Number(match[1]), id: Number(match[2]) } : null;
}

/** Newest contacts first, keyset-paginated on (created_at, id). */
export function listContacts(
  db: Db,
  {
    shopId,
    query,
    after,
    before,
    pageSize = CONTACTS_PAGE_SIZE,
  }: { shopId: number; query?: string; after?: string; before?: string; pageSize?: number },
): ContactPage {
  const afterCursor = decodeCursor(after);
  const beforeCursor = afterCursor ? null : decodeCursor(before);
  const where: SQL[] = [visible(shopId)];
  const search = searchFilter(query);
  if (search) where.push(search);
  if (afterCursor) {
    where.push(
      or(
        lt(contacts.createdAt, afterCursor.createdAt),
        and(eq(contacts.createdAt, afterCursor.createdAt), lt(contacts.id, afterCursor.id)),
      )!,
    );
  }
  if (beforeCursor) {
    where.push(
      or(
        gt(contacts.createdAt, beforeCursor.createdAt),
        and(eq(contacts.createdAt, beforeCursor.createdAt), gt(contacts.id, beforeCursor.id)),
      )!,
    );
  }
  const order = beforeCursor
    ? [contacts.createdAt, contacts.id]
    : [desc(contacts.createdAt), desc(contacts.id)];
  const rows = db
    .select(listColumns)
    .from(contacts)
    .where(and(...where))
    .orderBy(...order)
    .limit(pageSize + 1)
    .all();
  const hasMore = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (beforeCursor) page.reverse();
  return {
    contacts: page,
    startCursor: page.length ? encodeCursor(page[0]) : null,
    endCursor: page.length ? encodeCursor(page[page.length - 1]) : null,
    hasNext: beforeCursor ? true : hasMore,
    hasPrevious: beforeCursor ? hasMore : afterCursor !== null,
  };
}

/** How many contacts match the search (same filter as the list). */
export function countContacts(db: Db, { shopId, query }: { shopId: number; query?: string }): number {
  const search = searchFilter(query);
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(contacts)
    .where(search ? and(visible(shopId), search) : visible(shopId))
    .get();
  return row?.n ?? 0;
}

export type Contact = typeof contacts.$inferSelect;

/** One contact of this shop, or null (also for another shop's contact id). */
export function findContact(db: Db, { shopId, contactId }: { shopId: number; contactId: number }): Contact | null {
  return (
    db
      .select()
      .from(contacts)
      .where(and(eq(contacts.id, contactId), visible(shopId)))
      .get() ?? null
  );
}
