import { sql } from "drizzle-orm";
import { recomputeAllOrderStats, recomputeOrderRefunds } from "../../app/contacts/order-stats.server";
import { recomputeLifecycleStages } from "../../app/membership/lifecycle.server";
import type { Db } from "../client.server";
import type { Platform } from "../enums";
import { DAY_MS, type SeedContext, type SeedCounts } from "./context";
import { generateCatalog, generateMarketing } from "./generate-catalog";
import { generateCompanies } from "./generate-companies";
import { generateContacts } from "./generate-contacts";
import { generateEvents } from "./generate-events";
import { generateOrders } from "./generate-orders";
import { SeededRandom, ZipfSampler } from "./random";
import { withDeferredIndexes } from "./deferred-indexes";
import { BatchWriter } from "./writer";

export type StoreOptions = {
  /** Same seed + scale + anchor → identical rows. */
  seed: number;
  /** 1 = the demo store (5,000 contacts); the counts scale linearly (200 = 1,000,000 contacts). */
  scale: number;
  /** Epoch ms every generated time is relative to (default in callers: now). */
  anchor: number;
  shop: { platform: Platform; domain: string; name: string; timeZone: string; currency: string };
};

export const CONTACTS_PER_SCALE = 5_000;

/**
 * Writes a whole, deterministic store into `db`: catalog, campaigns, contacts with tags and
 * attributes, two years of orders, a year of events. Ratios follow the benchmark workload
 * (per contact: 3 orders, ~20 events). Returns the new shop id and row counts.
 */
export function generateStore(db: Db, options: StoreOptions): { shopId: number; counts: SeedCounts } {
  const { seed, scale, anchor, shop } = options;
  const contactCount = Math.round(CONTACTS_PER_SCALE * scale);
  const sqlite = db.$client;
  const writer = new BatchWriter(sqlite);
  const shopId = writer.insert(
    `INSERT INTO shops (platform, domain, name, email, time_zone, currency, plan_name, email_quota_limit, email_quota_used,
       email_quota_period_start, sms_balance, pixel_key, settings, installed_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'Basic', 50000, 0, ?, 5000, ?, '{}', ?, ?, ?)`,
    [
      shop.platform, shop.domain, shop.name, `owner@${shop.domain}`, shop.timeZone, shop.currency,
      anchor - 10 * DAY_MS, `pixel-${seed.toString(16)}-${shop.domain}`, anchor - 3 * 365 * DAY_MS, anchor - 3 * 365 * DAY_MS, anchor,
    ],
  );
  const ctx: SeedContext = {
    db,
    writer,
    random: new SeededRandom(seed),
    shopId,
    currency: shop.currency,
    anchor,
    scale,
    products: [],
    productPopularity: new ZipfSampler(1, 1),
    collectionIds: [],
    coupons: [],
    emailCampaigns: [],
    smsCampaigns: [],
    tagIds: new Map(),
    attributeIds: new Map(),
    contacts: {
      ids: new Int32Array(contactCount),
      createdAt: new Float64Array(contactCount),
      buyerWeight: new Float64Array(contactCount),
      engaged: new Uint8Array(contactCount),
      emailState: new Array<string>(contactCount),
      emailConsentAt: new Float64Array(contactCount),
      emailBounced: new Uint8Array(contactCount),
      smsSubscribed: new Uint8Array(contactCount),
      subscriptionCancelled: new Uint8Array(contactCount),
    },
  };

  generateCatalog(ctx);
  generateMarketing(ctx);
  const { contactRows, orderRows, eventRows } = withDeferredIndexes(sqlite, () => {
    const rows = { contactRows: generateContacts(ctx, contactCount), orderRows: generateOrders(ctx), eventRows: generateEvents(ctx) };
    writer.flush();
    return rows;
  });

  db.transaction((tx) => {
    recomputeOrderRefunds(tx as unknown as Db, { shopId });
    recomputeAllOrderStats(tx as unknown as Db, { shopId });
    tagTopSpendersVip(tx as unknown as Db, shopId, anchor, ctx.tagIds.get("vip")!);
    tx.run(sql`UPDATE contacts SET last_visit_at = (
        SELECT max(e.occurred_at) FROM events e
         WHERE e.contact_id = contacts.id AND e.type IN (1, 2, 3, 4, 5)
      ) WHERE shop_id = ${shopId}`);
  });
  generateCompanies(db, { shopId, seed, anchor });
  recomputeLifecycleStages(db, { shopId, now: anchor });
  sqlite.pragma("analysis_limit = 1000");
  sqlite.exec("ANALYZE");

  const count = (table: string) =>
    (sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE shop_id = ?`).get(shopId) as { n: number }).n;
  return {
    shopId,
    counts: {
      contacts: contactCount,
      orders: orderRows.orders,
      orderLines: orderRows.lines,
      refunds: orderRows.refunds,
      events: eventRows.events,
      products: ctx.products.length,
      categories: count("categories"),
      checkouts: eventRows.checkouts,
      campaigns: ctx.emailCampaigns.length + ctx.smsCampaigns.length,
      coupons: ctx.coupons.length,
      tags: ctx.tagIds.size,
      contactTags: count("contact_tags"),
      attributeValues: contactRows.attributes,
    },
  };
}

/** The top 2% of spenders carry the platform tag `vip`. */
function tagTopSpendersVip(db: Db, shopId: number, anchor: number, vipTagId: number): void {
  db.run(sql`INSERT INTO contact_tags (tag_id, contact_id, source, shop_id, added_at)
    SELECT ${vipTagId}, id, 'platform', shop_id, ${anchor - DAY_MS}
      FROM contacts WHERE shop_id = ${shopId} AND orders_count > 0
     ORDER BY total_spent_minor DESC, id
     LIMIT (SELECT max(1, count(*) / 50) FROM contacts WHERE shop_id = ${shopId})`);
}
