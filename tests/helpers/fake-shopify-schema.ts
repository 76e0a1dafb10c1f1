import { GraphQLError, TypeInfo, buildSchema, getNamedType, isListType, isNonNullType, isObjectType, visit, visitWithTypeInfo, type DocumentNode, type GraphQLType } from "graphql";

/**
 * The slice of the Shopify Admin GraphQL schema (2026-10) the app uses, written from the reference
 * on shopify.dev (Shop, Customer, Order, LineItem, Refund, BulkOperation, WebPixel and the queries
 * and mutations that return them, flowTriggerReceive, and the customer writes: customerCreate,
 * tagsAdd and the two marketing-consent updates). The fake validates every document against it, so a misspelt
 * field or a wrong argument fails a test the way it would fail against Shopify.
 */
export const SHOPIFY_SDL = /* GraphQL */ `
  scalar DateTime
  scalar URL
  scalar JSON
  scalar Decimal
  scalar UnsignedInt64

  interface Node { id: ID! }

  enum CustomerSortKeys { CREATED_AT ID LOCATION NAME RELEVANCE UPDATED_AT }
  enum OrderSortKeys { CREATED_AT CUSTOMER_NAME ID NUMBER PROCESSED_AT RELEVANCE TOTAL_PRICE UPDATED_AT }
  enum BulkOperationType { QUERY MUTATION }
  enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
  enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
  enum BulkOperationUserErrorCode { INVALID LIMIT_REACHED OPERATION_IN_PROGRESS }
  enum CustomerState { DECLINED DISABLED ENABLED INVITED }
  enum CustomerEmailAddressMarketingState { INVALID NOT_SUBSCRIBED PENDING SUBSCRIBED UNSUBSCRIBED }
  enum CustomerMarketingOptInLevel { CONFIRMED_OPT_IN SINGLE_OPT_IN UNKNOWN }
  enum CustomerSmsMarketingState { NOT_SUBSCRIBED PENDING REDACTED SUBSCRIBED UNSUBSCRIBED }
  enum ErrorsWebPixelUserErrorCode { BLANK INVALID_CONFIGURATION_JSON INVALID_SETTINGS NOT_FOUND NO_EXTENSION TAKEN UNEXPECTED_ERROR }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
  type ShopPlan { publicDisplayName: String! partnerDevelopment: Boolean! shopifyPlus: Boolean! }
  type Shop implements Node { id: ID! name: String! email: String! ianaTimezone: String! currencyCode: String! plan: ShopPlan! }

  type Metafield { value: String! }
  type CustomerEmailAddress { emailAddress: String marketingState: CustomerEmailAddressMarketingState! marketingOptInLevel: CustomerMarketingOptInLevel marketingUpdatedAt: DateTime }
  type CustomerPhoneNumber { phoneNumber: String! marketingState: CustomerSmsMarketingState! marketingUpdatedAt: DateTime }
  type MailingAddress { countryCodeV2: String provinceCode: String city: String zip: String }
  type Customer implements Node {
    id: ID! firstName: String lastName: String state: CustomerState! tags: [String!]! locale: String! note: String
    createdAt: DateTime! updatedAt: DateTime!
    defaultEmailAddress: CustomerEmailAddress defaultPhoneNumber: CustomerPhoneNumber defaultAddress: MailingAddress
    metafield(namespace: String, key: String!): Metafield
    companyContactProfiles: [CompanyContact!]!
  }
  type Company implements Node { id: ID! name: String! }
  type CompanyContact implements Node { id: ID! company: Company! }
  type CustomerEdge { cursor: String! node: Customer! }
  type CustomerConnection { edges: [CustomerEdge!]! nodes: [Customer!]! pageInfo: PageInfo! }

  type MoneyV2 { amount: Decimal! currencyCode: String! }
  type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }
  type Product implements Node { id: ID! productType: String! tags: [String!]! }
  type ProductVariant implements Node { id: ID! }
  type LineItem implements Node {
    id: ID! title: String! quantity: Int! originalUnitPriceSet: MoneyBag! discountedTotalSet: MoneyBag!
    product: Product variant: ProductVariant
  }
  type LineItemEdge { cursor: String! node: LineItem! }
  type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }
  type RefundLineItem { quantity: Int! lineItem: LineItem! }
  type RefundLineItemEdge { cursor: String! node: RefundLineItem! }
  type RefundLineItemConnection { edges: [RefundLineItemEdge!]! nodes: [RefundLineItem!]! pageInfo: PageInfo! }
  type Refund implements Node {
    id: ID! createdAt: DateTime totalRefundedSet: MoneyBag!
    refundLineItems(first: Int, after: String): RefundLineItemConnection!
  }
  enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
  enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT RESTOCKED SCHEDULED UNFULFILLED }
  type Order implements Node {
    id: ID! name: String! email: String createdAt: DateTime! updatedAt: DateTime! processedAt: DateTime! cancelledAt: DateTime
    displayFinancialStatus: OrderDisplayFinancialStatus displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    discountCodes: [String!]!
    totalPriceSet: MoneyBag! subtotalPriceSet: MoneyBag totalDiscountsSet: MoneyBag
    customer: Customer
    refunds(first: Int): [Refund!]!
    lineItems(first: Int, after: String): LineItemConnection!
  }
  type OrderEdge { cursor: String! node: Order! }
  type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

  type BulkOperation implements Node {
    id: ID! status: BulkOperationStatus! errorCode: BulkOperationErrorCode type: BulkOperationType! query: String!
    objectCount: UnsignedInt64! rootObjectCount: UnsignedInt64! fileSize: UnsignedInt64
    url: URL partialDataUrl: URL createdAt: DateTime! completedAt: DateTime
  }
  type BulkOperationUserError { field: [String!] message: String! code: BulkOperationUserErrorCode }
  type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }

  type WebPixel implements Node { id: ID! settings: JSON! }
  type ErrorsWebPixelUserError { field: [String!] message: String! code: ErrorsWebPixelUserErrorCode }
  type WebPixelCreatePayload { webPixel: WebPixel userErrors: [ErrorsWebPixelUserError!]! }
  type WebPixelUpdatePayload { webPixel: WebPixel userErrors: [ErrorsWebPixelUserError!]! }
  input WebPixelInput { settings: JSON! }

  type UserError { field: [String!] message: String! }
  type FlowTriggerReceivePayload { userErrors: [UserError!]! }

  enum CustomerEmailMarketingState { INVALID NOT_SUBSCRIBED PENDING REDACTED SUBSCRIBED UNSUBSCRIBED }
  input CustomerEmailMarketingConsentInput { marketingOptInLevel: CustomerMarketingOptInLevel marketingState: CustomerEmailMarketingState! consentUpdatedAt: DateTime sourceLocationId: ID }
  input CustomerSmsMarketingConsentInput { marketingOptInLevel: CustomerMarketingOptInLevel marketingState: CustomerSmsMarketingState! consentUpdatedAt: DateTime sourceLocationId: ID }
  input CustomerEmailMarketingConsentUpdateInput { customerId: ID! emailMarketingConsent: CustomerEmailMarketingConsentInput! }
  input CustomerSmsMarketingConsentUpdateInput { customerId: ID! smsMarketingConsent: CustomerSmsMarketingConsentInput! }
  input CustomerInput {
    id: ID email: String phone: String firstName: String lastName: String locale: String note: String tags: [String!] taxExempt: Boolean
    emailMarketingConsent: CustomerEmailMarketingConsentInput smsMarketingConsent: CustomerSmsMarketingConsentInput
  }
  type CustomerCreatePayload { customer: Customer userErrors: [UserError!]! }
  type TagsAddPayload { node: Node userErrors: [UserError!]! }
  type CustomerEmailMarketingConsentUpdateUserError { field: [String!] message: String! code: String }
  type CustomerSmsMarketingConsentError { field: [String!] message: String! code: String }
  type CustomerEmailMarketingConsentUpdatePayload { customer: Customer userErrors: [CustomerEmailMarketingConsentUpdateUserError!]! }
  type CustomerSmsMarketingConsentUpdatePayload { customer: Customer userErrors: [CustomerSmsMarketingConsentError!]! }

  type Query {
    shop: Shop!
    customers(first: Int, after: String, last: Int, before: String, query: String, sortKey: CustomerSortKeys, reverse: Boolean): CustomerConnection!
    orders(first: Int, after: String, last: Int, before: String, query: String, sortKey: OrderSortKeys, reverse: Boolean): OrderConnection!
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
    currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
    webPixel(id: ID): WebPixel
  }
  type Mutation {
    bulkOperationRunQuery(query: String!, groupObjects: Boolean! = false): BulkOperationRunQueryPayload
    webPixelCreate(webPixel: WebPixelInput!): WebPixelCreatePayload
    webPixelUpdate(id: ID!, webPixel: WebPixelInput!): WebPixelUpdatePayload
    flowTriggerReceive(body: String, handle: String, payload: JSON): FlowTriggerReceivePayload
    customerCreate(input: CustomerInput!): CustomerCreatePayload
    tagsAdd(id: ID!, tags: [String!]!): TagsAddPayload
    customerEmailMarketingConsentUpdate(input: CustomerEmailMarketingConsentUpdateInput!): CustomerEmailMarketingConsentUpdatePayload
    customerSmsMarketingConsentUpdate(input: CustomerSmsMarketingConsentUpdateInput!): CustomerSmsMarketingConsentUpdatePayload
  }
`;

