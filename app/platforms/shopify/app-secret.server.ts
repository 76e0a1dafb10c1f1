import type { Env } from "../../env.server";

/**
 * Demo mode has no Shopify app behind it, but the simulator's and the benchmark's webhooks are
 * still verified like real ones, signed with this demo-only secret.
 */
export const DEMO_WEBHOOK_SECRET = "segmentflow-demo-webhook-secret";

/**
 * The app's Shopify secret: it signs webhooks (`X-Shopify-Hmac-Sha256`) and session tokens. One
 * resolution for `shopifyApp(...)` and the webhook intake, so both always agree.
 */
export function shopifyAppSecret(env: Env): string {
  return env.APP_MODE === "demo" ? DEMO_WEBHOOK_SECRET : env.SHOPIFY_API_SECRET;
}
