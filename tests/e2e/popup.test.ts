import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createSegment } from "../../app/models/segments.server";
import { DEMO_WEBHOOK_SECRET } from "../../app/shopify.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { appProxyUrl } from "../helpers/app-proxy";
import { hasChromium, launchBrowser, newContext } from "../helpers/browser";
import { serverErrors, startDemoServer, waitUntil, type DemoServer } from "../helpers/demo-server";
import { FakeStorefront } from "../helpers/fake-storefront";

/**
 * The signup popup end to end: the real demo server, requests signed as Shopify's app proxy signs
 * them (with the demo secret), and in Chromium a storefront page rendering the theme extension's
 * block and script, whose app proxy path forwards to the server (tests/helpers/fake-storefront.ts).
 */

describe("the signup popup over real HTTP", () => {
  let demo: DemoServer;
  let storefront: FakeStorefront;
  let shopId: number;
  let segmentId: number;

  const sql = <T>(query: string, ...params: unknown[]) => demo.db.$client.prepare(query).get(...params) as T;
  const post = (body: unknown, { ip = "203.0.113.20", signed = true } = {}) =>
    fetch(signed ? appProxyUrl(`${demo.server.url}/proxy/signup`, { shop: DEMO_SHOP.domain, secret: DEMO_WEBHOOK_SECRET }) : `${demo.server.url}/proxy/signup?shop=${DEMO_SHOP.domain}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    demo = await startDemoServer({ writable: true });
    shopId = sql<{ id: number }>(`SELECT id FROM shops WHERE domain = ?`, DEMO_SHOP.domain).id;
    const segment = createSegment(demo.db, {
      shopId,
      name: "Popup subscribers",
      now: Date.now(),
      definition: {
        version: 1,
        root: {
          id: "r",
          type: "group",
          match: "all",
          children: [
            { id: "c1", type: "registration_source", match: { operator: "is_any_of", values: ["popup"] } },
            { id: "c2", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } },
          ],
        },
      },
    });
    if (!segment.ok) throw new Error("invalid segment");
    segmentId = segment.segment.id;
    await waitUntil("the segment to be computed", () => sql<{ status: string }>(`SELECT status FROM segments WHERE id = ?`, segmentId).status === "ready");
    storefront = await FakeStorefront.start({ appUrl: demo.server.url, shop: DEMO_SHOP.domain, secret: DEMO_WEBHOOK_SECRET, settings: { delay_seconds: 0 } });
  });
  afterAll(async () => {
    await storefront?.close();
    await demo?.stop();
  });

  it("lands a signed signup: source popup, popup tags, consent, the membership change; the write-back is skipped in the demo", async () => {
    const response = await post({ email: "http-signup@example.com", firstName: "Hana", emailConsent: true, emailConsentText: "Yes please" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, confirmEmail: false });
    const contact = sql<{ id: number; registration_source: string; email_consent: string }>(`SELECT id, registration_source, email_consent FROM contacts WHERE email = ?`, "http-signup@example.com");
    expect(contact).toMatchObject({ registration_source: "popup", email_consent: "subscribed" });
    expect(sql(`SELECT t.name, ct.source FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ?`, contact.id)).toEqual({ name: "popup-signup", source: "popup" });
    expect(sql(`SELECT kind, cause, cause_detail FROM membership_changes WHERE segment_id = ? AND contact_id = ?`, segmentId, contact.id)).toEqual({ kind: 1, cause: 5, cause_detail: "popup (email)" });
    await waitUntil("the write-back job", () => sql<{ writeback_status: string }>(`SELECT writeback_status FROM popup_signups WHERE contact_id = ?`, contact.id).writeback_status !== "pending");
    expect(sql(`SELECT writeback_status, writeback_detail FROM popup_signups WHERE contact_id = ?`, contact.id)).toEqual({ writeback_status: "skipped", writeback_detail: "demo mode: no store to write back to" });
  });

  it("refuses an unsigned request (401), bad fields (400, naming them) and a flood from one visitor (429), writing nothing", async () => {
    const contacts = () => sql<{ n: number }>(`SELECT count(*) AS n FROM contacts WHERE shop_id = ?`, shopId).n;
    const before = contacts();
    expect((await post({ email: "unsigned@example.com" }, { signed: false })).status).toBe(401);
    const bad = await post({ email: "nope", emailConsent: true }, { ip: "203.0.113.21" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "email: must be an email address" });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post({ firstName: "Flood" }, { ip: "203.0.113.22" })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    expect(contacts()).toBe(before);
    expect(serverErrors(demo.server)).toEqual([]);
  });

  describe("in the browser", () => {
    let browser: Browser | undefined;
    const pageErrors: string[] = [];
    const withChromium = hasChromium();

    beforeAll(async () => {
      if (withChromium) browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    /** The popup script has run and its zero-delay timer has fired: had it been due, it would be open now. */
    async function scriptSettled(page: Page): Promise<void> {
      await page.locator("#segmentflow-popup[data-sf-ready]").waitFor({ state: "attached" });
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    }

    async function openStorefront(): Promise<Page> {
      const page = await (await newContext(browser!)).newPage();
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(storefront.url);
      return page;
    }

    it.runIf(withChromium)("opens an accessible dialog, keeps focus inside, closes on Escape, stays closed for the frequency cap, and subscribes", async () => {
      storefront.configure({ delay_seconds: 0, frequency_days: 7, ask_name: true });
      const page = await openStorefront();
      const dialog = page.getByRole("dialog", { name: "Join our newsletter" });
      await dialog.waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("sf-popup-first-name");
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => Boolean(document.activeElement?.closest(".sf-popup__dialog")))).toBe(true);
      }
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await page.reload();
      await scriptSettled(page); // the popup would open at once (delay 0): it stays closed within the cap
      expect(await dialog.isVisible()).toBe(false);

      await page.evaluate(() => window.localStorage.clear());
      await page.reload();
      await dialog.waitFor();
      await page.getByLabel("First name").fill("Bea");
      await page.getByRole("button", { name: "Subscribe" }).click();
      await expect.poll(() => page.getByRole("alert").textContent()).toBe("Please enter your email address.");
      await page.getByLabel("Email", { exact: true }).fill("browser-signup@example.com");
      await page.getByLabel("Yes, send me marketing emails. I can unsubscribe at any time.").check();
      await page.getByRole("button", { name: "Subscribe" }).click();
      await page.getByText("Thanks for subscribing!").waitFor();
      expect(sql(`SELECT first_name, registration_source, email_consent FROM contacts WHERE email = ?`, "browser-signup@example.com")).toEqual({
        first_name: "Bea",
        registration_source: "popup",
        email_consent: "subscribed",
      });
      expect(sql(`SELECT email_consent_text FROM popup_signups s JOIN contacts c ON c.id = s.contact_id WHERE c.email = ?`, "browser-signup@example.com")).toEqual({
        email_consent_text: "Yes, send me marketing emails. I can unsubscribe at any time.",
      });
      await page.reload();
      await scriptSettled(page);
      expect(await dialog.isVisible()).toBe(false); // a subscriber never sees it again
      expect(pageErrors).toEqual([]);
    });

    it.runIf(withChromium)("under double opt-in (switched on in Settings) asks to check the inbox, and the emailed link confirms", async () => {
      const admin = await (await newContext(browser!)).newPage();
      await admin.goto(`${demo.server.url}/app/settings`);
      const doubleOptIn = admin.getByLabel("Ask new email subscribers to confirm (double opt-in)");
      await doubleOptIn.check();
      const section = admin.locator("form", { has: doubleOptIn });
      await section.getByRole("button", { name: "Save" }).click();
      await section.getByText("Signup popup saved").waitFor();

      storefront.configure({ delay_seconds: 0 });
      const page = await openStorefront();
      await page.getByRole("dialog", { name: "Join our newsletter" }).waitFor();
      await page.getByLabel("Email", { exact: true }).fill("double@example.com");
      await page.getByLabel("Yes, send me marketing emails. I can unsubscribe at any time.").check();
      await page.getByRole("button", { name: "Subscribe" }).click();
      await page.getByText("Almost there: check your inbox to confirm your subscription.").waitFor();
      expect(sql(`SELECT email_consent FROM contacts WHERE email = ?`, "double@example.com")).toEqual({ email_consent: "pending" });

      await waitUntil("the confirmation in the outbox", () => Boolean(sql(`SELECT 1 FROM outbox_messages WHERE to_address = ?`, "double@example.com")));
      const { body } = sql<{ body: string }>(`SELECT body FROM outbox_messages WHERE to_address = ?`, "double@example.com");
      const link = /href="(http[^"]+\/confirm\/[^"]+)"/.exec(body)![1]!;
      await page.goto(link);
      await page.getByRole("button", { name: "Confirm my subscription" }).click();
      await page.getByText("is subscribed to emails from").waitFor();
      expect(sql(`SELECT email_consent, email_opt_in_level FROM contacts WHERE email = ?`, "double@example.com")).toEqual({ email_consent: "subscribed", email_opt_in_level: "confirmed_opt_in" });
      expect(pageErrors).toEqual([]);
    });
  });
});