export const shopifySchema = buildSchema(SHOPIFY_SDL);

/** Where a resolver runs: a bulk export reads whole connections, a normal request must page. */
export type ResolveContext = { bulk: boolean };

/** Shopify's cursor pagination over an already filtered and sorted list. */
export function connection<T>(items: T[], args: { first?: number | null; after?: string | null; last?: number | null }, ctx: ResolveContext, toNode: (item: T) => object) {
  if (!ctx.bulk) {
    if (args.first == null && args.last == null) throw new GraphQLError("you must provide one of first or last");
    if ((args.first ?? 0) > 250) throw new GraphQLError("The page size exceeds the maximum of 250");
  }
  const start = args.after ? Number(Buffer.from(args.after, "base64url").toString()) + 1 : 0;
  const end = ctx.bulk || args.first == null ? items.length : Math.min(items.length, start + args.first);
  const edges = items.slice(start, end).map((item, i) => ({ cursor: Buffer.from(String(start + i)).toString("base64url"), node: toNode(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: end < items.length, hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/** `updated_at:>'2026-11-28T12:00:00.000Z'` (Shopify search syntax), the only filter the app sends. */
export function updatedAfter(query: string | null | undefined): ((updatedAt: string) => boolean) | null {
  if (!query) return null;
  const match = /^updated_at:(>=|>)'([^']+)'$/.exec(query.trim());
  if (!match) throw new GraphQLError(`The fake Admin API does not understand the search query ${JSON.stringify(query)}`);
  const since = Date.parse(match[2]);
  if (Number.isNaN(since)) throw new GraphQLError(`Invalid date in search query ${JSON.stringify(query)}`);
  return (updatedAt) => (match[1] === ">" ? Date.parse(updatedAt) > since : Date.parse(updatedAt) >= since);
}

const isConnection = (type: GraphQLType) => getNamedType(type).name.endsWith("Connection");
const isList = (type: GraphQLType) => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * Shopify's bulk query rules (shopify.dev/docs/api/usage/bulk-operations/queries): at least one
 * connection, at most five, nested at most two deep, no connection inside a list field, and no
 * top-level `node`/`nodes`. Returns the refusal message, or null when the query is acceptable.
 */
export function bulkQueryProblem(document: DocumentNode): string | null {
  const typeInfo = new TypeInfo(shopifySchema);
  let connections = 0;
  let problem: string | null = null;
  const stack: { connection: boolean; list: boolean }[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const type = typeInfo.getType();
          const parent = typeInfo.getParentType();
          const connection = type ? isConnection(type) : false;
          // a connection's own edges/nodes lists are not "list fields"; an object list like Order.refunds is
          const plumbing = parent ? parent.name.endsWith("Connection") : false;
          const list = Boolean(type && !connection && !plumbing && isList(type) && isObjectType(getNamedType(type)));
          if (stack.length === 0 && (node.name.value === "node" || node.name.value === "nodes")) problem ??= "Bulk queries cannot use the top-level node or nodes fields.";
          if (connection) {
            connections++;
            if (stack.some((s) => s.list)) problem ??= "Queries that contain a connection field within a list field are not currently supported.";
            if (stack.filter((s) => s.connection).length >= 2) problem ??= "Bulk queries cannot contain connections nested more than 2 levels deep.";
          }
          stack.push({ connection, list });
        },
        leave() {
          stack.pop();
        },
      },
    }),
  );
  if (connections === 0) problem ??= "Bulk queries must contain at least one connection.";
  if (connections > 5) problem ??= "Bulk queries cannot contain more than 5 connections.";
  return problem;
}

