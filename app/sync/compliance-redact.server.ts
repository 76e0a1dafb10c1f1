import type { Db, Sqlite } from "../../db/client.server";
import { normalizeEmail } from "../contacts/normalize";
import { parsePayload } from "../platforms/json";
import { queueErasureFlush, withSecureDelete } from "./compliance-erasure.server";
import { findCustomerContacts, phoneVariants } from "./compliance-export.server";

/**
 * customers/redact and shop/redact (Shopify), customers/redact and merchants/redact (SHOPLINE).
 *
 * A customer erasure removes every piece of personal data we hold on the customer and keeps only
 * what carries none:
 * - the contact row stays as a redacted tombstone (`redacted_at`): its platform id, sign-up time and
 *   order statistics, so the shop's sales figures and the orders pointing at it stay whole. Every
 *   personal field is emptied, consent becomes `redacted`, and every group's source version is set
 *   to `REDACTED_SOURCE_VERSION`, so no later delivery (a late customers/update, a reconciliation)
 *   can write personal data into it again. Segment queries skip redacted contacts, so it leaves
 *   every segment (the caller reports the contacts to the engine with cause `redaction`);
 * - events, custom attribute values, tags and tag tombstones, storefront browsers (and their
 *   anonymous events) are deleted; a tag no other contact holds is deleted from the dictionary
 *   (its name may be personal, e.g. the customer's name);
 * - orders are kept (we store no addresses, names or raw order JSON), checkouts lose their email
 *   and phone, messages lose their address, subject, body and links (unsent ones are skipped),
 *   consent changes made here are deleted, what the demo's provider received at the customer's
 *   addresses is emptied, running automation runs exit, data_request exports are emptied;
 * - stored webhook bodies of the shop that mention the customer (id, email, phone) or an order to
 *   redact are replaced by a marker; undelivered ones are skipped.
 * Everything runs with secure_delete on and is queued for `flushErasures` (checkpoint, byte scan,
 * VACUUM when needed) once the caller's transaction commits.
 */

/** Held as every source version of a redacted contact: no platform version is ever newer. */
export const REDACTED_SOURCE_VERSION = Number.MAX_SAFE_INTEGER;
export const REDACTED_BODY = '{"redacted":true}';

export type CustomerRedactInput = {
  shopId: number;
  customerPlatformId: string | null;
  email?: string | null;
  phone?: string | null;
  /** Platform ids of orders the request names (Shopify `orders_to_redact`). */
  orderPlatformIds?: string[];
  now: number;
};

export type CustomerRedaction = {
  /** Contacts redacted (the engine must re-evaluate them: they leave every segment). */
  contactIds: number[];
  deliveriesScrubbed: number;
  checkoutsScrubbed: number;
  exportsCleared: number;
};

type Row = Record<string, unknown>;
const ids = (values: number[]) => JSON.stringify(values);
const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);

export function redactCustomer(db: Db, input: CustomerRedactInput): CustomerRedaction {
  const sqlite = db.$client;
  const { shopId, now } = input;
  return withSecureDelete(db, () => {
    const contactIds = findCustomerContacts(db, input);
    const held = contactIds.length
      ? (sqlite.prepare(`SELECT email, phone FROM contacts WHERE shop_id = ? AND id IN (SELECT value FROM json_each(?))`).all(shopId, ids(contactIds)) as Row[])
      : [];
    const emails = new Set([normalizeEmail(input.email), ...held.map((r) => normalizeEmail(r.email))].filter((e): e is string => !!e));
    const phones = new Set([...phoneVariants(input.phone), ...held.flatMap((r) => phoneVariants(text(r.phone)))]);

    const orderIds = orderRowIds(sqlite, shopId, contactIds, input.orderPlatformIds ?? []);
    const orderPlatformIds = orderIds.length
      ? (sqlite.prepare(`SELECT platform_id FROM orders WHERE shop_id = ? AND id IN (SELECT value FROM json_each(?))`).pluck().all(shopId, ids(orderIds)) as string[])
      : [];
    const checkoutsScrubbed = scrubCheckouts(sqlite, { shopId, contactIds, orderIds, emails, phones });
    if (contactIds.length) eraseContacts(sqlite, shopId, contactIds, now);
    scrubMessaging(sqlite, { shopId, contactIds, addresses: [...emails, ...phones] });
    const exportsCleared = clearExports(sqlite, { shopId, customerPlatformId: input.customerPlatformId, emails });
    // terms too short to be specific would scrub (and skip) unrelated deliveries
    const idTerms = [input.customerPlatformId, ...orderPlatformIds, ...(input.orderPlatformIds ?? [])].filter((v): v is string => !!v && v.length >= 5);
    const textTerms = [...emails, ...phones].filter((t) => t.length >= 7);
    const scrubbed = scrubDeliveries(sqlite, { shopId, idTerms: [...new Set(idTerms)], textTerms, now });
    for (const value of scrubbed.personal) (value.includes("@") ? emails : phones).add(value);

    queueErasureFlush(db, { kind: "customer", shopId, contactIds, needles: [...emails, ...phones] });
    return { contactIds, deliveriesScrubbed: scrubbed.count, checkoutsScrubbed, exportsCleared };
  });
}

