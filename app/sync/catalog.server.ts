import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { categories, productCategories, products } from "../../db/schema";

export type ProductRef = { platformId: string; title: string | null; productType: string | null };

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
  return new Map(rows.map((r) => [r.platformId, r.id]));
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
