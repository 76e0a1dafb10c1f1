import { sql } from "drizzle-orm";
import { z } from "zod";
import { isoTime } from "../../app/platforms/json";
import { parseWith, type TopicHandler } from "../handler";

/**
 * apps/installed_uninstalled ("App installation status changed",
 * developer.shopline.com/docs/webhook/application/app-installation-status-changed): `{ appkey,
 * handle, name, operate: "INSTALL" | "UNINSTALL", store_id, merchant_id, country_code, created_at
 * (ISO, store zone), timestamp (ms) }`.
 *
 * UNINSTALL does what Shopify's app/uninstalled does (./shopify-shop.ts): the shop is marked
 * uninstalled, which stops its webhook processing, sends, automations, ticks, imports, the token
 * refresh and reconciliation, and makes every SHOPLINE admin session of the shop a 401; the access
 * token is deleted (SHOPLINE revoked it). The data stays until merchants/redact, in case the
 * merchant installs again. An uninstall older than the shop's current installation (delivered late,
 * after a reinstall) changes nothing. INSTALL needs nothing: the OAuth callback installs.
 */

const AppInstallationSchema = z.object({
  operate: z.string().transform((v) => v.trim().toUpperCase()),
  timestamp: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
  created_at: z.string().nullish(),
});

export const shoplineAppInstallation: TopicHandler = (ctx) => {
  const payload = parseWith(AppInstallationSchema, ctx);
  if (payload.operate !== "UNINSTALL") return [];
  const at = payload.timestamp ?? isoTime(payload.created_at) ?? ctx.receivedAt;
  const shop = ctx.db.$client.prepare(`SELECT installed_at FROM shops WHERE id = ?`).get(ctx.shopId) as { installed_at: number | null };
  if (shop.installed_at !== null && at < shop.installed_at) return [];
  ctx.db.run(sql`UPDATE shops SET uninstalled_at = coalesce(uninstalled_at, ${at}), updated_at = ${ctx.now} WHERE id = ${ctx.shopId}`);
  ctx.db.run(sql`DELETE FROM shopline_tokens WHERE shop_id = ${ctx.shopId}`);
  return [];
};
