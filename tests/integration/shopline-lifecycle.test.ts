import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getEnv, resetEnvCache } from "../../app/env.server";
import { DATA_SYNC_JOBS } from "../../app/jobs/data-sync-jobs.server";
import { enqueueJob } from "../../app/jobs/queue.server";
import { JobRunner } from "../../app/jobs/runner.server";
import { SHOPLINE_JOBS, SHOPLINE_TOKEN_REFRESH_JOB } from "../../app/jobs/shopline-jobs.server";
import { shoplineAppConfig } from "../../app/platforms/shopline/config.server";
import { SESSION_COOKIE } from "../../app/platforms/shopline/session";
import { storeFacts } from "../../app/platforms/shopline/store-info.server";
import { loader as appLoader } from "../../app/routes/app";
import { action as webhookAction } from "../../app/routes/webhooks.shopline";
import { shoplineJobApi } from "../../app/jobs/shop-admin-api.server";
import { RECONCILE_JOB } from "../../app/sync/reconcile.server";
import { reconcileShoplineShop } from "../../app/sync/shopline-reconcile.server";
import { refreshDueShoplineTokens, shoplineToken } from "../../app/sync/shopline-tokens.server";
import type { Db } from "../../db/client.server";
import { processInbox } from "../../webhooks/process.server";
import { HANDLERS } from "../../webhooks/registry";
import { FakeShoplineAdmin } from "../helpers/fake-shopline-admin";
import { FakeShoplineOAuth } from "../helpers/fake-shopline-oauth";
import { SHOPLINE_APP, cookies, enterFromShopline, getRoute, startShoplineApp, stopShoplineApp } from "../helpers/shopline-install";
import { callRoute } from "../helpers/signed-request";

/**
 * A SHOPLINE store after its install: the store's own facts read from SHOPLINE, the hourly
 * reconciliation catching what webhooks missed, merchants/update keeping those facts current, a token that cannot be renewed shown to the
 * merchant and fixed by opening the app again, and an uninstall (SHOPLINE's
 * apps/installed_uninstalled webhook) stopping everything until the merchant installs again.
 * SHOPLINE is the loopback fake; entry and callback requests are signed with the real clock.
 */

const { appUrl: APP_URL, appKey: APP_KEY, appSecret: APP_SECRET, handle: HANDLE, domain: DOMAIN } = SHOPLINE_APP;
const HOUR = 3_600_000;
const OLD_SCOPES = "read_customers,read_orders";

let admin: FakeShoplineAdmin;
let shopline: FakeShoplineOAuth;
let db: Db;
let session = "";

