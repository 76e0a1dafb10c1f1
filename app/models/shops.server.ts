import { and, eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client.server";
import type { Platform } from "../../db/enums";
import { shops } from "../../db/schema";
import { prepared } from "../../db/statement-cache";

export type Shop = typeof shops.$inferSelect;

export function findShopByDomain(db: Db, { platform, domain }: { platform: Platform; domain: string }): Shop | null {
  return db.select().from(shops).where(and(eq(shops.platform, platform), eq(shops.domain, domain))).get() ?? null;
}

/** The id of the shop with this platform domain, created on first sight (webhook intake: one indexed read). */
export function ensureShopId(db: Db, { platform, domain, now }: { platform: Platform; domain: string; now: number }): number {
  const id = prepared(db.$client, `SELECT id FROM shops WHERE platform = ? AND domain = ?`).pluck().get(platform, domain) as number | undefined;
  return id ?? ensureShop(db, { platform, domain, now }).id;
}

/**
 * The shop row for an authenticated platform domain, created on first sight (first admin load or
 * first webhook). A new shop gets its web pixel key here.
 */
export function ensureShop(db: Db, { platform, domain, now }: { platform: Platform; domain: string; now: number }): Shop {
  const existing = findShopByDomain(db, { platform, domain });
  if (existing) return existing;
  db.insert(shops)
    .values({
      platform,
      domain,
      pixelKey: randomBytes(16).toString("hex"),
      installedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .run();
  const created = findShopByDomain(db, { platform, domain });
  if (!created) throw new Error(`could not create shop ${platform}:${domain}`);
  return created;
}
