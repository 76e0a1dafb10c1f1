import { createHash } from "node:crypto";
import type { Db } from "../../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES, type EventTypeName } from "../../db/enums";
import { prepared } from "../../db/statement-cache";
import { normalizeEmail } from "../contacts/normalize";
import { onContactChanged } from "../membership/incremental.server";
import { idText } from "../platforms/json";
import { ensureCollections, ensureProducts } from "../sync/catalog.server";
import { BatchIdentity, type MergedEvents } from "./identity.server";
import type { PixelEvent, PixelEventName } from "./payload.server";

/**
 * Writes a validated batch of pixel events for one shop: drops re-sent events (by id; the prune
 * job forgets ids after 48 hours),
 * maps products and collections to our ids, attaches each event to its contact (or to its browser
 * while anonymous), keeps `last_visit_at`, and tells the segment engine — all in one IMMEDIATE
 * transaction, so membership never lags the events it depends on.
 */

/** Client clocks further than this from ours are not trusted: the event is dated on arrival. */
export const CLOCK_TOLERANCE_MS = 3_600_000;

const EVENT_TYPE_OF: Record<PixelEventName, EventTypeName> = {
  page_viewed: "page_viewed",
  product_viewed: "product_viewed",
  collection_viewed: "collection_viewed",
  product_added_to_cart: "added_to_cart",
  checkout_started: "checkout_started",
  checkout_completed: "checkout_completed",
};
const CARRIES_VALUE = new Set<PixelEventName>(["product_added_to_cart", "checkout_started", "checkout_completed"]);

export type PixelShop = { id: number; currency: string };
export type IngestResult = {
  /** Events stored (for a contact or a browser). */
  accepted: number;
  /** Already received (same event id within 48 hours). */
  duplicates: number;
  /** Dropped: their contact was deleted or redacted. */
  ignored: number;
  /** Anonymous events moved to a contact by merges. */
  merged: number;
  contactIds: number[];
};

/** The 52-bit dedupe key of an event id in a shop (fits a SQLite integer and a JS number exactly). */
export function pixelEventHash(shopId: number, eventId: string): number {
  const digest = createHash("sha256").update(`${shopId}\u0000${eventId}`).digest();
  return digest.readUIntBE(0, 6) * 16 + (digest[6] >> 4);
}

type Touched = { created: boolean; lastAt: number; byName: Map<string, Map<string, { type: number; subjectId: number | null }>> };

export function ingestPixelEvents(db: Db, { shop, events, now }: { shop: PixelShop; events: PixelEvent[]; now: number }): IngestResult {
  const sqlite = db.$client;
  const shopId = shop.id;
  const result: IngestResult = { accepted: 0, duplicates: 0, ignored: 0, merged: 0, contactIds: [] };

  sqlite
    .transaction(() => {
      const seen = prepared(sqlite, `INSERT INTO pixel_event_ids (shop_id, hash, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`);
      const fresh = events.filter((e) => seen.run(shopId, pixelEventHash(shopId, e.id), now).changes > 0);
      result.duplicates = events.length - fresh.length;
      if (fresh.length === 0) return;

      const subjects = resolveSubjects(db, shopId, fresh, now);
      const identity = new BatchIdentity(db, shopId, now);
      const touched = new Map<number, Touched>();
      const touch = (contactId: number, created: boolean, name: string, at: number, kinds: { type: number; subjectId: number | null }[]) => {
        let entry = touched.get(contactId);
        if (!entry) touched.set(contactId, (entry = { created, lastAt: at, byName: new Map() }));
        entry.lastAt = Math.max(entry.lastAt, at);
        let byKind = entry.byName.get(name);
        if (!byKind) entry.byName.set(name, (byKind = new Map()));
        for (const kind of kinds) byKind.set(`${kind.type}:${kind.subjectId}`, kind);
      };
      const insertEvent = prepared(sqlite, `INSERT INTO events (shop_id, contact_id, type, subject_id, value, occurred_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`);
      const insertAnonymous = prepared(sqlite, `INSERT INTO anonymous_events (shop_id, browser_id, type, subject_id, value, occurred_at, source) VALUES (?, ?, ?, ?, ?, ?, ?)`);

      for (const event of fresh) {
        const type = EVENT_TYPES[EVENT_TYPE_OF[event.name]];
        const subjectId = subjects.of(event);
        const at = occurredAt(event.timestamp, now);
        const value = CARRIES_VALUE.has(event.name) && (!event.currency || event.currency === shop.currency) ? (event.value ?? null) : null;
        const email = normalizeEmail(event.email);
        const customerId = idText(event.customerId);

        let contact = customerId ? identity.contactForCustomer(customerId, email) : undefined;
        if (contact === undefined && event.name === "checkout_completed" && email) {
          const id = identity.contactForEmail(email);
          if (id !== null) contact = { id, created: false };
        }
        let merged: MergedEvents | null = null;
        if (contact) {
          merged = identity.link(event.clientId, contact.id, at);
        } else if (contact === undefined) {
          const browser = identity.browser(event.clientId, at);
          if (browser.contact_gone) contact = null;
          else if (browser.contact_id !== null) contact = { id: browser.contact_id, created: false };
          else {
            insertAnonymous.run(shopId, browser.id, type, subjectId, value, at, EVENT_SOURCES.pixel);
            result.accepted++;
            continue;
          }
        }
        if (!contact) {
          result.ignored++;
          continue;
        }
        insertEvent.run(shopId, contact.id, type, subjectId, value, at, EVENT_SOURCES.pixel);
        result.accepted++;
        touch(contact.id, contact.created, event.name, at, [{ type, subjectId }]);
        if (merged) {
          result.merged += merged.count;
          touch(contact.id, contact.created, event.name, merged.lastAt ?? at, merged.kinds);
        }
      }

      const lastVisit = prepared(sqlite, `UPDATE contacts SET last_visit_at = ? WHERE id = ? AND shop_id = ? AND (last_visit_at IS NULL OR last_visit_at < ?)`);
      const visitChanged = new Set<number>();
      for (const [contactId, entry] of touched) {
        if (lastVisit.run(entry.lastAt, contactId, shopId, entry.lastAt).changes > 0) visitChanged.add(contactId);
      }
      result.contactIds = [...touched.keys()];
      notifyEngine(db, shopId, touched, visitChanged, now);
    })
    .immediate();
  return result;
}

