import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { categories, productCategories } from "../../db/schema";
import { prepared } from "../../db/statement-cache";

/** `tags`: the product's tags when the source has them (Admin GraphQL `Product.tags`), else undefined. */
export type ProductRef = { platformId: string; title: string | null; productType: string | null; tags?: string[] };

/**
 * Our id of each product an order or event mentions, creating a minimal product (title, product
 * type as its category) the first time one is seen; the backfill fills in the rest.
 */
export function ensureProducts(db: Db, { shopId, refs, now }: { shopId: number; refs: ProductRef[]; now: number }): Map<string, number> {
  const unique = new Map<string, ProductRef>();
  for (const ref of refs) if (!unique.has(ref.platformId)) unique.set(ref.platformId, ref); // the first mention names it
  if (unique.size === 0) return new Map();
  // prepared statements, one product at a time: every order delivery comes through here
  const sqlite = db.$client;
  const insertProduct = prepared(sqlite, `INSERT INTO products (shop_id, platform_id, title, product_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const findProduct = prepared<unknown[], { id: number; productType: string | null }>(sqlite, `SELECT id, product_type AS productType FROM products WHERE shop_id = ? AND platform_id = ?`);
  const insertCategory = prepared(sqlite, `INSERT INTO categories (shop_id, kind, name, created_at) VALUES (?, 'product_type', ?, ?) ON CONFLICT DO NOTHING`);
  const findCategory = prepared(sqlite, `SELECT id FROM categories WHERE shop_id = ? AND kind = 'product_type' AND name = ?`).pluck();
  const link = prepared(sqlite, `INSERT INTO product_categories (category_id, product_id, shop_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`);
  const ids = new Map<string, number>();
  for (const ref of unique.values()) {
    insertProduct.run(shopId, ref.platformId, ref.title ?? `Product ${ref.platformId}`, ref.productType, now, now);
    const row = findProduct.get(shopId, ref.platformId)!;
    ids.set(ref.platformId, row.id);
    const type = row.productType ?? ref.productType;
    if (!type) continue;
    insertCategory.run(shopId, type, now);
    link.run(findCategory.get(shopId, type) as number, row.id, shopId);
  }
  for (const ref of unique.values()) {
    if (ref.tags) setProductTags(db, { shopId, productId: ids.get(ref.platformId)!, tags: ref.tags, now });
  }
  return ids;
}

/**
 * A product's tags as categories of kind `tag` (named as first seen; Shopify's tags are
 * case-insensitive, so "Sale" and "sale" are one tag): links to the listed tags are added, links
 * to tags no longer listed removed. The list is the product's whole set of tags.
 */
export function setProductTags(db: Db, { shopId, productId, tags, now }: { shopId: number; productId: number; tags: string[]; now: number }): void {
  const names = new Map<string, string>();
  for (const tag of tags) {
    const name = tag.trim();
    if (name && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  const wanted = new Set<number>();
  for (const name of names.values()) {
    const found = db.get<{ id: number }>(sql`SELECT id FROM categories WHERE shop_id = ${shopId} AND kind = 'tag' AND name = ${name} COLLATE NOCASE LIMIT 1`);
    const id = found?.id ?? db.insert(categories).values({ shopId, kind: "tag", name, createdAt: now }).returning({ id: categories.id }).get().id;
    wanted.add(id);
    db.insert(productCategories).values({ categoryId: id, productId, shopId }).onConflictDoNothing().run();
  }
  const held = db.all<{ id: number }>(sql`SELECT c.id FROM product_categories pc JOIN categories c ON c.id = pc.category_id
    WHERE pc.shop_id = ${shopId} AND pc.product_id = ${productId} AND c.shop_id = ${shopId} AND c.kind = 'tag'`);
  const stale = held.map((c) => c.id).filter((id) => !wanted.has(id));
  if (stale.length > 0) {
    db.delete(productCategories).where(and(eq(productCategories.shopId, shopId), eq(productCategories.productId, productId), inArray(productCategories.categoryId, stale))).run();
  }
}

export type CollectionRef = { platformId: string; title: string | null };

/**
 * Our category id (kind `collection`) of each collection an event mentions, creating a minimal one
 * the first time it is seen (named after its title, else "Collection <id>"; a title another
 * collection already holds gets the id appended, names being unique per shop and kind).
 */
export function ensureCollections(db: Db, { shopId, refs, now }: { shopId: number; refs: CollectionRef[]; now: number }): Map<string, number> {
  const unique = new Map(refs.map((r) => [r.platformId, r]));
  if (unique.size === 0) return new Map();
  const find = () =>
    db.select({ id: categories.id, platformId: categories.platformId }).from(categories)
      .where(and(eq(categories.shopId, shopId), eq(categories.kind, "collection"), inArray(categories.platformId, [...unique.keys()]))).all();
  const found = new Map(find().map((r) => [r.platformId!, r.id]));
  for (const ref of unique.values()) {
    if (found.has(ref.platformId)) continue;
    const name = ref.title?.trim() || `Collection ${ref.platformId}`;
    for (const candidate of [name, `${name} (${ref.platformId})`]) {
      const inserted = db.insert(categories).values({ shopId, kind: "collection", platformId: ref.platformId, name: candidate, createdAt: now }).onConflictDoNothing().returning({ id: categories.id }).get();
      if (inserted) {
        found.set(ref.platformId, inserted.id);
        break;
      }
    }
  }
  return found;
}
