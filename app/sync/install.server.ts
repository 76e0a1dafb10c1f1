import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import { ensureShop } from "../models/shops.server";
import { createShopifyAdminApi, userErrorMessage, type AdminApi, type UserError } from "../platforms/shopify/admin-api.server";
import { SHOP_QUERY, WEB_PIXEL_CREATE, WEB_PIXEL_QUERY, WEB_PIXEL_UPDATE } from "../platforms/shopify/admin-queries";
import { sourceVersion } from "../platforms/types";
import { isValidTimeZone } from "../segments/time";
import { backfillStatus, requestBackfill } from "./backfill.server";

/**
 * What happens when a merchant installs (or reinstalls) the app — the `afterAuth` hook's one call:
 * the shop row is (re)activated, the store's time zone, currency, name, email and plan are read,
 * the web pixel is switched on with the shop's pixel key, and the initial import is enqueued.
 * It never throws for an Admin API failure (the merchant would see an error page): the failure is
 * logged and reported, the shop/update webhook and the next open of the app fill the gaps.
 */

export type InstallReport = {
  shopId: number;
  reinstalled: boolean;
  shopFacts: "saved" | "failed";
  pixel: "created" | "updated" | "failed";
  backfillJobId: number | null;
  errors: string[];
};

type ShopFacts = {
  shop: { name: string | null; email: string | null; ianaTimezone: string | null; currencyCode: string | null; plan: { publicDisplayName: string | null } | null };
};
type PixelPayload = { webPixel: { id: string } | null; userErrors: UserError[] };

export async function onShopifyInstall(db: Db, { domain, api, now }: { domain: string; api: AdminApi; now: number }): Promise<InstallReport> {
  const shop = ensureShop(db, { platform: "shopify", domain, now });
  const reinstalled = shop.uninstalledAt !== null;
  db.run(sql`UPDATE shops SET uninstalled_at = NULL,
      installed_at = CASE WHEN uninstalled_at IS NOT NULL OR installed_at IS NULL THEN ${now} ELSE installed_at END,
      pixel_key = coalesce(pixel_key, ${randomBytes(16).toString("hex")}), updated_at = ${now}
    WHERE id = ${shop.id}`);
  const pixelKey = db.$client.prepare(`SELECT pixel_key FROM shops WHERE id = ?`).pluck().get(shop.id) as string;

  // a first install, a reinstall (webhooks were not delivered meanwhile) or an unfinished import
  // (an import already running keeps its job: the job key names the run, so nothing is enqueued twice)
  const backfillJobId = reinstalled || backfillStatus(db, shop.id)?.status !== "done" ? requestBackfill(db, { shopId: shop.id, now, restart: reinstalled }) : null;

  const errors: string[] = [];
  let shopFacts: InstallReport["shopFacts"] = "failed";
  try {
    saveShopFacts(db, shop.id, (await api.request<ShopFacts>(SHOP_QUERY)).shop, now);
    shopFacts = "saved";
  } catch (error) {
    errors.push(message(error));
  }
  let pixel: InstallReport["pixel"] = "failed";
  try {
    pixel = await activateWebPixel(api, pixelKey);
  } catch (error) {
    errors.push(message(error));
  }
  if (errors.length > 0) logger.warn({ shop: domain, errors }, "install: some steps failed");
  return { shopId: shop.id, reinstalled, shopFacts, pixel, backfillJobId, errors };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The store's facts as the platform's API reports them now (also used by the SHOPLINE install). */
export function saveShopFacts(db: Db, shopId: number, facts: ShopFacts["shop"], now: number): void {
  const zone = facts.ianaTimezone && isValidTimeZone(facts.ianaTimezone) ? facts.ianaTimezone : null;
  // what the API says now is newer than any shop/update delivery still in flight
  db.run(sql`UPDATE shops SET name = coalesce(${facts.name}, name), email = coalesce(${facts.email}, email),
      time_zone = coalesce(${zone}, time_zone), currency = coalesce(${facts.currencyCode}, currency),
      plan_name = coalesce(${facts.plan?.publicDisplayName ?? null}, plan_name),
      source_updated_at = max(coalesce(source_updated_at, 0), ${sourceVersion(now, null)}), updated_at = ${now}
    WHERE id = ${shopId}`);
}

/**
 * Switches the web pixel on with settings `{"accountID": pixelKey}` (the extension's settings
 * definition). A pixel that exists already (code TAKEN) is updated instead.
 */
export async function activateWebPixel(api: AdminApi, pixelKey: string): Promise<"created" | "updated"> {
  const webPixel = { settings: JSON.stringify({ accountID: pixelKey }) };
  const created = (await api.request<{ webPixelCreate: PixelPayload }>(WEB_PIXEL_CREATE, { webPixel })).webPixelCreate;
  if (created.userErrors.length === 0) return "created";
  if (!created.userErrors.some((e) => e.code === "TAKEN")) throw new Error(userErrorMessage(api.shop, "refused to create the web pixel", created.userErrors));
  const existing = (await api.request<{ webPixel: { id: string } | null }>(WEB_PIXEL_QUERY)).webPixel;
  if (!existing) throw new Error(userErrorMessage(api.shop, "reported an existing web pixel it cannot find", created.userErrors));
  const updated = (await api.request<{ webPixelUpdate: PixelPayload }>(WEB_PIXEL_UPDATE, { id: existing.id, webPixel })).webPixelUpdate;
  if (updated.userErrors.length > 0) throw new Error(userErrorMessage(api.shop, "refused to update the web pixel", updated.userErrors));
  return "updated";
}

/** The `afterAuth` hook: the session the library just stored carries a fresh offline token. */
export async function afterShopifyAuth(db: Db, session: { shop: string; accessToken?: string }, now = Date.now()): Promise<InstallReport> {
  const api = createShopifyAdminApi(db, { shop: session.shop, ...(session.accessToken ? { accessToken: session.accessToken } : {}) });
  return onShopifyInstall(db, { domain: session.shop, api, now });
}
