import { eq } from "drizzle-orm";
import type { Db } from "../client.server";
import { shops } from "../schema";
import { generateStore } from "./generate-store";

/** The demo store every `npm run demo` serves. */
export const DEMO_SHOP = {
  platform: "shopify",
  domain: "demo-outfitters.myshopify.com",
  name: "Demo Outfitters",
  timeZone: "America/New_York",
  currency: "USD",
} as const;

export const DEMO_DEFAULTS = { seed: 20261128, scale: 1 } as const;

/**
 * Seeds the demo store if the database has none yet; an existing demo store is left as it is
 * (its data keeps changing through the simulator). Returns whether it seeded.
 */
export function ensureDemoStore(
  db: Db,
  { seed = DEMO_DEFAULTS.seed, scale = DEMO_DEFAULTS.scale, anchor }: { seed?: number; scale?: number; anchor: number },
): { seeded: boolean; shopId: number } {
  const existing = db.select({ id: shops.id }).from(shops).where(eq(shops.domain, DEMO_SHOP.domain)).get();
  if (existing) return { seeded: false, shopId: existing.id };
  const { shopId } = generateStore(db, { seed, scale, anchor, shop: DEMO_SHOP });
  return { seeded: true, shopId };
}