beforeAll(async () => {
  ({ admin, shopline, db } = await startShoplineApp({
    clock: Date.now,
    customers: [
      { id: "4600000000000000001", firstName: "Ada", email: "ada@example.com", createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-02-01T00:00:00Z" },
      { id: "4600000000000000002", firstName: "Grace", email: "grace@example.com", createdAt: "2025-01-02T00:00:00Z", updatedAt: "2025-02-02T00:00:00Z" },
      { id: "4600000000000000003", firstName: "Linus", email: "linus@example.com", createdAt: "2025-01-03T00:00:00Z", updatedAt: "2025-02-03T00:00:00Z" },
    ],
  }));
});

afterAll(() => stopShoplineApp(admin));

function useScopes(scopes: string | undefined): void {
  if (scopes === undefined) vi.stubEnv("SHOPLINE_SCOPES", undefined);
  else vi.stubEnv("SHOPLINE_SCOPES", scopes);
  resetEnvCache();
}

const shopRow = () =>
  db.$client.prepare(`SELECT id, name, email, time_zone, currency, uninstalled_at FROM shops WHERE domain = ?`).get(DOMAIN) as {
    id: number; name: string | null; email: string | null; time_zone: string; currency: string; uninstalled_at: number | null;
  };
const layout = (cookie = session) => getRoute(appLoader, `${APP_URL}/app`, `${SESSION_COOKIE}=${cookie}`);
const runner = (offsetMs = 0) => new JobRunner({ db, definitions: [...DATA_SYNC_JOBS, ...SHOPLINE_JOBS], now: () => Date.now() + offsetMs });

async function install(): Promise<void> {
  const { authorized, response } = await enterFromShopline(shopline, APP_URL);
  expect(authorized).toBe(true);
  expect(response.headers.get("location")).toBe("/app");
  session = cookies(response)[SESSION_COOKIE];
}

describe("a SHOPLINE store after its install", () => {
  it("reads the store's facts only with read_store_information; without it the install still completes on defaults", async () => {
    useScopes(OLD_SCOPES);
    await install();
    expect(admin.storeInfoRequests).toEqual([403]);
    expect(shopRow()).toMatchObject({ name: null, time_zone: "UTC", currency: "USD", uninstalled_at: null });
    expect(shoplineToken(db, shopRow().id)).not.toBeNull();
    expect(await (await layout()).json()).toMatchObject({ shell: "shopline", shopName: DOMAIN, tokenAlert: null });
    // the install subscribed the uninstall topic with the rest
    expect(shopline.subscriptions.map((s) => s.topic)).toContain("apps/installed_uninstalled");
    await runner().drain(); // the import
    expect(db.$client.prepare(`SELECT count(*) FROM contacts`).pluck().get()).toBe(3);
  });

  it("reconciles hourly: the customers changed since the last run, newest first, stopping at the watermark", async () => {
    const { id: shopId } = shopRow();
    const later = (ms: number) => new Date(Date.now() + ms).toISOString();
    Object.assign(admin.customers[1], { firstName: "Grace H.", updatedAt: later(10 * 60_000) }); // a missed customers/update
    admin.customers.push({ id: "4600000000000000004", firstName: "Barbara", email: "barbara@example.com", createdAt: later(20 * 60_000), updatedAt: later(20 * 60_000) });
    admin.requests.length = 0;

    enqueueJob(db, { type: RECONCILE_JOB, payload: {} }, Date.now() + HOUR);
    await runner(HOUR).drain();
    expect(db.$client.prepare(`SELECT first_name FROM contacts WHERE shop_id = ? ORDER BY platform_id`).pluck().all(shopId)).toEqual(["Ada", "Grace H.", "Linus", "Barbara"]);
    // one page of 100, newest first; it reached older customers, so it asked for nothing more
    expect(admin.requests.map((r) => r.variables)).toEqual([{ first: 100, after: null }]);
    const state = db.$client.prepare(`SELECT status, progress_done, watermark FROM sync_state WHERE shop_id = ? AND kind = 'reconcile'`).get(shopId) as { status: string; progress_done: number; watermark: number };
    expect(state).toMatchObject({ status: "done", progress_done: 2 });
    expect(state.watermark).toBeGreaterThan(Date.now() + HOUR - 60_000);

    // an hour later, one more change, read a customer a page: it stops at the first older customer
    admin.customers.push({ id: "4600000000000000005", firstName: "Edsger", email: "edsger@example.com", createdAt: later(90 * 60_000), updatedAt: later(90 * 60_000) });
    admin.requests.length = 0;
    const api = shoplineJobApi(db, shopId)!;
    const report = await reconcileShoplineShop(db, { api, shopId, clock: () => Date.now() + 2 * HOUR, pageSize: 1 });
    expect(report).toMatchObject({ customers: 1, changedContacts: 1 });
    expect(admin.requests).toHaveLength(2); // Edsger, then Barbara (before the watermark): of 5 customers
    expect(admin.requests.every((r) => r.status === 200)).toBe(true);
  });

  it("shows a banner while the token cannot be renewed, critical once it expired, and opening the app again re-authorizes", async () => {
    const { id: shopId } = shopRow();
    const app = shoplineAppConfig(getEnv())!;
    shopline.failRefreshes = 3;
    for (let run = 0; run < 3; run++) await refreshDueShoplineTokens(db, { app, now: () => Date.now() + 9.5 * HOUR, retries: 0 });
    expect(shoplineToken(db, shopId)!.refreshFailures).toBe(3);

    const warned = (await (await layout()).json()) as { tokenAlert: { tone: string; title: string; messages: string[] } };
    expect(warned.tokenAlert).toMatchObject({ tone: "warning", title: "Segmentflow cannot renew its access to your SHOPLINE store" });
    expect(warned.tokenAlert.messages.join(" ")).toMatch(/failed 3 times in a row\. The last answer was: .*code 500 \(SYSTEM_ERROR: system busy\)/);
    expect(warned.tokenAlert.messages.at(-1)).toContain("Open Segmentflow again from your SHOPLINE admin");

    db.$client.prepare(`UPDATE shopline_tokens SET expires_at = ? WHERE shop_id = ?`).run(Date.now() - 60_000, shopId);
    const expired = (await (await layout()).json()) as { tokenAlert: { tone: string; title: string; messages: string[] } };
    expect(expired.tokenAlert).toMatchObject({ tone: "critical", title: "Segmentflow's access to your SHOPLINE store has expired" });
    expect(expired.tokenAlert.messages[0]).toMatch(/^The access expired on .* after renewing it failed 3 times in a row\./);

    // the merchant does what the banner says: SHOPLINE authorizes again, the banner goes
    const before = shopline.tokenCalls.filter((c) => c.kind === "create").length;
    await install();
    expect(shopline.tokenCalls.filter((c) => c.kind === "create")).toHaveLength(before + 1);
    expect(shoplineToken(db, shopId)).toMatchObject({ refreshFailures: 0, lastRefreshError: null, accessToken: shopline.currentToken });
    expect(await (await layout()).json()).toMatchObject({ tokenAlert: null });
  });

  it("stops everything for the store when SHOPLINE reports the app uninstalled", async () => {
    const { id: shopId } = shopRow();
    const delivery = shopline.uninstall();
    expect(delivery).not.toBeNull();
    const replay = { body: await delivery!.clone().text(), headers: Object.fromEntries(delivery!.headers) };
    expect((await callRoute(webhookAction, delivery!)).status).toBe(200);
    processInbox(db, { now: Date.now(), handlers: HANDLERS });

    expect(shopRow().uninstalled_at).not.toBeNull();
    expect(shoplineToken(db, shopId)).toBeNull();
    expect((await layout()).status).toBe(401); // the admin session is refused
    // no refresh and no reconciliation for the shop any more
    const calls = shopline.tokenCalls.length;
    admin.requests.length = 0;
    enqueueJob(db, { type: SHOPLINE_TOKEN_REFRESH_JOB, payload: {} }, Date.now() + 2 * HOUR);
    enqueueJob(db, { type: RECONCILE_JOB, payload: {} }, Date.now() + 2 * HOUR);
    await runner(2 * HOUR).drain();
    expect(shopline.tokenCalls).toHaveLength(calls);
    expect(admin.requests).toEqual([]);
    // a customer webhook still in flight is not applied
    const update = new Request(`${APP_URL}/webhooks/shopline`, {
      method: "POST",
      body: replay.body,
      headers: { ...replay.headers, "x-shopline-topic": "customers/update", "x-shopline-webhook-id": "after-uninstall-1" },
    });
    expect((await callRoute(webhookAction, update)).status).toBe(200);
    processInbox(db, { now: Date.now(), handlers: HANDLERS });
    expect(db.$client.prepare(`SELECT status, last_error FROM webhook_inbox WHERE topic = 'customers/update'`).get()).toEqual({ status: "skipped", last_error: "the shop has uninstalled the app" });

    // installing again (now with the store-information scope) reads the store's facts
    useScopes(undefined);
    admin.storeInfoRequests.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 5)); // the reinstall is strictly later than the uninstall
    await install();
    expect(admin.storeInfoRequests).toEqual([200]);
    expect(shopRow()).toMatchObject({ id: shopId, name: "Open Store", email: "owner@open-store.example", time_zone: "Asia/Singapore", currency: "SGD", uninstalled_at: null });
    expect(await (await layout()).json()).toMatchObject({ shopName: "Open Store", tokenAlert: null });

    // the merchant moves the store to Tokyo time and yen: SHOPLINE's merchants/update says so
    const store = { ...admin.store, name: "Open Store Japan", iana_timezone: "Asia/Tokyo", currency: "JPY" };
    const moved = shopline.webhook("merchants/update", { ...store, updated_at: new Date(Date.now() + 60_000).toISOString() });
    const stale = shopline.webhook("merchants/update", { ...store, name: "Old name", iana_timezone: "Europe/Paris", updated_at: "2025-01-01T00:00:00+08:00" });
    for (const delivery of [moved!, stale!]) expect((await callRoute(webhookAction, delivery)).status).toBe(200);
    processInbox(db, { now: Date.now(), handlers: HANDLERS });
    expect(shopRow()).toMatchObject({ name: "Open Store Japan", time_zone: "Asia/Tokyo", currency: "JPY" });

    // the old uninstall delivered again late (another delivery id) is older than this install: nothing changes
    const late = new Request(`${APP_URL}/webhooks/shopline`, { method: "POST", body: replay.body, headers: { ...replay.headers, "x-shopline-webhook-id": "late-uninstall-1" } });
    expect((await callRoute(webhookAction, late)).status).toBe(200);
    processInbox(db, { now: Date.now(), handlers: HANDLERS });
    expect(shopRow().uninstalled_at).toBeNull();
    expect(shoplineToken(db, shopId)).not.toBeNull();
  });
});

describe("SHOPLINE store information", () => {
  it("maps the documented answer, falls back where fields are missing, and names what is unreadable", () => {
    expect(storeFacts({ data: { name: " Open Store ", email: "", customer_email: "hello@x.example", iana_timezone: "Asia/Shanghai", currency: "cny" } })).toEqual({
      name: "Open Store", email: "hello@x.example", ianaTimezone: "Asia/Shanghai", currencyCode: "CNY", plan: null,
    });
    expect(storeFacts({ data: { timezone: "Europe/Berlin", currency: "euro" } })).toEqual({ name: null, email: null, ianaTimezone: "Europe/Berlin", currencyCode: null, plan: null });
    expect(() => storeFacts({ store: {} })).toThrow("SHOPLINE store information is not readable: data: ");
  });
});
