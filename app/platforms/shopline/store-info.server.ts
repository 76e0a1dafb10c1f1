import { z } from "zod";
import { SHOPLINE_API_VERSION } from "./admin-graphql.server";
import { shoplineBaseUrl } from "./oauth.server";

/**
 * A SHOPLINE store's own facts (name, contact email, IANA time zone, currency), read at install
 * from the Admin REST API "Query store information"
 * (developer.shopline.com/docs/admin-rest-api/store/query-store-information; the official Go SDK
 * shoplineos/shopline-sdk-go rest/admin/v20260301/store/query_store_information.go):
 *
 * - `GET https://{handle}.myshopline.com/admin/openapi/{version}/merchants/shop.json`, headers
 *   `Content-Type: application/json; charset=utf-8` and `Authorization: Bearer {token}`; scope
 *   `read_store_information`; answers 200, 401 or 429.
 * - `{ data: { id, name, domain, currency, iana_timezone, email, customer_email, language,
 *   location_country_code, biz_store_status, created_at, updated_at, … } }`. `email` is the
 *   merchant's address for SHOPLINE (Shopify's `shop.email`), `customer_email` the one customers see.
 *
 * The SDK's older `Store` struct names the zone `timezone`; it is read when `iana_timezone` is
 * missing. Everything is optional here: what is missing keeps the shop's current value.
 */

/** The store fields we keep, as both the API's `data` and the merchants/update webhook carry them. */
export const StoreFieldsSchema = z.object({
  name: z.string().nullish(),
  email: z.string().nullish(),
  customer_email: z.string().nullish(),
  iana_timezone: z.string().nullish(),
  timezone: z.string().nullish(),
  currency: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export const StoreInfoSchema = z.object({ data: StoreFieldsSchema });

/** The shop facts in the shape the Shopify install saves them (app/sync/install.server.ts). */
export type StoreFacts = { name: string | null; email: string | null; ianaTimezone: string | null; currencyCode: string | null; plan: null };

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** Pure: the answer's body → shop facts; an answer without `data` is an error naming it. */
export function storeFacts(body: unknown): StoreFacts {
  const parsed = StoreInfoSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`SHOPLINE store information is not readable: ${issue.path.map(String).join(".") || "body"}: ${issue.message}`);
  }
  return storeFieldsFacts(parsed.data.data);
}

/** Pure: the store's fields → shop facts (blank values are missing ones). */
export function storeFieldsFacts(data: z.infer<typeof StoreFieldsSchema>): StoreFacts {
  const currency = blankToNull(data.currency)?.toUpperCase() ?? null;
  return {
    name: blankToNull(data.name),
    email: blankToNull(data.email) ?? blankToNull(data.customer_email),
    ianaTimezone: blankToNull(data.iana_timezone) ?? blankToNull(data.timezone),
    currencyCode: currency && /^[A-Z]{3}$/.test(currency) ? currency : null,
    plan: null,
  };
}

/** Reads the store's information with its access token. Throws naming the HTTP status on failure. */
export async function fetchShoplineStoreFacts({
  handle,
  accessToken,
  origin,
  version = SHOPLINE_API_VERSION,
  fetchImpl = fetch,
}: {
  handle: string;
  accessToken: string;
  origin?: string;
  version?: string;
  fetchImpl?: typeof fetch;
}): Promise<StoreFacts> {
  const url = `${shoplineBaseUrl(handle, origin)}/admin/openapi/${version}/merchants/shop.json`;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      headers: { "Content-Type": "application/json; charset=utf-8", Authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new Error(`SHOPLINE (${handle}) could not be reached for the store information: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await response.text();
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? " (is the read_store_information scope granted?)" : "";
    throw new Error(`SHOPLINE (${handle}) did not return the store information: HTTP ${response.status}${hint}${text ? `: ${text.slice(0, 200)}` : ""}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`SHOPLINE (${handle}) answered the store information with something that is not JSON`);
  }
  return storeFacts(body);
}
