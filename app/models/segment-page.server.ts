import { DateTime } from "luxon";
import type { Db } from "../../db/client.server";
import { prepared } from "../../db/statement-cache";
import { MEMBERSHIP_CHANGE_KINDS, membershipCauseName, type MembershipCauseName, type MembershipChangeKind } from "../../db/enums";
import { currencyExponent } from "../money/money";
import { endOfDate, startOfDate, windowStart } from "../segments/time";

/**
 * Everything the segment page reads besides the segment row: members (paged, searchable), the CSV
 * export, size over time, members' recent orders and the change history. Every query is scoped
 * by shop through the segment (`segment_id` must be one of the shop's segments).
 */

/** The segment, if it is the shop's: the one tenancy check every query below starts from. */
const OWNED = `(SELECT id FROM segments WHERE id = @segmentId AND shop_id = @shopId)`;

// ---- members ------------------------------------------------------------------------------------

export const SEGMENT_MEMBERS_PAGE_SIZE = 25;

export type SegmentMember = {
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  emailConsent: string;
  smsConsent: string;
  ordersCount: number;
  totalSpentMinor: number;
  enteredAt: number;
};

export type SegmentMemberPage = {
  members: SegmentMember[];
  /** Members matching the search (all members without one). */
  total: number;
  /** Opaque cursors of the first and last row. */
  startCursor: string | null;
  endCursor: string | null;
  hasNext: boolean;
  hasPrevious: boolean;
};

const MEMBER_COLUMNS = `c.id, c.first_name AS firstName, c.last_name AS lastName, c.email, c.phone, c.email_consent AS emailConsent,
  c.sms_consent AS smsConsent, c.orders_count AS ordersCount, c.total_spent_minor AS totalSpentMinor, sm.entered_at AS enteredAt`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Name or email contains each word (case-insensitive for ASCII), as SQL text and its parameters. */
function memberSearch(query: string | undefined): { sql: string; params: Record<string, string> } {
  const words = (query ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 5);
  const params: Record<string, string> = {};
  const terms = words.map((word, i) => {
    params[`w${i}`] = `%${escapeLike(word)}%`;
    return `(c.first_name LIKE @w${i} ESCAPE '\\' OR c.last_name LIKE @w${i} ESCAPE '\\' OR c.email LIKE @w${i} ESCAPE '\\')`;
  });
  return { sql: terms.length ? ` AND ${terms.join(" AND ")}` : "", params };
}

const cursorOf = (id: number) => String(id);
const parseCursor = (cursor: string | undefined) => (cursor && /^\d{1,15}$/.test(cursor) ? Number(cursor) : null);

/** Members matching the search. */
export function countSegmentMembers(db: Db, { shopId, segmentId, query }: { shopId: number; segmentId: number; query?: string }): number {
  const search = memberSearch(query);
  const join = search.sql ? `JOIN contacts c ON c.id = sm.contact_id` : "";
  return prepared(db.$client, `SELECT count(*) FROM segment_members sm ${join} WHERE sm.segment_id = ${OWNED}${search.sql}`)
    .pluck()
    .get({ shopId, segmentId, ...search.params }) as number;
}

/** Newest contacts first (keyset on contact id, the members table's own key), 25 to a page. */
export function listSegmentMembers(
  db: Db,
  { shopId, segmentId, query, after, before, pageSize = SEGMENT_MEMBERS_PAGE_SIZE }: { shopId: number; segmentId: number; query?: string; after?: string; before?: string; pageSize?: number },
): SegmentMemberPage {
  const afterId = parseCursor(after);
  const beforeId = afterId === null ? parseCursor(before) : null;
  const search = memberSearch(query);
  const keyset = afterId !== null ? ` AND sm.contact_id < @cursor` : beforeId !== null ? ` AND sm.contact_id > @cursor` : "";
  const order = beforeId !== null ? "ASC" : "DESC";
  const rows = prepared(
    db.$client,
    `SELECT ${MEMBER_COLUMNS} FROM segment_members sm JOIN contacts c ON c.id = sm.contact_id
      WHERE sm.segment_id = ${OWNED}${search.sql}${keyset} ORDER BY sm.contact_id ${order} LIMIT @limit`,
  ).all({ shopId, segmentId, ...search.params, ...(keyset ? { cursor: afterId ?? beforeId } : {}), limit: pageSize + 1 }) as SegmentMember[];
  const more = rows.length > pageSize;
  const members = rows.slice(0, pageSize);
  if (beforeId !== null) members.reverse();
  return {
    members,
    total: countSegmentMembers(db, { shopId, segmentId, query }),
    startCursor: members.length ? cursorOf(members[0].id) : null,
    endCursor: members.length ? cursorOf(members[members.length - 1].id) : null,
    hasNext: beforeId !== null ? true : more,
    hasPrevious: beforeId !== null ? more : afterId !== null,
  };
}

// ---- CSV export -----------------------------------------------------------------------------------

/** A file name from the segment's name: "VIP buyers (EU)" → "vip-buyers-eu-members.csv". */
export function csvFileName(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  return `${slug || "segment"}-members.csv`;
}

export const MEMBER_CSV_COLUMNS = [
  "contact_id", "email", "phone", "first_name", "last_name", "country", "email_marketing", "sms_marketing",
  "orders", "total_spent", "currency", "entered_segment_at",
] as const;

/**
 * Every member as a CSV record (`MEMBER_CSV_COLUMNS`), read in batches so a large segment streams
 * without holding the connection: between batches no statement is open. Money is a decimal in
 * the shop currency; times are ISO 8601 UTC.
 */
