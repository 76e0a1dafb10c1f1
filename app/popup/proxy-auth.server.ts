import { shopify } from "../shopify.server";

/**
 * Shopify's app proxy signs every request it forwards: the query carries `shop`,
 * `logged_in_customer_id`, `path_prefix`, `timestamp` and `signature`, the HMAC-SHA256 (hex, with
 * the app's secret) of the other parameters sorted by name, each `key=value` (several values joined
 * by commas), concatenated with no separator
 * (https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies).
 *
 * `authenticate.public.appProxy` of @shopify/shopify-app-remix 6 checks it, and also refuses a
 * timestamp more than 90 seconds from now (a replay), throwing a 400 Response for any failure,
 * a missing signature included. We answer those 401 like every other bad signature in the app. In
 * demo mode the app's secret is the demo secret (app/shopify.server.ts).
 *
 * Returns the signed shop domain, or null when the signature does not hold.
 */
export async function verifyAppProxy(request: Request): Promise<string | null> {
  try {
    await shopify().authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response && error.status === 400) return null;
    throw error;
  }
  return new URL(request.url).searchParams.get("shop");
}
