import { parse } from "csv-parse/sync";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegment, listSegments, type SegmentRecord } from "../../app/models/segments.server";
import { countQuery } from "../../app/segments/compile";
import { suggestedSegments } from "../../app/segments/suggested";
import type { Db } from "../../db/client.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { hasChromium } from "../helpers/browser";
import { SCREENSHOTS, segmentComputed, startDemoAdmin, type DemoAdmin } from "../helpers/demo-admin";
import { DEMO_ANCHOR, serverErrors } from "../helpers/demo-server";
import type { RunningServer } from "../helpers/server";

const SHOP_ID = 1;

/** The three segments the merchant has made, from suggested definitions, under their own names. */
const MADE = [
  { name: "Repeat buyers", suggestion: "repeat_buyers" },
  { name: "Email audience", suggestion: "active_email_subscribers" },
  { name: "SMS audience", suggestion: "sms_subscribers" },
] as const;

const number = (n: number) => n.toLocaleString("en-US");

describe.skipIf(!hasChromium())("the segments list, suggestions and segment page in a real browser", () => {
  let demo: DemoAdmin;
  let server: RunningServer;
  let page: Page;
  let db: Db;
  const made = new Map<string, SegmentRecord>();
  const ready = (segmentId: number) => segmentComputed(db, { shopId: SHOP_ID, segmentId });

  /** A full-length screenshot with a viewport as tall as the page (no sticky table headers mid-page). */
  async function screenshot(name: string): Promise<void> {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height: Math.min(height, 6_000) });
    await page.screenshot({ path: join(SCREENSHOTS, name) });
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function chartDrawn(): Promise<void> {
    const chart = page.locator('[data-chart="size"]');
    await chart.locator("svg").first().waitFor();
    await expect.poll(() => chart.locator("svg path").count()).toBeGreaterThan(0);
    await expect.poll(() => chart.textContent()).toMatch(/[A-Z][a-z]{2} \d{1,2}/);
  }

  const row = (name: string) => page.locator("tbody tr").filter({ has: page.getByRole("link", { name, exact: true }) });

  beforeAll(async () => {
    demo = await startDemoAdmin({ anchor: DEMO_ANCHOR, writable: true });
    ({ server, page, db } = demo);
    const suggestions = suggestedSegments({ currency: DEMO_SHOP.currency });
    for (const { name, suggestion } of MADE) {
      const created = createSegment(db, { shopId: SHOP_ID, name, definition: suggestions.find((s) => s.key === suggestion)!.definition, now: Date.now() });
      if (!created.ok) throw new Error(`invalid ${name}`);
      made.set(name, created.segment);
    }
    for (const [name, segment] of made) made.set(name, await ready(segment.id));
  });

  afterAll(() => demo?.stop());

  it("lists each segment with its contacts, reach by email and SMS, last update and freshness", async () => {
    await page.goto(`${server.url}/app/segments`);
    await page.getByRole("heading", { name: "Segments", level: 1 }).waitFor();
    await expect(page.getByText(`${MADE.length} in total`).isVisible()).resolves.toBe(true);
    for (const segment of made.values()) {
      expect(segment.memberCount).toBeGreaterThan(0);
      const cells = await row(segment.name).locator("td").allInnerTexts();
      expect(cells.slice(0, 4)).toEqual([segment.name, number(segment.memberCount), number(segment.emailReachableCount), number(segment.smsReachableCount)]);
      expect(cells[4]).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M$/);
      expect(cells[5]).toMatch(/^as of [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    }
    await screenshot("segments-list.png");
  });

  it("narrows the list as the merchant types, and sorts it", async () => {
    await page.getByLabel("Search segments").fill("audience");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(2);
    await page.getByText("2 matching").waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("audience");
    await page.getByLabel("Sort by").selectOption("name_desc");
    await expect.poll(() => page.locator("tbody tr td:first-child").allInnerTexts()).toEqual(["SMS audience", "Email audience"]);
    await page.getByLabel("Search segments").fill("");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(MADE.length);
  });

  it("copies a segment into “Copy of …”, computes it and opens it", async () => {
    const original = made.get("Repeat buyers")!;
    await page.getByRole("button", { name: "Copy Repeat buyers" }).click();
    await page.waitForURL(/\/app\/segments\/\d+$/);
    await page.getByRole("heading", { name: "Copy of Repeat buyers", level: 1 }).waitFor();
    const copyId = Number(new URL(page.url()).pathname.split("/").pop());
    expect(copyId).not.toBe(original.id);
    // the page polls while the copy computes, then shows its members as of now
    await page.getByRole("heading", { name: `Members (${number(original.memberCount)})` }).waitFor({ timeout: 60_000 });
    const copy = await ready(copyId);
    expect(copy).toMatchObject({ memberCount: original.memberCount, definition: original.definition });
    await expect(page.getByText("Computing members…").count()).resolves.toBe(0);
  });

  it("deletes a segment only after a confirmation that says it cannot be undone", async () => {
    await page.goto(`${server.url}/app/segments`);
    await row("Copy of Repeat buyers").waitFor();
    await page.getByRole("button", { name: "Delete Copy of Repeat buyers" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("This cannot be undone.", { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(listSegments(db, { shopId: SHOP_ID }).some((s) => s.name === "Copy of Repeat buyers")).toBe(true);

    await page.getByRole("button", { name: "Delete Copy of Repeat buyers" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete segment" }).click();
    await page.getByText("“Copy of Repeat buyers” was deleted").waitFor();
    await expect.poll(() => row("Copy of Repeat buyers").count()).toBe(0);
    expect(listSegments(db, { shopId: SHOP_ID }).map((s) => s.name).sort()).toEqual(MADE.map((m) => m.name).sort());
  });

  it("opens a segment with its conditions, members, size chart, reach, orders and history", async () => {
    const segment = made.get("Repeat buyers")!;
    await page.getByRole("link", { name: "Repeat buyers", exact: true }).click();
    await page.getByRole("heading", { name: "Repeat buyers", level: 1 }).waitFor();
    await expect(page.getByTestId("definition-summary").innerText()).resolves.toBe("Number of orders is at least 2");
    await page.getByRole("heading", { name: `Members (${number(segment.memberCount)})` }).waitFor();
    const members = page.locator("table").filter({ has: page.getByRole("columnheader", { name: "Total spent" }) }).locator("tbody tr");
    await expect(members.count()).resolves.toBe(25);
    // the chart is drawn in the browser only: wait for its SVG, with a line and day labels, on the 30-day default
    await chartDrawn();
    await expect(page.getByText(`${number(segment.memberCount)} entered · 0 left in the last 30 days`).isVisible()).resolves.toBe(true);
    await expect(page.getByText(`${number(segment.emailReachableCount)} (`).first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { name: "Orders in the last 30 days" }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole("cell", { name: "Segment computed" }).first().isVisible()).resolves.toBe(true);
    await screenshot("segment-page.png");

    await page.getByLabel("Period").selectOption("90");
    await page.getByText("in the last 90 days", { exact: false }).waitFor();
    await chartDrawn();

    const name = (await members.first().locator("td").first().innerText()).split(" ")[0];
    await page.getByLabel("Search members").fill(name);
    await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(name)}`);
    // the URL changes first; the rows follow when the search's answer arrives
    const rowsNotMatching = async () => {
      const shown = await members.locator("td:first-child").allInnerTexts();
      const emails = await members.locator("td:nth-child(2)").allInnerTexts();
      return shown.length === 0 ? -1 : shown.filter((text, i) => !`${text} ${emails[i]}`.toLowerCase().includes(name.toLowerCase())).length;
    };
    await expect.poll(rowsNotMatching).toBe(0);
  });

  it("exports the members as a CSV file with one row per member", async () => {
    const segment = made.get("Repeat buyers")!;
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("repeat-buyers-members.csv");
    const records = parse(readFileSync((await download.path())!, "utf8"), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(segment.memberCount);
    const ids = new Set(db.$client.prepare(`SELECT contact_id FROM segment_members WHERE segment_id = ?`).pluck().all(segment.id) as number[]);
    expect(records.every((r) => ids.has(Number(r.contact_id)))).toBe(true);
  });

  it("shows every suggestion with a live count equal to the engine's", async () => {
    await page.goto(`${server.url}/app/segments`);
    await page.getByRole("tab", { name: "Suggestions" }).click();
    await page.waitForURL(/tab=suggestions/);
    const suggestions = suggestedSegments({ currency: DEMO_SHOP.currency });
    await page.locator(`[data-suggestion="${suggestions[0].key}"]`).waitFor();
    const now = Date.now();
    for (const suggestion of suggestions) {
      const { n } = db.get<{ n: number }>(countQuery(suggestion.definition, { shopId: SHOP_ID, now, timeZone: DEMO_SHOP.timeZone }));
      const card = page.locator(`[data-suggestion="${suggestion.key}"]`);
      await expect(card.locator("[data-count]").innerText(), suggestion.key).resolves.toBe(number(n));
      await expect(card.getByRole("link", { name: `Create ${suggestion.name}` }).getAttribute("href")).resolves.toBe(`/app/segments/new?suggestion=${suggestion.key}`);
    }
    await screenshot("segments-suggestions.png");
  });

  it("rendered every page without a browser error or a server error", () => {
    expect(demo.pageErrors).toEqual([]);
    expect(serverErrors(server)).toEqual([]);
  });
});
