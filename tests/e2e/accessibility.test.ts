import AxeBuilder from "@axe-core/playwright";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSegment } from "../../app/models/segments.server";
import { membersQuery } from "../../app/segments/compile";
import { parseSegmentDefinition } from "../../app/segments/definition";
import type { Db } from "../../db/client.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { contactDisplayName } from "../../app/contacts/labels";
import { hasChromium } from "../helpers/browser";
import { SCREENSHOTS, segmentComputed, startDemoAdmin, type DemoAdmin } from "../helpers/demo-admin";
import { DEMO_ANCHOR } from "../helpers/demo-server";
import type { RunningServer } from "../helpers/server";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";

const SHOP_ID = 1;
/** Bought in the last 90 days: a time window, so a member's explanation says when they will leave. */
const RECENT_BUYERS = { version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "recent", type: "last_order_at", match: { operator: "in_last", amount: 90, unit: "days" } }] } };

/**
 * Every merchant page of the segment feature (and the contact import pages), checked by axe-core in
 * Chromium: no serious or critical violation. And the contact page's "why" for a member and for a non-member.
 */
describe.skipIf(!hasChromium())("accessibility of the segment pages, and the contact page's why", () => {
  let demo: DemoAdmin;
  let server: RunningServer;
  let page: Page;
  let db: Db;
  let segmentId: number;
  let member: number;
  let outsider: number;

  beforeAll(async () => {
    demo = await startDemoAdmin({ anchor: DEMO_ANCHOR, writable: true });
    ({ server, page, db } = demo);
    const created = createSegment(db, { shopId: SHOP_ID, name: "Recent buyers", definition: RECENT_BUYERS, now: Date.now() });
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    segmentId = created.segment.id;
    await segmentComputed(db, { shopId: SHOP_ID, segmentId });
    const parsed = parseSegmentDefinition(RECENT_BUYERS);
    if (!parsed.ok) throw new Error("invalid definition");
    const query = new SQLiteSyncDialect().sqlToQuery(membersQuery(parsed.definition, { shopId: SHOP_ID, now: Date.now(), timeZone: DEMO_SHOP.timeZone }));
    const members = new Set(db.$client.prepare(query.sql).pluck().all(...query.params) as number[]);
    member = [...members][0];
    outsider = (db.$client.prepare(`SELECT id FROM contacts WHERE shop_id = ? AND deleted_at IS NULL ORDER BY id`).pluck().all(SHOP_ID) as number[]).find((id) => !members.has(id))!;
  });

  afterAll(() => demo?.stop());

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

  it("finds none on the import pages: upload, and the preview with its mapping form", async () => {
    expect(await seriousViolations("/app/contacts/imports", "Import contacts")).toEqual([]);
    const form = new FormData();
    form.append("file", new Blob(["Email,First name,Tags\nada@import.test,Ada,VIP\n"], { type: "text/csv" }), "a11y.csv");
    const uploaded = await fetch(`${server.url}/app/contacts/imports?index`, { method: "POST", body: form, redirect: "manual" });
    expect(uploaded.status).toBe(302);
    expect(await seriousViolations(uploaded.headers.get("location")!, "a11y.csv")).toEqual([]);
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
