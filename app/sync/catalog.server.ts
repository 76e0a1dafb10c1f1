import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { categories, productCategories, products } from "../../db/schema";

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
  db.insert(products)
    .values([...unique.values()].map((r) => ({ shopId, platformId: r.platformId, title: r.title ?? `Product ${r.platformId}`, productType: r.productType, createdAt: now, updatedAt: now })))
    .onConflictDoNothing()
    .run();
  const rows = db.select({ id: products.id, platformId: products.platformId, productType: products.productType }).from(products)
    .where(and(eq(products.shopId, shopId), inArray(products.platformId, [...unique.keys()]))).all();
  for (const row of rows) {
    const type = row.productType ?? unique.get(row.platformId)?.productType;
    if (!type) continue;
    db.insert(categories).values({ shopId, kind: "product_type", name: type, createdAt: now }).onConflictDoNothing().run();
    const category = db.select({ id: categories.id }).from(categories).where(and(eq(categories.shopId, shopId), eq(categories.kind, "product_type"), eq(categories.name, type))).get()!;
    db.insert(productCategories).values({ categoryId: category.id, productId: row.id, shopId }).onConflictDoNothing().run();
  }
  for (const row of rows) {
    const tags = unique.get(row.platformId)?.tags;
    if (tags) setProductTags(db, { shopId, productId: row.id, tags, now });
  }
  return new Map(rows.map((r) => [r.platformId, r.id]));
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
