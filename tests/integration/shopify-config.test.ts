import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { NAV_ITEMS } from "../../app/components/navigation";
import { SHOPIFY_API_VERSION } from "../../app/shopify.server";
import { SHOPIFY_COMPLIANCE_TOPICS, SHOPIFY_TOPICS } from "../../webhooks/shopify-topics";
import { resolveRoute } from "../helpers/routes";

type Subscription = { topics?: string[]; compliance_topics?: string[]; uri: string };
const toml = parse(readFileSync(new URL("../../shopify.app.toml", import.meta.url), "utf8")) as {
  webhooks: { api_version: string; subscriptions: Subscription[] };
  access_scopes: { scopes: string };
  app_proxy: { url: string; prefix: string; subpath: string };
};

describe("shopify.app.toml and the code agree", () => {
  it("uses the same API version for webhooks as the Admin API client", () => {
    expect(toml.webhooks.api_version).toBe(SHOPIFY_API_VERSION);
  });

  it("points every webhook subscription at a route that exists", () => {
    for (const subscription of toml.webhooks.subscriptions) {
      expect(resolveRoute(subscription.uri), subscription.uri).toBe("routes/webhooks.shopify.tsx");
    }
    expect(resolveRoute("/webhooks/nowhere")).toBeNull();
  });

  it("subscribes to exactly the topics the intake accepts, including tags, both consents and compliance", () => {
    const topics = toml.webhooks.subscriptions.flatMap((s) => s.topics ?? []);
    const compliance = toml.webhooks.subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(topics.sort()).toEqual([...SHOPIFY_TOPICS].sort());
    expect(compliance.sort()).toEqual([...SHOPIFY_COMPLIANCE_TOPICS].sort());
    for (const needed of ["customer.tags_added", "customer.tags_removed", "customers_email_marketing_consent/update",
      "customers_marketing_consent/update", "refunds/create", "checkouts/create", "bulk_operations/finish", "shop/update", "app/uninstalled"]) {
      expect(topics).toContain(needed);
    }
  });

  it("asks for the scopes the product needs, including all orders and the pixel", () => {
    const scopes = toml.access_scopes.scopes.split(",");
    expect(scopes).toEqual(expect.arrayContaining(["read_customers", "write_customers", "read_orders", "read_all_orders", "write_pixels", "read_customer_events", "write_app_proxy"]));
  });

  it("forwards the signup popup's app proxy path to the signup route", () => {
    const { url, prefix, subpath } = toml.app_proxy;
    expect(prefix).toBe("apps");
    expect(subpath).toMatch(/^[\w-]{1,30}$/); // letters, digits, underscores and hyphens, at most 30 (shopify.dev)
    expect(resolveRoute(`${new URL(url).pathname}/signup`)).toBe("routes/proxy.signup.tsx");
  });

  it("links navigation only to pages that exist", () => {
    for (const item of NAV_ITEMS) expect(resolveRoute(item.url), item.url).toMatch(/^routes\/app\./);
  });
});
