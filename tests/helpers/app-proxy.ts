import { createHmac } from "node:crypto";

/**
 * What Shopify's app proxy does to a storefront request before forwarding it, written from
 * shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies independently of
 * the library the app verifies with: it adds `shop`, `logged_in_customer_id`, `path_prefix` and
 * `timestamp`, then `signature` = HMAC-SHA256 hex, with the app's secret, of every other parameter
 * sorted by name as `key=value` (repeated values joined by commas), concatenated with no separator.
 */

export type ProxyParams = {
  shop: string;
  secret: string;
  /** Seconds since the epoch (default now; the app refuses more than 90 seconds off). */
  timestamp?: number;
  loggedInCustomerId?: string;
  pathPrefix?: string;
  /** The storefront request's own query, kept (repeated keys allowed). */
  query?: [string, string][];
};

export function appProxySignature(params: [string, string][], secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const message = [...grouped.keys()]
    .sort()
    .map((key) => `${key}=${grouped.get(key)!.join(",")}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The forwarded URL: `base` (the proxy URL plus the rest of the storefront path) with the signed query. */
export function appProxyUrl(base: string, { shop, secret, timestamp = Math.floor(Date.now() / 1000), loggedInCustomerId = "", pathPrefix = "/apps/segmentflow", query = [] }: ProxyParams): string {
  const params: [string, string][] = [...query, ["shop", shop], ["logged_in_customer_id", loggedInCustomerId], ["path_prefix", pathPrefix], ["timestamp", String(timestamp)]];
  const url = new URL(base);
  for (const [key, value] of params) url.searchParams.append(key, value);
  url.searchParams.append("signature", appProxySignature(params, secret));
  return url.toString();
}
