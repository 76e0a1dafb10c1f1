import { z } from "zod";
import { getEnv } from "../env.server";
import { shoplineAppConfig } from "../platforms/shopline/config.server";
import { refreshDueShoplineTokens } from "../sync/shopline-tokens.server";
import { defineJob } from "./define-job";

export const SHOPLINE_TOKEN_REFRESH_JOB = "shopline.token-refresh";

/**
 * Every scheduler tick (a minute by default): renews the SHOPLINE tokens within an hour of their
 * 10-hour expiry. A failing shop is tried again every tick until it succeeds, so an hour of
 * SHOPLINE trouble is ridden out; its failures are counted on the token row and logged.
 * Nothing to do without SHOPLINE credentials (demo mode, or a Shopify-only deployment).
 */
export const shoplineTokenRefreshJob = defineJob({
  type: SHOPLINE_TOKEN_REFRESH_JOB,
  payload: z.object({}),
  maxAttempts: 1,
  run: async (_payload, ctx) => {
    let app;
    try {
      app = shoplineAppConfig(getEnv());
    } catch {
      app = null;
    }
    if (!app) return;
    await refreshDueShoplineTokens(ctx.db, { app, now: ctx.now });
  },
});

export const SHOPLINE_JOBS = [shoplineTokenRefreshJob];
