import type { ContactApplied } from "../../app/sync/contacts.server";
import type { OrderApplied } from "../../app/sync/orders.server";
import type { EngineNotice } from "../handler";

/** What the engine must re-evaluate after a contact write (nothing when nothing changed). */
export function contactNotices(applied: ContactApplied, topic: string, cause: EngineNotice["cause"] = "event"): EngineNotice[] {
  if (applied.contactId === null) return [];
  const change = applied.change;
  const empty = !change.everything && !change.fields?.length && !change.tags && !change.events?.length;
  return empty ? [] : [{ contactIds: [applied.contactId], change, cause, causeDetail: topic }];
}

/** After an order write: a contact it created is evaluated whole, the others for their orders. */
export function orderNotices(applied: OrderApplied, topic: string): EngineNotice[] {
  const notices: EngineNotice[] = [];
  const others = applied.contactIds.filter((id) => id !== applied.newContactId);
  if (applied.newContactId !== undefined) notices.push({ contactIds: [applied.newContactId], change: { everything: true }, cause: "event", causeDetail: topic });
  if (others.length > 0) notices.push({ contactIds: others, change: { orders: true }, cause: "event", causeDetail: topic });
  return notices;
}
