import type { ShopSettings } from "../../settings/shop-settings";

/**
 * Every Admin GraphQL document the sync layer sends (API 2026-10), in one place so a version bump
 * is reviewed here. Checked against the 2026-10 ("latest") reference on shopify.dev:
 *
 * - bulkOperationRunQuery (`query`, `groupObjects`; default false since 2026-01; ≤ 5 connections,
 *   depth ≤ 2, no connection inside a list field):
 *   https://shopify.dev/docs/api/admin-graphql/latest/mutations/bulkOperationRunQuery,
 *   https://shopify.dev/changelog/bulk-operations-group-objects-default-changed-to-false,
 *   https://shopify.dev/docs/api/usage/bulk-operations/queries
 * - BulkOperation (`status url partialDataUrl errorCode objectCount rootObjectCount`, counts are
 *   UnsignedInt64 = strings): https://shopify.dev/docs/api/admin-graphql/latest/objects/BulkOperation,
 *   currentBulkOperation: https://shopify.dev/docs/api/admin-graphql/latest/queries/currentBulkOperation
 * - Customer, CustomerEmailAddress (`emailAddress marketingState marketingOptInLevel marketingUpdatedAt`),
 *   CustomerPhoneNumber (`phoneNumber`; `marketingState marketingUpdatedAt` are deprecated since
 *   2026-04 in favour of `smsMarketingConsent`, still served in 2026-10), MailingAddress:
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/Customer,
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/CustomerEmailAddress,
 *   https://shopify.dev/docs/api/admin-graphql/2026-04/objects/CustomerPhoneNumber,
 *   https://shopify.dev/changelog/sms-marketing-consent-now-available-on-the-customerphonenumber-object
 * - customers / orders (`first after query sortKey: UPDATED_AT`, search syntax `updated_at:>'…'`):
 *   https://shopify.dev/docs/api/admin-graphql/latest/queries/customers,
 *   https://shopify.dev/docs/api/admin-graphql/latest/queries/orders
 * - Order, LineItem, Refund, RefundLineItem (money in `shopMoney`; orders older than 60 days need
 *   `read_all_orders`): https://shopify.dev/docs/api/admin-graphql/latest/objects/Order,
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/LineItem,
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/Refund
 * - shop / ShopPlan (`publicDisplayName`; `displayName` is deprecated):
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/Shop,
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/ShopPlan
 * - webPixelCreate / webPixelUpdate / webPixel (ErrorsWebPixelUserErrorCode TAKEN = exists already):
 *   https://shopify.dev/docs/api/admin-graphql/latest/mutations/webPixelCreate,
 *   https://shopify.dev/docs/api/admin-graphql/latest/mutations/webPixelUpdate,
 *   https://shopify.dev/docs/api/admin-graphql/latest/queries/webPixel,
 *   https://shopify.dev/docs/api/admin-graphql/latest/enums/ErrorsWebPixelUserErrorCode
 */

const money = `shopMoney { amount currencyCode }`;

/** Birthday and gender metafields (`namespace.key` from shop settings; validated as `[\w-]+.[\w-]+`). */
function metafields(settings: Pick<ShopSettings, "birthdayMetafield" | "genderMetafield">): string {
  const field = (alias: string, ref: string | null) => {
    if (!ref) return "";
    const [namespace, key] = ref.split(".");
    return `${alias}: metafield(namespace: ${JSON.stringify(namespace)}, key: ${JSON.stringify(key)}) { value }`;
  };
  return [field("birthday", settings.birthdayMetafield), field("gender", settings.genderMetafield)].filter(Boolean).join(" ");
}

export function customerFields(settings: Pick<ShopSettings, "birthdayMetafield" | "genderMetafield">): string {
  return `id firstName lastName state tags locale note createdAt updatedAt
    defaultEmailAddress { emailAddress marketingState marketingOptInLevel marketingUpdatedAt }
    defaultPhoneNumber { phoneNumber marketingState marketingUpdatedAt }
    defaultAddress { countryCodeV2 provinceCode city zip }
    companyContactProfiles { id company { id name } }
    ${metafields(settings)}`;
}

