import type { Db } from "../../db/client.server";
import { getEnv } from "../env.server";
import { MissingSessionError, createShopifyAdminApi, type AdminApi } from "../platforms/shopify/admin-api.server";
import { shopify } from "../shopify.server";

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
  return createShopifyAdminApi(db, {
    shop: shop.domain,
    refreshOfflineToken: async (domain) => {
      const { session } = await shopify().unauthenticated.admin(domain);
      if (!session.accessToken) throw new MissingSessionError(domain);
      return session.accessToken;
    },
  });
}
