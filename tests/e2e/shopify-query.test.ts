import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importShopifyQueryForShop } from "../../app/models/shopify-query.server";
import { countQuery } from "../../app/segments/compile";
import type { Db } from "../../db/client.server";
import { hasChromium } from "../helpers/browser";
import { settledEstimate } from "../helpers/builder-estimate";
import { SCREENSHOTS, startDemoAdmin, type DemoAdmin } from "../helpers/demo-admin";
import { serverErrors } from "../helpers/demo-server";
import type { RunningServer } from "../helpers/server";

/**
 * A merchant brings a segment over from Shopify on the demo: pastes a query on the create page,
 * sees a mistake inline with its line and column, fixes it, gets the builder filled in, creates
 * the segment (its count is the engine's count), then copies it back as a Shopify query.
 */

const QUERY = "email_subscription_status = 'SUBSCRIBED'\nAND (customer_countries CONTAINS 'CA' OR amount_spent > 250)\nAND last_order_date >= -90d";
const BROKEN = "email_subscription_status = 'SUBSCRIBED'\nAND (customer_countries CONTAINS 'CA' OR amount_spent > 250\nAND last_order_date >= -90d";

describe.skipIf(!hasChromium())("importing and exporting Shopify segment queries in a real browser", () => {
  let demo: DemoAdmin;
  let server: RunningServer;
  let page: Page;
  let db: Db;
  let shopId: number;

  beforeAll(async () => {
    demo = await startDemoAdmin();
    ({ server, page, db } = demo);
    shopId = db.$client.prepare(`SELECT id FROM shops LIMIT 1`).pluck().get() as number;
  });

  afterAll(() => demo?.stop());

  const dialog = () => page.getByRole("dialog");
  const estimate = () => page.getByTestId("estimate");

  const settledCount = () => settledEstimate(page);

  async function paste(query: string) {
    const field = dialog().getByLabel("Shopify segment query");
    await field.fill(query);
    await dialog().getByRole("button", { name: "Import", exact: true }).click();
  }

  it("shows a mistake inline, then fills the builder and creates a segment whose count is the engine's", async () => {
    await page.goto(`${server.url}/app/segments/new`);
    await page.getByRole("button", { name: "Import from a Shopify query" }).click();
    await dialog().getByLabel("Shopify segment query").waitFor();

    await paste(BROKEN);
    const error = dialog().getByText(/^Line 3, column 28: Expected \) to close the \( at line 2, column 5/);
    await error.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "shopify-query-error.png") });
    // nothing was imported: the builder is still empty
    await expect(estimate().getAttribute("data-state")).resolves.toBe("empty");

    await paste(QUERY);
    await dialog().waitFor({ state: "detached" });
    await page.getByText("Imported from a Shopify query").waitFor();
    for (const condition of ["Email subscription", "Country", "Total spent", "Last order date"]) {
      await page.getByRole("group", { name: condition, exact: true }).waitFor();
    }
    await expect(page.getByLabel("Value for Total spent").inputValue()).resolves.toBe("250");
    const shown = await settledCount();
    expect(shown).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, "shopify-query-imported.png"), fullPage: true });

    await page.getByRole("button", { name: "Edit segment name" }).click();
    await page.getByLabel("Segment name").fill("From Shopify");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.waitForURL(/\/app\/segments\/\d+$/, { timeout: 60_000 });
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    const row = () => db.$client.prepare(`SELECT definition, status, member_count FROM segments WHERE id = ?`).get(id) as { definition: string; status: string; member_count: number };
    await expect.poll(() => row().status, { timeout: 60_000 }).toBe("ready");

    const now = Date.now();
    const expected = importShopifyQueryForShop(db, { shopId, query: QUERY, now });
    expect(expected.ok).toBe(true);
    if (!expected.ok) return;
    expect(JSON.parse(row().definition)).toEqual(expected.definition);
    const timeZone = db.$client.prepare(`SELECT time_zone FROM shops WHERE id = ?`).pluck().get(shopId) as string;
    const engine = db.get<{ n: number }>(countQuery(expected.definition, { shopId, now, timeZone })).n;
    expect(row().member_count).toBe(engine);
    expect(shown).toBe(engine);
  });

  it("copies the segment back as a Shopify query", async () => {
    await page.getByRole("button", { name: "Copy as Shopify query" }).click();
    const field = page.getByLabel("Shopify segment query");
    await field.waitFor();
    await expect(field.inputValue()).resolves.toBe(
      "email_subscription_status = 'SUBSCRIBED' AND (customer_countries CONTAINS 'CA' OR amount_spent > 250) AND last_order_date >= -90d",
    );
    await expect(field.getAttribute("readonly")).resolves.not.toBeNull();
    await page.getByRole("button", { name: "Copy the Shopify query" }).click();
    await page.getByText("Copied").waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "shopify-query-export.png"), fullPage: true });
    expect(demo.pageErrors).toEqual([]);
    expect(serverErrors(server)).toEqual([]);
  });
});