/** The client's time when it is plausible (never in the future), else the time of arrival. */
function occurredAt(timestamp: string, now: number): number {
  const at = Date.parse(timestamp);
  return Math.abs(at - now) <= CLOCK_TOLERANCE_MS ? Math.min(at, now) : now;
}

/** Our ids of the products, collections and checkouts a batch mentions (products and collections are created when new). */
function resolveSubjects(db: Db, shopId: number, events: PixelEvent[], now: number) {
  const sqlite = db.$client;
  const lookup = (sql: string, ids: Set<string>) => {
    const statement = prepared(sqlite, sql);
    const found = new Map<string, number>();
    for (const id of ids) {
      const row = statement.get(shopId, id) as { id: number } | undefined;
      if (row) found.set(id, row.id);
    }
    return found;
  };
  const productIds = new Set<string>();
  const collectionIds = new Set<string>();
  const checkoutTokens = new Set<string>();
  for (const e of events) {
    if ((e.name === "product_viewed" || e.name === "product_added_to_cart") && e.productId) productIds.add(idText(e.productId)!);
    if (e.name === "collection_viewed" && e.collectionId) collectionIds.add(idText(e.collectionId)!);
    if ((e.name === "checkout_started" || e.name === "checkout_completed") && e.checkoutToken) checkoutTokens.add(e.checkoutToken);
  }
  const products = lookup(`SELECT id FROM products WHERE shop_id = ? AND platform_id = ?`, productIds);
  const missingProducts = [...productIds].filter((id) => !products.has(id));
  if (missingProducts.length) {
    for (const [id, ours] of ensureProducts(db, { shopId, refs: missingProducts.map((platformId) => ({ platformId, title: null, productType: null })), now })) products.set(id, ours);
  }
  const collections = lookup(`SELECT id FROM categories WHERE shop_id = ? AND kind = 'collection' AND platform_id = ?`, collectionIds);
  const missingCollections = [...collectionIds].filter((id) => !collections.has(id));
  if (missingCollections.length) {
    for (const [id, ours] of ensureCollections(db, { shopId, refs: missingCollections.map((platformId) => ({ platformId, title: null })), now })) collections.set(id, ours);
  }
  // checkouts are created by the checkout webhooks; a token not seen yet leaves the subject empty
  const checkouts = lookup(`SELECT id FROM checkouts WHERE shop_id = ? AND platform_id = ?`, checkoutTokens);
  return {
    of(e: PixelEvent): number | null {
      switch (e.name) {
        case "product_viewed":
        case "product_added_to_cart":
          return e.productId ? (products.get(idText(e.productId)!) ?? null) : null;
        case "collection_viewed":
          return e.collectionId ? (collections.get(idText(e.collectionId)!) ?? null) : null;
        case "checkout_started":
        case "checkout_completed":
          return e.checkoutToken ? (checkouts.get(e.checkoutToken) ?? null) : null;
        default:
          return null;
      }
    },
  };
}

/**
 * One engine call per event name (its cause detail), for the contacts with events of that name;
 * contacts created by this batch are re-evaluated against every segment.
 */
function notifyEngine(db: Db, shopId: number, touched: Map<number, Touched>, visitChanged: Set<number>, now: number): void {
  const created = [...touched].filter(([, t]) => t.created);
  if (created.length) {
    const name = created[0][1].byName.keys().next().value ?? "page_viewed";
    onContactChanged(db, { shopId, contactIds: created.map(([id]) => id), change: { everything: true }, now, cause: "event", causeDetail: name });
  }
  const groups = new Map<string, { contactIds: number[]; events: Map<string, { type: number; subjectId: number | null }>; visit: boolean }>();
  for (const [contactId, entry] of touched) {
    if (entry.created) continue;
    for (const [name, kinds] of entry.byName) {
      let group = groups.get(name);
      if (!group) groups.set(name, (group = { contactIds: [], events: new Map(), visit: false }));
      group.contactIds.push(contactId);
      for (const [key, kind] of kinds) group.events.set(key, kind);
      group.visit ||= visitChanged.has(contactId);
    }
  }
  for (const [name, group] of groups) {
    onContactChanged(db, {
      shopId,
      contactIds: group.contactIds,
      change: { events: [...group.events.values()], fields: group.visit ? ["last_visit_at"] : [] },
      now,
      cause: "event",
      causeDetail: name,
    });
  }
}
