import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_SYNC_JOBS } from "../../app/jobs/data-sync-jobs.server";
import { JobRunner } from "../../app/jobs/runner.server";
import { enqueueJob } from "../../app/jobs/queue.server";
import { SHOPLINE_JOBS, SHOPLINE_TOKEN_REFRESH_JOB } from "../../app/jobs/shopline-jobs.server";
import { SHOPLINE_TOPICS } from "../../app/platforms/shopline/config.server";
import { SESSION_COOKIE, STATE_COOKIE, issueSession } from "../../app/platforms/shopline/session";
import { loader as appLoader } from "../../app/routes/app";
import { loader as contactsLoader } from "../../app/routes/app.contacts._index";
import { loader as callbackLoader } from "../../app/routes/shopline.callback";
import { loader as entryLoader } from "../../app/routes/shopline._index";
import { requestBackfill } from "../../app/sync/backfill.server";
import { refreshDueShoplineTokens, shoplineToken } from "../../app/sync/shopline-tokens.server";
import { shoplineAppConfig } from "../../app/platforms/shopline/config.server";
import { getEnv } from "../../app/env.server";
import type { Db } from "../../db/client.server";
import { FakeShoplineAdmin } from "../helpers/fake-shopline-admin";
import { FakeShoplineOAuth, TOKEN_TTL_MS } from "../helpers/fake-shopline-oauth";
import { SHOPLINE_APP, startShoplineApp, stopShoplineApp } from "../helpers/shopline-install";
import { callRoute } from "../helpers/signed-request";

/**
 * A merchant installs Segmentflow from SHOPLINE: the signed install request, SHOPLINE's authorize
 * page (played by the fake), the signed callback, the token exchange, the shop recorded, webhooks
 * subscribed, the import run, the admin opened from the SHOPLINE admin, and 9½ hours later the
 * token refreshed and the new one used. SHOPLINE is a fake on loopback that checks the documented
 * signatures; the clock both sides use is moved by the test.
 */

const { appUrl: APP_URL, appKey: APP_KEY, appSecret: APP_SECRET, handle: HANDLE, domain: DOMAIN } = SHOPLINE_APP;

let admin: FakeShoplineAdmin;
let shopline: FakeShoplineOAuth;
let db: Db;
let offset = 0;
const clock = () => Date.now() + offset;

beforeAll(async () => {
  ({ admin, shopline, db } = await startShoplineApp({
    clock: clock,
    customers: [
      { id: "4600000000000000001", firstName: "Ada", email: "ada@example.com", createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-02-01T00:00:00Z" },
      { id: "4600000000000000002", firstName: "Grace", email: "grace@example.com", createdAt: "2025-01-02T00:00:00Z", updatedAt: "2025-02-02T00:00:00Z" },
    ],
  }));
});

afterAll(() => stopShoplineApp(admin));

const get = (handler: (args: never) => unknown, url: string, cookie?: string) =>
  callRoute(handler, new Request(url, cookie ? { headers: { Cookie: cookie } } : undefined));

/** `name=value` pairs of a response's Set-Cookie headers. */
function cookies(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.getSetCookie().map((line) => line.split(";")[0].split("=") as [string, string]));
}

const count = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

/** Install request → authorize page → callback: the callback's response. */
async function install(): Promise<Response> {
  const entry = await get(entryLoader, `${APP_URL}/shopline?${shopline.entryQuery()}`);
  expect(entry.status).toBe(302);
  const authorizeUrl = entry.headers.get("location")!;
  expect(authorizeUrl.startsWith(`${admin.origin}/admin/oauth-web/#/oauth/authorize?`)).toBe(true);
  const hashQuery = new URLSearchParams(new URL(authorizeUrl).hash.split("?")[1]);
  expect(Object.fromEntries(hashQuery)).toMatchObject({ appKey: APP_KEY, responseType: "code", scope: "read_customers,read_orders,read_store_information", redirectUri: `${APP_URL}/shopline/callback` });
  const state = cookies(entry)[STATE_COOKIE];
  expect(state).toBeTruthy();
  expect(entry.headers.getSetCookie()[0]).toMatch(/HttpOnly; Secure; SameSite=None/);
  return get(callbackLoader, shopline.approve(authorizeUrl), `${STATE_COOKIE}=${state}`);
}

