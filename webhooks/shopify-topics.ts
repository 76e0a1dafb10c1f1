/**
 * Every Shopify topic the app subscribes to in shopify.app.toml. Since API 2025-01 customer
 * payloads carry neither tags nor consent, hence the tag and consent topics.
 */
export const SHOPIFY_TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "shop/update",
  "customers/create",
  "customers/update",
  "customers/delete",
  "customers/enable",
  "customers/disable",
  "customer.tags_added",
  "customer.tags_removed",
  "customers_email_marketing_consent/update",
  "customers_marketing_consent/update",
  "company_contacts/create",
  "company_contacts/update",
  "company_contacts/delete",
  "orders/create",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/delete",
  "refunds/create",
  "checkouts/create",
  "checkouts/update",
  "bulk_operations/finish",
] as const;

/** Mandatory privacy-law topics (declared as `compliance_topics`). */
export const SHOPIFY_COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number] | (typeof SHOPIFY_COMPLIANCE_TOPICS)[number];

const ALL = new Set<string>([...SHOPIFY_TOPICS, ...SHOPIFY_COMPLIANCE_TOPICS]);

export function isShopifyTopic(topic: string): topic is ShopifyTopic {
  return ALL.has(topic);
}
