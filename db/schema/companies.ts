import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { contacts } from "./contacts";
import { shops } from "./shops";

/**
 * B2B: a contact's profile as a contact of a company (Shopify's CompanyContact), from the
 * company_contacts/* webhooks and the customers' `companyContactProfiles` in the backfill.
 * `contacts.company_count` holds how many live ones a contact has (recomputed, never incremented).
 * A delete is a tombstone, so a late create cannot bring it back.
 */
export const companyContacts = sqliteTable(
  "company_contacts",
  {
    id: integer("id").primaryKey(),
    shopId: integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    /** The CompanyContact id (digits of its GID). */
    platformId: text("platform_id").notNull(),
    companyPlatformId: text("company_platform_id").notNull(),
    companyName: text("company_name"),
    sourceUpdatedAt: integer("source_updated_at").notNull(),
    deletedAt: integer("deleted_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("company_contacts_shop_platform_id_key").on(t.shopId, t.platformId),
    index("company_contacts_contact_idx").on(t.contactId),
  ],
);
