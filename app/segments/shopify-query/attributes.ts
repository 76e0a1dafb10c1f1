import { closest } from "./errors";

/**
 * What Shopify's segment query language documents (shopify.dev segment query language reference,
 * the ShopifyQL MATCHES table, the Help Center filter reference): every attribute with its data
 * type, every function with its parameters. Attributes Segmentflow has no data for carry the
 * reason, which the import says plainly.
 */

export type AttributeType = "date" | "enum" | "integer" | "float" | "string" | "list" | "boolean";
export type ParamType = "id" | "string" | "date" | "integer" | "float";

export type AttributeSpec = {
  type: AttributeType;
  /** Enum values (case-sensitive). */
  values?: readonly string[];
  /** IS NULL / IS NOT NULL are documented for it. */
  nullable?: boolean;
  /** Why Segmentflow has no equivalent (the attribute still parses and type-checks). */
  unsupported?: string;
};

export type ParamSpec = { type: ParamType; unsupported?: string; legacyOnly?: boolean };
export type FunctionSpec = { params: Record<string, ParamSpec>; unsupported?: string; aliasOf?: string };

export const EMAIL_STATES = ["SUBSCRIBED", "UNSUBSCRIBED", "NOT_SUBSCRIBED", "PENDING", "INVALID", "REDACTED"] as const;
export const SMS_STATES = ["SUBSCRIBED", "UNSUBSCRIBED", "NOT_SUBSCRIBED", "PENDING", "REDACTED"] as const;
export const ACCOUNT_STATES = ["ENABLED", "DISABLED", "INVITED", "DECLINED"] as const;
export const RFM_GROUPS = [
  "CHAMPIONS", "LOYAL", "ACTIVE", "NEW", "PROMISING", "NEEDS_ATTENTION", "AT_RISK", "ALMOST_LOST", "PREVIOUSLY_LOYAL", "DORMANT", "PROSPECTS",
] as const;

export const ATTRIBUTES: Record<string, AttributeSpec> = {
  abandoned_checkout_date: { type: "date", nullable: true },
  amount_spent: { type: "float" },
  companies: { type: "list", nullable: true },
  created_by_app_id: { type: "integer", unsupported: "Segmentflow does not record which app created a customer" },
  customer_account_status: { type: "enum", values: ACCOUNT_STATES },
  customer_added_date: { type: "date" },
  customer_cities: { type: "list", nullable: true },
  customer_countries: { type: "list", nullable: true },
  customer_email_domain: { type: "string", nullable: true },
  customer_language: { type: "string", nullable: true },
  customer_regions: { type: "list", nullable: true },
  customer_tags: { type: "list", nullable: true },
  email_subscription_status: { type: "enum", values: EMAIL_STATES },
  first_order_date: { type: "date", nullable: true },
  last_order_date: { type: "date", nullable: true },
  number_of_orders: { type: "integer" },
  predicted_spend_tier: { type: "enum", values: ["HIGH", "MEDIUM", "LOW"], unsupported: "Segmentflow has no spend prediction: use amount_spent or rfm_group" },
  product_subscription_status: {
    type: "enum",
    values: ["SUBSCRIBED", "UNSUBSCRIBED", "NEVER_SUBSCRIBED"],
    unsupported: "Segmentflow records subscriptions started and cancelled (from subscription-app tags), not Shopify's subscription contract status",
  },
  rfm_group: { type: "enum", values: RFM_GROUPS },
  sms_subscription_status: { type: "enum", values: SMS_STATES },
};

const EVENT_PARAMS: Record<string, ParamSpec> = { id: { type: "id" }, date: { type: "date" }, count: { type: "integer" } };
const EMAIL_PARAMS: Record<string, ParamSpec> = {
  activity_id: { type: "id" },
  date: { type: "date" },
  count: { type: "integer" },
  count_at_least: { type: "integer", legacyOnly: true },
};

