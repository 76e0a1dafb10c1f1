import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countContacts } from "../../app/models/contacts.server";
import { DEMO_WEBHOOK_SECRET } from "../../app/shopify.server";
import type { Db } from "../../db/client.server";
import { hasChromium } from "../helpers/browser";
import { startDemoAdmin, type DemoAdmin } from "../helpers/demo-admin";
import { DEMO_ANCHOR, serverErrors } from "../helpers/demo-server";
import type { RunningServer } from "../helpers/server";
import { readWebhookFixture, signedShopifyWebhook } from "../helpers/webhooks";

describe.skipIf(!hasChromium())("the demo admin in a real browser", () => {
  let demo: DemoAdmin;
  let server: RunningServer;
  let page: Page;
  let db: Db;

  beforeAll(async () => {
    demo = await startDemoAdmin({ anchor: DEMO_ANCHOR });
    ({ server, page, db } = demo);
  });

  afterAll(() => demo?.stop());

  it("listens on loopback only and seeded the demo store on first start", () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
    expect(server.logs.some((line) => line.includes('"seeded":true'))).toBe(true);
  });

  it("shows the seeded contacts with the Demo store banner", async () => {
    await page.goto(`${server.url}/app`);
    await page.getByRole("heading", { name: "Contacts", level: 1 }).waitFor();
    await expect(page.getByText("Demo store", { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("5,000 in total").isVisible()).resolves.toBe(true);
    expect(await page.locator("tbody tr").count()).toBe(25);
  });

  it("narrows the list as the merchant types a search", async () => {
    const term = "smith";
    const expected = countContacts(db, { shopId: 1, query: term });
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(25);
    await page.getByLabel("Search contacts").fill(term);
    await page.getByText(`${expected} matching`).waitFor();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(expected);
    const names = await page.locator("tbody tr td:first-child").allInnerTexts();
    const emails = await page.locator("tbody tr td:nth-child(2)").allInnerTexts();
    names.forEach((name, i) => expect(`${name} ${emails[i]}`.toLowerCase()).toContain(term));
    expect(new URL(page.url()).searchParams.get("q")).toBe(term);
  });

  it("opens a contact with profile, orders and activity", async () => {
    await page.locator("tbody tr a").first().click();
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    for (const section of ["Orders", "Recent activity", "Marketing", "Purchases", "Tags", "Custom attributes"]) {
      await expect(page.getByRole("heading", { name: section }).isVisible()).resolves.toBe(true);
    }
    expect(page.url()).toMatch(/\/app\/contacts\/\d+$/);
  });

  it("shows a clear page for a contact that does not exist", async () => {
    const response = await page.goto(`${server.url}/app/contacts/99999999`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Contact not found" }).isVisible()).resolves.toBe(true);
  });

  it("takes a signed webhook over real HTTP into the durable inbox", async () => {
    const body = readWebhookFixture("shopify/orders__create.json");
    const request = signedShopifyWebhook(`${server.url}/webhooks/shopify`, {
      topic: "orders/create", shop: "demo-outfitters.myshopify.com", body, secret: DEMO_WEBHOOK_SECRET, webhookId: "e2e-1",
    });
    const response = await fetch(request);
    expect(response.status).toBe(200);
    const row = db.$client.prepare(`SELECT topic, body, status FROM webhook_inbox WHERE dedupe_key = 'e2e-1'`).get();
    expect(row).toEqual({ topic: "orders/create", body, status: "pending" });
    const forged = await fetch(signedShopifyWebhook(`${server.url}/webhooks/shopify`, { topic: "orders/create", shop: "demo-outfitters.myshopify.com", body, secret: "forged" }));
    expect(forged.status).toBe(401);
  });

  it("rendered every page without a browser error or a server error", () => {
    expect(demo.pageErrors).toEqual([]);
    expect(serverErrors(server)).toEqual([]);
  });
});
