import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import type { TagSource } from "../../db/enums";
import { contactTags, tags, tagTombstones } from "../../db/schema";

/** The tag dictionary id of each name (case-insensitive), creating the missing ones. */
export function ensureTagIds(db: Db, { shopId, names, now }: { shopId: number; names: string[]; now: number }): Map<string, number> {
  const byKey = new Map<string, string>();
  for (const name of names) byKey.set(name.toLowerCase(), name);
  if (byKey.size === 0) return new Map();
  db.insert(tags)
    .values([...byKey].map(([nameKey, name]) => ({ shopId, name, nameKey, createdAt: now })))
    .onConflictDoNothing()
    .run();
  const rows = db.select({ id: tags.id, nameKey: tags.nameKey }).from(tags).where(and(eq(tags.shopId, shopId), inArray(tags.nameKey, [...byKey.keys()]))).all();
  return new Map(rows.map((r) => [r.nameKey, r.id]));
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
  const ids = ensureTagIds(db, { shopId, names: [...added, ...removed], now: at });
  let changed = false;
  for (const name of added) {
    const tagId = ids.get(name.toLowerCase())!;
    const tombstone = db.select().from(tagTombstones).where(and(eq(tagTombstones.contactId, contactId), eq(tagTombstones.tagId, tagId), eq(tagTombstones.source, source))).get();
    if (tombstone && tombstone.removedAt > at) continue;
    if (tombstone) db.delete(tagTombstones).where(and(eq(tagTombstones.contactId, contactId), eq(tagTombstones.tagId, tagId), eq(tagTombstones.source, source))).run();
    const inserted = db.insert(contactTags).values({ tagId, contactId, source, shopId, addedAt: at }).onConflictDoNothing().run();
    if (inserted.changes > 0) changed = true;
    else db.run(sql`UPDATE contact_tags SET added_at = max(added_at, ${at}) WHERE tag_id = ${tagId} AND contact_id = ${contactId} AND source = ${source}`);
  }
  for (const name of removed) {
    const tagId = ids.get(name.toLowerCase())!;
    const current = db.select().from(contactTags).where(and(eq(contactTags.tagId, tagId), eq(contactTags.contactId, contactId), eq(contactTags.source, source))).get();
    if (current && current.addedAt > at) continue;
    if (current) {
      db.delete(contactTags).where(and(eq(contactTags.tagId, tagId), eq(contactTags.contactId, contactId), eq(contactTags.source, source))).run();
      changed = true;
    }
    db.insert(tagTombstones)
      .values({ contactId, tagId, source, shopId, removedAt: at })
      .onConflictDoUpdate({ target: [tagTombstones.contactId, tagTombstones.tagId, tagTombstones.source], set: { removedAt: sql`max(${tagTombstones.removedAt}, ${at})` } })
      .run();
  }
  return changed;
}

/** A complete list of one source's tags (older Shopify payloads): the difference, applied as a delta. */
export function applyTagList(
  db: Db,
  { shopId, contactId, names, at, source }: { shopId: number; contactId: number; names: string[]; at: number; source: TagSource },
): boolean {
  const current = db
    .select({ name: tags.name })
    .from(contactTags)
    .innerJoin(tags, eq(tags.id, contactTags.tagId))
    .where(and(eq(contactTags.contactId, contactId), eq(contactTags.source, source), eq(contactTags.shopId, shopId)))
    .all()
    .map((r) => r.name);
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