/** The contacts' orders plus the requested ones (by platform id or, for SHOPLINE, by order name). */
function orderRowIds(sqlite: Sqlite, shopId: number, contactIds: number[], requested: string[]): number[] {
  return sqlite
    .prepare(
      `SELECT id FROM orders WHERE shop_id = ? AND (contact_id IN (SELECT value FROM json_each(?))
         OR platform_id IN (SELECT value FROM json_each(?)) OR name IN (SELECT value FROM json_each(?))) ORDER BY id`,
    )
    .pluck()
    .all(shopId, ids(contactIds), JSON.stringify(requested), JSON.stringify(requested)) as number[];
}

function scrubCheckouts(
  sqlite: Sqlite,
  { shopId, contactIds, orderIds, emails, phones }: { shopId: number; contactIds: number[]; orderIds: number[]; emails: Set<string>; phones: Set<string> },
): number {
  const where = `shop_id = ? AND (contact_id IN (SELECT value FROM json_each(?)) OR order_id IN (SELECT value FROM json_each(?))
    OR platform_id IN (SELECT checkout_token FROM orders WHERE shop_id = ? AND id IN (SELECT value FROM json_each(?)))
    OR email IN (SELECT value FROM json_each(?)) OR phone IN (SELECT value FROM json_each(?)))`;
  const params = [shopId, ids(contactIds), ids(orderIds), shopId, ids(orderIds), JSON.stringify([...emails]), JSON.stringify([...phones])];
  for (const row of sqlite.prepare(`SELECT email, phone FROM checkouts WHERE ${where}`).all(...params) as Row[]) {
    if (text(row.email)) emails.add(normalizeEmail(row.email)!);
    for (const phone of phoneVariants(text(row.phone))) phones.add(phone);
  }
  return sqlite.prepare(`UPDATE checkouts SET email = NULL, phone = NULL WHERE ${where} AND (email IS NOT NULL OR phone IS NOT NULL)`).run(...params).changes;
}

function eraseContacts(sqlite: Sqlite, shopId: number, contactIds: number[], now: number): void {
  const list = ids(contactIds);
  const inList = `shop_id = ? AND contact_id IN (SELECT value FROM json_each(?))`;
  const heldTags = sqlite.prepare(`SELECT DISTINCT tag_id FROM contact_tags WHERE ${inList} UNION SELECT tag_id FROM tag_tombstones WHERE ${inList}`).pluck().all(shopId, list, shopId, list) as number[];
  for (const table of ["events", "contact_attributes", "contact_tags", "tag_tombstones", "browsers"]) {
    sqlite.prepare(`DELETE FROM ${table} WHERE ${inList}`).run(shopId, list);
  }
  // a tag nobody else holds may itself be personal (a name, an email): gone from the dictionary too
  sqlite
    .prepare(
      `DELETE FROM tags WHERE shop_id = ? AND id IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tag_id = tags.id) AND NOT EXISTS (SELECT 1 FROM tag_tombstones tt WHERE tt.tag_id = tags.id)`,
    )
    .run(shopId, ids(heldTags));
  const sends = `shop_id = ? AND contact_id IN (SELECT value FROM json_each(?))`;
  sqlite.prepare(`UPDATE send_attempts SET error = NULL WHERE shop_id = ? AND send_id IN (SELECT id FROM message_sends WHERE ${sends})`).run(shopId, shopId, list);
  sqlite
    .prepare(
      `UPDATE message_sends SET to_address = NULL, subject = NULL, body = NULL, last_error = NULL,
         status = CASE WHEN status IN ('queued', 'deferred', 'sending') THEN 'skipped' ELSE status END,
         skip_reason = CASE WHEN status IN ('queued', 'deferred', 'sending') THEN 'contact redacted' ELSE skip_reason END,
         next_attempt_at = NULL WHERE ${sends}`,
    )
    .run(shopId, list);
  sqlite
    .prepare(`UPDATE automation_runs SET status = 'exited', exit_reason = 'contact redacted', next_step_at = NULL, finished_at = ? WHERE ${inList} AND status IN ('waiting', 'running')`)
    .run(now, shopId, list);
  sqlite
    .prepare(
      `UPDATE contacts SET email = NULL, phone = NULL, first_name = NULL, last_name = NULL, gender = NULL, country_code = NULL, region_code = NULL,
         city = NULL, zip = NULL, birthday = NULL, birthday_md = NULL, language = NULL, time_zone = NULL, registration_source = NULL,
         account_state = NULL, is_member = 0, member_tier = NULL, note = NULL,
         email_consent = 'redacted', email_consent_at = NULL, email_opt_in_level = NULL, sms_consent = 'redacted', sms_consent_at = NULL,
         email_validity = 'unknown', email_validity_at = NULL, phone_validity = 'unknown', phone_validity_at = NULL,
         lifecycle_stage = NULL, lifecycle_at = NULL, last_visit_at = NULL,
         profile_source_at = @version, tags_source_at = @version, email_consent_source_at = @version, sms_consent_source_at = @version,
         redacted_at = coalesce(redacted_at, @now), updated_at = @now
       WHERE shop_id = @shopId AND id IN (SELECT value FROM json_each(@list))`,
    )
    .run({ version: REDACTED_SOURCE_VERSION, now, shopId, list });
}

