import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { estimateSegment } from "../../app/models/segment-builder.server";
import type { Db } from "../../db/client.server";
import { MEMBERSHIP_CHANGE_KINDS } from "../../db/enums";
import { hasChromium } from "../helpers/browser";
import { settledEstimate } from "../helpers/builder-estimate";
import { SCREENSHOTS, startDemoAdmin, type DemoAdmin } from "../helpers/demo-admin";
import { serverErrors } from "../helpers/demo-server";
import { PROJECT_ROOT, type RunningServer } from "../helpers/server";

/**
 * The segment builder in Chromium on the demo server: building from scratch (the count shown is
 * the command line's count), from a suggestion, editing with the member diff (equal to what is
 * recorded), a validation error, a slow estimate endpoint, and a segment built with the keyboard.
 */

type SegmentRow = { id: number; name: string; definition: string; status: string; revision: number; suggestion_key: string | null; member_count: number };

describe.skipIf(!hasChromium())("the segment builder in a real browser", () => {
  let demo: DemoAdmin;
  let server: RunningServer;
  let page: Page;
  let db: Db;
  let shopId: number;
  let builtId: number;

  beforeAll(async () => {
    demo = await startDemoAdmin();
    ({ server, page, db } = demo);
    shopId = db.$client.prepare(`SELECT id FROM shops LIMIT 1`).pluck().get() as number;
  });

  afterAll(() => demo?.stop());

  const segmentRow = (id: number) => db.$client.prepare(`SELECT id, name, definition, status, revision, suggestion_key, member_count FROM segments WHERE id = ?`).get(id) as SegmentRow;
  const segmentCount = () => db.$client.prepare(`SELECT count(*) FROM segments`).pluck().get() as number;
  const estimate = () => page.getByTestId("estimate");
  const dialog = () => page.getByRole("dialog");

  /** The count once the live estimate has settled: ready, and still the same after a debounce period. */
  const settledCount = () => settledEstimate(page);

  async function openBuilder(path = "/app/segments/new") {
    await page.goto(`${server.url}${path}`);
    await page.getByRole("button", { name: "+ Add conditions" }).waitFor();
  }

  /** "+ Add conditions" (or a group's buttons), then a family, then a condition. */
  async function addCondition(opener: Locator, family: string, condition: string) {
    await opener.click();
    await dialog().getByRole("button", { name: family, exact: true }).click();
    await dialog().getByRole("button", { name: condition, exact: true }).click();
    await dialog().waitFor({ state: "detached" }).catch(() => undefined);
    await page.getByRole("group", { name: condition, exact: true }).last().waitFor();
  }

  async function rename(name: string) {
    await page.getByRole("button", { name: "Edit segment name" }).click();
    await page.getByLabel("Segment name").fill(name);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name, level: 2, exact: true }).waitFor();
  }

  /** The segment the page went to after saving (/app/segments/:id), once its computation is done. */
  async function savedSegment(): Promise<SegmentRow> {
    await page.waitForURL(/\/app\/segments\/\d+$/, { timeout: 60_000 });
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    await expect.poll(() => segmentRow(id).status, { timeout: 60_000 }).toBe("ready");
    return segmentRow(id);
  }

  /** `npm run segments -- count <definition.json> --db <file>`, as a merchant's developer would run it. */
  function cliCount(definition: string): number {
    const file = join(demo.dir, `definition-${Date.now()}.json`);
    writeFileSync(file, definition);
    const output = execFileSync(process.execPath, ["--import", "tsx", "server/segments-cli.ts", "count", file, "--db", demo.databasePath], { cwd: PROJECT_ROOT, encoding: "utf8" });
    return (JSON.parse(output) as { count: number }).count;
  }

  it("builds a segment from scratch, and the count it shows is the command line's count for what it saved", async () => {
    await openBuilder();
    await expect(estimate().getAttribute("data-state")).resolves.toBe("empty");
    await page.screenshot({ path: join(SCREENSHOTS, "builder-empty.png"), fullPage: true });
    await rename("North American regulars");

    // Properties: Country is any of US (the example) and Canada, picked from the shop's countries
    await addCondition(page.getByRole("button", { name: "+ Add conditions" }), "Properties", "Country");
    await page.getByLabel("Values for Country").fill("Canada");
    await page.getByRole("option", { name: /Canada \(CA\)/ }).click();
    await page.getByRole("button", { name: "Remove Canada (CA)" }).waitFor();
    // Consumer behaviour, in an Or group: at least 2 orders, or spent more than $250.00
    await addCondition(page.getByRole("button", { name: "Add group to Segment conditions" }), "Consumer behaviour", "Number of orders");
    await addCondition(page.getByRole("button", { name: "Add condition to Group 1" }), "Consumer behaviour", "Total spent");
    await page.getByLabel("Value for Total spent").fill("250");
    await expect(page.getByRole("group", { name: "Group 1" }).getByRole("button", { name: /^Or:/ }).getAttribute("aria-pressed")).resolves.toBe("true");

    const shown = await settledCount();
    expect(shown).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, "builder-filled.png"), fullPage: true });

    await page.getByRole("button", { name: "Create segment" }).click();
    const saved = await savedSegment();
    builtId = saved.id;
    expect(saved.name).toBe("North American regulars");
    const definition = JSON.parse(saved.definition);
    expect(definition.root).toMatchObject({
      match: "all",
      children: [
        { type: "country", match: { operator: "is_any_of", values: ["US", "CA"] } },
        { type: "group", match: "any", children: [{ type: "order_count", match: { operator: "gte", value: 2 } }, { type: "total_spent", match: { operator: "gt", value: 25_000 } }] },
      ],
    });
    expect(cliCount(saved.definition)).toBe(shown);
    expect(saved.member_count).toBe(shown);
  });

  it("creates a segment from a suggestion: renamed, reviewed, then generated", async () => {
    await openBuilder("/app/segments/new?suggestion=potential_converters");
    await page.getByRole("heading", { name: "Potential converters", level: 2, exact: true }).waitFor();
    await page.getByRole("group", { name: "Product views" }).waitFor();
    await page.getByRole("group", { name: "Number of orders" }).waitFor();
    const shown = await settledCount();
    await rename("Browsed, never bought");
    await page.getByRole("button", { name: "Generate segment" }).click();
    const saved = await savedSegment();
    expect(saved).toMatchObject({ name: "Browsed, never bought", suggestion_key: "potential_converters", member_count: shown });
  });

  it("edits a segment: the diff shown before saving is exactly the membership change recorded after", async () => {
    await openBuilder(`/app/segments/${builtId}/edit`);
    const before = await settledCount();
    await page.getByLabel("Value for Number of orders").fill("3");
    await page.getByLabel("Value for Total spent").fill("100");
    const after = await settledCount();
    expect(after).not.toBe(before);

    await page.getByRole("button", { name: "Update segment" }).click();
    const summary = dialog().getByTestId("diff-summary");
    await summary.waitFor();
    const joining = Number(await summary.getAttribute("data-joining"));
    const leaving = Number(await summary.getAttribute("data-leaving"));
    expect(joining).toBeGreaterThan(0);
    expect(leaving).toBeGreaterThan(0);
    expect(joining - leaving).toBe(after - before);
    await expect(summary.textContent()).resolves.toBe(`+${joining.toLocaleString("en-US")} will join, −${leaving.toLocaleString("en-US")} will leave`);
    const joiningShown = await dialog().getByTestId("diff-joining").getByRole("listitem").allInnerTexts();
    const leavingShown = await dialog().getByTestId("diff-leaving").getByRole("listitem").allInnerTexts();
    expect(joiningShown).toHaveLength(Math.min(10, joining));
    await page.screenshot({ path: join(SCREENSHOTS, "builder-diff-modal.png") });

    await dialog().getByRole("button", { name: "Update segment" }).click();
    const saved = await savedSegment();
    expect(saved).toMatchObject({ id: builtId, revision: 2, member_count: after });
    const changed = (kind: number) =>
      db.$client
        .prepare(
          `SELECT c.first_name, c.last_name, c.email FROM membership_changes mc JOIN contacts c ON c.id = mc.contact_id
           WHERE mc.segment_id = ? AND mc.segment_revision = 2 AND mc.kind = ? ORDER BY mc.contact_id`,
        )
        .all(builtId, kind) as { first_name: string | null; last_name: string | null; email: string | null }[];
    const entered = changed(MEMBERSHIP_CHANGE_KINDS.entered);
    const left = changed(MEMBERSHIP_CHANGE_KINDS.left);
    expect(entered).toHaveLength(joining);
    expect(left).toHaveLength(leaving);
    // the sample is the first ten by contact, named as the modal named them
    const named = (rows: typeof entered) => rows.slice(0, 10).map((r) => [r.first_name, r.last_name].filter(Boolean).join(" ") || r.email);
    expect(joiningShown.map((text) => text.split(" · ")[0])).toEqual(named(entered));
    expect(leavingShown.map((text) => text.split(" · ")[0])).toEqual(named(left));
  });

  it("shows a between date range whose start is after its end on the condition, and saves nothing", async () => {
    const before = segmentCount();
    await openBuilder();
    await rename("Impossible dates");
    await addCondition(page.getByRole("button", { name: "+ Add conditions" }), "Consumer behaviour", "Last order date");
    await page.getByLabel("Operator for Last order date").selectOption("between");
    await page.getByLabel("Start date for Last order date", { exact: true }).fill("2026-11-20");
    await page.getByLabel("End date for Last order date", { exact: true }).fill("2026-11-01");
    const row = page.getByRole("group", { name: "Last order date" });
    await row.getByText("The start date 2026-11-20 is after the end date 2026-11-01").waitFor();
    await page.locator('[data-testid="estimate"][data-state="invalid"]').waitFor();
    await page.getByRole("button", { name: "Create segment" }).click();
    await page.getByText("Fix 1 problem to save this segment").waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "builder-validation-error.png"), fullPage: true });
    expect(segmentCount()).toBe(before);
    expect(new URL(page.url()).pathname).toBe("/app/segments/new");
  });

  it("stays responsive with a slow estimate endpoint, and shows the count of the final definition last", async () => {
    await openBuilder();
    await addCondition(page.getByRole("button", { name: "+ Add conditions" }), "Consumer behaviour", "Total spent");
    await settledCount();
    const input = page.getByLabel("Value for Total spent");
    await input.fill("");
    await page.locator('[data-testid="estimate"][data-state="invalid"]').waitFor();

    // the first answers are the slowest: an older count would arrive after the newer one
    const delays = [3_000, 2_000];
    const handled: Promise<void>[] = [];
    let requests = 0;
    await page.route(/\/app\/segments\/estimate$/, (route: Route) => {
      const delay = delays[requests++] ?? 100;
      const done = (async () => {
        const response = await route.fetch();
        await new Promise((resolve) => setTimeout(resolve, delay));
        await route.fulfill({ response }).catch(() => undefined); // the page may have cancelled it
      })();
      handled.push(done.catch(() => undefined));
    });

    for (const [typed, shownValue] of [["1", "1"], ["2", "12"], ["0", "120"]] as const) {
      const started = performance.now();
      await input.pressSequentially(typed);
      await expect.poll(() => input.inputValue(), { timeout: 500 }).toBe(shownValue);
      expect(performance.now() - started).toBeLessThan(500);
      await page.waitForTimeout(400); // a pause: the debounced request goes out
    }
    await expect.poll(() => requests, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    await Promise.all(handled);
    await page.waitForTimeout(300);

    const counts = Object.fromEntries(
      [1, 12, 120].map((dollars) => {
        const definition = { version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "c1", type: "total_spent", match: { operator: "gt", value: dollars * 100 } }] } };
        const result = estimateSegment(db, { shopId, definition, now: Date.now() });
        return [dollars, result.ok ? result.count : -1];
      }),
    );
    expect(new Set(Object.values(counts)).size).toBe(3);
    await expect(estimate().getAttribute("data-state")).resolves.toBe("ready");
    await expect(estimate().getAttribute("data-count")).resolves.toBe(String(counts[120]));
    await page.unroute(/\/app\/segments\/estimate$/);
  });

  it("builds a whole segment with the keyboard only", async () => {
    await openBuilder();
    await page.locator("body").focus();

    /** Presses Tab (or Shift+Tab) until the focused control has this accessible name. */
    async function tabTo(name: string | RegExp, backwards = false) {
      for (let i = 0; i < 120; i++) {
        await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
        const current = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement & { labels?: NodeListOf<HTMLLabelElement> };
          return (el.getAttribute("aria-label") ?? el.labels?.[0]?.textContent ?? el.textContent ?? "").trim();
        });
        if (typeof name === "string" ? current === name : name.test(current)) return;
      }
      throw new Error(`Tab never reached ${name}`);
    }

    // a keyboard user starts tabbing once the panel has taken focus (it opens with an animation)
    async function dialogFocused() {
      await dialog().waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest("[role=dialog]") !== null)).toBe(true);
    }

    await tabTo("Edit segment name");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Keyboard-built subscribers");
    await page.keyboard.press("Enter");

    await tabTo("+ Add conditions");
    await page.keyboard.press("Enter");
    await dialogFocused();
    await tabTo("Email channel");
    await page.keyboard.press("Enter");
    await tabTo("Email subscription");
    await page.keyboard.press("Enter");
    await dialog().waitFor({ state: "hidden" }); // the panel has finished closing before it is opened again
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLSelectElement).labels?.[0]?.textContent)).toBe("Operator for Email subscription");

    await tabTo("+ Add conditions");
    await page.keyboard.press("Space");
    await dialogFocused();
    await tabTo("Properties");
    await page.keyboard.press("Enter");
    await tabTo("Country");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLSelectElement).labels?.[0]?.textContent)).toBe("Operator for Country");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Canada");
    await page.getByRole("option", { name: /Canada \(CA\)/ }).waitFor();
    // the list filters as the answer for "Canada" arrives: only then is the first option Canada
    await expect.poll(async () => (await page.getByRole("listbox").getByRole("option").first().innerText()).includes("Canada")).toBe(true);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");

    await tabTo(/^Or: match any condition of Segment conditions/, true);
    await page.keyboard.press("Space");
    const shown = await settledCount();
    await tabTo("Create segment", true);
    await page.keyboard.press("Enter");
    const saved = await savedSegment();
    expect(saved.name).toBe("Keyboard-built subscribers");
    expect(JSON.parse(saved.definition).root).toMatchObject({
      match: "any",
      children: [
        { type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } },
        { type: "country", match: { operator: "is_any_of", values: ["US", "CA"] } },
      ],
    });
    expect(saved.member_count).toBe(shown);
  });

  it("rendered every page without a browser error or a server error", () => {
    expect(demo.pageErrors).toEqual([]);
    expect(serverErrors(server)).toEqual([]);
  });
});
