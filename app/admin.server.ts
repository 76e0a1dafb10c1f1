import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { DEMO_SHOP } from "../db/seed/demo-store";
import { getDb } from "./db.server";
import { getEnv, type AppMode } from "./env.server";
import { ensureShop, findShopByDomain, type Shop } from "./models/shops.server";
import { shoplineAppConfig, shoplineDomain } from "./platforms/shopline/config.server";
import { SESSION_COOKIE, cookieValue, readSession } from "./platforms/shopline/session";
import { shopify } from "./shopify.server";

export type AdminContext = {
  mode: AppMode;
  shop: Shop;
  /** Admin GraphQL client for the shop; null in demo mode (no store behind it) and for SHOPLINE shops. */
  admin: AdminApiContext | null;
};

/**
 * Every admin loader and action starts here. In production it authenticates the embedded request
 * and resolves the shop row: a Shopify session token (token exchange) through the Shopify
 * library, or the SHOPLINE admin session cookie set after a verified entry from the SHOPLINE admin
 * (app/routes/shopline._index.tsx). In demo mode there is no login and the demo store is the shop.
 * Throws Responses (redirects, 401) for Remix to return.
 */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  const env = getEnv();
  const db = getDb();
  if (env.APP_MODE === "demo") {
    const shop = findShopByDomain(db, { platform: DEMO_SHOP.platform, domain: DEMO_SHOP.domain });
    if (!shop) throw new Response("The demo store has not been seeded yet. Restart with `npm run demo`.", { status: 503 });
    return { mode: "demo", shop, admin: null };
  }
  const shoplineShop = shoplineSessionShop(request);
  if (shoplineShop) return { mode: "production", shop: shoplineShop, admin: null };
  const { session, admin } = await shopify().authenticate.admin(request);
  const shop = ensureShop(db, { platform: "shopify", domain: session.shop, now: Date.now() });
  return { mode: "production", shop, admin };
}

const SHOPLINE_SESSION_INVALID =
  "Your SHOPLINE session has expired or is not valid. Open Segmentflow again from your SHOPLINE admin.";

/**
 * The SHOPLINE shop of a request carrying our session cookie, or null when the request is not a
 * SHOPLINE one (no cookie, or it carries Shopify credentials, which take precedence). A cookie
 * that is forged, altered, expired, or names a shop that is gone or uninstalled is a 401.
 */
function shoplineSessionShop(request: Request): Shop | null {
  const cookie = cookieValue(request.headers.get("Cookie"), SESSION_COOKIE);
  if (!cookie) return null;
  const url = new URL(request.url);
  if (request.headers.has("Authorization") || url.searchParams.has("id_token") || url.searchParams.has("shop")) return null;
  const app = shoplineAppConfig(getEnv());
  const session = app ? readSession(app.appSecret, cookie, Date.now()) : null;
  const shop = session ? findShopByDomain(getDb(), { platform: "shopline", domain: shoplineDomain(session.handle) }) : null;
  if (!session || !shop || shop.id !== session.shopId || shop.uninstalledAt !== null) {
    throw new Response(SHOPLINE_SESSION_INVALID, { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return shop;
}
