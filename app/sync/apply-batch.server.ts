import type { Db } from "../../db/client.server";
import { onContactChanged } from "../membership/incremental.server";
import type { ContactUpsert, OrderUpsert } from "../platforms/types";
import type { ContactChange } from "../segments/dependencies";
import type { ContactField } from "../segments/conditions/spec";
import { setContactCompanies } from "./companies.server";
import { applyContactUpsert } from "./contacts.server";
import { applyOrderUpsert } from "./orders.server";

export type BatchResult = { contacts: number; orders: number; changedContacts: number };

/**
 * Applies a batch of platform customers and orders (backfill, reconciliation) in one transaction
 * through the same apply functions as webhooks, then tells the engine which contacts changed
 * (cause `event`, detail e.g. "backfill"). `alsoInTransaction` commits with the batch (a progress
 * cursor), so a crash never records progress for data that was not written, or the reverse.
 * Applying the same batch twice changes nothing: the apply layer ignores data it already holds.
 */
export function applyPlatformBatch(
  db: Db,
  {
    shopId,
    contacts = [],
    orders = [],
    now,
    causeDetail,
    alsoInTransaction,
  }: { shopId: number; contacts?: ContactUpsert[]; orders?: OrderUpsert[]; now: number; causeDetail: string; alsoInTransaction?: () => void },
): BatchResult {
  const created = new Set<number>();
  const changed = new Set<number>();
  const fields = new Set<ContactField>();
  let tags = false;
  let orderChanges = false;

  db.$client
    .transaction(() => {
      for (const upsert of contacts) {
        const applied = applyContactUpsert(db, { shopId, upsert, now });
        if (applied.contactId === null) continue;
        if (upsert.companies && !applied.gone && setContactCompanies(db, { shopId, contactId: applied.contactId, companies: upsert.companies, version: upsert.version, now })) {
          changed.add(applied.contactId);
          fields.add("company_count");
        }
        if (applied.created || applied.change.everything) created.add(applied.contactId);
        else if (applied.change.fields?.length || applied.change.tags) {
          changed.add(applied.contactId);
          for (const f of applied.change.fields ?? []) fields.add(f);
          tags ||= Boolean(applied.change.tags);
        }
      }
      for (const order of orders) {
        const applied = applyOrderUpsert(db, { shopId, order, now });
        if (applied.newContactId !== undefined) created.add(applied.newContactId);
        // an order already held at this version changes no contact's data (a new refund bumps its updatedAt)
        if (!applied.applied) continue;
        for (const id of applied.contactIds) {
          if (created.has(id)) continue;
          changed.add(id);
          orderChanges = true;
        }
      }
      alsoInTransaction?.();
      if (created.size > 0) notify(db, shopId, [...created], { everything: true }, now, causeDetail);
      const others = [...changed].filter((id) => !created.has(id));
      if (others.length > 0) notify(db, shopId, others, { fields: [...fields], tags, orders: orderChanges }, now, causeDetail);
    })
    .immediate();
  return { contacts: contacts.length, orders: orders.length, changedContacts: created.size + changed.size };
}

function notify(db: Db, shopId: number, contactIds: number[], change: ContactChange, now: number, causeDetail: string): void {
  onContactChanged(db, { shopId, contactIds, change, now, cause: "event", causeDetail });
}
