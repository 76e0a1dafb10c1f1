import type { Db } from "../../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES } from "../../db/enums";
import { prepared } from "../../db/statement-cache";
import { captureContact } from "../contacts/capture.server";
import type { ContactField } from "../segments/conditions/spec";
import type { ContactChange } from "../segments/dependencies";
import { applyImportedConsent } from "./consent.server";
import type { ImportRow } from "./row";

/** What applying rows did: the summary's counts, summed over batches. */
export type ImportCounts = {
  /** Data rows read. */
  rows: number;
  /** Rows applied (valid and not an exact duplicate of an earlier row). */
  imported: number;
  rejected: number;
  duplicates: number;
  created: number;
  updated: number;
  /** Applied rows that found everything already as they say. */
  unchanged: number;
  tagged: number;
  attributes: number;
  events: number;
  consentChanged: number;
  /** Consent cells the consent rule did not apply (a re-subscription, a platform customer's subscription). */
  consentKept: number;
};

export const EMPTY_COUNTS: ImportCounts = {
  rows: 0, imported: 0, rejected: 0, duplicates: 0, created: 0, updated: 0, unchanged: 0,
  tagged: 0, attributes: 0, events: 0, consentChanged: 0, consentKept: 0,
};

const COUNT_KEYS = Object.keys(EMPTY_COUNTS) as (keyof ImportCounts)[];

/** Adds `delta` into `total` (in place: called once per row) and returns it. */
export function addCounts(total: ImportCounts, delta: Partial<ImportCounts>): ImportCounts {
  for (const key of COUNT_KEYS) total[key] = (total[key] ?? 0) + (delta[key] ?? 0);
  return total;
}

export type RowOutcome = { contactId: number; change: ContactChange; counts: Partial<ImportCounts> };

/**
 * Writes one valid row: the contact (found by email, then phone, or created with registration
 * source `import`), its profile and `import` tags, consent (see consent.server.ts), custom
 * attributes and the event. Inside the caller's batch transaction; the engine is told by the caller.
 * `fillOnly` is set for a contact's later rows in the same file: they only fill empty fields.
 */
export function applyImportRow(
  db: Db,
  { shopId, row, attributeIds, at, now, fillOnly }: { shopId: number; row: ImportRow; attributeIds: Map<string, number>; at: number; now: number; fillOnly: boolean },
): RowOutcome {
  const sqlite = db.$client;
  const captured = captureContact(db, { shopId, contact: { email: row.email, phone: row.phone, profile: row.profile, tags: row.tags }, source: "import", at, now, fillOnly });
  const contactId = captured.contactId;
  const change: ContactChange = { ...captured.change };
  const counts: Partial<ImportCounts> = { imported: 1, tagged: captured.change.tags || (captured.created && row.tags.length > 0) ? 1 : 0 };
  const fields = new Set<ContactField>(captured.change.fields ?? []);

  for (const [channel, consent] of [["email", row.emailConsent], ["sms", row.smsConsent]] as const) {
    if (!consent) continue;
    const outcome = applyImportedConsent(db, { shopId, contactId, channel, consent, now });
    if (outcome === "changed") {
      counts.consentChanged = (counts.consentChanged ?? 0) + 1;
      fields.add(channel === "email" ? "email_consent" : "sms_consent");
    } else if (outcome === "kept") counts.consentKept = (counts.consentKept ?? 0) + 1;
  }

  const attributeKeys: string[] = [];
  for (const attribute of row.attributes) {
    const attributeId = attributeIds.get(attribute.key)!;
    const upsert = fillOnly
      ? `INSERT INTO contact_attributes (contact_id, attribute_id, shop_id, text_value, number_value, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
      : `INSERT INTO contact_attributes (contact_id, attribute_id, shop_id, text_value, number_value, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (contact_id, attribute_id) DO UPDATE SET text_value = excluded.text_value, number_value = excluded.number_value, updated_at = excluded.updated_at
         WHERE text_value IS NOT excluded.text_value OR number_value IS NOT excluded.number_value`;
    if (prepared(sqlite, upsert).run(contactId, attributeId, shopId, attribute.text, attribute.number, now).changes > 0) attributeKeys.push(attribute.key);
  }
  counts.attributes = attributeKeys.length;

  if (row.event) {
    // the natural key of an imported event: (contact, type, time); the same event again is skipped
    const type = EVENT_TYPES[row.event.type];
    const exists = prepared(sqlite, `SELECT 1 FROM events WHERE contact_id = ? AND type = ? AND subject_id IS NULL AND occurred_at = ? AND shop_id = ?`).get(contactId, type, row.event.at, shopId);
    if (!exists) {
      prepared(sqlite, `INSERT INTO events (shop_id, contact_id, type, occurred_at, source) VALUES (?, ?, ?, ?, ?)`).run(shopId, contactId, type, row.event.at, EVENT_SOURCES.import);
      change.events = [{ type, subjectId: null }];
      counts.events = 1;
    }
  }

  if (!change.everything) {
    if (fields.size > 0) change.fields = [...fields];
    if (attributeKeys.length > 0) change.attributes = attributeKeys;
  }
  const changed = Boolean(change.everything || change.fields?.length || change.tags || change.attributes?.length || change.events?.length);
  if (captured.created) counts.created = 1;
  else if (changed) counts.updated = 1;
  else counts.unchanged = 1;
  return { contactId, change: changed ? change : {}, counts };
}

/** One change for the engine covering every contact of a batch (re-evaluating a contact that did not need it changes nothing). */
export function mergeChanges(changes: ContactChange[]): ContactChange {
  if (changes.some((c) => c.everything)) return { everything: true };
  const fields = new Set(changes.flatMap((c) => c.fields ?? []));
  const attributes = new Set(changes.flatMap((c) => c.attributes ?? []));
  const events = new Map(changes.flatMap((c) => c.events ?? []).map((e) => [`${e.type}:${e.subjectId ?? ""}`, e]));
  return {
    ...(fields.size ? { fields: [...fields] } : {}),
    ...(attributes.size ? { attributes: [...attributes] } : {}),
    ...(events.size ? { events: [...events.values()] } : {}),
    ...(changes.some((c) => c.tags) ? { tags: true } : {}),
  };
}
