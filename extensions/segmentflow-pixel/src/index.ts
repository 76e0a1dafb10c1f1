import { register } from "@shopify/web-pixels-extension";
import { toSentEvent, type SubscribedEvent } from "./payload";

/**
 * Segmentflow's web pixel: the six storefront events segments use, posted one by one to
 * `{app URL}/pixel/events` with the shop's pixel key (setting `accountID`).
 *
 * The app URL is fixed when the extension is built: the Shopify CLI inlines the environment of
 * `shopify app deploy` / `shopify app dev` into `process.env.*` (esbuild `define`), so build with
 * `SEGMENTFLOW_APP_URL=https://your-app.example.com`. Built without it, the pixel sends nothing.
 */
declare const process: { env: Record<string, string | undefined> };

function appUrl(): string | undefined {
  try {
    return process.env.SEGMENTFLOW_APP_URL; // replaced by the URL at build time
  } catch {
    return undefined; // not defined at build: there is no `process` in the pixel sandbox
  }
}

register(({ analytics, settings, init }) => {
  const base = appUrl();
  const accountID = typeof settings.accountID === "string" ? settings.accountID : "";
  if (!base || !accountID) return;
  const endpoint = `${base.replace(/\/+$/, "")}/pixel/events`;
  const customerId = init.data.customer?.id ?? null;

  const send = (event: SubscribedEvent) => {
    // text/plain keeps this a "simple" cross-origin request (no preflight); keepalive lets it
    // finish while the page unloads (bodies up to 64 KiB, the endpoint's limit too)
    fetch(endpoint, {
      method: "POST",
      keepalive: true,
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ accountID, events: [toSentEvent(event, customerId)] }),
    }).catch(() => undefined);
  };

  analytics.subscribe("page_viewed", send);
  analytics.subscribe("product_viewed", send);
  analytics.subscribe("collection_viewed", send);
  analytics.subscribe("product_added_to_cart", send);
  analytics.subscribe("checkout_started", send);
  analytics.subscribe("checkout_completed", send);
});