export function* segmentMemberCsvRows(
  db: Db,
  { shopId, segmentId, currency, batchSize = 1_000 }: { shopId: number; segmentId: number; currency: string; batchSize?: number },
): Generator<(string | number)[]> {
  const exponent = currencyExponent(currency);
  const batch = prepared(
    db.$client,
    `SELECT c.id, c.email, c.phone, c.first_name, c.last_name, c.country_code, c.email_consent, c.sms_consent, c.orders_count,
            c.total_spent_minor, sm.entered_at
       FROM segment_members sm JOIN contacts c ON c.id = sm.contact_id
      WHERE sm.segment_id = ${OWNED} AND sm.contact_id > @cursor ORDER BY sm.contact_id LIMIT @limit`,
  );
  type Row = {
    id: number; email: string | null; phone: string | null; first_name: string | null; last_name: string | null; country_code: string | null;
    email_consent: string; sms_consent: string; orders_count: number; total_spent_minor: number; entered_at: number;
  };
  let cursor = 0;
  for (;;) {
    const rows = batch.all({ shopId, segmentId, cursor, limit: batchSize }) as Row[];
    for (const r of rows) {
      yield [
        r.id, r.email ?? "", r.phone ?? "", r.first_name ?? "", r.last_name ?? "", r.country_code ?? "", r.email_consent, r.sms_consent,
        r.orders_count, (r.total_spent_minor / 10 ** exponent).toFixed(exponent), currency, new Date(r.entered_at).toISOString(),
      ];
    }
    if (rows.length < batchSize) return;
    cursor = rows[rows.length - 1].id;
  }
}

// ---- performance ----------------------------------------------------------------------------------

export type SizePoint = { day: string; size: number; entered: number; left: number };

/**
 * Size at the end of each of the last `days` days (today included, whole days in the shop's time
 * zone) with the contacts who entered and left that day. Derived backwards from the current
 * count and the change history: the size at the end of a day is today's count minus the net
 * changes since.
 */
export function segmentSizeOverTime(
  db: Db,
  { shopId, segmentId, memberCount, days, now, timeZone }: { shopId: number; segmentId: number; memberCount: number; days: number; now: number; timeZone: string },
): SizePoint[] {
  const count = prepared(
    db.$client,
    `SELECT coalesce(sum(kind = ${MEMBERSHIP_CHANGE_KINDS.entered}), 0) AS entered, coalesce(sum(kind = ${MEMBERSHIP_CHANGE_KINDS.left}), 0) AS "left"
       FROM membership_changes WHERE segment_id = ${OWNED} AND at >= @from AND at < @to`,
  );
  const between = (from: number, to: number) => count.get({ shopId, segmentId, from, to }) as { entered: number; left: number };
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf("day");
  const dates = Array.from({ length: days }, (_, i) => today.minus({ days: days - 1 - i }).toISODate()!);
  const later = between(endOfDate(dates[dates.length - 1], timeZone), Number.MAX_SAFE_INTEGER);
  let size = memberCount - (later.entered - later.left);
  const points: SizePoint[] = [];
  for (let i = dates.length - 1; i >= 0; i--) {
    const { entered, left } = between(startOfDate(dates[i], timeZone), endOfDate(dates[i], timeZone));
    points.push({ day: dates[i], size: Math.max(0, size), entered, left });
    size -= entered - left;
  }
  return points.reverse();
}

export type MemberOrders = { orders: number; buyers: number; revenueMinor: number };

/**
 * Orders the current members placed in the last `days` days (whole days in the shop's zone, like
 * the segment conditions): count, distinct buyers and revenue net of refunds, without cancelled
 * or deleted orders. Reads the shop's recent orders and probes membership for each.
 */
export function segmentMemberOrders(
  db: Db,
  { shopId, segmentId, now, timeZone, days = 30 }: { shopId: number; segmentId: number; now: number; timeZone: string; days?: number },
): MemberOrders {
  return prepared(
    db.$client,
    `SELECT count(*) AS orders, count(DISTINCT o.contact_id) AS buyers, coalesce(sum(o.total_minor - o.refunded_minor), 0) AS revenueMinor
       FROM orders o
      WHERE o.shop_id = @shopId AND o.placed_at >= @from AND o.cancelled_at IS NULL AND o.deleted_at IS NULL
        AND EXISTS (SELECT 1 FROM segment_members sm WHERE sm.segment_id = ${OWNED} AND sm.contact_id = o.contact_id)`,
  ).get({ shopId, segmentId, from: windowStart(days, "days", { now, timeZone }) }) as MemberOrders;
}

// ---- history --------------------------------------------------------------------------------------

export type MembershipHistoryEntry = {
  id: number;
  contactId: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  kind: MembershipChangeKind;
  cause: MembershipCauseName | "unknown";
  causeDetail: string | null;
  at: number;
};

/** The latest enters and leaves, newest first. */
export function segmentHistory(db: Db, { shopId, segmentId, limit = 50 }: { shopId: number; segmentId: number; limit?: number }): MembershipHistoryEntry[] {
  const rows = prepared(
    db.$client,
    `SELECT mc.id, mc.contact_id AS contactId, c.first_name AS firstName, c.last_name AS lastName, c.email, c.phone,
            mc.kind, mc.cause, mc.cause_detail AS causeDetail, mc.at
       FROM membership_changes mc JOIN contacts c ON c.id = mc.contact_id
      WHERE mc.segment_id = ${OWNED} ORDER BY mc.at DESC, mc.id DESC LIMIT @limit`,
  ).all({ shopId, segmentId, limit }) as (Omit<MembershipHistoryEntry, "kind" | "cause"> & { kind: number; cause: number })[];
  return rows.map((row) => ({
    ...row,
    kind: row.kind === MEMBERSHIP_CHANGE_KINDS.entered ? "entered" : "left",
    cause: membershipCauseName(row.cause) ?? "unknown",
  }));
}
