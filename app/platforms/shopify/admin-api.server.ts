import { ClientError, GraphQLClient } from "graphql-request";
import pRetry, { AbortError } from "p-retry";
import type { Db } from "../../../db/client.server";
import { logger } from "../../logger.server";

/**
 * A shop's Admin GraphQL API for background work (backfill, reconciliation, install), through
 * graphql-request with the shop's offline access token from the `sessions` table.
 *
 * Throttling (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): a throttled
 * request answers `errors[].extensions.code = "THROTTLED"` (HTTP 200, some proxies 429) with
 * `extensions.cost.throttleStatus { currentlyAvailable restoreRate }`; it is retried after the
 * bucket has refilled enough. 5xx and network failures are retried with exponential backoff;
 * 401/403 and GraphQL errors are not (they will not heal by waiting).
 */

/** Must equal SHOPIFY_API_VERSION in app/shopify.server.ts and `[webhooks] api_version` (a test checks it). */
export const ADMIN_API_VERSION = "2026-10";

export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly details: { shop: string; status?: number; codes?: string[] } = { shop: "" },
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/** No offline session for the shop: the app is not installed (or was uninstalled). */
export class MissingSessionError extends AdminApiError {
  constructor(shop: string) {
    super(`No offline session for ${shop}: the app is not installed there (or was uninstalled), so its Admin API cannot be called.`, { shop });
    this.name = "MissingSessionError";
  }
}

export type AdminApi = {
  shop: string;
  /** Runs a query or mutation; throws AdminApiError with a readable message. */
  request<T>(document: string, variables?: Record<string, unknown>): Promise<T>;
};

export type AdminApiOptions = {
  /** Where the Admin API is reached; default `SHOPIFY_ADMIN_API_ORIGIN`, else https://{shop}. */
  origin?: string;
  /** A token to use instead of the stored offline session's (the install hook has a fresh one). */
  accessToken?: string;
  /**
   * Renews the stored offline session when its token expires within 5 minutes (expiring offline
   * tokens last an hour) and returns the new token; without it the stored token is sent as it is.
   */
  refreshOfflineToken?: (shop: string) => Promise<string>;
  /** Retries after the first attempt (default 6). */
  retries?: number;
  /** First backoff (default 1 s), doubled each retry. */
  minTimeoutMs?: number;
  /** Longest wait for a throttled bucket to refill (default 20 s). */
  maxThrottleWaitMs?: number;
  fetch?: typeof fetch;
};

