import type { Db } from "../../db/client.server";
import { getEnv } from "../env.server";
import { createShoplineAdminGraphql, type ShoplineApi } from "../platforms/shopline/admin-graphql.server";
import { shoplineAppConfig } from "../platforms/shopline/config.server";
import { shoplineToken } from "../sync/shopline-tokens.server";
import { MissingSessionError, createShopifyAdminApi, type AdminApi } from "../platforms/shopify/admin-api.server";
import { shopify } from "../shopify.server";

/**
 * Expiring offline tokens last an hour; an import or a reconciliation outlives that. The library
 * renews the stored session (refresh token) exactly as it does when the merchant opens the app.
 */
async function refreshOfflineToken(shop: string): Promise<string> {
  const { session } = await shopify().unauthenticated.admin(shop);
  if (!session.accessToken) throw new MissingSessionError(shop);
  return session.accessToken;
}

/** The Admin API of a Shopify store by domain, with its offline token renewed when needed. */
export function offlineAdminApi(db: Db, shop: string): AdminApi {
  return createShopifyAdminApi(db, { shop, refreshOfflineToken });
}

/**
 * A shop's Admin API for background jobs: the offline session's token, renewed through the
 * library when it is about to expire. Null when there is no store behind the app (demo mode) or
 * the shop is not a Shopify store.
 */
export async function jobAdminApi(db: Db, shopId: number): Promise<AdminApi | null> {
  let mode: string;
  try {
    mode = getEnv().APP_MODE;
  } catch {
    mode = "demo";
  }
  if (mode !== "production") return null;
  const shop = db.$client.prepare(`SELECT domain, platform FROM shops WHERE id = ?`).get(shopId) as { domain: string; platform: string } | undefined;
  if (!shop || shop.platform !== "shopify") return null;
  return offlineAdminApi(db, shop.domain);
}

/**
 * A SHOPLINE shop's GraphQL Admin API for background jobs, with the token the install saved and
 * the refresh job renews (read again for every request). Null without a token or configuration.
 */
export function shoplineJobApi(db: Db, shopId: number): ShoplineApi | null {
  const stored = shoplineToken(db, shopId);
  const app = shoplineAppConfig(getEnv());
  if (!stored || !app) return null;
  return createShoplineAdminGraphql({
    handle: stored.handle,
    origin: app.origin,
    token: () => shoplineToken(db, shopId)?.accessToken ?? stored.accessToken,
  });
}
