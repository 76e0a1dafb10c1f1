import { sql } from "drizzle-orm";
import pRetry from "p-retry";
import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import type { ShoplineAppConfig } from "../platforms/shopline/config.server";
import { refreshShoplineToken, type TokenGrant } from "../platforms/shopline/oauth.server";
import { REFRESH_FAILURES_ALERT } from "../platforms/shopline/token-alert";

/**
 * SHOPLINE access tokens (`shopline_tokens`): saved at install, read by every SHOPLINE Admin API
 * call, renewed by the refresh job before their 10 hours run out. Tokens are never logged.
 */

/** Tokens expiring within this margin are refreshed (an hour of the ten). */
export const REFRESH_MARGIN_MS = 60 * 60_000;

export type StoredToken = { shopId: number; handle: string; accessToken: string; expiresAt: number; refreshFailures: number; lastRefreshError: string | null };

const columns = (t: string) =>
  `${t}.shop_id AS shopId, ${t}.handle, ${t}.access_token AS accessToken, ${t}.expires_at AS expiresAt,
   ${t}.refresh_failures AS refreshFailures, ${t}.last_refresh_error AS lastRefreshError`;

export function saveShoplineToken(db: Db, { shopId, handle, grant, now }: { shopId: number; handle: string; grant: TokenGrant; now: number }): void {
  db.run(sql`INSERT INTO shopline_tokens (shop_id, handle, access_token, scope, expires_at, issued_at, refresh_failures, last_refresh_error,
      last_refresh_attempt_at, created_at, updated_at)
    VALUES (${shopId}, ${handle}, ${grant.accessToken}, ${grant.scope}, ${grant.expiresAt}, ${now}, 0, NULL, NULL, ${now}, ${now})
    ON CONFLICT (shop_id) DO UPDATE SET handle = excluded.handle, access_token = excluded.access_token,
      scope = coalesce(excluded.scope, scope), expires_at = excluded.expires_at, issued_at = excluded.issued_at,
      refresh_failures = 0, last_refresh_error = NULL, updated_at = excluded.updated_at`);
}

/** The shop's current token, or null when it has none (not installed from SHOPLINE). */
export function shoplineToken(db: Db, shopId: number): StoredToken | null {
  return (db.$client.prepare(`SELECT ${columns("t")} FROM shopline_tokens t WHERE t.shop_id = ?`).get(shopId) as StoredToken | undefined) ?? null;
}

/** Installed SHOPLINE shops whose token expires before `now + margin` (or has expired). */
export function tokensDueForRefresh(db: Db, { now, marginMs = REFRESH_MARGIN_MS }: { now: number; marginMs?: number }): StoredToken[] {
  return db.$client
    .prepare(
      `SELECT ${columns("t")} FROM shopline_tokens t JOIN shops s ON s.id = t.shop_id
       WHERE t.expires_at <= ? AND s.platform = 'shopline' AND s.uninstalled_at IS NULL ORDER BY t.expires_at`,
    )
    .all(now + marginMs) as StoredToken[];
}

function recordFailure(db: Db, { shopId, error, now }: { shopId: number; error: string; now: number }): number {
  db.run(sql`UPDATE shopline_tokens SET refresh_failures = refresh_failures + 1, last_refresh_error = ${error},
      last_refresh_attempt_at = ${now}, updated_at = ${now} WHERE shop_id = ${shopId}`);
  return db.$client.prepare(`SELECT refresh_failures FROM shopline_tokens WHERE shop_id = ?`).pluck().get(shopId) as number;
}

export type RefreshReport = { refreshed: number[]; failed: { shopId: number; failures: number; error: string }[] };

/**
 * Refreshes every due token, each with a few quick retries. A shop whose refresh fails keeps its
 * (still valid, or expiring) token, counts the failure and is tried again at the next run; the
 * failures are logged, as errors from REFRESH_FAILURES_ALERT on and once the token has expired.
 * One shop's failure never stops the others.
 */
export async function refreshDueShoplineTokens(
  db: Db,
  { app, now, marginMs, retries = 2, minTimeoutMs = 1_000, fetchImpl }: { app: ShoplineAppConfig; now: () => number; marginMs?: number; retries?: number; minTimeoutMs?: number; fetchImpl?: typeof fetch },
): Promise<RefreshReport> {
  const report: RefreshReport = { refreshed: [], failed: [] };
  for (const token of tokensDueForRefresh(db, { now: now(), marginMs })) {
    try {
      const grant = await pRetry(
        () => refreshShoplineToken({ handle: token.handle, accessToken: token.accessToken, app, now: now(), fetchImpl }),
        { retries, minTimeout: minTimeoutMs, factor: 2 },
      );
      saveShoplineToken(db, { shopId: token.shopId, handle: token.handle, grant, now: now() });
      report.refreshed.push(token.shopId);
      logger.info({ shopId: token.shopId, handle: token.handle, expiresAt: new Date(grant.expiresAt).toISOString() }, "SHOPLINE access token refreshed");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = now();
      const failures = recordFailure(db, { shopId: token.shopId, error: message, now: at });
      report.failed.push({ shopId: token.shopId, failures, error: message });
      const expired = token.expiresAt <= at;
      const details = { shopId: token.shopId, handle: token.handle, failures, expired, expiresAt: new Date(token.expiresAt).toISOString(), error: message };
      if (failures >= REFRESH_FAILURES_ALERT || expired) logger.error(details, "SHOPLINE access token refresh keeps failing; the shop's sync stops when the token expires");
      else logger.warn(details, "SHOPLINE access token refresh failed; retried at the next run");
    }
  }
  return report;
}