export function adminApiUrl(shop: string, origin?: string): string {
  const base = (origin ?? process.env.SHOPIFY_ADMIN_API_ORIGIN ?? `https://${shop}`).replace(/\/+$/, "");
  return `${base}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
}

type OfflineSession = { accessToken: string; expires: string | null; refreshToken: string | null };

function offlineSession(db: Db, shop: string): OfflineSession {
  const row = db.$client
    .prepare(`SELECT accessToken, expires, refreshToken FROM sessions WHERE shop = ? AND isOnline = 0 ORDER BY (id = 'offline_' || shop) DESC LIMIT 1`)
    .get(shop) as OfflineSession | undefined;
  if (!row?.accessToken) throw new MissingSessionError(shop);
  return row;
}

/** The shop's offline access token (session id `offline_{shop}`, the library's convention). */
export function offlineAccessToken(db: Db, shop: string): string {
  return offlineSession(db, shop).accessToken;
}

/** Renew a token this close to its expiry (the library's own margin). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

async function usableToken(db: Db, shop: string, options: AdminApiOptions): Promise<string> {
  if (options.accessToken) return options.accessToken;
  const session = offlineSession(db, shop);
  const expiresAt = session.expires ? Date.parse(session.expires) : Number.NaN;
  if (options.refreshOfflineToken && session.refreshToken && expiresAt - Date.now() < TOKEN_REFRESH_MARGIN_MS) return options.refreshOfflineToken(shop);
  return session.accessToken;
}

type GraphQLErrorLike = { message?: string; extensions?: { code?: string } };
type Throttle = { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable?: number; restoreRate?: number } };

/** The response's GraphQL errors (a REST-style `{"errors": "text"}` body has none). */
function graphqlErrors(error: ClientError): GraphQLErrorLike[] {
  const errors: unknown = error.response.errors;
  return Array.isArray(errors) ? (errors as GraphQLErrorLike[]) : [];
}

function errorCodes(error: ClientError): string[] {
  return graphqlErrors(error).map((e) => e.extensions?.code ?? "").filter(Boolean);
}

export function isThrottled(error: unknown): boolean {
  if (!(error instanceof ClientError)) return false;
  return error.response.status === 429 || errorCodes(error).includes("THROTTLED") || /throttled/i.test(graphqlErrors(error)[0]?.message ?? "");
}

/** How long until the bucket holds what the query asked for (from the response's cost extension). */
export function throttleWaitMs(error: ClientError, cap: number): number {
  const cost = (error.response.extensions as { cost?: Throttle } | undefined)?.cost;
  const requested = cost?.requestedQueryCost ?? 0;
  const available = cost?.throttleStatus?.currentlyAvailable ?? 0;
  const rate = cost?.throttleStatus?.restoreRate ?? 0;
  if (rate <= 0 || requested <= available) return 0;
  return Math.min(cap, Math.ceil(((requested - available) / rate) * 1000));
}

function describe(shop: string, error: unknown): AdminApiError {
  if (error instanceof AdminApiError) return error;
  if (error instanceof ClientError) {
    const status = error.response.status;
    const codes = errorCodes(error);
    const messages = graphqlErrors(error).map((e) => e.message).filter(Boolean);
    if (status === 401) {
      return new AdminApiError(`Shopify Admin API (${shop}) rejected the access token (401): the offline session is expired or revoked; the merchant must open the app again.`, { shop, status, codes });
    }
    if (status === 403) {
      return new AdminApiError(`Shopify Admin API (${shop}) refused the request (403): a required access scope is missing. ${messages.join("; ")}`.trim(), { shop, status, codes });
    }
    const what = messages.length > 0 ? messages.slice(0, 3).join("; ") : `HTTP ${status}`;
    return new AdminApiError(`Shopify Admin API (${shop}) failed: ${what}`, { shop, status, codes });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AdminApiError(`Shopify Admin API (${shop}) could not be reached: ${message}`, { shop });
}

function retryable(error: unknown): boolean {
  if (isThrottled(error)) return true;
  if (error instanceof ClientError) return error.response.status >= 500;
  // network failures (fetch throws TypeError) and malformed bodies from a failing proxy
  return true;
}

export function createShopifyAdminApi(db: Db, { shop, ...options }: AdminApiOptions & { shop: string }): AdminApi {
  const client = new GraphQLClient(adminApiUrl(shop, options.origin), options.fetch ? { fetch: options.fetch } : {});
  const cap = options.maxThrottleWaitMs ?? 20_000;
  return {
    shop,
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      try {
        return await pRetry(
          async () => {
            try {
              const token = await usableToken(db, shop, options);
              return await client.request<T>(document, variables, { "X-Shopify-Access-Token": token });
            } catch (error) {
              if (error instanceof MissingSessionError || !retryable(error)) throw new AbortError(describe(shop, error));
              throw error;
            }
          },
          {
            retries: options.retries ?? 6,
            minTimeout: options.minTimeoutMs ?? 1_000,
            factor: 2,
            randomize: true,
            onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
              const wait = error instanceof ClientError && isThrottled(error) ? throttleWaitMs(error, cap) : 0;
              logger.debug({ shop, attemptNumber, retriesLeft, throttled: isThrottled(error), wait }, "admin api attempt failed");
              if (wait > 0 && retriesLeft > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            },
          },
        );
      } catch (error) {
        throw describe(shop, error);
      }
    },
  };
}

/** A mutation's `userErrors` as one readable error (callers decide which codes are fine). */
export type UserError = { field?: string[] | null; message: string; code?: string | null };
export function userErrorMessage(shop: string, what: string, errors: UserError[]): string {
  return `Shopify Admin API (${shop}) ${what}: ${errors.map((e) => `${e.field?.length ? `${e.field.join(".")}: ` : ""}${e.message}${e.code ? ` (${e.code})` : ""}`).join("; ")}`;
}
