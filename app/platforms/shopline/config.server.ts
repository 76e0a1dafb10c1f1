import type { Env } from "../../env.server";

/**
 * SHOPLINE webhook settings. Production signs with the app secret from the Partner Portal
 * (`SHOPLINE_APP_SECRET`); demo mode has no SHOPLINE app behind it, so the demo's deliveries are
 * signed with this demo-only constant (the demo refuses SHOPLINE credentials, see env.server.ts).
 */
export const DEMO_SHOPLINE_WEBHOOK_SECRET = "segmentflow-demo-shopline-webhook-secret";

/** The key that verifies SHOPLINE deliveries, or null when production has none configured. */
export function shoplineWebhookSecret(env: Env): string | null {
  if (env.APP_MODE === "demo") return DEMO_SHOPLINE_WEBHOOK_SECRET;
  return env.SHOPLINE_APP_SECRET ?? null;
}

/**
 * The SHOPLINE topics we take in. SHOPLINE's docs spell the order update both `orders/update`
 * (webhook overview) and `orders/updated` (the per-topic page), so both are accepted.
 * `apps/installed_uninstalled` ("App installation status changed", operate INSTALL or UNINSTALL:
 * developer.shopline.com/docs/webhook/application/app-installation-status-changed) is how an
 * uninstall reaches us; `merchants/update` ("Store updated",
 * developer.shopline.com/docs/webhook/store/store-updated) carries the store's name, zone, currency.
 */
export const SHOPLINE_TOPICS = [
  "apps/installed_uninstalled",
  "merchants/update",
  "customers/create",
  "customers/update",
  "customers/delete",
  "orders/create",
  "orders/update",
  "orders/updated",
  "orders/paid",
  "orders/cancelled",
] as const;

/**
 * Mandatory privacy topics (developer.shopline.com/docs/apps/api-instructions-for-use/webhooks/gdpr-webhook).
 * They are stored like every other delivery so none is lost; their handlers are built with the
 * compliance work.
 */
export const SHOPLINE_COMPLIANCE_TOPICS = ["customers/redact", "merchants/redact"] as const;

export type ShoplineTopic = (typeof SHOPLINE_TOPICS)[number] | (typeof SHOPLINE_COMPLIANCE_TOPICS)[number];

const ALL = new Set<string>([...SHOPLINE_TOPICS, ...SHOPLINE_COMPLIANCE_TOPICS]);

export function isShoplineTopic(topic: string): topic is ShoplineTopic {
  return ALL.has(topic);
}

/** What the SHOPLINE install needs, from the environment; null when SHOPLINE is not set up. */
export type ShoplineAppConfig = {
  appKey: string;
  appSecret: string;
  scopes: string;
  /** The app's public URL (the same deployment serves Shopify and SHOPLINE). */
  appUrl: string;
  /** Where SHOPLINE is reached instead of https://{handle}.myshopline.com (tests, egress proxies). */
  origin?: string;
};

export function shoplineAppConfig(env: Env): ShoplineAppConfig | null {
  if (env.APP_MODE !== "production" || !env.SHOPLINE_APP_KEY || !env.SHOPLINE_APP_SECRET) return null;
  return {
    appKey: env.SHOPLINE_APP_KEY,
    appSecret: env.SHOPLINE_APP_SECRET,
    scopes: env.SHOPLINE_SCOPES,
    appUrl: env.SHOPIFY_APP_URL.replace(/\/+$/, ""),
    ...(env.SHOPLINE_ADMIN_API_ORIGIN ? { origin: env.SHOPLINE_ADMIN_API_ORIGIN } : {}),
  };
}

/** The URLs to enter in the SHOPLINE Partner Portal (README "Installing from SHOPLINE"). */
export const SHOPLINE_ENTRY_PATH = "/shopline";
export const SHOPLINE_CALLBACK_PATH = "/shopline/callback";
export const SHOPLINE_WEBHOOK_PATH = "/webhooks/shopline";

const HANDLE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A store handle as SHOPLINE sends it (the first label of `{handle}.myshopline.com`). */
export function isShoplineHandle(value: string): boolean {
  return HANDLE.test(value);
}

export function shoplineDomain(handle: string): string {
  return `${handle}.myshopline.com`;
}
