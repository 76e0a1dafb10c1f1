import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { readShopSettings, type LifecycleThresholds } from "../settings/shop-settings";
import { windowStart } from "../segments/time";

/** The stage of every contact under the rule table (see LifecycleThresholdsSchema); non-buyers have none. */
function stageExpression(t: LifecycleThresholds, now: number, timeZone: string) {
  const ago = (days: number) => windowStart(days, "days", { now, timeZone });
  return sql`CASE
    WHEN c.orders_count = 0 OR c.last_order_at IS NULL THEN NULL
    WHEN c.last_order_at < ${ago(t.churnedAfterDays)} THEN 'churned'
    WHEN c.last_order_at < ${ago(t.dormantAfterDays)} THEN 'dormant'
    WHEN c.orders_count >= ${t.loyalMinOrders} AND c.last_order_at >= ${ago(t.loyalWithinDays)} THEN 'loyal'
    WHEN c.orders_count < ${t.loyalMinOrders} AND c.total_spent_minor >= ${t.highPotentialMinSpendMinor}
         AND c.last_order_at >= ${ago(t.highPotentialWithinDays)} THEN 'high_potential'
    ELSE 'nurture_needed'
  END`;
}

/**
 * The daily lifecycle model (T+1): recomputes every contact's stage for `now` and returns the
 * contacts whose stage changed. A second run with the same `now` changes nothing.
 */
export function recomputeLifecycleStages(db: Db, { shopId, now }: { shopId: number; now: number }): number[] {
  const shop = db.get<{ time_zone: string; settings: string }>(sql`SELECT time_zone, settings FROM shops WHERE id = ${shopId}`);
  if (!shop) throw new Error(`no shop ${shopId}`);
  const thresholds = readShopSettings(shop.settings).lifecycle;
  return db.transaction((tx) => {
    const changed = tx.all<{ id: number }>(sql`
      UPDATE contacts SET lifecycle_stage = n.stage, lifecycle_at = ${now}
        FROM (SELECT c.id, ${stageExpression(thresholds, now, shop.time_zone)} AS stage FROM contacts c WHERE c.shop_id = ${shopId}) AS n
       WHERE contacts.id = n.id AND contacts.lifecycle_stage IS NOT n.stage
      RETURNING contacts.id`);
    tx.run(sql`UPDATE shops SET lifecycle_computed_at = ${now} WHERE id = ${shopId}`);
    return changed.map((r) => r.id);
  });
}
