import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDb } from "../../../app/db.server";
import { resetEnvCache } from "../../../app/env.server";
import { verifyAppProxy } from "../../../app/popup/proxy-auth.server";
import { resetShopifyApp } from "../../../app/shopify.server";
import { appProxySignature, appProxyUrl } from "../../helpers/app-proxy";
import { createTestDb } from "../../helpers/test-db";

/**
 * Shopify's published app proxy example (shopify.dev, "Authenticate app proxies"): shared secret
 * `hush`, the storefront request `/apps/awesome_reviews/extra/path/components?extra=1&extra=2`
 * forwarded at timestamp 1317327555 with signature 4c68c8624d737112c91818c11017d24d334b… . The
 * app verifies it with the app's secret through the Shopify library, in production mode.
 */
const PUBLISHED_AT = 1317327555;
const PUBLISHED_SIGNATURE = "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb";
const PUBLISHED_PARAMS: [string, string][] = [
  ["extra", "1"],
  ["extra", "2"],
  ["shop", "shop-name.myshopify.com"],
  ["logged_in_customer_id", "1"],
  ["path_prefix", "/apps/awesome_reviews"],
  ["timestamp", String(PUBLISHED_AT)],
];
const forwarded = (params: [string, string][], signature: string) =>
  `https://proxy-domain.com/proxy/extra/path/components?${new URLSearchParams([...params, ["signature", signature]]).toString()}`;

describe("the app proxy signature, against Shopify's published example", () => {
  beforeAll(() => {
    vi.stubEnv("APP_MODE", "production");
    vi.stubEnv("DATABASE_PATH", ":memory:");
    vi.stubEnv("SHOPIFY_API_KEY", "published-example");
    vi.stubEnv("SHOPIFY_API_SECRET", "hush");
    vi.stubEnv("SHOPIFY_APP_URL", "https://proxy-domain.com");
    resetEnvCache();
    resetShopifyApp();
    setDb(createTestDb());
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    resetEnvCache();
    resetShopifyApp();
    setDb(undefined);
  });

  it("signs the example exactly as published (the helper the other tests sign with)", () => {
    expect(appProxySignature(PUBLISHED_PARAMS, "hush")).toBe(PUBLISHED_SIGNATURE);
  });

  it("accepts the example at its own time and names the shop", async () => {
    vi.setSystemTime(PUBLISHED_AT * 1000);
    expect(await verifyAppProxy(new Request(forwarded(PUBLISHED_PARAMS, PUBLISHED_SIGNATURE)))).toBe("shop-name.myshopify.com");
  });

  it("refuses it tampered with, or replayed more than 90 seconds later", async () => {
    vi.setSystemTime(PUBLISHED_AT * 1000);
    const otherShop = PUBLISHED_PARAMS.map(([k, v]): [string, string] => (k === "shop" ? [k, "another-shop.myshopify.com"] : [k, v]));
    expect(await verifyAppProxy(new Request(forwarded(otherShop, PUBLISHED_SIGNATURE)))).toBeNull();
    expect(await verifyAppProxy(new Request(forwarded(PUBLISHED_PARAMS, PUBLISHED_SIGNATURE.replace(/^4/, "5"))))).toBeNull();
    vi.setSystemTime((PUBLISHED_AT + 91) * 1000);
    expect(await verifyAppProxy(new Request(forwarded(PUBLISHED_PARAMS, PUBLISHED_SIGNATURE)))).toBeNull();
    // a fresh request signed now with the same secret passes again
    expect(await verifyAppProxy(new Request(appProxyUrl("https://proxy-domain.com/proxy/signup", { shop: "shop-name.myshopify.com", secret: "hush" })))).toBe("shop-name.myshopify.com");
  });
});
