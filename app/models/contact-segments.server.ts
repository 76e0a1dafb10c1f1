import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { explainMembership, type Explanation } from "../membership/explain.server";
import { parseSegmentDefinition } from "../segments/definition";

/** A segment of the shop, and whether the contact is in it now (`enteredAt` when so). */
export type ContactSegmentRow = { id: number; name: string; member: boolean; enteredAt: number | null };

/** Every segment of the shop with the contact's membership, members first then by name. */
export function listContactSegments(db: Db, { shopId, contactId }: { shopId: number; contactId: number }): ContactSegmentRow[] {
  const rows = db.all<{ id: number; name: string; entered_at: number | null }>(sql`
    SELECT s.id, s.name, m.entered_at FROM segments s
      LEFT JOIN segment_members m ON m.segment_id = s.id AND m.contact_id = ${contactId} AND m.shop_id = ${shopId}
     WHERE s.shop_id = ${shopId}
     ORDER BY m.entered_at IS NULL, s.name COLLATE NOCASE, s.id`);
  return rows.map((r) => ({ id: r.id, name: r.name, member: r.entered_at !== null, enteredAt: r.entered_at }));
}

export type SegmentWhy = { segmentId: number; segmentName: string; explanation: Explanation } | { segmentId: number; segmentName: string; error: string };

/**
 * Why the contact is in or out of one of the shop's segments, from the engine's own SQL
 * (`explainMembership`). Null when the segment is not the shop's or the contact is not visible.
 */
export function explainContactSegment(
  db: Db,
  { shopId, contactId, segmentId, timeZone, now }: { shopId: number; contactId: number; segmentId: number; timeZone: string; now: number },
): SegmentWhy | null {
  const segment = db.get<{ name: string; definition: string }>(sql`SELECT name, definition FROM segments WHERE id = ${segmentId} AND shop_id = ${shopId}`);
  if (!segment) return null;
  const parsed = parseSegmentDefinition(segment.definition);
  if (!parsed.ok) return { segmentId, segmentName: segment.name, error: "This segment's conditions can no longer be read; open it to fix them." };
  const explanation = explainMembership(db, { shopId, timeZone, now, definition: parsed.definition, contactId });
  return explanation ? { segmentId, segmentName: segment.name, explanation } : null;
}
