import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegment, findSegment } from "../../app/models/segments.server";
import { membersQuery } from "../../app/segments/compile";
import { parseSegmentDefinition } from "../../app/segments/definition";
import { openDatabase, type Db } from "../../db/client.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { contactDisplayName } from "../../app/contacts/labels";
import { hasChromium, launchBrowser, newContext } from "../helpers/browser";
import { PROJECT_ROOT, startServer, type RunningServer } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";

const ANCHOR = "2026-11-28T12:00:00Z";
const SHOP_ID = 1;
const SCREENSHOTS = join(PROJECT_ROOT, ".screenshots");
/** Bought in the last 90 days: a time window, so a member's explanation says when they will leave. */
const RECENT_BUYERS = { version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "recent", type: "last_order_at", match: { operator: "in_last", amount: 90, unit: "days" } }] } };

/**
 * Every merchant page of the segment feature, checked by axe-core in Chromium: no serious or
 * critical violation. And the contact page's "why" for a member and for a non-member.
 */
describe.skipIf(!hasChromium())("accessibility of the segment pages, and the contact page's why", () => {
  const tmp = createTempDir();
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let db: Db;
  let segmentId: number;
  let member: number;
  let outsider: number;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(tmp.dir, "demo.sqlite");
    server = await startServer({ APP_MODE: "demo", DATABASE_PATH: path, DEMO_ANCHOR: ANCHOR });
    db = openDatabase(path);
    const created = createSegment(db, { shopId: SHOP_ID, name: "Recent buyers", definition: RECENT_BUYERS, now: Date.now() });
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    segmentId = created.segment.id;
    const deadline = Date.now() + 60_000;
    while (findSegment(db, { shopId: SHOP_ID, segmentId })!.status !== "ready") {
      if (Date.now() > deadline) throw new Error("the segment was not computed within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const parsed = parseSegmentDefinition(RECENT_BUYERS);
    if (!parsed.ok) throw new Error("invalid definition");
    const query = new SQLiteSyncDialect().sqlToQuery(membersQuery(parsed.definition, { shopId: SHOP_ID, now: Date.now(), timeZone: DEMO_SHOP.timeZone }));
    const members = new Set(db.$client.prepare(query.sql).pluck().all(...query.params) as number[]);
    member = [...members][0];
    outsider = (db.$client.prepare(`SELECT id FROM contacts WHERE shop_id = ? AND deleted_at IS NULL ORDER BY id`).pluck().all(SHOP_ID) as number[]).find((id) => !members.has(id))!;
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    db?.$client.close();
    await server?.stop();
    tmp.cleanup();
  });

  async function seriousViolations(path: string, ready: string): Promise<string[]> {
    await page.goto(`${server.url}${path}`);
    await page.getByRole("heading", { name: ready, level: 1 }).waitFor();
    await page.waitForLoadState("networkidle");
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
  }

  it("finds no serious or critical violation on the segments list and its suggestions", async () => {
    expect(await seriousViolations("/app/segments", "Segments")).toEqual([]);
    expect(await seriousViolations("/app/segments?tab=suggestions", "Segments")).toEqual([]);
  });

  it("finds none on the segment page", async () => {
    await page.goto(`${server.url}/app/segments/${segmentId}`);
    await page.locator('[data-chart="size"] svg').first().waitFor(); // the client-only chart is part of the check
    expect(await seriousViolations(`/app/segments/${segmentId}`, "Recent buyers")).toEqual([]);
    await expect(page.getByText(/members on .+, .+ on .+; the most was/).count()).resolves.toBe(1); // the chart in words
  });

  it("finds none in the builder, new or editing", async () => {
    expect(await seriousViolations("/app/segments/new", "Create segment")).toEqual([]);
    expect(await seriousViolations("/app/segments/new?suggestion=repeat_buyers", "Create a suggested segment")).toEqual([]);
    expect(await seriousViolations(`/app/segments/${segmentId}/edit`, "Edit Recent buyers")).toEqual([]);
    // with the add-condition panel open too
    await page.getByRole("button", { name: /Add conditions/ }).first().click();
    await page.getByRole("dialog").waitFor();
    const panel = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
    expect(panel.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });

  it("shows a member why they are in, and when the window will let them go", async () => {
    expect(await seriousViolations(`/app/contacts/${member}`, await contactName(member))).toEqual([]);
    const card = page.locator("section, div").filter({ has: page.getByRole("heading", { name: "Segments", level: 2 }) }).last();
    await expect(card.getByRole("link", { name: "Recent buyers" }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("In “Recent buyers”").isVisible()).resolves.toBe(true);
    await expect(page.getByText(/^Leaves .+: /).first().isVisible()).resolves.toBe(true);
    await expect(page.getByText("Met", { exact: true }).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "contact-why-member.png"), fullPage: true });
  });

  it("shows a non-member which condition keeps them out, chosen from the select", async () => {
    await page.goto(`${server.url}/app/contacts/${outsider}`);
    await page.getByLabel("Why in or out of").selectOption({ label: "Recent buyers" });
    await page.getByRole("button", { name: "Explain" }).click();
    await page.waitForURL((url) => url.searchParams.get("why") === String(segmentId));
    await page.getByText("Not in “Recent buyers”").waitFor();
    await expect(page.getByText("Not met", { exact: true }).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "contact-why-outsider.png"), fullPage: true });
  });

  async function contactName(contactId: number): Promise<string> {
    const row = db.$client.prepare(`SELECT first_name AS firstName, last_name AS lastName, email, phone FROM contacts WHERE id = ?`).get(contactId);
    return contactDisplayName(row as Parameters<typeof contactDisplayName>[0]);
  }
});
