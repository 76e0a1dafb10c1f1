import { describe, expect, it } from "vitest";
import { syncProgressLabel } from "../../app/components/sync-progress";
import { setDb } from "../../app/db.server";
import { resetEnvCache } from "../../app/env.server";
import { BACKFILL_POLL_MS, DATA_SYNC_JOBS } from "../../app/jobs/data-sync-jobs.server";
import { JobRunner } from "../../app/jobs/runner.server";
import { computeSegment } from "../../app/membership/compute.server";
import { createSegment } from "../../app/models/segments.server";
import { createShopifyAdminApi } from "../../app/platforms/shopify/admin-api.server";
import { SHOP_QUERY } from "../../app/platforms/shopify/admin-queries";
import { readShopSettings } from "../../app/settings/shop-settings";
import { action as contactsAction, loader as contactsLoader } from "../../app/routes/app.contacts._index";
import { advanceBackfill, backfillOperationId, backfillView, failBackfill, startBackfill, type AdvanceOptions } from "../../app/sync/backfill.server";
import { afterShopifyAuth } from "../../app/sync/install.server";
import type { Db } from "../../db/client.server";
import { DEMO_SHOP } from "../../db/seed/demo-store";
import { sessions, shops } from "../../db/schema";
import { fakeCustomer, fakeOrder, type FakeStore } from "../helpers/fake-shopify-admin";
import { count, deliver, useFakeShopifyAdmin } from "../helpers/fake-shopify-suite";

/**
 * Install and initial import of a Shopify store, against the fake Admin API on loopback (real HTTP,
 * real GraphQL validation, bulk results downloaded as JSONL) and real SQLite files.
 */

const T0 = Date.parse("2026-11-28T12:00:00Z");
const ADA = "706405506930370084";
const BOB = "706405506930370085";
const CY = "706405506930370086";
const ORDERS = ["450789469123456781", "450789469123456782", "450789469123456783", "450789469123456784"];
const REFUNDED_LINE = "466157049123456799";

const { addStore, openShopDb } = useFakeShopifyAdmin("segmentflow-backfill-");

/** The offline session the Shopify library stores at install (admin-api.server reads its token). */
function storeSession(db: Db, store: FakeStore): void {
  db.insert(sessions).values({ id: `offline_${store.domain}`, shop: store.domain, state: "", isOnline: false, accessToken: store.accessToken, scope: "read_customers" }).onConflictDoNothing().run();
}

function shopRow(db: Db, domain: string) {
  return db.$client.prepare(`SELECT * FROM shops WHERE domain = ?`).get(domain) as Record<string, unknown> & { id: number; pixel_key: string };
}


/** Three customers (one subscribed), four orders; Bob's second order has a partial refund. */
function seedStore(store: FakeStore): void {
  store.customers.push(
    fakeCustomer(ADA, { firstName: "Ada", email: "ada@example.com", emailMarketingState: "SUBSCRIBED", emailOptInLevel: "SINGLE_OPT_IN", emailConsentUpdatedAt: "2024-01-02T00:00:00Z", tags: ["vip"], address: { countryCode: "GB", city: "London" } }),
    fakeCustomer(BOB, { firstName: "Bob", email: "bob@example.com", metafields: { "facts.birthday": "1990-05-17" } }),
    fakeCustomer(CY, { firstName: "Cy", email: null, phone: "+14155550123", state: "DISABLED" }),
  );
  const line = (n: number, price: string, quantity = 1) => ({ id: `46615704912345${String(6780 + n)}`, title: `Item ${n}`, quantity, price, productId: `63225364357${String(n).padStart(4, "0")}`, productType: "Shirts" });
  store.orders.push(
    fakeOrder(ORDERS[0], ADA, [line(1, "20.00", 2)]),
    fakeOrder(ORDERS[1], BOB, [line(2, "15.00")]),
    fakeOrder(ORDERS[2], BOB, [{ ...line(3, "30.00", 2), id: REFUNDED_LINE }, line(4, "5.00")], {
      refunds: [{ id: "509562969123456781", createdAt: "2024-02-03T10:00:00Z", amount: "30.00", lines: [{ lineItemId: REFUNDED_LINE, quantity: 1 }] }],
      financialStatus: "PARTIALLY_REFUNDED",
    }),
    fakeOrder(ORDERS[3], null, [line(5, "9.99")], { email: "guest@example.com" }),
  );
}

