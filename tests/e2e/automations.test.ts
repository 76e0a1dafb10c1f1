import AxeBuilder from "@axe-core/playwright";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegment } from "../../app/models/segments.server";
import { DEMO_WEBHOOK_SECRET } from "../../app/shopify.server";
import { openDatabase, type Db } from "../../db/client.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { hasChromium, launchBrowser, newContext } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";
import { signedShopifyWebhook } from "../helpers/webhooks";

/**
 * In the browser, on the demo store (real server, real build): an automation created through the
 * UI welcomes a contact who enters its segment from a signed customers/create webhook, and the
 * message shows in the outbox. Then the segment is updated through the modal with "trigger all
 * current members": the member who was there before the automation existed, and the one the
 * update brings in, are enrolled — and nobody twice.
 */
const ANCHOR = "2026-11-28T12:00:00Z";
const SEGMENT = "Segmentflow towns";

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let seq = 0;
/** A new customer as Shopify sends customers/create: subscribed to email, living in `city`. */
function customerCreated(firstName: string, city: string): string {
  const id = 880000000000000000n + BigInt(++seq);
  const at = new Date().toISOString();
  return JSON.stringify({
    id: 0,
    created_at: at,
    updated_at: at,
    first_name: firstName,
    last_name: "Tester",
    state: "enabled",
    email: `${firstName.toLowerCase()}@e2e.example`,
    phone: null,
    tags: "",
    email_marketing_consent: { state: "subscribed", opt_in_level: "single_opt_in", consent_updated_at: at },
    default_address: { id: 1, customer_id: 0, city, province_code: "ON", country_code: "CA", zip: "K2P 2L8", default: true },
  }).replace(/"(id|customer_id)":0/g, (_, key: string) => `"${key}":${id}`);
}

