import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { hasChromium } from "../helpers/browser";
import { SCREENSHOTS, startDemoAdmin, type DemoAdmin } from "../helpers/demo-admin";
import { serverErrors, startDemoServer, waitUntil, type DemoServer } from "../helpers/demo-server";

/**
 * Importing contacts from a CSV file on the real server: a merchant's walk through the pages in
 * Chromium, and a 500,000-row file uploaded over HTTP and imported as a job while the admin keeps
 * answering.
 */
const SHOP_ID = 1;

/** Uploads a CSV to the import page as a browser form would (multipart), and returns the new import's id. */
async function upload(url: string, name: string, csv: string): Promise<number> {
  const form = new FormData();
  form.append("file", new Blob([csv], { type: "text/csv" }), name);
  const response = await fetch(`${url}/app/contacts/imports?index`, { method: "POST", body: form, redirect: "manual" });
  expect(response.status, await response.clone().text().catch(() => "")).toBe(302);
  return Number(/\/app\/contacts\/imports\/(\d+)$/.exec(response.headers.get("location") ?? "")![1]);
}

const importRow = (db: Db, id: number) =>
  db.$client.prepare(`SELECT status, rows_done, counts, file_path FROM imports WHERE id = ? AND shop_id = ?`).get(id, SHOP_ID) as { status: string; rows_done: number; counts: string; file_path: string | null };

describe.skipIf(!hasChromium())("importing a small file in the browser", () => {
  let demo: DemoAdmin;
  let page: Page;
  const pageErrors: string[] = [];
  const offLoopback: string[] = [];

  beforeAll(async () => {
    demo = await startDemoAdmin();
    page = demo.page;
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("request", (request) => {
      if (new URL(request.url()).hostname !== "127.0.0.1") offLoopback.push(request.url());
    });
  });
  afterAll(() => demo?.stop());

  it("goes from upload through preview and mapping to progress and a summary with the rejected rows", async () => {
    const csv = ["E-mail;Vorname;Land;Newsletter;Kundentyp", "lena@import.test;Lena;DE;yes;VIP", "not-an-email;Max;DE;yes;", "jonas@import.test;Jonas;AT;no;"].join("\n");
    await page.goto(`${demo.server.url}/app/contacts`);
    await page.getByRole("link", { name: "Import contacts" }).click();
    await page.getByRole("heading", { name: "Import contacts", level: 1 }).waitFor();
    await page.getByLabel("CSV file").setInputFiles({ name: "newsletter signups.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Upload and preview" }).click();

    await page.getByRole("heading", { name: "Preview of the first rows" }).waitFor();
    await page.locator("html[data-hydrated]").waitFor({ state: "attached" }); // a choice made before hydration would be reset by React
    await expect(page.getByText("lena@import.test", { exact: true }).isVisible()).resolves.toBe(true);
    // "E-mail" is guessed; the German headers are mapped by hand
    await expect(page.getByLabel("E-mail").inputValue()).resolves.toBe("email");
    await page.getByLabel("Vorname").selectOption("first_name");
    await page.getByLabel("Land").selectOption("country");
    await page.getByLabel("Newsletter").selectOption("email_consent");
    await page.getByLabel("Kundentyp").selectOption("tags");
    await page.screenshot({ path: join(SCREENSHOTS, "import-mapping.png"), fullPage: true });
    await page.getByRole("button", { name: "Start import" }).click();

    await page.getByRole("heading", { name: "Summary" }).waitFor({ timeout: 30_000 });
    await expect(page.getByRole("heading", { name: "newsletter signups.csv", level: 1 }).isVisible()).resolves.toBe(true);
    await expect(page.locator("#import-count-imported").innerText()).resolves.toBe("2");
    await expect(page.locator("#import-count-rejected").innerText()).resolves.toBe("1");
    await page.screenshot({ path: join(SCREENSHOTS, "import-summary.png"), fullPage: true });
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download rejected rows" }).click();
    const report = await (await download).path();
    expect(readFileSync(report, "utf8").trim().split("\n")).toEqual(["row,column,value,reason", "3,E-mail,not-an-email,not an email address"]);
    const lena = demo.db.$client.prepare(`SELECT first_name, country_code, email_consent, registration_source FROM contacts WHERE email = 'lena@import.test'`).get();
    expect(lena).toEqual({ first_name: "Lena", country_code: "DE", email_consent: "subscribed", registration_source: "import" });
    expect(pageErrors).toEqual([]);
    expect(offLoopback).toEqual([]);
  });
});

