import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { categories, productCategories, products } from "../../db/schema";

export type ProductRef = { platformId: string; title: string | null; productType: string | null };

/**
 * Our id of each product an order or event mentions, creating a minimal product (title, product
 * type as its category) the first time one is seen; the backfill fills in the rest.
 */
export function ensureProducts(db: Db, { shopId, refs, now }: { shopId: number; refs: ProductRef[]; now: number }): Map<string, number> {
  const unique = new Map(refs.map((r) => [r.platformId, r]));
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