/**
 * The messaging tables' personal data: consent changes made here (the opt-out and opt-in record
 * and its write-back detail), the contact's popup signups, tracked links of the contact's messages,
 * and what the demo's built-in provider received at the customer's addresses.
 */
function scrubMessaging(sqlite: Sqlite, { shopId, contactIds, addresses }: { shopId: number; contactIds: number[]; addresses: string[] }): void {
  sqlite.prepare(`DELETE FROM consent_changes WHERE shop_id = ? AND contact_id IN (SELECT value FROM json_each(?))`).run(shopId, ids(contactIds));
  sqlite.prepare(`DELETE FROM popup_signups WHERE shop_id = ? AND contact_id IN (SELECT value FROM json_each(?))`).run(shopId, ids(contactIds));
  sqlite.prepare(`UPDATE message_sends SET links = NULL WHERE shop_id = ? AND contact_id IN (SELECT value FROM json_each(?)) AND links IS NOT NULL`).run(shopId, ids(contactIds));
  if (addresses.length) {
    sqlite
      .prepare(`UPDATE outbox_messages SET to_address = NULL, subject = NULL, body = NULL WHERE shop_id = ? AND lower(to_address) IN (SELECT value FROM json_each(?))`)
      .run(shopId, JSON.stringify(addresses.map((a) => a.toLowerCase())));
  }
}

/** data_request exports of the customer keep their row (the record that it was answered), not the data. */
function clearExports(sqlite: Sqlite, { shopId, customerPlatformId, emails }: { shopId: number; customerPlatformId: string | null; emails: Set<string> }): number {
  return sqlite
    .prepare(
      `UPDATE data_requests SET export = NULL WHERE shop_id = ? AND export IS NOT NULL
         AND (customer_platform_id = ? OR EXISTS (SELECT 1 FROM json_each(?) e WHERE instr(lower(data_requests.export), e.value) > 0))`,
    )
    .run(shopId, customerPlatformId, JSON.stringify([...emails])).changes;
}

/**
 * The customer's own email and phone in a payload (top level, or its `customer` object): more
 * needles for the byte scan, e.g. an email the customer changed since. Addresses are left out (a
 * shipping address may be someone else's, whose number then looks like a remnant).
 */
function personalValues(payload: unknown, out: Set<string>): void {
  const record = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
  for (const holder of [record(payload), record(record(payload)?.customer)]) {
    for (const key of ["email", "contact_email", "phone"]) {
      const value = text(holder?.[key]);
      if (!value) continue;
      if (key === "phone") for (const p of phoneVariants(value)) out.add(p);
      else out.add(normalizeEmail(value)!);
    }
  }
}

/**
 * Stored deliveries of the shop mentioning the customer: their body is replaced by a marker (the
 * current customers/redact delivery's own body included); pending ones are skipped, so the data
 * never comes back. An id matches only as a whole number (not inside a longer one).
 */
