import type { AccountState, EmailConsentState, Gender, SmsConsentState } from "../../db/enums";

/**
 * The platform-neutral model every adapter maps into (Shopify and SHOPLINE payloads, backfill and
 * reconciliation rows). Nothing below the adapters knows which platform sent the data.
 *
 * `version` orders deliveries of the same data: the platform's updated-at in ms × 1000 plus the
 * delivery's trigger delay (0–999 ms) to break same-second ties (see `sourceVersion`).
 */
export type Version = number;

export type ProfileChange = {
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  gender?: Gender | null;
  countryCode?: string | null;
  regionCode?: string | null;
  city?: string | null;
  zip?: string | null;
  birthday?: string | null;
  language?: string | null;
  accountState?: AccountState | null;
  isMember?: boolean;
  memberTier?: string | null;
  note?: string | null;
  /** When the contact was created on the platform (ms). */
  createdAt?: number;
};

export type EmailConsentChange = { state: EmailConsentState; optInLevel: string | null; consentAt: number | null };
export type SmsConsentChange = { state: SmsConsentState; consentAt: number | null };

/** A customer as a platform sends it; absent groups are left untouched. */
export type ContactUpsert = {
  platformId: string;
  version: Version;
  profile?: ProfileChange;
  emailConsent?: EmailConsentChange;
  smsConsent?: SmsConsentChange;
  /** The complete list of the customer's platform tags (older API versions send it with the customer). */
  tags?: string[];
  /** The customer's company contacts (B2B), complete, where the source lists them (Admin GraphQL). */
  companies?: { platformId: string; companyPlatformId: string; companyName: string | null }[];
};

/** A customer's profile as the contact of a B2B company: created, updated or deleted. */
export type CompanyContactChange = {
  platformId: string;
  customerPlatformId: string;
  companyPlatformId: string;
  companyName: string | null;
  version: Version;
  deleted: boolean;
};

/** "Tags added/removed" deltas (since API 2025-01 the only source of platform tags). */
export type TagDelta = { platformId: string; version: Version; added?: string[]; removed?: string[] };

export type OrderLineUpsert = {
  platformId: string | null;
  productPlatformId: string | null;
  variantPlatformId: string | null;
  productType: string | null;
  /** The product's tags, where the payload carries them (Admin GraphQL); undefined leaves the stored tags alone. */
  productTags?: string[];
  title: string | null;
  quantity: number;
  priceMinor: number;
  totalMinor: number;
};

export type RefundUpsert = {
  platformId: string;
  orderPlatformId: string;
  amountMinor: number;
  refundedAt: number;
  /** Line platform id → refunded quantity. */
  lines: { linePlatformId: string; quantity: number }[];
};

export type OrderUpsert = {
  platformId: string;
  version: Version;
  /** The customer on the order, when there is one (guest checkouts have none). */
  customer: ContactUpsert | null;
  name: string | null;
  currency: string;
  totalMinor: number;
  subtotalMinor: number | null;
  discountMinor: number;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  discountCodes: string[];
  checkoutToken: string | null;
  placedAt: number;
  cancelledAt: number | null;
  lines: OrderLineUpsert[];
  refunds: RefundUpsert[];
};

export type CheckoutUpsert = {
  platformId: string;
  version: Version;
  customerPlatformId: string | null;
  email: string | null;
  phone: string | null;
  totalMinor: number | null;
  currency: string | null;
  startedAt: number;
  completedAt: number | null;
};

export type ShopUpdate = { version: Version; name?: string | null; email?: string | null; timeZone?: string | null; currency?: string | null; planName?: string | null };

/** The trigger delay (clamped to 0–999 ms) breaks ties between same-second updates. */
export function sourceVersion(updatedAt: number, triggeredAt: number | null): Version {
  const delay = triggeredAt === null ? 0 : Math.max(0, Math.min(999, triggeredAt - updatedAt));
  return updatedAt * 1000 + delay;
}

/** The updated-at (ms) a version was made from. */
export function versionTime(version: Version): number {
  return Math.floor(version / 1000);
}
