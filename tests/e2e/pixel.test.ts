import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES } from "../../db/enums";
import { startServer, type RunningServer } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";

const STOREFRONT = "https://demo-outfitters.myshopify.com";

describe("the web pixel endpoint over real HTTP", () => {
  const tmp = createTempDir();
  let server: RunningServer;
  let db: Db;

  beforeAll(async () => {
    server = await startServer({ APP_MODE: "demo", DATABASE_PATH: join(tmp.dir, "demo.sqlite") });
    db = openDatabase(join(tmp.dir, "demo.sqlite"), { readonly: true });
  });

  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
    tmp.cleanup();
  });

  it("answers the CORS preflight for any storefront origin", async () => {
    const response = await fetch(`${server.url}/pixel/events`, {
      method: "OPTIONS",
      headers: { Origin: STOREFRONT, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");
  });

  it("stores a product view for a demo contact, shown first in the contact's activity", async () => {
    const shop = db.$client.prepare(`SELECT id, pixel_key AS key FROM shops WHERE domain = 'demo-outfitters.myshopify.com'`).get() as { id: number; key: string };
    const contact = db.$client
      .prepare(`SELECT id, platform_id AS platformId FROM contacts WHERE shop_id = ? AND platform_id IS NOT NULL AND deleted_at IS NULL AND redacted_at IS NULL ORDER BY id LIMIT 1`)
      .get(shop.id) as { id: number; platformId: string };
    const product = db.$client.prepare(`SELECT id, platform_id AS platformId, title FROM products WHERE shop_id = ? ORDER BY id LIMIT 1`).get(shop.id) as { id: number; platformId: string; title: string };
    const body = {
      accountID: shop.key,
      events: [{ id: "e2e-view-1", name: "product_viewed", timestamp: new Date().toISOString(), clientId: "e2e-browser", customerId: contact.platformId, productId: product.platformId }],
    };

    const response = await fetch(`${server.url}/pixel/events`, { method: "POST", headers: { "Content-Type": "text/plain", Origin: STOREFRONT }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toEqual({ accepted: 1, duplicates: 0 });

    const latest = db.$client.prepare(`SELECT type, subject_id AS subjectId, source FROM events WHERE shop_id = ? AND contact_id = ? ORDER BY occurred_at DESC, id DESC LIMIT 1`).get(shop.id, contact.id);
    expect(latest).toEqual({ type: EVENT_TYPES.product_viewed, subjectId: product.id, source: EVENT_SOURCES.pixel });

    const page = await fetch(`${server.url}/app/contacts/${contact.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const activity = html.slice(html.indexOf("Recent activity"));
    const firstItem = activity.slice(activity.indexOf("<li"), activity.indexOf("</li>"));
    const escapedTitle = product.title.replace(/&/g, "&amp;").replace(/'/g, "&#x27;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    expect(firstItem).toContain("Viewed product");
    expect(firstItem).toContain(escapedTitle);

    // sent again (a retry): answered, not stored twice
    const again = await fetch(`${server.url}/pixel/events`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) });
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1 });
  });

  it("refuses a wrong key and a malformed body without a server error", async () => {
    const post = (body: string) => fetch(`${server.url}/pixel/events`, { method: "POST", headers: { "Content-Type": "text/plain" }, body });
    expect((await post(JSON.stringify({ accountID: "wrong", events: [{ id: "x", name: "page_viewed", timestamp: new Date().toISOString(), clientId: "c" }] }))).status).toBe(403);
    expect((await post("not json")).status).toBe(400);
    expect(server.logs.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });
});