function segmentOf(db: Db, shopId: number, name: string, child: Record<string, unknown>) {
  const created = createSegment(db, { shopId, name, now: T0, definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", ...child }] } } as never });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  return created.segment.id;
}
const membersOf = (db: Db, segmentId: number) =>
  (db.$client.prepare(`SELECT c.platform_id FROM segment_members m JOIN contacts c ON c.id = m.contact_id WHERE m.segment_id = ? ORDER BY c.platform_id`).pluck().all(segmentId) as string[]);

describe("install", () => {
  it("saves the shop's time zone and currency, switches the pixel on with the shop's key and enqueues the import", async () => {
    const db = openShopDb("install");
    const store = addStore("install-test.myshopify.com");
    Object.assign(store.shop, { name: "Tokyo Tees", ianaTimezone: "Asia/Tokyo", currencyCode: "JPY" });
    storeSession(db, store);

    const report = await afterShopifyAuth(db, { shop: store.domain, accessToken: store.accessToken }, T0);
    expect(report).toMatchObject({ reinstalled: false, shopFacts: "saved", pixel: "created", errors: [] });
    const shop = shopRow(db, store.domain);
    expect(shop).toMatchObject({ platform: "shopify", name: "Tokyo Tees", time_zone: "Asia/Tokyo", currency: "JPY", plan_name: "Basic", installed_at: T0, uninstalled_at: null });
    expect(shop.pixel_key).toMatch(/^[0-9a-f]{32}$/);
    expect(store.pixelSettings()).toEqual({ accountID: shop.pixel_key });
    expect(store.requests.map((r) => [r.operationName, r.token])).toEqual([["ShopFacts", store.accessToken], ["WebPixelCreate", store.accessToken]]);
    const jobs = () => db.$client.prepare(`SELECT type, payload, shop_id, max_attempts FROM jobs ORDER BY id`).all();
    expect(jobs()).toEqual([{ type: "sync.backfill", payload: JSON.stringify({ shopId: shop.id }), shop_id: shop.id, max_attempts: 8 }]);
    expect(backfillView(db, shop.id)).toEqual({ status: "running", phase: "customers", done: 0, total: null });

    // the app authenticates again while the import runs: the pixel is updated in place, nothing restarts
    const again = await afterShopifyAuth(db, { shop: store.domain, accessToken: store.accessToken }, T0 + 60_000);
    expect(again).toMatchObject({ reinstalled: false, pixel: "updated", backfillJobId: null });
    expect(store.requestsFor("WebPixelUpdate")[0].variables).toEqual({ id: store.webPixel!.id, webPixel: { settings: JSON.stringify({ accountID: shop.pixel_key }) } });
    expect(jobs()).toHaveLength(1);

    // uninstall (the webhook drops the sessions), then reinstall: the import starts over, same pixel key
    const uninstalled = deliver(db, shop.id, "app/uninstalled", JSON.stringify({ id: 1, domain: store.domain }), "uninstall-1", T0 + 3_600_000);
    expect(uninstalled.processed).toBe(1);
    expect(count(db, `SELECT count(*) FROM sessions WHERE shop = ?`, store.domain)).toBe(0);
    storeSession(db, store);
    const reinstall = await afterShopifyAuth(db, { shop: store.domain, accessToken: store.accessToken }, T0 + 7_200_000);
    expect(reinstall).toMatchObject({ reinstalled: true, shopFacts: "saved", pixel: "updated", errors: [] });
    expect(reinstall.backfillJobId).not.toBeNull();
    expect(shopRow(db, store.domain)).toMatchObject({ uninstalled_at: null, installed_at: T0 + 7_200_000, pixel_key: shop.pixel_key });
    expect(store.pixelSettings()).toEqual({ accountID: shop.pixel_key });
    expect(jobs()).toHaveLength(2);
  });

  it("overwrites a pixel left with another key, and never fails the login over an Admin API error", async () => {
    const db = openShopDb("install-errors");
    const store = addStore("install-errors.myshopify.com");
    store.webPixel = { id: "gid://shopify/WebPixel/900", settings: JSON.stringify({ accountID: "stale-key" }) };
    store.failNext("unauthorized", { operation: "ShopFacts" });
    storeSession(db, store);
    const report = await afterShopifyAuth(db, { shop: store.domain, accessToken: store.accessToken }, T0);
    expect(report).toMatchObject({ shopFacts: "failed", pixel: "updated" });
    expect(report.errors).toEqual([expect.stringContaining("rejected the access token (401)")]);
    expect(store.pixelSettings()).toEqual({ accountID: shopRow(db, store.domain).pixel_key });
    expect(shopRow(db, store.domain)).toMatchObject({ time_zone: "UTC", currency: "USD" });
    expect(report.backfillJobId).not.toBeNull();
  });
});

describe("the initial import", () => {
  it("brings customers then orders in through bulk exports, driven by the finish webhook and the poll", async () => {
    const db = openShopDb("backfill");
    const store = addStore("backfill-test.myshopify.com");
    seedStore(store);
    storeSession(db, store);
    let now = T0;
    const runner = new JobRunner({ db, definitions: DATA_SYNC_JOBS, now: () => now });
    const { shopId } = await afterShopifyAuth(db, { shop: store.domain, accessToken: store.accessToken }, now);
    const subscribers = segmentOf(db, shopId, "Subscribers", { type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } });
    const repeat = segmentOf(db, shopId, "Repeat buyers", { type: "order_count", match: { operator: "gte", value: 2 } });
    for (const id of [subscribers, repeat]) await computeSegment(db, { segmentId: id, clock: () => now });

    await runner.drain(); // starts the customer export; a poll waits 15 s
    expect(store.bulkOperations).toHaveLength(1);
    expect(store.bulkOperations[0]).toMatchObject({ groupObjects: false, status: "RUNNING" });
    expect(backfillView(db, shopId)).toEqual({ status: "running", phase: "customers", done: 0, total: null });

    // Shopify finishes the export and says so, twice (webhooks come at least once); another operation's finish is ignored
    const finished = store.finishBulkOperation();
    deliver(db, shopId, "bulk_operations/finish", finished, "bulk-1", now);
    deliver(db, shopId, "bulk_operations/finish", finished, "bulk-1-again", now);
    deliver(db, shopId, "bulk_operations/finish", finished.replace(store.bulkOperations[0].id, "gid://shopify/BulkOperation/999999"), "bulk-other", now);
    expect(count(db, `SELECT count(*) FROM jobs WHERE type = 'sync.backfill-download'`)).toBe(1);

    await runner.drain(); // downloads and applies the customers, then starts the order export
    expect(db.$client.prepare(`SELECT platform_id, email, first_name, email_consent, phone, account_state FROM contacts WHERE shop_id = ? ORDER BY platform_id`).all(shopId)).toEqual([
      { platform_id: ADA, email: "ada@example.com", first_name: "Ada", email_consent: "subscribed", phone: null, account_state: "enabled" },
      { platform_id: BOB, email: "bob@example.com", first_name: "Bob", email_consent: "not_subscribed", phone: null, account_state: "enabled" },
      { platform_id: CY, email: null, first_name: "Cy", email_consent: "not_subscribed", phone: "+14155550123", account_state: "disabled" },
    ]);
    expect(db.$client.prepare(`SELECT progress_done, progress_total, status FROM jobs WHERE type = 'sync.backfill-download'`).get()).toEqual({ progress_done: 3, progress_total: 3, status: "succeeded" });
    expect(membersOf(db, subscribers)).toEqual([ADA]);
    expect(store.bulkOperations[1]).toMatchObject({ groupObjects: true, status: "RUNNING" });
    expect(backfillView(db, shopId)).toEqual({ status: "running", phase: "orders", done: 0, total: null });

    // no webhook this time: the poll finds the finished export
    store.finishBulkOperation();
    now += BACKFILL_POLL_MS;
    await runner.drain();
    expect(db.$client.prepare(`SELECT platform_id, total_minor, currency, financial_status, refunded_minor FROM orders WHERE shop_id = ? ORDER BY platform_id`).all(shopId)).toEqual([
      { platform_id: ORDERS[0], total_minor: 4000, currency: "EUR", financial_status: "paid", refunded_minor: 0 },
      { platform_id: ORDERS[1], total_minor: 1500, currency: "EUR", financial_status: "paid", refunded_minor: 0 },
      { platform_id: ORDERS[2], total_minor: 6500, currency: "EUR", financial_status: "partially_refunded", refunded_minor: 3000 },
      { platform_id: ORDERS[3], total_minor: 999, currency: "EUR", financial_status: "paid", refunded_minor: 0 },
    ]);
    expect(count(db, `SELECT count(*) FROM order_lines WHERE shop_id = ?`, shopId)).toBe(5);
    // the refunded quantity per line, which the bulk export cannot carry, came from the follow-up query
    expect(db.$client.prepare(`SELECT refunded_quantity FROM order_lines WHERE platform_id = ?`).pluck().get(REFUNDED_LINE)).toBe(1);
    expect(store.requestsFor("RefundLines").map((r) => r.variables)).toEqual([{ ids: [`gid://shopify/Order/${ORDERS[2]}`] }]);
    expect(db.$client.prepare(`SELECT platform_id, orders_count, total_spent_minor FROM contacts WHERE shop_id = ? ORDER BY platform_id`).all(shopId)).toEqual([
      { platform_id: ADA, orders_count: 1, total_spent_minor: 4000 },
      { platform_id: BOB, orders_count: 2, total_spent_minor: 1500 + 6500 - 3000 },
      { platform_id: CY, orders_count: 0, total_spent_minor: 0 },
    ]);
    expect(membersOf(db, repeat)).toEqual([BOB]);
    expect(db.$client.prepare(`SELECT DISTINCT cause_detail FROM membership_changes WHERE shop_id = ?`).pluck().all(shopId)).toEqual(["backfill"]);
    expect(db.$client.prepare(`SELECT status, watermark, started_at, error FROM sync_state WHERE shop_id = ? AND kind = 'backfill'`).get(shopId)).toEqual({ status: "done", watermark: T0, started_at: T0, error: null });
    expect(backfillView(db, shopId)).toBeNull();
    expect(db.$client.prepare(`SELECT type, status, run_after, unique_key FROM jobs WHERE type LIKE 'sync.%' AND status <> 'succeeded'`).all()).toEqual([]);
  });
});

describe("resilience of the import", () => {
  /** A shop whose import has started, with an API that retries fast (the test injects failures). */
  function importing(name: string, seed: (store: FakeStore) => void) {
    const db = openShopDb(name);
    const store = addStore(`${name}.myshopify.com`);
    seed(store);
    storeSession(db, store);
    const shopId = db.insert(shops).values({ platform: "shopify", domain: store.domain, currency: "EUR", createdAt: T0, updatedAt: T0 }).returning().get().id;
    startBackfill(db, { shopId, now: T0 });
    const progress: [string, number, number][] = [];
    const options: AdvanceOptions = {
      api: createShopifyAdminApi(db, { shop: store.domain, minTimeoutMs: 5, retries: 3 }),
      shopId,
      clock: () => T0,
      settings: readShopSettings("{}"),
      batchSize: 2,
      onProgress: (done, total) => progress.push([(backfillView(db, shopId) as { phase: string }).phase, done, total]),
    };
    return { db, store, shopId, options, progress };
  }

  const sevenOrders = (store: FakeStore) => {
    store.customers.push(fakeCustomer(ADA), fakeCustomer(BOB));
    for (let i = 1; i <= 7; i++) {
      const id = `45078946912345${String(6800 + i)}`;
      store.orders.push(fakeOrder(id, i % 2 ? ADA : BOB, [1, 2].map((n) => ({ id: `${id.slice(0, 14)}${String(7000 + i * 10 + n)}`, title: `Line ${n}`, quantity: 1, price: "10.00" }))));
    }
  };

  it("reports progress per batch and resumes a download cut off mid-file without duplicating anything", async () => {
    const { db, store, shopId, options, progress } = importing("resume", sevenOrders);
    store.bulkCompletes = "immediately";
    // Shopify throttles the first export request and fails a status poll once: both are retried
    store.failNext("throttled", { operation: "RunBulkQuery" });
    store.failNext("http500", { operation: "BulkOperation" });
    expect(await advanceBackfill(db, options)).toEqual({ status: "waiting", phase: "customers" });
    expect(await advanceBackfill(db, options)).toEqual({ status: "waiting", phase: "orders" });
    expect(store.requestsFor("RunBulkQuery").map((r) => r.status)).toEqual([200, 200, 200]);
    expect(store.requestsFor("BulkOperation").map((r) => r.status)).toEqual([500, 200]);
    expect(progress).toEqual([["customers", 2, 2]]);

    // the orders file (7 orders × 3 lines) is cut after 9 lines: two whole orders are committed, the third is not
    store.cutNextDownload(9);
    await expect(advanceBackfill(db, options)).rejects.toThrow();
    expect(count(db, `SELECT count(*) FROM orders WHERE shop_id = ?`, shopId)).toBe(2);
    expect(backfillView(db, shopId)).toEqual({ status: "running", phase: "orders", done: 2, total: 7 });

    // the job runs again (a restart after a crash is the same): it skips what was applied
    expect(await advanceBackfill(db, options)).toEqual({ status: "done" });
    const totals = () => ({
      orders: count(db, `SELECT count(*) FROM orders WHERE shop_id = ?`, shopId),
      lines: count(db, `SELECT count(*) FROM order_lines WHERE shop_id = ?`, shopId),
      contacts: count(db, `SELECT count(*) FROM contacts WHERE shop_id = ?`, shopId),
      ordersCounted: count(db, `SELECT sum(orders_count) FROM contacts WHERE shop_id = ?`, shopId),
      spent: count(db, `SELECT sum(total_spent_minor) FROM contacts WHERE shop_id = ?`, shopId),
    });
    expect(totals()).toEqual({ orders: 7, lines: 14, contacts: 2, ordersCounted: 7, spent: 7 * 2000 });
    expect(progress.slice(1)).toEqual([["orders", 2, 7], ["orders", 4, 7], ["orders", 6, 7], ["orders", 7, 7]]);
    expect(store.bulkOperations.map((op) => op.groupObjects)).toEqual([false, true]);

    // importing everything again (a reinstall) changes nothing
    const changes = count(db, `SELECT count(*) FROM membership_changes WHERE shop_id = ?`, shopId);
    startBackfill(db, { shopId, now: T0, restart: true });
    while ((await advanceBackfill(db, options)).status === "waiting");
    expect(totals()).toEqual({ orders: 7, lines: 14, contacts: 2, ordersCounted: 7, spent: 7 * 2000 });
    expect(count(db, `SELECT count(*) FROM membership_changes WHERE shop_id = ?`, shopId)).toBe(changes);
  });

  it("waits while an earlier export of the app still runs, and finishes an empty store", async () => {
    const { db, store, shopId, options } = importing("busy", () => {});
    // an export started before a reinstall is still running: Shopify refuses a second one
    store.bulkOperations.push({ id: "gid://shopify/BulkOperation/424242", status: "RUNNING", errorCode: null, query: "{ customers { edges { node { id } } } }", groupObjects: false, createdAt: new Date(T0).toISOString(), completedAt: null, rows: null, roots: 0 });
    expect(await advanceBackfill(db, options)).toEqual({ status: "waiting", phase: "customers" });
    expect(backfillOperationId(db, shopId)).toBeNull();
    store.finishBulkOperation();
    store.bulkCompletes = "immediately";
    const seen: string[] = [];
    for (let result = await advanceBackfill(db, options); result.status === "waiting"; result = await advanceBackfill(db, options)) seen.push(result.phase!);
    expect(seen).toEqual(["customers", "orders"]);
    expect(store.bulkOperations.map((op) => [op.status, store.resultUrl(op)])).toEqual([["COMPLETED", null], ["COMPLETED", null], ["COMPLETED", null]]);
    expect(backfillView(db, shopId)).toBeNull();
    expect(count(db, `SELECT count(*) FROM contacts WHERE shop_id = ?`, shopId)).toBe(0);
  });

  it("exports again when the result link has expired", async () => {
    const { db, store, options } = importing("expired", sevenOrders);
    expect(await advanceBackfill(db, options)).toEqual({ status: "waiting", phase: "customers" });
    store.finishBulkOperation();
    store.expireBulkOperation(store.bulkOperations[0].id);
    expect(await advanceBackfill(db, options)).toEqual({ status: "waiting", phase: "customers" });
    expect(store.bulkOperations).toHaveLength(2);
  });

  it("stops with the reason when Shopify fails the export", async () => {
    const { db, store, shopId, options } = importing("failed-export", sevenOrders);
    await advanceBackfill(db, options);
    expect(await advanceBackfill(db, options)).toEqual({ status: "waiting", phase: "customers" }); // still running
    store.finishBulkOperation({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR" });
    expect(await advanceBackfill(db, options)).toEqual({ status: "failed", phase: "customers" });
    expect(backfillView(db, shopId)).toEqual({ status: "failed", error: "The customers export ended FAILED (INTERNAL_SERVER_ERROR)", failedAt: T0 });
    expect(await advanceBackfill(db, options)).toEqual({ status: "failed" });
  });

  it("renews an expiring offline token before using it", async () => {
    const db = openShopDb("token-refresh");
    const store = addStore("token-refresh.myshopify.com");
    const inMinutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
    db.insert(sessions).values({ id: `offline_${store.domain}`, shop: store.domain, state: "", isOnline: false, accessToken: "shpat_expiring", expires: inMinutes(2), refreshToken: "shprt_1" }).run();
    const renewed: string[] = [];
    const refreshOfflineToken = async (shop: string) => {
      renewed.push(shop); // the library stores the renewed session; so does this stand-in
      db.$client.prepare(`UPDATE sessions SET accessToken = ?, expires = ?, refreshToken = 'shprt_2' WHERE shop = ?`).run(store.accessToken, inMinutes(60), shop);
      return store.accessToken;
    };
    const api = createShopifyAdminApi(db, { shop: store.domain, retries: 0, refreshOfflineToken });
    await api.request(SHOP_QUERY);
    await api.request(SHOP_QUERY);
    expect(renewed).toEqual([store.domain]);
    expect(store.requests.map((r) => [r.token, r.status])).toEqual([[store.accessToken, 200], [store.accessToken, 200]]);
  });

  it("marks the import failed when its job runs out of attempts", async () => {
    const db = openShopDb("out-of-attempts");
    const store = addStore("out-of-attempts.myshopify.com");
    storeSession(db, store);
    let now = T0;
    const { shopId } = await afterShopifyAuth(db, { shop: store.domain, accessToken: store.accessToken }, now);
    store.revoked = true; // e.g. the token was revoked: every attempt gets a 401
    const runner = new JobRunner({ db, definitions: DATA_SYNC_JOBS, now: () => now });
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect(backfillView(db, shopId)).toMatchObject({ status: "running" });
      expect(await runner.drain()).toBe(1);
      now += 11 * 60_000; // past the longest retry delay
    }
    expect(db.$client.prepare(`SELECT status, attempts FROM jobs WHERE type = 'sync.backfill'`).get()).toEqual({ status: "failed", attempts: 8 });
    expect(backfillView(db, shopId)).toMatchObject({ status: "failed", error: expect.stringContaining("rejected the access token (401)") });
  });
});

describe("the Contacts page", () => {
  it("shows the import's progress while it runs, why it stopped when it failed, and retries on request", async () => {
    process.env.APP_MODE = "demo"; // the demo store is the signed-in shop: no Shopify login in the way
    resetEnvCache();
    const db = openShopDb("contacts-page");
    setDb(db);
    const shopId = db.insert(shops).values({ platform: "shopify", domain: DEMO_SHOP.domain, createdAt: T0, updatedAt: T0 }).returning().get().id;
    const url = "http://localhost/app/contacts";
    const load = async () => ((await (await contactsLoader({ request: new Request(url), params: {}, context: {} })).json()) as { sync: unknown }).sync;
    const retry = () => contactsAction({ request: new Request(url, { method: "POST", body: new URLSearchParams({ intent: "retry-import" }) }), params: {}, context: {} });

    expect(await load()).toBeNull();
    startBackfill(db, { shopId, now: T0 });
    expect(await load()).toEqual({ status: "running", phase: "customers", done: 0, total: null });
    db.$client.prepare(`UPDATE sync_state SET cursor = json_set(cursor, '$.phase', 'orders'), progress_done = 1200, progress_total = 15000 WHERE shop_id = ? AND kind = 'backfill'`).run(shopId);
    const running = (await load()) as Parameters<typeof syncProgressLabel>[0];
    expect(running).toEqual({ status: "running", phase: "orders", done: 1200, total: 15000 });
    expect(syncProgressLabel(running)).toBe("Importing orders: 1,200 of 15,000");
    expect((await retry()).status).toBe(400); // nothing to retry while it runs

    failBackfill(db, { shopId, now: T0 + 5_000, error: "The orders export ended FAILED (TIMEOUT)" });
    expect(await load()).toEqual({ status: "failed", error: "The orders export ended FAILED (TIMEOUT)", failedAt: T0 + 5_000 });
    expect((await retry()).status).toBe(200);
    expect(await load()).toEqual({ status: "running", phase: "customers", done: 0, total: null });
    expect(count(db, `SELECT count(*) FROM jobs WHERE type = 'sync.backfill' AND shop_id = ?`, shopId)).toBe(1);
  });
});
