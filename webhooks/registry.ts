import { customerDelete, customerUpsert, emailConsentUpdate, smsConsentUpdate, tagsAdded, tagsRemoved } from "./handlers/shopify-customers";
import { checkoutUpsert, orderDelete, orderUpsert, refundCreate } from "./handlers/shopify-orders";
import { appUninstalled, scopesUpdate, shopUpdate } from "./handlers/shopify-shop";
import { bulkOperationFinish } from "./handlers/shopify-bulk";
import { companyContactDelete, companyContactUpsert } from "./handlers/shopify-companies";
import { customersDataRequest, customersRedact, shopRedact } from "./handlers/shopify-compliance";
import { SHOPLINE_HANDLERS } from "./handlers/shopline";
import type { HandlerRegistry } from "./process.server";
import type { ShopifyTopic } from "./shopify-topics";
import type { TopicHandler } from "./handler";

/**
 * Every subscribed topic → the handler that applies it (shopify.app.toml names this file).
 * A test checks that each subscribed topic has one.
 */
export const SHOPIFY_HANDLERS: Partial<Record<ShopifyTopic, TopicHandler>> = {
  "app/uninstalled": appUninstalled,
  "app/scopes_update": scopesUpdate,
  "shop/update": shopUpdate,
  "customers/create": customerUpsert,
  "customers/update": customerUpsert,
  "customers/enable": customerUpsert,
  "customers/disable": customerUpsert,
  "customers/delete": customerDelete,
  "customer.tags_added": tagsAdded,
  "customer.tags_removed": tagsRemoved,
  "customers_email_marketing_consent/update": emailConsentUpdate,
  "customers_marketing_consent/update": smsConsentUpdate,
  "company_contacts/create": companyContactUpsert,
  "company_contacts/update": companyContactUpsert,
  "company_contacts/delete": companyContactDelete,
  "orders/create": orderUpsert,
  "orders/updated": orderUpsert,
  "orders/paid": orderUpsert,
  "orders/cancelled": orderUpsert,
  "orders/fulfilled": orderUpsert,
  "orders/delete": orderDelete,
  "refunds/create": refundCreate,
  "checkouts/create": checkoutUpsert,
  "checkouts/update": checkoutUpsert,
  "bulk_operations/finish": bulkOperationFinish,
  "customers/data_request": customersDataRequest,
  "customers/redact": customersRedact,
  "shop/redact": shopRedact,
};

export const HANDLERS: HandlerRegistry = {
  shopify: SHOPIFY_HANDLERS,
  shopline: SHOPLINE_HANDLERS,
};
