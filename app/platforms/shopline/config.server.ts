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
 */
export const SHOPLINE_TOPICS = [
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