export const FUNCTIONS: Record<string, FunctionSpec> = {
  products_purchased: {
    params: {
      id: { type: "id" },
      tag: { type: "string" },
      category: { type: "id" },
      date: { type: "date" },
      count: { type: "integer" },
      sum_quantity: { type: "integer" },
      quantity: { type: "integer" },
    },
  },
  orders_placed: {
    params: {
      date: { type: "date" },
      amount: { type: "float", unsupported: "Segmentflow compares the number of orders or their total (sum_amount), not single order amounts" },
      location_id: { type: "id", unsupported: "Segmentflow does not record where an order was placed" },
      app_id: { type: "id", unsupported: "Segmentflow does not record which app placed an order" },
      count: { type: "integer" },
      sum_amount: { type: "float" },
    },
  },
  "shopify_email.bounced": { params: EMAIL_PARAMS },
  "shopify_email.clicked": { params: EMAIL_PARAMS },
  "shopify_email.delivered": { params: EMAIL_PARAMS },
  "shopify_email.marked_as_spam": { params: EMAIL_PARAMS },
  "shopify_email.opened": { params: EMAIL_PARAMS },
  "shopify_email.unsubscribed": { params: EMAIL_PARAMS },
  "storefront_event.product_viewed": { params: EVENT_PARAMS },
  "storefront_event.collection_viewed": { params: EVENT_PARAMS },
  // the ShopifyQL MATCHES table writes storefront.*, the attribute table storefront_event.*: both are read
  "storefront.product_viewed": { params: EVENT_PARAMS, aliasOf: "storefront_event.product_viewed" },
  "storefront.collection_viewed": { params: EVENT_PARAMS, aliasOf: "storefront_event.collection_viewed" },
  store_credit_accounts: {
    params: { currency: { type: "string" }, balance: { type: "float" }, next_expiry_date: { type: "date" }, last_credit_date: { type: "date" } },
    unsupported: "Segmentflow does not sync store credit",
  },
  customer_within_distance: {
    params: { coordinates: { type: "string" }, distance_km: { type: "float" }, distance_mi: { type: "float" } },
    unsupported: "Segmentflow stores no address coordinates",
  },
};

/** Parameters that are other names of one parameter (each may appear once per MATCHES). */
export const PARAM_ALIASES: Record<string, string> = { quantity: "sum_quantity", count_at_least: "count" };

export const METAFIELD_PREFIX = "customer.metafields.";
export const ANNIVERSARY = "anniversary";

/** Every name the language knows, for "did you mean" hints. */
export const KNOWN_NAMES = [...Object.keys(ATTRIBUTES), ...Object.keys(FUNCTIONS), ANNIVERSARY];

export function closestName(name: string): string | null {
  return closest(name, KNOWN_NAMES);
}

/** The operators a comparison may use on a type (IN / NOT IN only on function parameters). */
export function operatorsFor(type: AttributeType | ParamType, options: { nullable?: boolean; parameter?: boolean } = {}): string[] {
  const ordered = ["=", "!=", ">", ">=", "<", "<=", "between"];
  const base: Record<AttributeType | ParamType, string[]> = {
    date: ordered,
    integer: ordered,
    float: ordered,
    enum: ["=", "!="],
    string: ["=", "!="],
    boolean: ["=", "!="],
    list: ["contains", "not_contains"],
    id: ["=", "!="],
  };
  const list = [...base[type]];
  if (options.parameter && (type === "id" || type === "string")) list.push("in", "not_in");
  if (options.nullable) list.push("is_null", "is_not_null");
  return list;
}

export const OPERATOR_NAMES: Record<string, string> = {
  "=": "=", "!=": "!=", ">": ">", ">=": ">=", "<": "<", "<=": "<=", between: "BETWEEN", contains: "CONTAINS", not_contains: "NOT CONTAINS",
  is_null: "IS NULL", is_not_null: "IS NOT NULL", in: "IN", not_in: "NOT IN",
};