/**
 * A bulk query's result as Shopify writes it to JSONL: one line per node, nested connection nodes
 * on their own lines with `__parentId`. Grouped output puts a node's children right after it;
 * ungrouped output (the default since 2026-01) puts them after all the parents.
 */
export function bulkRows(data: Record<string, unknown>, groupObjects: boolean): { rows: Record<string, unknown>[]; roots: number } {
  const root = Object.values(data)[0] as { edges: { node: Record<string, unknown> }[] };
  const parents: Record<string, unknown>[] = [];
  const children: Record<string, unknown>[] = [];
  const emit = (node: Record<string, unknown>, parentId: string | null, into: Record<string, unknown>[]) => {
    const row: Record<string, unknown> = {};
    const nested: Record<string, unknown>[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === "object" && !Array.isArray(value) && "edges" in value) nested.push(...(value as { edges: { node: Record<string, unknown> }[] }).edges.map((e) => e.node));
      else row[key] = value;
    }
    if (parentId) row.__parentId = parentId;
    into.push(row);
    for (const child of nested) emit(child, String(node.id), groupObjects ? into : children);
  };
  for (const edge of root.edges) emit(edge.node, null, parents);
  return { rows: [...parents, ...children], roots: root.edges.length };
}

/** The fake store's data, in the shape tests write it (amounts as decimal strings, ids as Shopify's numeric text). */
export type FakeCustomer = {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  state?: "ENABLED" | "DISABLED" | "INVITED" | "DECLINED";
  tags?: string[];
  /** B2B: the company contacts of the customer. */
  companies?: { contactId: string; companyId: string; name: string }[];
  locale?: string;
  note?: string | null;
  createdAt: string;
  updatedAt: string;
  emailMarketingState?: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING" | "INVALID";
  emailOptInLevel?: "SINGLE_OPT_IN" | "CONFIRMED_OPT_IN" | "UNKNOWN" | null;
  emailConsentUpdatedAt?: string | null;
  smsMarketingState?: "SUBSCRIBED" | "NOT_SUBSCRIBED" | "UNSUBSCRIBED" | "PENDING" | "REDACTED";
  address?: { countryCode?: string | null; provinceCode?: string | null; city?: string | null; zip?: string | null } | null;
  /** `namespace.key` → value. */
  metafields?: Record<string, string>;
};
export type FakeLine = { id: string; title: string; quantity: number; price: string; discountedTotal?: string; productId?: string | null; productType?: string; productTags?: string[]; variantId?: string | null };
export type FakeRefund = { id: string; createdAt: string; amount: string; lines: { lineItemId: string; quantity: number }[] };
export type FakeOrder = {
  id: string;
  name: string;
  customerId: string | null;
  email?: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt?: string;
  cancelledAt?: string | null;
  financialStatus?: string;
  fulfillmentStatus?: string;
  discountCodes?: string[];
  currency?: string;
  total: string;
  subtotal?: string;
  discounts?: string;
  lines: FakeLine[];
  refunds?: FakeRefund[];
};

