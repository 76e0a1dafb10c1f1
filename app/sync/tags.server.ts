import type { Db } from "../../db/client.server";
import type { TagSource } from "../../db/enums";
import { prepared } from "../../db/statement-cache";

/** The tag dictionary id of each name (case-insensitive), creating the missing ones. */
export function ensureTagIds(db: Db, { shopId, names, now }: { shopId: number; names: string[]; now: number }): Map<string, number> {
  const sqlite = db.$client;
  const ids = new Map<string, number>();
  for (const name of names) {
    const nameKey = name.toLowerCase();
    if (ids.has(nameKey)) continue;
    // prepared statements: imports and webhooks call this once per contact
    prepared(sqlite, `INSERT INTO tags (shop_id, name, name_key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(shopId, name, nameKey, now);
    ids.set(nameKey, prepared(sqlite, `SELECT id FROM tags WHERE shop_id = ? AND name_key = ?`).pluck().get(shopId, nameKey) as number);
  }
  return ids;
}

/**
 * Adds and removes tags of one source on a contact, last writer wins per tag: an addition older
 * than the tag's last removal (a tombstone) is ignored, and so is a removal older than the tag's
 * last addition. Returns whether the contact's tags changed.
 */
export function applyTagDelta(
  db: Db,
  { shopId, contactId, added = [], removed = [], at, source }: { shopId: number; contactId: number; added?: string[]; removed?: string[]; at: number; source: TagSource },
): boolean {
  const sqlite = db.$client;
  const ids = ensureTagIds(db, { shopId, names: [...added, ...removed], now: at });
  const tombstoneOf = prepared(sqlite, `SELECT removed_at FROM tag_tombstones WHERE contact_id = ? AND tag_id = ? AND source = ?`).pluck();
  const dropTombstone = prepared(sqlite, `DELETE FROM tag_tombstones WHERE contact_id = ? AND tag_id = ? AND source = ?`);
  let changed = false;
  for (const name of added) {
    const tagId = ids.get(name.toLowerCase())!;
    const removedAt = tombstoneOf.get(contactId, tagId, source) as number | undefined;
    if (removedAt !== undefined && removedAt > at) continue;
    if (removedAt !== undefined) dropTombstone.run(contactId, tagId, source);
    const inserted = prepared(sqlite, `INSERT INTO contact_tags (tag_id, contact_id, source, shop_id, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(tagId, contactId, source, shopId, at);
    if (inserted.changes > 0) changed = true;
    else prepared(sqlite, `UPDATE contact_tags SET added_at = max(added_at, ?) WHERE tag_id = ? AND contact_id = ? AND source = ?`).run(at, tagId, contactId, source);
  }
  for (const name of removed) {
    const tagId = ids.get(name.toLowerCase())!;
    const addedAt = prepared(sqlite, `SELECT added_at FROM contact_tags WHERE tag_id = ? AND contact_id = ? AND source = ?`).pluck().get(tagId, contactId, source) as number | undefined;
    if (addedAt !== undefined && addedAt > at) continue;
    if (addedAt !== undefined) {
      prepared(sqlite, `DELETE FROM contact_tags WHERE tag_id = ? AND contact_id = ? AND source = ?`).run(tagId, contactId, source);
      changed = true;
    }
    prepared(
      sqlite,
      `INSERT INTO tag_tombstones (contact_id, tag_id, source, shop_id, removed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (contact_id, tag_id, source) DO UPDATE SET removed_at = max(removed_at, excluded.removed_at)`,
    ).run(contactId, tagId, source, shopId, at);
  }
  return changed;
}

/** A complete list of one source's tags (older Shopify payloads): the difference, applied as a delta. */
export function applyTagList(
  db: Db,
  { shopId, contactId, names, at, source }: { shopId: number; contactId: number; names: string[]; at: number; source: TagSource },
): boolean {
  const current = prepared(
    db.$client,
    `SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ? AND ct.source = ? AND ct.shop_id = ?`,
  ).pluck().all(contactId, source, shopId) as string[];
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const held = new Set(current.map((n) => n.toLowerCase()));
  return applyTagDelta(db, {
    shopId,
    contactId,
    added: names.filter((n) => !held.has(n.toLowerCase())),
    removed: current.filter((n) => !wanted.has(n.toLowerCase())),
    at,
    source,
  });
}
