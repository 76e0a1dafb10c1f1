import type { Db } from "../../db/client.server";
import { prepared } from "../../db/statement-cache";
import type { ContactField } from "../segments/conditions/spec";
import type { ContactChange } from "../segments/dependencies";
import { applyTagDelta } from "../sync/tags.server";
import { birthdayMonthDay } from "./normalize";

/**
 * Contacts that come from outside the platform: a CSV import or the storefront signup popup.
 * A captured contact is matched to a live contact of the shop by email, then by phone (both
 * already normalised: lower-case email, E.164 phone); a deleted or redacted contact is never
 * matched, so a person who was erased and signs up again is a new contact. Without a match a
 * contact is created with the capture's registration source.
 *
 * Profile fields: on a contact the platform owns (it has a platform id) only empty fields are
 * filled, since the platform's next update would overwrite them anyway; on a contact created here
 * the captured values win. Tags are added with the capture's source (`import`, `popup`), beside
 * the platform's own. Consent is not set here: callers go through the consent module, which
 * records and writes it back. Calling this again with the same data changes nothing. With
 * `fillOnly` (a contact's later rows in one imported file) only empty fields are filled, whoever
 * owns the contact, so the file's first row for a contact decides and a re-import changes nothing.
 */

export type CaptureSource = "import" | "popup";

export type CapturedProfile = {
  firstName?: string | null;
  lastName?: string | null;
  countryCode?: string | null;
  city?: string | null;
  /** `YYYY-MM-DD`. */
  birthday?: string | null;
  language?: string | null;
};

export type CapturedContact = { email?: string | null; phone?: string | null; profile?: CapturedProfile; tags?: string[] };

export type CaptureResult = {
  contactId: number;
  created: boolean;
  /** What changed, for the engine (`onContactChanged`); empty when nothing did. */
  change: ContactChange;
};

const PROFILE_COLUMNS: Record<keyof CapturedProfile, { column: string; field: ContactField }> = {
  firstName: { column: "first_name", field: "first_name" },
  lastName: { column: "last_name", field: "last_name" },
  countryCode: { column: "country_code", field: "country_code" },
  city: { column: "city", field: "city" },
  birthday: { column: "birthday", field: "birthday_md" },
  language: { column: "language", field: "language" },
};

type LiveContact = { id: number; platform_id: string | null; email: string | null; phone: string | null } & Record<string, unknown>;

const LIVE = "deleted_at IS NULL AND redacted_at IS NULL";

/** The live contact of the shop with this email, else with this phone. */
export function findLiveContact(db: Db, { shopId, email, phone }: { shopId: number; email?: string | null; phone?: string | null }): LiveContact | null {
  const sqlite = db.$client;
  const byEmail = email ? prepared(sqlite, `SELECT * FROM contacts WHERE shop_id = ? AND email = ? AND ${LIVE} ORDER BY id LIMIT 1`).get(shopId, email) : undefined;
  if (byEmail) return byEmail as LiveContact;
  const byPhone = phone ? prepared(sqlite, `SELECT * FROM contacts WHERE shop_id = ? AND phone = ? AND ${LIVE} ORDER BY id LIMIT 1`).get(shopId, phone) : undefined;
  return (byPhone as LiveContact | undefined) ?? null;
}

/** Creates or updates one captured contact (inside the caller's transaction, if any). */
export function captureContact(
  db: Db,
  { shopId, contact, source, at, now, fillOnly = false }: { shopId: number; contact: CapturedContact; source: CaptureSource; at: number; now: number; fillOnly?: boolean },
): CaptureResult {
  if (!contact.email && !contact.phone) throw new Error("A captured contact needs an email or a phone");
  const sqlite = db.$client;
  const existing = findLiveContact(db, { shopId, email: contact.email, phone: contact.phone });
  if (!existing) {
    const profile = contact.profile ?? {};
    const id = Number(
      prepared(
        sqlite,
        `INSERT INTO contacts (shop_id, email, phone, first_name, last_name, country_code, city, birthday, birthday_md, language, registration_source, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(shopId, contact.email ?? null, contact.phone ?? null, profile.firstName ?? null, profile.lastName ?? null, profile.countryCode ?? null,
          profile.city ?? null, profile.birthday ?? null, birthdayMonthDay(profile.birthday), profile.language ?? null, source, at, now).lastInsertRowid,
    );
    if (contact.tags?.length) applyTagDelta(db, { shopId, contactId: id, added: contact.tags, at, source });
    return { contactId: id, created: true, change: { everything: true } };
  }

  const ownedHere = existing.platform_id === null && !fillOnly;
  const sets: string[] = [];
  const values: unknown[] = [];
  const fields = new Set<ContactField>();
  const offer = (column: string, field: ContactField, value: unknown) => {
    if (value === undefined || value === null || existing[column] === value) return;
    if (!ownedHere && existing[column] !== null) return;
    sets.push(`${column} = ?`);
    values.push(value);
    fields.add(field);
  };
  offer("email", "email", contact.email);
  offer("phone", "phone", contact.phone);
  for (const [key, value] of Object.entries(contact.profile ?? {}) as [keyof CapturedProfile, string | null | undefined][]) {
    const { column, field } = PROFILE_COLUMNS[key];
    offer(column, field, value);
    if (key === "birthday" && fields.has("birthday_md")) {
      sets.push("birthday_md = ?");
      values.push(birthdayMonthDay(value));
    }
  }
  if (sets.length > 0) sqlite.prepare(`UPDATE contacts SET ${sets.join(", ")}, updated_at = ? WHERE id = ? AND shop_id = ?`).run(...values, now, existing.id, shopId);
  const tagsChanged = contact.tags?.length ? applyTagDelta(db, { shopId, contactId: existing.id, added: contact.tags, at, source }) : false;
  const change: ContactChange = fields.size > 0 || tagsChanged ? { fields: [...fields], tags: tagsChanged } : {};
  return { contactId: existing.id, created: false, change };
}