describe("a 500,000-row file imported as a job", () => {
  const ROWS = 500_000;
  let demo: DemoServer;

  beforeAll(async () => {
    demo = await startDemoServer();
  });
  afterAll(() => demo?.stop());

  it("finishes with exact counts while the admin keeps answering", async () => {
    // every 100,000th row has a bad email (4 of them), and the last row repeats the first
    const lines = ["email,first_name,country,tags"];
    for (let i = 0; i < ROWS - 1; i++) lines.push(`${i % 100_000 === 99_999 ? `bad-${i}` : `person-${i}@import.test`},Person ${i},${i % 2 ? "US" : "DE"},${i % 10 === 0 ? "Wholesale list" : ""}`);
    lines.push(lines[1]);
    const contactsBefore = demo.db.$client.prepare(`SELECT count(*) FROM contacts WHERE shop_id = ?`).pluck().get(SHOP_ID) as number;

    const importId = await upload(demo.server.url, "wholesale.csv", lines.join("\n"));
    const start = await fetch(`${demo.server.url}/app/contacts/imports/${importId}?index`, {
      method: "POST",
      body: new URLSearchParams({ intent: "start", "column-0": "email", "column-1": "first_name", "column-2": "country", "column-3": "tags" }),
      redirect: "manual",
    });
    expect(start.status).toBe(302);

    // the Contacts page and the status endpoint keep answering while the job runs
    let answeredWhileRunning = 0;
    let sawProgress = false;
    while (importRow(demo.db, importId).status !== "done") {
      const contacts = await fetch(`${demo.server.url}/app/contacts`);
      expect(contacts.status).toBe(200);
      const status = (await (await fetch(`${demo.server.url}/app/contacts/imports/${importId}/status`)).json()) as { status: string; percent: number };
      if (status.status === "running") {
        answeredWhileRunning++;
        if (status.percent > 0 && status.percent < 100) sawProgress = true;
      }
      expect(["queued", "running", "done"]).toContain(status.status);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(answeredWhileRunning).toBeGreaterThan(3);
    expect(sawProgress).toBe(true);

    const done = importRow(demo.db, importId);
    expect(done.rows_done).toBe(ROWS);
    expect(done.file_path).toBeNull();
    expect(JSON.parse(done.counts)).toMatchObject({ rows: ROWS, imported: ROWS - 5, rejected: 4, duplicates: 1, created: ROWS - 5, tagged: 50_000 });
    expect(demo.db.$client.prepare(`SELECT count(*) FROM contacts WHERE shop_id = ?`).pluck().get(SHOP_ID)).toBe(contactsBefore + ROWS - 5);
    expect(
      demo.db.$client.prepare(`SELECT count(*) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.shop_id = ? AND t.name = 'Wholesale list' AND ct.source = 'import'`).pluck().get(SHOP_ID),
    ).toBe(50_000);
    // the job ran in slices, each making way for other jobs
    expect(demo.db.$client.prepare(`SELECT count(*) FROM jobs WHERE type = 'imports.run' AND status = 'succeeded'`).pluck().get()).toBeGreaterThanOrEqual(ROWS / 50_000);

    const report = await (await fetch(`${demo.server.url}/app/contacts/imports/${importId}/rejected.csv`)).text();
    expect(report.trim().split("\n")).toEqual([
      "row,column,value,reason",
      ...[100_001, 200_001, 300_001, 400_001].map((row) => `${row},email,bad-${row - 2},not an email address`),
      `${ROWS + 1},,,duplicate of row 2`,
    ]);
    expect(serverErrors(demo.server)).toEqual([]);
  });
});