/** A JSON-scalar settings value checked against the pixel extension's definition (`accountID`, text, at least 1 character). */
export function pixelSettings(value: unknown): string | { field: string[]; message: string; code: string } {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return { field: ["webPixel", "settings"], message: "Settings is not valid JSON.", code: "INVALID_CONFIGURATION_JSON" };
    }
  }
  const keys = parsed && typeof parsed === "object" ? Object.keys(parsed) : [];
  const accountID = (parsed as { accountID?: unknown } | null)?.accountID;
  if (keys.length !== 1 || typeof accountID !== "string" || accountID.length < 1) {
    return { field: ["webPixel", "settings"], message: "Settings do not match the extension's settings definition.", code: "INVALID_SETTINGS" };
  }
  return JSON.stringify(parsed);
}

/** A store customer with sensible defaults (ids are Shopify's 18-digit numbers, as text). */
export function fakeCustomer(id: string, overrides: Partial<FakeCustomer> = {}): FakeCustomer {
  return { id, firstName: "Test", lastName: `Customer ${id.slice(-4)}`, email: `c${id.slice(-6)}@example.com`, createdAt: "2024-01-01T10:00:00Z", updatedAt: "2024-01-01T10:00:00Z", ...overrides };
}

/** A paid order of `lines` (price × quantity each); the total is their sum. */
export function fakeOrder(id: string, customerId: string | null, lines: FakeLine[], overrides: Partial<FakeOrder> = {}): FakeOrder {
  const total = lines.reduce((sum, l) => sum + Number(l.price) * l.quantity, 0).toFixed(2);
  return { id, name: `#${id.slice(-4)}`, customerId, createdAt: "2024-02-01T10:00:00Z", updatedAt: "2024-02-01T10:00:00Z", total, lines, ...overrides };
}
