import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { EmailConsentState, SmsConsentState } from "../enums";
import { contacts } from "./contacts";
import type { WritebackStatus } from "./messaging";
import { shops } from "./shops";

/**
 * One submission of the storefront signup popup (extensions/signup-popup, through the app proxy):
 * the record of the opt-in — which channels the visitor ticked, the consent texts they were shown,
 * the tags applied — and the state of its write-back to the platform (customer created, or tags
 * added). Holds no address: the contact does, so erasing the contact's personal data deletes these
 * rows with its consent changes.
 */
export const popupSignups = sqliteTable(
  "popup_signups",
  {
    id: integer("id").primaryKey(),
    shopId: integer("shop_id")
      .notNull()
      .references(() => shops.id, { onDelete: "cascade" }),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    /** The signup created the contact (nobody with that email or phone was known). */
    createdContact: integer("created_contact", { mode: "boolean" }).notNull(),
    /** Consent after the signup, when the visitor ticked the channel (null: not asked or not ticked). */
    emailConsent: text("email_consent").$type<EmailConsentState>(),
    smsConsent: text("sms_consent").$type<SmsConsentState>(),
    emailConsentText: text("email_consent_text"),
    smsConsentText: text("sms_consent_text"),
    /** JSON array of the tag names applied (source `popup`). */
    tags: text("tags").notNull(),
    createdAt: integer("created_at").notNull(),
    writebackStatus: text("writeback_status").$type<WritebackStatus>().notNull(),
    writebackDetail: text("writeback_detail"),
    writebackAt: integer("writeback_at"),
  },
  (t) => [index("popup_signups_contact_idx").on(t.shopId, t.contactId, t.createdAt)],
);
