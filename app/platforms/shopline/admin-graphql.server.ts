import { ClientError, GraphQLClient } from "graphql-request";
import pRetry, { AbortError } from "p-retry";
import { z } from "zod";
import { customerProfile, customerUpsert, emailConsentState, graphqlCustomerFields, smsConsentState } from "../customer-profile";
import { idText, isoTime } from "../json";
import { sourceVersion, type ContactUpsert } from "../types";

/**
 * SHOPLINE's GraphQL Admin API (the SHOPLINE of developer.shopline.com, stores at
 * `{handle}.myshopline.com`), for the initial import of a SHOPLINE store into the neutral model.
 *
 * - Endpoint and auth (`POST https://{handle}.myshopline.com/admin/graph/{version}/graphql.json`,
 *   `Authorization: Bearer {token}`):
 *   https://developer.shopline.com/docs/apps/api-instructions-for-use/graph-ql-admin-api/overview
 * - `customers(first, after, reverse, sortKey: CustomerSortKeys, rawQuery)` returning
 *   CustomerConnection { edges nodes pageInfo }:
 *   https://developer.shopline.com/docs/admin-graph-ql-api/customers/queries/customers,
 *   https://developer.shopline.com/docs/admin-graph-ql-api/customers/objects/customer-connection,
 *   https://developer.shopline.com/docs/admin-graph-ql-api/customers/enums/customer-sort-keys
 * - Customer (`email phone tags locale state defaultAddress { countryCodeV2 provinceCode city zip }
 *   emailMarketingConsent / smsMarketingConsent { marketingState consentUpdatedAt }`, ids
 *   `gid://shopline/Customer/…`): https://developer.shopline.com/docs/admin-graph-ql-api/customers/objects/customer,
 *   https://developer.shopline.com/docs/admin-graph-ql-api/customers/objects/customer-email-marketing-consent-state,
 *   https://developer.shopline.com/docs/admin-graph-ql-api/customers/enums/customer-email-marketing-state
 *
 * Orders: the GraphQL Admin reference documents no orders query (orders are in the REST Open API,
 * `/admin/openapi/{version}/orders.json`), so SHOPLINE orders are not imported here.
 */

/** A stable version at the time of writing (quarterly `vYYYYMMDD`). */
export const SHOPLINE_API_VERSION = "v20251201";

export function shoplineGraphqlUrl(handle: string, { version = SHOPLINE_API_VERSION, origin }: { version?: string; origin?: string } = {}): string {
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(handle)) throw new Error(`Not a SHOPLINE store handle: ${JSON.stringify(handle)}`);
  const base = (origin ?? `https://${handle}.myshopline.com`).replace(/\/+$/, "");
  return `${base}/admin/graph/${version}/graphql.json`;
}

export type ShoplineApi = { handle: string; request<T>(document: string, variables?: Record<string, unknown>): Promise<T> };

/**
 * The token comes from the SHOPLINE install (`shopline_tokens`). Given as a function it is read
 * again for every request, so a long import uses the token the refresh job renewed meanwhile.
 * 429, 5xx and network failures are retried.
 */
export function createShoplineAdminGraphql({
  handle,
  token,
  version,
  origin,
  retries = 5,
  minTimeoutMs = 1_000,
}: { handle: string; token: string | (() => string); version?: string; origin?: string; retries?: number; minTimeoutMs?: number }): ShoplineApi {
  const client = new GraphQLClient(shoplineGraphqlUrl(handle, { version, origin }));
  const currentToken = typeof token === "function" ? token : () => token;
  return {
    handle,
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      try {
        return await pRetry(
          async () => {
            try {
              return await client.request<T>({ document, variables, requestHeaders: { Authorization: `Bearer ${currentToken()}` } });
            } catch (error) {
              const status = error instanceof ClientError ? error.response.status : 0;
              if (error instanceof ClientError && status !== 429 && status < 500) throw new AbortError(error);
              throw error;
            }
          },
          { retries, minTimeout: minTimeoutMs, factor: 2 },
        );
      } catch (error) {
        if (error instanceof ClientError) {
          // SHOPLINE answers some failures with `{"errors": "text"}` rather than a GraphQL error list
          const errors: unknown = error.response.errors;
          const messages = Array.isArray(errors) ? errors.map((e: { message?: string }) => e.message).join("; ") : typeof errors === "string" ? errors : "";
          const hint = error.response.status === 401 ? " (the access token is invalid or expired)" : "";
          throw new Error(`SHOPLINE Admin API (${handle}) failed: HTTP ${error.response.status}${hint}${messages ? `: ${messages}` : ""}`);
        }
        throw new Error(`SHOPLINE Admin API (${handle}) could not be reached: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

const CUSTOMER_NODE_FIELDS = `id locale state firstName lastName email phone createdAt updatedAt note tags
      defaultAddress { city countryCodeV2 provinceCode zip }
      emailMarketingConsent { consentUpdatedAt marketingState }
      smsMarketingConsent { consentUpdatedAt marketingState }`;

export const SHOPLINE_CUSTOMERS_QUERY = `query Customers($first: Int!, $after: String) {
  customers(first: $first, after: $after, sortKey: UPDATE_TIME) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ${CUSTOMER_NODE_FIELDS}
    }
  }
}`;

/**
 * The same customers, most recently updated first (`reverse: true` on `sortKey: UPDATE_TIME`), for
 * reconciliation: the documented `rawQuery` is only described as "crowd screening conditions, json
 * string", with no documented updated-since term, so the sweep reads newest first and stops at the
 * watermark instead (app/sync/shopline-reconcile.server.ts).
 */
export const SHOPLINE_RECENT_CUSTOMERS_QUERY = `query RecentCustomers($first: Int!, $after: String) {
  customers(first: $first, after: $after, sortKey: UPDATE_TIME, reverse: true) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ${CUSTOMER_NODE_FIELDS}
    }
  }
}`;

const consent = z.object({ consentUpdatedAt: z.string().nullish(), marketingState: z.string().nullish() }).nullish();
export const ShoplineCustomerSchema = z.object({
  id: z.string(),
  locale: z.string().nullish(),
  state: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  note: z.string().nullish(),
  tags: z.union([z.array(z.string()), z.string()]).nullish(),
  defaultAddress: z.object({ city: z.string().nullish(), countryCodeV2: z.string().nullish(), provinceCode: z.string().nullish(), zip: z.string().nullish() }).nullish(),
  emailMarketingConsent: consent,
  smsMarketingConsent: consent,
});
export type ShoplineCustomer = z.infer<typeof ShoplineCustomerSchema>;

export function shoplineCustomerUpsert(node: ShoplineCustomer, fallbackTime: number): ContactUpsert {
  const updatedAt = isoTime(node.updatedAt) ?? fallbackTime;
  const profile = customerProfile(graphqlCustomerFields(node, { email: node.email, phone: node.phone }));
  const email = node.emailMarketingConsent?.marketingState;
  const sms = node.smsMarketingConsent?.marketingState;
  return customerUpsert(idText(node.id)!, sourceVersion(updatedAt, null), profile, {
    tags: node.tags,
    emailConsent: email ? { state: emailConsentState(email), optInLevel: null, consentAt: isoTime(node.emailMarketingConsent?.consentUpdatedAt) } : undefined,
    smsConsent: sms ? { state: smsConsentState(sms), consentAt: isoTime(node.smsMarketingConsent?.consentUpdatedAt) } : undefined,
  });
}
