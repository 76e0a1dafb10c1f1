import { z } from "zod";
import { EVENT_TYPES } from "../../db/enums";
import { onContactChanged } from "../membership/incremental.server";
import { readShopSettings } from "../settings/shop-settings";
import { detectAbandonedCheckouts } from "../sync/checkouts.server";
import { defineJob } from "./define-job";

/** Every minute: checkouts left without an order past the shop's delay become abandoned checkouts. */
export const abandonedCheckoutsJob = defineJob({
  type: "sync.abandoned-checkouts",
  payload: z.object({}),
  maxAttempts: 1,
  run: (_payload, { db, now }) => {
    const shops = db.$client.prepare(`SELECT id, settings FROM shops WHERE uninstalled_at IS NULL`).all() as { id: number; settings: string }[];
    for (const shop of shops) {
      const at = now();
      const delayMs = readShopSettings(shop.settings).abandonedCheckoutMinutes * 60_000;
      db.$client.transaction(() => {
        const contactIds = detectAbandonedCheckouts(db, { shopId: shop.id, now: at, delayMs });
        if (contactIds.length > 0) {
          onContactChanged(db, { shopId: shop.id, contactIds, change: { events: [{ type: EVENT_TYPES.checkout_abandoned }] }, now: at, cause: "event", causeDetail: "checkout_abandoned" });
        }
      })();
    }
  },
});