describe.skipIf(!hasChromium())("automations in the browser", () => {
  const tmp = createTempDir();
  const dbPath = join(tmp.dir, "demo.sqlite");
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let db: Db;
  let shopId: number;
  let segmentId: number;
  const pageErrors: string[] = [];

  const contactId = (email: string) => db.$client.prepare(`SELECT id FROM contacts WHERE email = ?`).pluck().get(email) as number | undefined;
  const runsOf = (automationId: number) =>
    db.$client.prepare(`SELECT c.first_name AS name, r.status FROM automation_runs r JOIN contacts c ON c.id = r.contact_id WHERE r.automation_id = ? ORDER BY c.first_name`).all(automationId) as {
      name: string;
      status: string;
    }[];

  async function webhook(firstName: string, city: string) {
    const response = await fetch(signedShopifyWebhook(`${server.url}/webhooks/shopify`, { topic: "customers/create", shop: DEMO_SHOP.domain, body: customerCreated(firstName, city), secret: DEMO_WEBHOOK_SECRET }));
    expect(response.status).toBe(200);
    await expect.poll(() => contactId(`${firstName.toLowerCase()}@e2e.example`), { timeout: 30_000 }).toBeTypeOf("number");
  }

  beforeAll(async () => {
    server = await startServer({ APP_MODE: "demo", DATABASE_PATH: dbPath, DEMO_ANCHOR: ANCHOR });
    db = openDatabase(dbPath);
    shopId = db.$client.prepare(`SELECT id FROM shops WHERE domain = ?`).pluck().get(DEMO_SHOP.domain) as number;
    const segment = createSegment(db, {
      shopId,
      name: SEGMENT,
      now: Date.now(),
      definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c1", type: "city", match: { operator: "starts_with", value: "Segmentflow" } }] } },
    });
    if (!segment.ok) throw new Error("invalid segment");
    segmentId = segment.segment.id;
    await waitFor(() => db.$client.prepare(`SELECT status FROM segments WHERE id = ?`).pluck().get(segmentId) === "ready", 60_000, "the segment to be computed");
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    db?.$client.close();
    tmp.cleanup();
  });

  it("welcomes a contact who enters the segment, shows the message in the outbox, and enrols current members on 'trigger all'", async () => {
    // Ada lives in a matching town before any automation exists; Cy in one the update will add
    await webhook("Ada", "Segmentflowville");
    await webhook("Cy", "Segmentvale");
    await expect.poll(() => db.$client.prepare(`SELECT count(*) FROM segment_members WHERE segment_id = ?`).pluck().get(segmentId), { timeout: 30_000 }).toBe(1);

    // create the automation through the UI
    await page.goto(`${server.url}/app/automations`);
    await page.getByRole("link", { name: "Automations" }).first().waitFor();
    await page.getByRole("link", { name: "Create automation" }).first().click();
    await page.getByLabel("Automation name").fill("Welcome to town");
    await page.getByLabel("Segment", { exact: true }).selectOption({ label: SEGMENT });
    await page.getByLabel("Subject", { exact: true }).fill("Welcome, {{ first_name }}!");
    await page.getByLabel("Email body (HTML)").fill("<p>Hello {{ first_name }}, glad to have you.</p>");
    await page.getByRole("button", { name: "Save automation" }).click();
    await page.waitForURL(/\/app\/automations\/\d+$/);
    const automationId = Number(new URL(page.url()).pathname.split("/").pop());
    await page.getByRole("heading", { name: "Welcome to town", level: 1 }).waitFor();
    await page.getByText("Nobody has been enrolled yet.").waitFor();

    // Bea enters through a webhook: enrolled, welcomed; the message is in the outbox
    await webhook("Bea", "Segmentflowton");
    await expect.poll(() => runsOf(automationId), { timeout: 30_000 }).toEqual([{ name: "Bea", status: "completed" }]);
    await expect.poll(() => db.$client.prepare(`SELECT count(*) FROM outbox_messages WHERE to_address = 'bea@e2e.example'`).pluck().get(), { timeout: 30_000 }).toBe(1);
    await page.goto(`${server.url}/app/outbox`);
    await page.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
    await page.getByText("bea@e2e.example").first().click();
    await page.getByText("Welcome, Bea!").first().waitFor();

    // update the segment through the modal: the towns starting with "Segment" (Cy joins), trigger all;
    // with this month's email quota used up, the modal warns first
    const quota = db.$client.prepare(`SELECT email_quota_limit FROM shops WHERE id = ?`).pluck().get(shopId) as number;
    db.$client.prepare(`UPDATE shops SET email_quota_limit = 0 WHERE id = ?`).run(shopId);
    await page.goto(`${server.url}/app/segments/${segmentId}/edit`);
    await page.getByLabel("Value for City").fill("Segment");
    await page.getByRole("button", { name: "Update segment" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByTestId("diff-summary").getAttribute("data-joining"), { timeout: 30_000 }).toBe("1");
    const listed = dialog.getByTestId("segment-automations");
    await listed.getByText("Welcome to town").waitFor();
    await listed.getByText("1 current member not enrolled yet", { exact: false }).waitFor();
    await dialog.getByLabel("Trigger all current members into the active automations now").check();
    await dialog.getByText("Not enough left to send all of it").waitFor();
    await dialog.getByText("About 1 email would go out, but only 0 are left in this month's email quota.").waitFor();
    db.$client.prepare(`UPDATE shops SET email_quota_limit = ? WHERE id = ?`).run(quota, shopId); // topped up
    await dialog.getByRole("button", { name: "Update segment" }).click();
    await page.waitForURL(new RegExp(`/app/segments/${segmentId}$`), { timeout: 60_000 });

    // Ada (there before the automation) and Cy (brought in by the update) are enrolled; Bea once
    await expect.poll(() => runsOf(automationId), { timeout: 60_000 }).toEqual([
      { name: "Ada", status: "completed" },
      { name: "Bea", status: "completed" },
      { name: "Cy", status: "completed" },
    ]);
    await page.goto(`${server.url}/app/automations/${automationId}`);
    await page.getByText("Completed: 3").waitFor();
    for (const name of ["Ada", "Bea", "Cy"]) await page.getByRole("link", { name: `${name} Tester` }).waitFor();
    await expect.poll(() => db.$client.prepare(`SELECT count(*) FROM outbox_messages WHERE to_address LIKE '%@e2e.example'`).pluck().get(), { timeout: 30_000 }).toBe(3);
    expect(db.$client.prepare(`SELECT max(deliveries) FROM outbox_messages WHERE to_address LIKE '%@e2e.example'`).pluck().get()).toBe(1);

    // the run's log names what it did
    await page.getByRole("link", { name: "Log" }).first().click();
    await page.getByTestId("run-log").getByText("1. Send email: message queued").waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("has no serious or critical accessibility violation on the campaign and automation pages", async () => {
    const automationId = db.$client.prepare(`SELECT id FROM automations ORDER BY id LIMIT 1`).pluck().get() as number;
    const violations: string[] = [];
    for (const [path, heading] of [
      ["/app/automations", "Automations"],
      ["/app/automations/new", "Create automation"],
      [`/app/automations/${automationId}`, "Welcome to town"],
      ["/app/campaigns", "Campaigns"],
      ["/app/campaigns/new", "Create campaign"],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState("networkidle");
      const results = await new AxeBuilder({ page }).analyze();
      for (const v of results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) violations.push(`${path}: ${v.id} — ${v.help}`);
    }
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
