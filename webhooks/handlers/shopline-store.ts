import { sql } from "drizzle-orm";
import { isoTime } from "../../app/platforms/json";
import { StoreFieldsSchema, storeFieldsFacts } from "../../app/platforms/shopline/store-info.server";
import { sourceVersion } from "../../app/platforms/types";
import { isValidTimeZone } from "../../app/segments/time";
import { parseWith, type TopicHandler } from "../handler";

/**
 * merchants/update ("Store updated", developer.shopline.com/docs/webhook/store/store-updated): the
 * store's fields as "Query store information" returns them, unwrapped (`name`, `email`,
 * `customer_email`, `iana_timezone`, `currency`, `updated_at`, …). Like Shopify's shop/update: name,
 * email, IANA time zone and currency, versioned by `updated_at` (`shops.source_updated_at`), so an
 * older delivery, or one older than what the install read from the API, changes nothing.
 */
export const shoplineMerchantsUpdate: TopicHandler = (ctx) => {
  const payload = parseWith(StoreFieldsSchema, ctx);
  const facts = storeFieldsFacts(payload);
  const version = sourceVersion(isoTime(payload.updated_at) ?? ctx.receivedAt, null);
  const zone = facts.ianaTimezone && isValidTimeZone(facts.ianaTimezone) ? facts.ianaTimezone : null;
  ctx.db.run(sql`UPDATE shops SET name = coalesce(${facts.name}, name), email = coalesce(${facts.email}, email),
      time_zone = coalesce(${zone}, time_zone), currency = coalesce(${facts.currencyCode}, currency),
      source_updated_at = ${version}, updated_at = ${ctx.now}
    WHERE id = ${ctx.shopId} AND (source_updated_at IS NULL OR source_updated_at < ${version})`);
  return [];
};