function scrubDeliveries(
  sqlite: Sqlite,
  { shopId, idTerms, textTerms, now }: { shopId: number; idTerms: string[]; textTerms: string[]; now: number },
): { count: number; personal: Set<string> } {
  const personal = new Set<string>();
  const terms = [...idTerms, ...textTerms.map((t) => t.toLowerCase())];
  if (terms.length === 0) return { count: 0, personal };
  const candidates = sqlite
    // LIKE is ASCII case-insensitive without copying the body; its `_` wildcard only widens this prefilter
    .prepare(`SELECT id, body FROM webhook_inbox w WHERE shop_id = ? AND body <> ? AND EXISTS (SELECT 1 FROM json_each(?) t WHERE w.body LIKE '%' || t.value || '%')`)
    .all(shopId, REDACTED_BODY, JSON.stringify(terms)) as { id: number; body: string }[];
  const idPatterns = idTerms.map((id) => new RegExp(`(?<![0-9A-Za-z])${id.replace(/[^0-9A-Za-z]/g, "\\$&")}(?![0-9])`));
  const lowered = textTerms.map((t) => t.toLowerCase());
  const mark = sqlite.prepare(
    `UPDATE webhook_inbox SET body = ?, last_error = CASE WHEN status = 'pending' THEN 'personal data erased (customers/redact)' ELSE NULL END,
       processed_at = coalesce(processed_at, ?), status = CASE WHEN status = 'pending' THEN 'skipped' ELSE status END, available_at = NULL
     WHERE id = ? AND shop_id = ?`,
  );
  let count = 0;
  for (const row of candidates) {
    const body = row.body.toLowerCase();
    if (!lowered.some((t) => body.includes(t)) && !idPatterns.some((p) => p.test(row.body))) continue;
    try {
      personalValues(parsePayload(row.body), personal);
    } catch {
      // not JSON: nothing more to learn from it, it is scrubbed all the same
    }
    mark.run(REDACTED_BODY, now, row.id, shopId);
    count++;
  }
  return { count, personal };
}

export type ShopRedaction = { rows: Record<string, number>; sessions: number };

/** Every table holding a `shop_id` column, children before the tables they reference. */
export function shopScopedTables(sqlite: Sqlite): string[] {
  const tables = sqlite
    .prepare(`SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name <> 'shops' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'shop_id') ORDER BY m.name`)
    .pluck()
    .all() as string[];
  const parents = new Map(tables.map((t) => [t, (sqlite.prepare(`SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`).pluck().all(t) as string[]).filter((p) => p !== t)]));
  const ordered: string[] = [];
  const visit = (table: string, seen: Set<string>) => {
    if (ordered.includes(table) || seen.has(table)) return;
    seen.add(table);
    // a table goes after everything that references it
    for (const [child, refs] of parents) if (refs.includes(table)) visit(child, seen);
    ordered.push(table);
  };
  for (const table of tables) visit(table, new Set());
  return ordered;
}

/**
 * shop/redact (merchants/redact): every row of the shop in every table with a `shop_id` (found from
 * the schema itself, so a new table cannot be forgotten), jobs naming it, the sessions of its domain
 * and the shop row. A redelivery finds nothing left and is fine.
 */
export function redactShop(db: Db, { shopId }: { shopId: number; now: number }): ShopRedaction {
  const sqlite = db.$client;
  return withSecureDelete(db, () => {
    const shop = sqlite.prepare(`SELECT domain FROM shops WHERE id = ?`).get(shopId) as { domain: string } | undefined;
    const rows: Record<string, number> = {};
    for (const table of shopScopedTables(sqlite)) rows[table] = sqlite.prepare(`DELETE FROM "${table}" WHERE shop_id = ?`).run(shopId).changes;
    rows.jobs += sqlite
      .prepare(`DELETE FROM jobs WHERE shop_id IS NULL AND json_valid(payload) AND json_extract(payload, '$.shopId') = ?`)
      .run(shopId).changes;
    const sessions = shop ? sqlite.prepare(`DELETE FROM sessions WHERE shop = ?`).run(shop.domain).changes : 0;
    rows.shops = sqlite.prepare(`DELETE FROM shops WHERE id = ?`).run(shopId).changes;
    queueErasureFlush(db, { kind: "shop", shopId });
    return { rows, sessions };
  });
}
