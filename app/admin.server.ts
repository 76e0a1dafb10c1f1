import type { AdminApiContext } from "@shopify/shopify-app-remix/server";
import { DEMO_SHOP } from "../db/seed/demo-store";
import { getDb } from "./db.server";
import { getEnv, type AppMode } from "./env.server";
import { ensureShop, findShopByDomain, type Shop } from "./models/shops.server";
import { shopify } from "./shopify.server";

export type AdminContext = {
  mode: AppMode;
  shop: Shop;
  /** Admin GraphQL client for the shop; null in demo mode (no store behind it). */
  admin: AdminApiContext | null;
};

/**
 * Every admin loader and action starts here. In production it authenticates the embedded request
 * (session token, token exchange) and resolves the shop row; in demo mode there is no login and the
 * demo store is the shop. Throws the library's Responses (redirects, 401) for Remix to return.
 */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  const env = getEnv();
  const db = getDb();
  if (env.APP_MODE === "demo") {
    const shop = findShopByDomain(db, { platform: DEMO_SHOP.platform, domain: DEMO_SHOP.domain });
    if (!shop) throw new Response("The demo store has not been seeded yet. Restart with `npm run demo`.", { status: 503 });
    return { mode: "demo", shop, admin: null };
  }
  const { session, admin } = await shopify().authenticate.admin(request);
  const shop = ensureShop(db, { platform: "shopify", domain: session.shop, now: Date.now() });
  return { mode: "production", shop, admin };
}
