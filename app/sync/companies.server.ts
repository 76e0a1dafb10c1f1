import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { companyContacts, contacts } from "../../db/schema";
import type { CompanyContactChange, Version } from "../platforms/types";
import { versionTime } from "../platforms/types";
import { applyContactUpsert } from "./contacts.server";

/**
 * B2B company contacts: which companies a contact belongs to, kept per company contact with the
 * source version of what is held (an older delivery is ignored; a delete is a tombstone), and
 * `contacts.company_count` recomputed from the live rows. Returns the contact whose count
 * changed, for the engine.
 */

export type CompanyApplied = { contactId: number | null; changed: boolean; created?: boolean };

/** The live company contacts of a contact, counted again. True when the count changed. */
function recomputeCompanyCount(db: Db, shopId: number, contactId: number, now: number): boolean {
  const { n } = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM company_contacts WHERE shop_id = ${shopId} AND contact_id = ${contactId} AND deleted_at IS NULL`)!;
  const updated = db.update(contacts).set({ companyCount: n, updatedAt: now })
    .where(and(eq(contacts.shopId, shopId), eq(contacts.id, contactId), sql`${contacts.companyCount} <> ${n}`)).run();
  return updated.changes > 0;
}

/** One company_contacts/create, update or delete. */
export function applyCompanyContact(db: Db, { shopId, change, now }: { shopId: number; change: CompanyContactChange; now: number }): CompanyApplied {
  const contact = applyContactUpsert(db, { shopId, upsert: { platformId: change.customerPlatformId, version: change.version }, now });
  if (contact.contactId === null || contact.gone) return { contactId: null, changed: false };
  const held = db.select().from(companyContacts).where(and(eq(companyContacts.shopId, shopId), eq(companyContacts.platformId, change.platformId))).get();
  if (held && (held.sourceUpdatedAt > change.version || held.deletedAt !== null)) return { contactId: contact.contactId, changed: false };
  const values = {
    contactId: contact.contactId,
    companyPlatformId: change.companyPlatformId,
    companyName: change.companyName,
    sourceUpdatedAt: change.version,
    deletedAt: change.deleted ? versionTime(change.version) : null,
    updatedAt: now,
  };
  if (held) db.update(companyContacts).set(values).where(eq(companyContacts.id, held.id)).run();
  else db.insert(companyContacts).values({ shopId, platformId: change.platformId, createdAt: now, ...values }).run();
  const changed = [contact.contactId, ...(held && held.contactId !== contact.contactId ? [held.contactId] : [])]
    .map((id) => recomputeCompanyCount(db, shopId, id, now))
    .some(Boolean);
  return { contactId: contact.contactId, changed, created: contact.created };
}

/**
 * A customer's whole list of company contacts at `version` (backfill, reconciliation): rows it
 * lists are kept or added, live rows it no longer lists are deleted, unless held at a newer version.
 */
export function setContactCompanies(
  db: Db,
  { shopId, contactId, companies, version, now }: { shopId: number; contactId: number; companies: Omit<CompanyContactChange, "customerPlatformId" | "version" | "deleted">[]; version: Version; now: number },
): boolean {
  const listed = new Set(companies.map((c) => c.platformId));
  for (const company of companies) {
    const held = db.select().from(companyContacts).where(and(eq(companyContacts.shopId, shopId), eq(companyContacts.platformId, company.platformId))).get();
    if (held && (held.sourceUpdatedAt >= version || held.deletedAt !== null)) continue;
    const values = { contactId, companyPlatformId: company.companyPlatformId, companyName: company.companyName, sourceUpdatedAt: version, updatedAt: now };
    if (held) db.update(companyContacts).set(values).where(eq(companyContacts.id, held.id)).run();
    else db.insert(companyContacts).values({ shopId, platformId: company.platformId, createdAt: now, ...values }).run();
  }
  const live = db.select().from(companyContacts)
    .where(and(eq(companyContacts.shopId, shopId), eq(companyContacts.contactId, contactId), isNull(companyContacts.deletedAt))).all();
  for (const row of live) {
    if (listed.has(row.platformId) || row.sourceUpdatedAt >= version) continue;
    db.update(companyContacts).set({ deletedAt: versionTime(version), sourceUpdatedAt: version, updatedAt: now }).where(eq(companyContacts.id, row.id)).run();
  }
  return recomputeCompanyCount(db, shopId, contactId, now);
}
