import type { Db } from "../../db/client.server";
import { prepared } from "../../db/statement-cache";

/**
 * Who a storefront event belongs to: a contact when the storefront knows the customer (Shopify
 * customer id, or the email of a completed checkout), otherwise the browser (the pixel's client
 * id). A browser is linked to the contact it was last identified as; when that first happens its
 * anonymous events move into `events` for the contact (the merge). Caches live for one batch.
 */

export type ContactRef = { id: number; created: boolean };
/** The events moved from a browser into a contact's timeline by a merge. */
export type MergedEvents = { count: number; lastAt: number | null; kinds: { type: number; subjectId: number | null }[] };
type BrowserRow = { id: number; contact_id: number | null; contact_gone: 0 | 1 | null };

export class BatchIdentity {
  private readonly byCustomer = new Map<string, ContactRef | null>();
  private readonly byEmail = new Map<string, number | null>();
  private readonly browsers = new Map<string, BrowserRow>();

  constructor(
    private readonly db: Db,
    private readonly shopId: number,
    private readonly now: number,
  ) {}

  /**
   * The contact of a Shopify customer id, creating a placeholder (platform id, and the email when
   * the event carries one) that the customer webhook or the backfill completes. Null when the
   * contact was deleted or redacted: its events are dropped.
   */
  contactForCustomer(platformId: string, email: string | null): ContactRef | null {
    const cached = this.byCustomer.get(platformId);
    if (cached !== undefined) return cached;
    const sqlite = this.db.$client;
    const row = prepared(sqlite, `SELECT id, deleted_at, redacted_at FROM contacts WHERE shop_id = ? AND platform_id = ?`).get(this.shopId, platformId) as
      | { id: number; deleted_at: number | null; redacted_at: number | null }
      | undefined;
    let ref: ContactRef | null;
    if (row) {
      ref = row.deleted_at === null && row.redacted_at === null ? { id: row.id, created: false } : null;
    } else {
      const created = prepared(
        sqlite,
        `INSERT INTO contacts (shop_id, platform_id, email, registration_source, created_at, updated_at) VALUES (?, ?, ?, 'online_store', ?, ?) RETURNING id`,
      ).get(this.shopId, platformId, email, this.now, this.now) as { id: number };
      ref = { id: created.id, created: true };
    }
    this.byCustomer.set(platformId, ref);
    return ref;
  }

  /** The live contact holding this (normalised) email, if any; the oldest one with a platform id first. */
  contactForEmail(email: string): number | null {
    let id = this.byEmail.get(email);
    if (id === undefined) {
      const row = prepared(
        this.db.$client,
        `SELECT id FROM contacts WHERE shop_id = ? AND email = ? AND deleted_at IS NULL AND redacted_at IS NULL ORDER BY platform_id IS NULL, id LIMIT 1`,
      ).get(this.shopId, email) as { id: number } | undefined;
      id = row?.id ?? null;
      this.byEmail.set(email, id);
    }
    return id;
  }

  /** The browser of a client id (created on first sight), with the contact it is linked to. */
  browser(clientKey: string, at: number): BrowserRow {
    let row = this.browsers.get(clientKey);
    if (!row) {
      const sqlite = this.db.$client;
      const upserted = prepared(
        sqlite,
        `INSERT INTO browsers (shop_id, client_key, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (shop_id, client_key) DO UPDATE SET last_seen_at = max(last_seen_at, excluded.last_seen_at)
         RETURNING id, contact_id`,
      ).get(this.shopId, clientKey, at, at) as { id: number; contact_id: number | null };
      const gone =
        upserted.contact_id === null
          ? null
          : (prepared(sqlite, `SELECT deleted_at IS NOT NULL OR redacted_at IS NOT NULL AS gone FROM contacts WHERE id = ? AND shop_id = ?`).get(upserted.contact_id, this.shopId) as
              | { gone: 0 | 1 }
              | undefined)?.gone ?? 1;
      row = { ...upserted, contact_gone: gone };
      this.browsers.set(clientKey, row);
    }
    return row;
  }

  /**
   * Links a browser to the contact it was just identified as. A browser identified for the first
   * time hands its anonymous events over to the contact (returned, for the engine); a browser
   * identified as someone else (a shared device) is re-linked and keeps nothing.
   */
  link(clientKey: string, contactId: number, at: number): MergedEvents | null {
    const row = this.browser(clientKey, at);
    if (row.contact_id === contactId) return null;
    const sqlite = this.db.$client;
    const wasAnonymous = row.contact_id === null;
    prepared(sqlite, `UPDATE browsers SET contact_id = ? WHERE id = ? AND shop_id = ?`).run(contactId, row.id, this.shopId);
    this.browsers.set(clientKey, { id: row.id, contact_id: contactId, contact_gone: 0 });
    return wasAnonymous ? this.merge(row.id, contactId) : null;
  }

  private merge(browserId: number, contactId: number): MergedEvents | null {
    const sqlite = this.db.$client;
    const kinds = prepared(
      sqlite,
      `SELECT type, subject_id AS subjectId, count(*) AS n, max(occurred_at) AS lastAt FROM anonymous_events WHERE browser_id = ? AND shop_id = ? GROUP BY type, subject_id`,
    ).all(browserId, this.shopId) as { type: number; subjectId: number | null; n: number; lastAt: number }[];
    if (kinds.length === 0) return null;
    prepared(
      sqlite,
      `INSERT INTO events (shop_id, contact_id, type, subject_id, detail_id, value, occurred_at, source)
       SELECT shop_id, ?, type, subject_id, detail_id, value, occurred_at, source FROM anonymous_events WHERE browser_id = ? AND shop_id = ? ORDER BY occurred_at, id`,
    ).run(contactId, browserId, this.shopId);
    prepared(sqlite, `DELETE FROM anonymous_events WHERE browser_id = ? AND shop_id = ?`).run(browserId, this.shopId);
    return {
      count: kinds.reduce((sum, k) => sum + k.n, 0),
      lastAt: Math.max(...kinds.map((k) => k.lastAt)),
      kinds: kinds.map(({ type, subjectId }) => ({ type, subjectId })),
    };
  }
}
