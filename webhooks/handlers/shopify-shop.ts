import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { sessions, shops } from "../../db/schema";
import { isoTime } from "../../app/platforms/json";
import { sourceVersion } from "../../app/platforms/types";
import { isValidTimeZone } from "../../app/segments/time";
import { parseWith, type TopicHandler } from "../handler";

const ShopPayloadSchema = z.object({
  name: z.string().nullish(),
  email: z.string().nullish(),
  iana_timezone: z.string().nullish(),
  currency: z.string().nullish(),
  plan_name: z.string().nullish(),
  updated_at: z.string().nullish(),
});

/** shop/update: name, contact email, IANA time zone (whole-day windows count in it), currency, plan. */
export const shopUpdate: TopicHandler = (ctx) => {
  const payload = parseWith(ShopPayloadSchema, ctx);
  const version = sourceVersion(isoTime(payload.updated_at) ?? ctx.triggeredAt ?? ctx.receivedAt, ctx.triggeredAt);
  const shop = ctx.db.select().from(shops).where(eq(shops.id, ctx.shopId)).get()!;
  if (shop.sourceUpdatedAt !== null && version <= shop.sourceUpdatedAt) return [];
  ctx.db
    .update(shops)
    .set({
      ...(payload.name ? { name: payload.name } : {}),
      ...(payload.email ? { email: payload.email } : {}),
      ...(payload.iana_timezone && isValidTimeZone(payload.iana_timezone) ? { timeZone: payload.iana_timezone } : {}),
      ...(payload.currency ? { currency: payload.currency } : {}),
      ...(payload.plan_name ? { planName: payload.plan_name } : {}),
      sourceUpdatedAt: version,
      updatedAt: ctx.now,
    })
    .where(eq(shops.id, ctx.shopId))
    .run();
  return [];
};

/**
 * app/uninstalled: stop all work for the shop at once (webhook processing, sends, ticks) and drop
 * its sessions; its data stays until shop/redact (48 hours later), in case the merchant reinstalls.
 */
export const appUninstalled: TopicHandler = (ctx) => {
  const shop = ctx.db.select({ domain: shops.domain }).from(shops).where(eq(shops.id, ctx.shopId)).get()!;
  ctx.db.run(sql`UPDATE shops SET uninstalled_at = coalesce(uninstalled_at, ${ctx.triggeredAt ?? ctx.receivedAt}), updated_at = ${ctx.now} WHERE id = ${ctx.shopId}`);
  ctx.db.delete(sessions).where(eq(sessions.shop, shop.domain)).run();
  return [];
};

/** app/scopes_update: nothing to apply (Shopify-managed installs keep the TOML's scopes). */
export const scopesUpdate: TopicHandler = () => [];
