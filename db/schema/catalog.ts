import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { CategoryKind } from "../enums";
import { shops } from "./shops";

const shopRef = () => integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" });

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    platformId: text("platform_id").notNull(),
    title: text("title").notNull(),
    handle: text("handle"),
    productType: text("product_type"),
    vendor: text("vendor"),
    priceMinor: integer("price_minor"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("products_shop_platform_id_key").on(t.shopId, t.platformId)],
);

/** Product types and collections: what "purchased category" matches. */
export const categories = sqliteTable(
  "categories",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    kind: text("kind").$type<CategoryKind>().notNull(),
    /** Collection GID/id; null for product types (they are plain names). */
    platformId: text("platform_id"),
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("categories_shop_kind_name_key").on(t.shopId, t.kind, t.name)],
);

/** Which categories a product is in. WITHOUT ROWID. */
export const productCategories = sqliteTable(
  "product_categories",
  {
    categoryId: integer("category_id").notNull().references(() => categories.id, { onDelete: "cascade" }),
    productId: integer("product_id").notNull().references(() => products.id, { onDelete: "cascade" }),
    shopId: shopRef(),
  },
  (t) => [
    primaryKey({ name: "product_categories_pk", columns: [t.categoryId, t.productId] }),
    index("product_categories_product_idx").on(t.productId, t.categoryId),
  ],
);

/** Coupon codes the app hands out (coupon received/clicked events point here). */
export const coupons = sqliteTable(
  "coupons",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    code: text("code").notNull(),
    description: text("description"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("coupons_shop_code_key").on(t.shopId, t.code)],
);
