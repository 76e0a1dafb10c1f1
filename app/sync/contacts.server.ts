import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { contacts } from "../../db/schema";
import { prepared } from "../../db/statement-cache";
import { getRow, updateRowById } from "../../db/table-rows";
import type { ContactField } from "../segments/conditions/spec";
import type { ContactChange } from "../segments/dependencies";
import { versionTime, type ContactUpsert, type ProfileChange } from "../platforms/types";
import { applyTagList } from "./tags.server";
import { birthdayMonthDay } from "../contacts/normalize";

/**
 * Applies a platform customer to the contacts table. Each group of fields (profile, email consent,
 * SMS consent, tags) is applied only when the delivery is newer than the data held for that group
 * (`*_source_at` hold source versions); a deleted contact (tombstone) is never updated again.
 * Returns the contact and what changed, for the engine.
 */

type ContactRow = typeof contacts.$inferSelect;

/** Profile keys → contact columns (as the segment conditions name them). */
const PROFILE_COLUMNS: Record<keyof ProfileChange, { field: keyof ContactRow; column: ContactField | null }> = {
  email: { field: "email", column: "email" },
  phone: { field: "phone", column: "phone" },
  firstName: { field: "firstName", column: "first_name" },
  lastName: { field: "lastName", column: "last_name" },
  gender: { field: "gender", column: "gender" },
  countryCode: { field: "countryCode", column: "country_code" },
  regionCode: { field: "regionCode", column: "region_code" },
  city: { field: "city", column: "city" },
  zip: { field: "zip", column: "zip" },
  birthday: { field: "birthday", column: "birthday_md" },
  language: { field: "language", column: "language" },
  accountState: { field: "accountState", column: "account_state" },
  isMember: { field: "isMember", column: "is_member" },
  memberTier: { field: "memberTier", column: "member_tier" },
  note: { field: "note", column: null },
  createdAt: { field: "createdAt", column: "created_at" },
};

/**
 * A platform customer seen for the first time may be someone captured here first (a popup signup or
 * an imported subscriber, no platform id yet): the live contact of the shop with the same email
 * (else phone) and no platform id becomes that customer, instead of a second contact for one person.
 */
function adoptCapturedContact(db: Db, shopId: number, upsert: ContactUpsert): ContactRow | undefined {
  const live = and(eq(contacts.shopId, shopId), isNull(contacts.platformId), isNull(contacts.deletedAt), isNull(contacts.redactedAt));
  const { email, phone } = upsert.profile ?? {};
  const captured =
    (email ? db.select().from(contacts).where(and(live, eq(contacts.email, email))).orderBy(contacts.id).get() : undefined) ??
    (phone ? db.select().from(contacts).where(and(live, eq(contacts.phone, phone))).orderBy(contacts.id).get() : undefined);
  if (!captured) return undefined;
  return db.update(contacts).set({ platformId: upsert.platformId }).where(and(eq(contacts.id, captured.id), eq(contacts.shopId, shopId))).returning().get();
}

/** `gone`: the contact is deleted or redacted; nothing was (or may be) written to it. */
export type ContactApplied = { contactId: number | null; change: ContactChange; created: boolean; gone?: true };

export function findContactByPlatformId(db: Db, shopId: number, platformId: string): ContactRow | undefined {
  // a prepared statement: every customer and order delivery looks its contact up (webhook hot path)
  return getRow(db.$client, contacts, `shop_id = ? AND platform_id = ?`, shopId, platformId);
}

export function applyContactUpsert(
  db: Db,
  { shopId, upsert, now, onlyIfNew = false }: { shopId: number; upsert: ContactUpsert; now: number; onlyIfNew?: boolean },
): ContactApplied {
  const at = versionTime(upsert.version);
  let row = findContactByPlatformId(db, shopId, upsert.platformId) ?? adoptCapturedContact(db, shopId, upsert);
  let created = false;
  if (!row) {
    row = db
      .insert(contacts)
      .values({ shopId, platformId: upsert.platformId, createdAt: upsert.profile?.createdAt ?? at, registrationSource: "online_store", updatedAt: now })
      .returning()
      .get();
    created = true;
  } else if (onlyIfNew) {
    return { contactId: row.id, change: {}, created: false };
  }
  if (row.deletedAt !== null || row.redactedAt !== null) return { contactId: row.id, change: {}, created: false, gone: true };

  const set: Partial<typeof contacts.$inferInsert> = {};
  const fields = new Set<ContactField>();
  const newer = (held: number | null) => held === null || upsert.version > held;

  if (upsert.profile && newer(row.profileSourceAt)) {
    for (const [key, value] of Object.entries(upsert.profile) as [keyof ProfileChange, unknown][]) {
      if (value === undefined) continue;
      const { field, column } = PROFILE_COLUMNS[key];
      if (row[field] === value) continue;
      (set as Record<string, unknown>)[field] = value;
      if (column) fields.add(column);
      if (key === "birthday") set.birthdayMd = birthdayMonthDay(value as string | null);
    }
    set.profileSourceAt = upsert.version;
  }
  if (upsert.emailConsent && newer(row.emailConsentSourceAt)) {
    const consent = upsert.emailConsent;
    if (row.emailConsent !== consent.state) fields.add("email_consent");
    Object.assign(set, { emailConsent: consent.state, emailOptInLevel: consent.optInLevel, emailConsentAt: consent.consentAt ?? at, emailConsentSourceAt: upsert.version });
    if (consent.state === "invalid" && row.emailValidity !== "invalid") {
      Object.assign(set, { emailValidity: "invalid", emailValidityAt: at });
      fields.add("email_validity");
    }
  }
  if (upsert.smsConsent && newer(row.smsConsentSourceAt)) {
    const consent = upsert.smsConsent;
    if (row.smsConsent !== consent.state) fields.add("sms_consent");
    Object.assign(set, { smsConsent: consent.state, smsConsentAt: consent.consentAt ?? at, smsConsentSourceAt: upsert.version });
  }
  if (Object.keys(set).length > 0) {
    updateRowById(db.$client, contacts, { id: row.id, shopId, set: { ...set, updatedAt: now } });
  }
  let tagsChanged = false;
  if (upsert.tags && newer(row.tagsSourceAt)) {
    tagsChanged = applyTagList(db, { shopId, contactId: row.id, names: upsert.tags, at, source: "platform" });
    prepared(db.$client, `UPDATE contacts SET tags_source_at = ? WHERE id = ? AND shop_id = ?`).run(upsert.version, row.id, shopId);
  }
  const change: ContactChange = created ? { everything: true } : { fields: [...fields], tags: tagsChanged };
  return { contactId: row.id, change, created };
}

/**
 * customers/delete: a tombstone. The row stays (so a late update cannot bring the customer back),
 * the contact leaves every segment, and nothing is applied to it again.
 */
export function applyContactDelete(db: Db, { shopId, platformId, at, now }: { shopId: number; platformId: string; at: number; now: number }): ContactApplied {
  const row = findContactByPlatformId(db, shopId, platformId);
  if (row?.deletedAt !== null && row?.deletedAt !== undefined) return { contactId: row.id, change: {}, created: false };
  if (!row) {
    const created = db.insert(contacts).values({ shopId, platformId, createdAt: at, deletedAt: at, updatedAt: now }).returning().get();
    return { contactId: created.id, change: {}, created: false };
  }
  db.update(contacts).set({ deletedAt: at, updatedAt: now }).where(eq(contacts.id, row.id)).run();
  return { contactId: row.id, change: { everything: true }, created: false };
}
