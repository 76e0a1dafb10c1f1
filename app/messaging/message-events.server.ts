import type { Db } from "../../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES, type EventTypeName } from "../../db/enums";
import { prepared } from "../../db/statement-cache";
import { onContactChanged } from "../membership/incremental.server";
import type { ContactField } from "../segments/conditions/spec";

export type MessageEvent = { type: EventTypeName; subjectId?: number | null; detailId?: number | null };

/**
 * Writes message events (sent, delivered, opened, clicked, bounced, coupon received/clicked …) into
 * the contact's timeline and tells the engine, with any contact fields changed alongside (consent,
 * validity), so segments such as "opened an email in the last 30 days" move at once.
 * Joins the caller's transaction when there is one.
 */
export function recordMessageEvents(
  db: Db,
  { shopId, contactId, events, fields = [], now, causeDetail }: { shopId: number; contactId: number; events: MessageEvent[]; fields?: ContactField[]; now: number; causeDetail: string },
): void {
  if (events.length === 0 && fields.length === 0) return;
  const insert = prepared(db.$client, `INSERT INTO events (shop_id, contact_id, type, subject_id, detail_id, occurred_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const event of events) {
    insert.run(shopId, contactId, EVENT_TYPES[event.type], event.subjectId ?? null, event.detailId ?? null, now, EVENT_SOURCES.message);
  }
  onContactChanged(db, {
    shopId,
    contactIds: [contactId],
    change: { fields, events: events.map((e) => ({ type: EVENT_TYPES[e.type], subjectId: e.subjectId ?? null })) },
    now,
    // consent and validity changes are the contact's own choice or the provider's verdict
    cause: fields.length > 0 ? "consent" : "event",
    causeDetail,
  });
}
