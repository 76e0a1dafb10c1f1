import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import { ensureShop } from "../models/shops.server";
import { SHOPLINE_TOPICS, SHOPLINE_WEBHOOK_PATH, shoplineDomain, type ShoplineAppConfig } from "../platforms/shopline/config.server";
import type { TokenGrant } from "../platforms/shopline/oauth.server";
import { fetchShoplineStoreFacts } from "../platforms/shopline/store-info.server";
import { ensureShoplineWebhooks, type SubscriptionReport } from "../platforms/shopline/webhook-subscriptions.server";
import { backfillStatus, requestBackfill } from "./backfill.server";
import { saveShopFacts } from "./install.server";
import { saveShoplineToken } from "./shopline-tokens.server";

/**
 * What happens once SHOPLINE has issued a token for a store (the OAuth callback's one call): the
 * shop row `platform = 'shopline'` is (re)activated, its token saved, the store's name, email,
 * time zone and currency read and saved (as the Shopify install does), the webhooks subscribed at
 * `/webhooks/shopline`, and the initial import enqueued (the same rule as Shopify's install: a
 * first install, a reinstall or an unfinished import). A failure reading the store or subscribing
 * webhooks is logged and reported, never fails the install: the merchant still gets in, and
 * installing (or opening the app after re-authorizing) again fills the gaps.
 */

export type ShoplineInstallReport = {
  shopId: number;
  reinstalled: boolean;
  shopFacts: "saved" | { error: string };
  webhooks: SubscriptionReport | { error: string };
  backfillJobId: number | null;
};

export async function onShoplineInstall(
  db: Db,
  { handle, grant, app, now, fetchImpl }: { handle: string; grant: TokenGrant; app: ShoplineAppConfig; now: number; fetchImpl?: typeof fetch },
): Promise<ShoplineInstallReport> {
  const shop = ensureShop(db, { platform: "shopline", domain: shoplineDomain(handle), now });
  // a shop first seen through a webhook has a row but was never installed
  const reinstalled = shop.uninstalledAt !== null;
  db.run(sql`UPDATE shops SET uninstalled_at = NULL,
      installed_at = CASE WHEN uninstalled_at IS NOT NULL OR installed_at IS NULL THEN ${now} ELSE installed_at END,
      pixel_key = coalesce(pixel_key, ${randomBytes(16).toString("hex")}), updated_at = ${now}
    WHERE id = ${shop.id}`);
  saveShoplineToken(db, { shopId: shop.id, handle, grant, now });
  const backfillJobId = reinstalled || backfillStatus(db, shop.id)?.status !== "done" ? requestBackfill(db, { shopId: shop.id, now, restart: reinstalled }) : null;

  let shopFacts: ShoplineInstallReport["shopFacts"];
  try {
    saveShopFacts(db, shop.id, await fetchShoplineStoreFacts({ handle, accessToken: grant.accessToken, origin: app.origin, fetchImpl }), now);
    shopFacts = "saved";
  } catch (error) {
    shopFacts = { error: error instanceof Error ? error.message : String(error) };
    logger.warn({ handle, error: shopFacts.error }, "SHOPLINE install: the store's name, time zone and currency could not be read; defaults stay");
  }

  let webhooks: ShoplineInstallReport["webhooks"];
  try {
    webhooks = await ensureShoplineWebhooks({
      handle,
      accessToken: grant.accessToken,
      origin: app.origin,
      address: `${app.appUrl}${SHOPLINE_WEBHOOK_PATH}`,
      topics: SHOPLINE_TOPICS,
      fetchImpl,
    });
    if (webhooks.failed.length > 0) logger.warn({ handle, failed: webhooks.failed }, "SHOPLINE install: some webhook topics were not subscribed");
  } catch (error) {
    webhooks = { error: error instanceof Error ? error.message : String(error) };
    logger.warn({ handle, error: webhooks.error }, "SHOPLINE install: webhook subscriptions could not be read or made");
  }
  logger.info({ handle, shopId: shop.id, reinstalled, backfillJobId }, "SHOPLINE store installed");
  return { shopId: shop.id, reinstalled, shopFacts, webhooks, backfillJobId };
}