const orderFields = `id name email createdAt updatedAt processedAt cancelledAt
    displayFinancialStatus displayFulfillmentStatus discountCodes
    totalPriceSet { ${money} } subtotalPriceSet { ${money} } totalDiscountsSet { ${money} }
    customer { id }`;

const lineFields = `id title quantity
    originalUnitPriceSet { ${money} } discountedTotalSet { ${money} }
    product { id productType tags } variant { id }`;

/** Every customer (one connection: rows are customers only). */
export function customersBulkQuery(settings: Pick<ShopSettings, "birthdayMetafield" | "genderMetafield">): string {
  return `{ customers { edges { node { ${customerFields(settings)} } } } }`;
}

/**
 * Every order with its line items (rows `__parentId` = the order). Grouped, so an order's lines
 * follow it and an order can be applied once the next order row appears. Refunds are headers only:
 * their `refundLineItems` is a connection inside a list, which bulk queries refuse; the refunded
 * quantities are fetched afterwards with REFUND_LINES_QUERY.
 */
export const ORDERS_BULK_QUERY = `{ orders { edges { node {
    ${orderFields}
    refunds { id createdAt totalRefundedSet { ${money} } }
    lineItems { edges { node { ${lineFields} } } }
} } } }`;

export const RUN_BULK_QUERY = `mutation RunBulkQuery($query: String!, $groupObjects: Boolean!) {
  bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;

const bulkFields = `id status errorCode objectCount rootObjectCount url partialDataUrl createdAt completedAt`;
export const BULK_OPERATION_QUERY = `query BulkOperation($id: ID!) { node(id: $id) { ... on BulkOperation { ${bulkFields} } } }`;
export const CURRENT_BULK_OPERATION_QUERY = `query CurrentBulkOperation { currentBulkOperation(type: QUERY) { ${bulkFields} } }`;

/** Refunded quantities per line, for orders whose bulk row had refunds (10 orders a request). */
export const REFUND_LINES_QUERY = `query RefundLines($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Order { id refunds { id refundLineItems(first: 100) { nodes { quantity lineItem { id } } } } } }
}`;

/** Customers updated since a point in time, oldest first (reconciliation). */
export function customersPageQuery(settings: Pick<ShopSettings, "birthdayMetafield" | "genderMetafield">): string {
  return `query Customers($first: Int!, $after: String, $query: String!) {
  customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ${customerFields(settings)} }
  }
}`;
}

/** Orders updated since a point in time (reconciliation); page sizes keep the cost under 1,000 points. */
export const ORDERS_PAGE_QUERY = `query Orders($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ${orderFields}
      refunds { id createdAt totalRefundedSet { ${money} } refundLineItems(first: 20) { nodes { quantity lineItem { id } } } }
      lineItems(first: 25) { pageInfo { hasNextPage endCursor } nodes { ${lineFields} } }
    }
  }
}`;

/** The remaining line items of an order with more than a page of them. */
export const ORDER_LINES_QUERY = `query OrderLines($id: ID!, $after: String) {
  node(id: $id) { ... on Order { lineItems(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${lineFields} } } } }
}`;

export const SHOP_QUERY = `query ShopFacts { shop { name email ianaTimezone currencyCode plan { publicDisplayName partnerDevelopment shopifyPlus } } }`;

export const WEB_PIXEL_CREATE = `mutation WebPixelCreate($webPixel: WebPixelInput!) {
  webPixelCreate(webPixel: $webPixel) { webPixel { id settings } userErrors { field message code } }
}`;
export const WEB_PIXEL_UPDATE = `mutation WebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {
  webPixelUpdate(id: $id, webPixel: $webPixel) { webPixel { id settings } userErrors { field message code } }
}`;
export const WEB_PIXEL_QUERY = `query WebPixel { webPixel { id settings } }`;
