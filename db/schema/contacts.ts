import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type {
  AccountState,
  AddressValidity,
  AttributeType,
  EmailConsentState,
  Gender,
  LifecycleStage,
  RegistrationSource,
  SmsConsentState,
  TagSource,
} from "../enums";
import { shops } from "./shops";

const shopRef = () => integer("shop_id").notNull().references(() => shops.id, { onDelete: "cascade" });

/**
 * A customer of a shop, or a subscriber captured by a form. Order statistics are pre-aggregated
 * here at write time (by the order-stats module only) so common conditions need no scan.
 *
 * Staleness: each independently delivered group of fields carries the platform time of the data
 * we hold (`*_source_at`); an update older than it is ignored. `deleted_at` is a tombstone that a
 * late update cannot resurrect; `redacted_at` marks personal data erased.
 */
export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    /** Platform customer id as text (18-digit Shopify ids do not fit a double). */
    platformId: text("platform_id"),
    email: text("email"),
    /** E.164. */
    phone: text("phone"),
    firstName: text("first_name"),
    lastName: text("last_name"),
    gender: text("gender").$type<Gender>(),
    countryCode: text("country_code"),
    regionCode: text("region_code"),
    city: text("city"),
    zip: text("zip"),
    /** `YYYY-MM-DD`; `birthday_md` (month*100+day) serves "birthday in the next N days". */
    birthday: text("birthday"),
    birthdayMd: integer("birthday_md"),
    language: text("language"),
    /** IANA zone of the contact (quiet hours), from their address or the storefront. */
    timeZone: text("time_zone"),
    registrationSource: text("registration_source").$type<RegistrationSource>(),
    accountState: text("account_state").$type<AccountState>(),
    isMember: integer("is_member", { mode: "boolean" }).notNull().default(false),
    memberTier: text("member_tier"),
    /** B2B: how many companies the contact is a contact of (live rows of company_contacts). */
    companyCount: integer("company_count").notNull().default(0),
    emailConsent: text("email_consent").$type<EmailConsentState>().notNull().default("not_subscribed"),
    emailConsentAt: integer("email_consent_at"),
    emailOptInLevel: text("email_opt_in_level"),
    smsConsent: text("sms_consent").$type<SmsConsentState>().notNull().default("not_subscribed"),
    smsConsentAt: integer("sms_consent_at"),
    emailValidity: text("email_validity").$type<AddressValidity>().notNull().default("unknown"),
    emailValidityAt: integer("email_validity_at"),
    phoneValidity: text("phone_validity").$type<AddressValidity>().notNull().default("unknown"),
    phoneValidityAt: integer("phone_validity_at"),
    lifecycleStage: text("lifecycle_stage").$type<LifecycleStage>(),
    lifecycleAt: integer("lifecycle_at"),
    // pre-aggregated order statistics (net of cancellations and refunds)
    ordersCount: integer("orders_count").notNull().default(0),
    totalSpentMinor: integer("total_spent_minor").notNull().default(0),
    avgOrderMinor: integer("avg_order_minor"),
    firstOrderAt: integer("first_order_at"),
    lastOrderAt: integer("last_order_at"),
    /** Latest storefront event (pixel), maintained at write time. */
    lastVisitAt: integer("last_visit_at"),
    /** When the contact signed up (platform created_at, or capture time). */
    createdAt: integer("created_at").notNull(),
    note: text("note"),
    profileSourceAt: integer("profile_source_at"),
    tagsSourceAt: integer("tags_source_at"),
    emailConsentSourceAt: integer("email_consent_source_at"),
    smsConsentSourceAt: integer("sms_consent_source_at"),
    deletedAt: integer("deleted_at"),
    redactedAt: integer("redacted_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("contacts_shop_platform_id_key").on(t.shopId, t.platformId),
    index("contacts_shop_email_idx").on(t.shopId, t.email),
    index("contacts_shop_phone_idx").on(t.shopId, t.phone),
    // Segment rules range-scan these. Each ends with (deleted_at, redacted_at), the live-contact
    // filter of every segment query, so a rule on the indexed columns is answered from the index
    // alone (covering) instead of one table lookup per candidate: 4–26× faster at 100k contacts.
    index("contacts_shop_country_consent_idx").on(t.shopId, t.countryCode, t.emailConsent, t.deletedAt, t.redactedAt),
    index("contacts_shop_spent_idx").on(t.shopId, t.totalSpentMinor, t.lastOrderAt, t.deletedAt, t.redactedAt),
    index("contacts_shop_last_order_idx").on(t.shopId, t.lastOrderAt, t.deletedAt, t.redactedAt),
    index("contacts_shop_first_order_idx").on(t.shopId, t.firstOrderAt, t.deletedAt, t.redactedAt),
    index("contacts_shop_created_idx").on(t.shopId, t.createdAt, t.deletedAt, t.redactedAt),
    index("contacts_shop_birthday_idx").on(t.shopId, t.birthdayMd, t.deletedAt, t.redactedAt).where(sql`${t.birthdayMd} IS NOT NULL`),
    index("contacts_shop_lifecycle_idx")
      .on(t.shopId, t.lifecycleStage, t.deletedAt, t.redactedAt)
      .where(sql`${t.lifecycleStage} IS NOT NULL`),
    index("contacts_shop_last_visit_idx").on(t.shopId, t.lastVisitAt, t.deletedAt, t.redactedAt),
    // B2B contacts are few: "belongs to a company" reads them from this small index
    index("contacts_shop_company_idx").on(t.shopId, t.companyCount, t.deletedAt, t.redactedAt).where(sql`${t.companyCount} > 0`),
  ],
);

