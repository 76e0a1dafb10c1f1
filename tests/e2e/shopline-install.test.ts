import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_COOKIE, STATE_COOKIE } from "../../app/platforms/shopline/session";
import { openDatabase, type Db } from "../../db/client.server";
import { waitUntil } from "../helpers/demo-server";
import { FakeShoplineAdmin } from "../helpers/fake-shopline-admin";
import { FakeShoplineOAuth } from "../helpers/fake-shopline-oauth";
import { startServer, type RunningServer } from "../helpers/server";
import { createTempDir } from "../helpers/test-db";

/**
 * The SHOPLINE install on the real server in production mode, over HTTP, against SHOPLINE faked
 * on loopback: forged requests refused with nothing recorded, then the install request, the
 * authorize page, the callback, the admin page for that shop (after the import the server's job
 * runner ran), the server's scheduled refresh renewing a token close to its expiry, and the admin's
 * banner once refreshing keeps failing.
 */

const APP_KEY = "e2e-shopline-key";
const APP_SECRET = "e2e-shopline-secret";
const HANDLE = "e2e-store";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let admin: FakeShoplineAdmin;
let shopline: FakeShoplineOAuth;
let server: RunningServer;
let db: Db;
const tmp = createTempDir("segmentflow-shopline-e2e-");

beforeAll(async () => {
  admin = await FakeShoplineAdmin.start();
  shopline = new FakeShoplineOAuth(admin, { handle: HANDLE, appKey: APP_KEY, appSecret: APP_SECRET, clock: Date.now });
  admin.customers.push({ id: "4600000000000000077", firstName: "Lin", lastName: "Mei", email: "lin.mei@example.com", createdAt: "2025-01-01T00:00:00Z", updatedAt: "2025-03-01T00:00:00Z" });
  const port = await freePort();
  const databasePath = join(tmp.dir, "app.sqlite");
  server = await startServer({
    APP_MODE: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_PATH: databasePath,
    SHOPIFY_API_KEY: "shopify-key",
    SHOPIFY_API_SECRET: "shopify-secret",
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    SHOPLINE_APP_KEY: APP_KEY,
    SHOPLINE_APP_SECRET: APP_SECRET,
    SHOPLINE_ADMIN_API_ORIGIN: admin.origin,
    SCHEDULER_TICK_MS: "1000",
  });
  db = openDatabase(databasePath);
}, 90_000);

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
  await admin?.close();
  tmp.cleanup();
});

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
const cookieOf = (response: Response, name: string) => response.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith(`${name}=`))!;
const count = (table: string) => db.$client.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe("installing from SHOPLINE on the real server", () => {
  it("refuses forged install, callback and admin requests with 401 and records nothing", async () => {
    const forged = new URLSearchParams(shopline.entryQuery());
    forged.set("timestamp", String(Date.now() + 1));
    expect((await get(`/shopline?${forged}`)).status).toBe(401);

    const entry = await get(`/shopline?${shopline.entryQuery()}`);
    const callback = new URL(shopline.approve(entry.headers.get("location")!));
    callback.searchParams.set("handle", "someone-else");
    expect((await get(`${callback.pathname}${callback.search}`, cookieOf(entry, STATE_COOKIE))).status).toBe(401);
    expect((await get("/app/contacts", `${SESSION_COOKIE}=eyJzIjoxfQ.forged`)).status).toBe(401);

    expect(shopline.tokenCalls).toEqual([]);
    expect(count("shops")).toBe(0);
    expect(count("shopline_tokens")).toBe(0);
  });

  it("installs the store, subscribes its webhooks, imports it and serves its admin", async () => {
    const entry = await get(`/shopline?${shopline.entryQuery()}`);
    expect(entry.status).toBe(302);
    const callback = new URL(shopline.approve(entry.headers.get("location")!));
    expect(callback.origin).toBe(server.url);
    const landed = await get(`${callback.pathname}${callback.search}`, cookieOf(entry, STATE_COOKIE));
    expect(landed.status).toBe(302);
    expect(landed.headers.get("location")).toBe("/app");
    const session = cookieOf(landed, SESSION_COOKIE);

    expect(db.$client.prepare(`SELECT platform, domain FROM shops`).all()).toEqual([{ platform: "shopline", domain: `${HANDLE}.myshopline.com` }]);
    expect(shopline.subscriptions.length).toBeGreaterThan(0);
    expect(new Set(shopline.subscriptions.map((s) => s.address))).toEqual(new Set([`${server.url}/webhooks/shopline`]));

    await waitUntil("the SHOPLINE import", () => count("contacts") === 1);
    const page = await get("/app/contacts", session);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("lin.mei@example.com");
    expect(html).not.toContain("app-bridge.js"); // Shopify's App Bridge stays out of the SHOPLINE admin
    expect(html).not.toContain("Demo store");
  });

  it("refreshes a token close to its expiry from the server's schedule", async () => {
    const before = db.$client.prepare(`SELECT access_token FROM shopline_tokens`).pluck().get() as string;
    // nine and a half hours later, as far as the token row knows
    db.$client.prepare(`UPDATE shopline_tokens SET expires_at = ?`).run(Date.now() + 30 * 60_000);
    await waitUntil("the scheduled refresh", () => shopline.tokenCalls.some((c) => c.kind === "refresh" && c.ok), { timeoutMs: 30_000 });
    await waitUntil("the refreshed token saved", () => db.$client.prepare(`SELECT access_token FROM shopline_tokens`).pluck().get() !== before);
    expect(db.$client.prepare(`SELECT access_token FROM shopline_tokens`).pluck().get()).toBe(shopline.currentToken);
  });

  it("shows the merchant a banner on every admin page once renewing the token keeps failing", async () => {
    const entry = await get(`/shopline?${shopline.entryQuery()}`);
    expect(entry.headers.get("location")).toBe("/app");
    const session = cookieOf(entry, SESSION_COOKIE);
    const banner = "Segmentflow cannot renew its access to your SHOPLINE store";
    expect(await (await get("/app/contacts", session)).text()).not.toContain(banner);

    // three refreshes in a row failed (the token itself still has hours left, so none is due now)
    db.$client.prepare(`UPDATE shopline_tokens SET refresh_failures = 3, last_refresh_error = 'SHOPLINE (e2e-store) did not refresh the access token: HTTP 200, code 500'`).run();
    for (const path of ["/app/contacts", "/app/segments"]) {
      const html = await (await get(path, session)).text();
      expect(html).toContain(banner);
      expect(html).toContain("failed 3 times in a row");
      expect(html).toContain("Open Segmentflow again from your SHOPLINE admin");
    }
  });
});
