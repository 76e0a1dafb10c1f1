import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { DrizzleSessionStorageSQLite } from "@shopify/shopify-app-session-storage-drizzle";
import { sessions } from "../db/schema";
import { getDb } from "./db.server";
import { getEnv, type Env } from "./env.server";
import { DEMO_WEBHOOK_SECRET, shopifyAppSecret } from "./platforms/shopify/app-secret.server";
import { afterShopifyAuth } from "./sync/install.server";

/** Admin API version. Must equal `[webhooks] api_version` in shopify.app.toml (a test checks it). */
export const SHOPIFY_API_VERSION = ApiVersion.October26;

/** Demo mode has no Shopify app behind it; webhooks are signed with `DEMO_WEBHOOK_SECRET`. */
export const DEMO_API_KEY = "segmentflow-demo";
export { DEMO_WEBHOOK_SECRET };

function createShopifyApp(env: Env) {
  const isDemo = env.APP_MODE === "demo";
  return shopifyApp({
    apiKey: isDemo ? DEMO_API_KEY : env.SHOPIFY_API_KEY,
    apiSecretKey: shopifyAppSecret(env),
    apiVersion: SHOPIFY_API_VERSION,
    scopes: isDemo ? undefined : env.SCOPES?.split(",").map((s) => s.trim()),
    appUrl: isDemo ? `http://localhost:${env.PORT}` : env.SHOPIFY_APP_URL,
    authPathPrefix: "/auth",
    sessionStorage: new DrizzleSessionStorageSQLite(getDb(), sessions),
    distribution: AppDistribution.AppStore,
    logger: { level: LogSeverity.Warning },
    hooks: {
      // install or reinstall: shop facts, web pixel, initial import (app/sync/install.server.ts)
      afterAuth: async ({ session }) => {
        await afterShopifyAuth(getDb(), session);
      },
    },
    future: {
      unstable_newEmbeddedAuthStrategy: true,
      expiringOfflineAccessTokens: true,
    },
  });
}

export type ShopifyApp = ReturnType<typeof createShopifyApp>;

declare global {
  var __segmentflowShopify: ShopifyApp | undefined;
}

/** The one `shopifyApp(...)` instance, configured from the validated environment on first use. */
export function shopify(): ShopifyApp {
  globalThis.__segmentflowShopify ??= createShopifyApp(getEnv());
  return globalThis.__segmentflowShopify;
}

/** For tests that reconfigure the app within one process. */
export function resetShopifyApp(): void {
  globalThis.__segmentflowShopify = undefined;
}