describe("installing from SHOPLINE", () => {
  it("refuses forged install, callback and admin requests with 401 and records nothing", async () => {
    const forgedEntry = new URLSearchParams(shopline.entryQuery());
    forgedEntry.set("handle", "victim");
    expect((await get(entryLoader, `${APP_URL}/shopline?${forgedEntry}`)).status).toBe(401);
    const stale = await get(entryLoader, `${APP_URL}/shopline?${shopline.entryQuery({ timestamp: clock() - 11 * 60_000 })}`);
    expect(stale.status).toBe(401);
    expect(await stale.text()).toContain("stale");

    const entry = await get(entryLoader, `${APP_URL}/shopline?${shopline.entryQuery()}`);
    const callbackUrl = new URL(shopline.approve(entry.headers.get("location")!));
    const state = `${STATE_COOKIE}=${cookies(entry)[STATE_COOKIE]}`;
    const forgedCallback = new URL(callbackUrl);
    forgedCallback.searchParams.set("code", "stolen-code");
    expect((await get(callbackLoader, forgedCallback.href, state)).status).toBe(401);
    // a genuine callback in a browser that did not start this install (no or another state cookie)
    expect((await get(callbackLoader, callbackUrl.href)).status).toBe(401);
    expect((await get(callbackLoader, callbackUrl.href, `${STATE_COOKIE}=someone-elses-nonce`)).status).toBe(401);

    const forgedSession = await get(appLoader, `${APP_URL}/app`, `${SESSION_COOKIE}=${issueSession("not-the-app-secret", { shopId: 1, handle: HANDLE, now: clock() })}`);
    expect(forgedSession.status).toBe(401);

    expect(shopline.tokenCalls).toEqual([]);
    expect(count("shops")).toBe(0);
    expect(count("shopline_tokens")).toBe(0);
  });

  it("exchanges the code, records the shop, subscribes its webhooks, imports it and opens the admin", async () => {
    shopline.refusedTopics.add("orders/updated");
    const callback = await install();
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/app");
    expect(shopline.tokenCalls).toEqual([{ kind: "create", ok: true }]);

    const shop = db.$client.prepare(`SELECT id, platform, domain, installed_at, uninstalled_at FROM shops`).all() as { id: number; platform: string; domain: string; installed_at: number | null }[];
    expect(shop).toEqual([expect.objectContaining({ platform: "shopline", domain: DOMAIN, uninstalled_at: null })]);
    const token = shoplineToken(db, shop[0].id)!;
    expect(token).toMatchObject({ handle: HANDLE, accessToken: shopline.currentToken, refreshFailures: 0 });
    expect(Math.abs(token.expiresAt - (clock() + TOKEN_TTL_MS))).toBeLessThan(5_000);

    // one subscription per topic at our webhook route; the topic SHOPLINE refuses is left out
    expect(shopline.subscriptions.map((s) => s.topic).sort()).toEqual(SHOPLINE_TOPICS.filter((t) => t !== "orders/updated").sort());
    expect(new Set(shopline.subscriptions.map((s) => `${s.address} ${s.api_version}`))).toEqual(new Set([`${APP_URL}/webhooks/shopline v20251201`]));

    // the import the install enqueued pages through the customers with the issued token
    const runner = new JobRunner({ db, definitions: [...DATA_SYNC_JOBS, ...SHOPLINE_JOBS], now: clock });
    await runner.drain();
    expect(db.$client.prepare(`SELECT email FROM contacts WHERE shop_id = ? ORDER BY email`).pluck().all(shop[0].id)).toEqual(["ada@example.com", "grace@example.com"]);
    expect(admin.requests.map((r) => r.token)).toEqual([token.accessToken]);

    // the callback left an admin session: the admin loads for this shop, in our own shell
    const session = cookies(callback)[SESSION_COOKIE];
    const layout = await get(appLoader, `${APP_URL}/app`, `${SESSION_COOKIE}=${session}`);
    // with the store's own name, read from SHOPLINE at install; its token is fine, so no banner
    expect(await layout.json()).toEqual({ shell: "shopline", apiKey: "", shopName: "Open Store", tokenAlert: null });

    // a reinstall goes through authorization again and subscribes nothing twice
    db.$client.prepare(`UPDATE shops SET uninstalled_at = ?`).run(clock());
    const again = await install();
    expect(again.status).toBe(302);
    expect(shopline.subscriptions).toHaveLength(SHOPLINE_TOPICS.length - 1);
    expect(db.$client.prepare(`SELECT id, uninstalled_at FROM shops`).all()).toEqual([{ id: shop[0].id, uninstalled_at: null }]);
    expect(shoplineToken(db, shop[0].id)!.accessToken).toBe(shopline.currentToken);
    await runner.drain();
  });

  it("opens the admin from the SHOPLINE admin with a signed entry request, and refuses an expired session", async () => {
    const entry = await get(entryLoader, `${APP_URL}/shopline?${shopline.entryQuery({ lang: "zh-hans-cn" })}`);
    expect(entry.status).toBe(302);
    expect(entry.headers.get("location")).toBe("/app");
    const session = `${SESSION_COOKIE}=${cookies(entry)[SESSION_COOKIE]}`;
    const contacts = await get(contactsLoader, `${APP_URL}/app/contacts`, session);
    expect(contacts.status).toBe(200);
    expect(JSON.stringify(await contacts.json())).toContain("ada@example.com");

    const shopId = db.$client.prepare(`SELECT id FROM shops`).pluck().get() as number;
    const expired = issueSession(APP_SECRET, { shopId, handle: HANDLE, now: Date.now() - 9 * 3_600_000 });
    const refused = await get(contactsLoader, `${APP_URL}/app/contacts`, `${SESSION_COOKIE}=${expired}`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain("Open Segmentflow again from your SHOPLINE admin");
  });

  it("refreshes the token before its 10 hours run out, and the next API call uses the new one", async () => {
    const shopId = db.$client.prepare(`SELECT id FROM shops`).pluck().get() as number;
    const first = shoplineToken(db, shopId)!;
    const runner = new JobRunner({ db, definitions: [...DATA_SYNC_JOBS, ...SHOPLINE_JOBS], now: clock });
    const refreshNow = () => runner.drain();

    // nine hours in: not yet within the hour's margin
    offset = 9 * 3_600_000 - 60_000;
    enqueueJob(db, { type: SHOPLINE_TOKEN_REFRESH_JOB, payload: {} }, clock());
    await refreshNow();
    expect(shopline.tokenCalls.filter((c) => c.kind === "refresh")).toEqual([]);

    offset = 9.5 * 3_600_000;
    enqueueJob(db, { type: SHOPLINE_TOKEN_REFRESH_JOB, payload: {} }, clock());
    await refreshNow();
    expect(shopline.tokenCalls.filter((c) => c.kind === "refresh")).toEqual([{ kind: "refresh", ok: true }]);
    const second = shoplineToken(db, shopId)!;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.accessToken).toBe(shopline.currentToken);
    expect(second.expiresAt).toBeGreaterThan(first.expiresAt);

    // past the old token's expiry, the next import works: it uses the refreshed token
    offset = 10.5 * 3_600_000;
    admin.requests.length = 0;
    requestBackfill(db, { shopId, now: clock(), restart: true });
    await runner.drain();
    expect(admin.requests.map((r) => ({ token: r.token, status: r.status }))).toEqual([{ token: second.accessToken, status: 200 }]);
  });

  it("counts a refresh that keeps failing on the shop, logs it, and clears it once one succeeds", async () => {
    const shopId = db.$client.prepare(`SELECT id FROM shops`).pluck().get() as number;
    const app = shoplineAppConfig(getEnv())!;
    offset += 9.5 * 3_600_000;
    shopline.failRefreshes = 3;
    for (let run = 1; run <= 3; run++) {
      const report = await refreshDueShoplineTokens(db, { app, now: clock, retries: 0 });
      expect(report.failed).toEqual([{ shopId, failures: run, error: expect.stringContaining("code 500 (SYSTEM_ERROR: system busy)") }]);
    }
    expect(shoplineToken(db, shopId)).toMatchObject({ refreshFailures: 3, lastRefreshError: expect.stringContaining("did not refresh the access token") });
    const report = await refreshDueShoplineTokens(db, { app, now: clock, retries: 0 });
    expect(report).toEqual({ refreshed: [shopId], failed: [] });
    expect(shoplineToken(db, shopId)).toMatchObject({ refreshFailures: 0, lastRefreshError: null, accessToken: shopline.currentToken });
  });
});
