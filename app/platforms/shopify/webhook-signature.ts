import { createHmac } from "node:crypto";

/**
 * The `X-Shopify-Hmac-Sha256` header Shopify sends: base64 HMAC-SHA256 of the raw body with the
 * app's secret, as @shopify/shopify-api's `lib/webhooks/validate.ts` (what `authenticate.webhook`
 * runs) verifies it; tests/fixtures/webhooks/hmac-vectors.json holds Shopify's published vectors.
 * The app never signs in production: tests and the benchmark send deliveries as Shopify does.
 */
export function shopifyWebhookHmac(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}