/** Tag dictionary per shop; `name_key` is the case-folded name tags are matched on. */
export const tags = sqliteTable(
  "tags",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    name: text("name").notNull(),
    nameKey: text("name_key").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("tags_shop_name_key").on(t.shopId, t.nameKey)],
);

/** A tag held by a contact, from one source (platform, import, popup). WITHOUT ROWID. */
export const contactTags = sqliteTable(
  "contact_tags",
  {
    tagId: integer("tag_id").notNull().references(() => tags.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    source: text("source").$type<TagSource>().notNull(),
    shopId: shopRef(),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "contact_tags_pk", columns: [t.tagId, t.contactId, t.source] }),
    // per-contact tag rules read only this index (migration 0014)
    index("contact_tags_contact_idx").on(t.contactId, t.tagId, t.shopId),
  ],
);

/** Custom attribute definitions per shop (typed; no per-shop schema changes). */
export const attributeDefinitions = sqliteTable(
  "attribute_definitions",
  {
    id: integer("id").primaryKey(),
    shopId: shopRef(),
    key: text("key").notNull(),
    label: text("label").notNull(),
    type: text("type").$type<AttributeType>().notNull(),
    /** Where values come from: `metafield:<namespace.key>`, `import`, `popup`. */
    source: text("source"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("attribute_definitions_shop_key").on(t.shopId, t.key)],
);

/**
 * Typed custom attribute values. `number_value` holds numbers, booleans (0/1) and dates (epoch ms);
 * `text_value` holds text. Covering indexes serve range and equality conditions. WITHOUT ROWID.
 */
export const contactAttributes = sqliteTable(
  "contact_attributes",
  {
    contactId: integer("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    attributeId: integer("attribute_id")
      .notNull()
      .references(() => attributeDefinitions.id, { onDelete: "cascade" }),
    shopId: shopRef(),
    textValue: text("text_value"),
    numberValue: real("number_value"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "contact_attributes_pk", columns: [t.contactId, t.attributeId] }),
    index("contact_attributes_number_idx").on(t.attributeId, t.numberValue, t.contactId),
    index("contact_attributes_text_idx").on(t.attributeId, t.textValue, t.contactId),
  ],
);
