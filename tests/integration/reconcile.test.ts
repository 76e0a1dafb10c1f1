import { describe, expect, it } from "vitest";
import { DATA_SYNC_JOBS, HEARTBEAT_JOB, OUTAGE_GAP_MS } from "../../app/jobs/data-sync-jobs.server";
import { schedules } from "../../app/jobs/registry.server";
import { JobRunner } from "../../app/jobs/runner.server";
import { Scheduler } from "../../app/jobs/scheduler.server";
import { createShopifyAdminApi } from "../../app/platforms/shopify/admin-api.server";
import { readShopSettings } from "../../app/settings/shop-settings";
import { RECONCILE_JOB, RECONCILE_OVERLAP_MS, reconcileShop, type ReconcileOptions } from "../../app/sync/reconcile.server";
import type { Db } from "../../db/client.server";
import { sessions, shops } from "../../db/schema";
import { fakeCustomer, fakeOrder, type FakeLine, type FakeStore } from "../helpers/fake-shopify-admin";
import { count, deliver, useFakeShopifyAdmin } from "../helpers/fake-shopify-suite";
import { readWebhookFixture } from "../helpers/webhooks";
import { edit } from "./sync/harness";

/**
 * Reconciliation: customers and orders updated since the watermark are fetched page by page from
 * the fake Admin API (loopback HTTP) and fed through the webhook apply layer.
 */

const T0 = Date.parse("2026-11-28T12:00:00Z");
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const BACKFILL_STARTED = T0 - 60 * MIN;

const { addStore, openShopDb } = useFakeShopifyAdmin("segmentflow-reconcile-");

/** An installed shop whose initial import finished (it started an hour before T0). */
function installedShop(db: Db, store: FakeStore, { backfillDone = true } = {}): number {
  const shopId = db.insert(shops).values({ platform: "shopify", domain: store.domain, currency: "EUR", installedAt: T0 - 2 * 60 * MIN, createdAt: T0, updatedAt: T0 }).returning().get().id;
  db.insert(sessions).values({ id: `offline_${store.domain}`, shop: store.domain, state: "", isOnline: false, accessToken: store.accessToken }).run();
  db.$client
    .prepare(`INSERT INTO sync_state (shop_id, kind, status, watermark, started_at, finished_at, updated_at) VALUES (?, 'backfill', ?, ?, ?, ?, ?)`)
    .run(shopId, backfillDone ? "done" : "running", backfillDone ? BACKFILL_STARTED : null, BACKFILL_STARTED, backfillDone ? BACKFILL_STARTED + 5 * MIN : null, BACKFILL_STARTED);
  return shopId;
}

const reconcileState = (db: Db, shopId: number) =>
  db.$client.prepare(`SELECT status, watermark, error FROM sync_state WHERE shop_id = ? AND kind = 'reconcile'`).get(shopId) as { status: string; watermark: number | null; error: string | null } | undefined;

const lines = (orderId: string, n: number): FakeLine[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${orderId.slice(-6)}${String(100_000_000_000 + i)}`, title: `Line ${i + 1}`, quantity: 1, price: "2.00" }));

describe("reconciliation", () => {
  const C = ["706405506930371001", "706405506930371002", "706405506930370084", "706405506930371004", "706405506930371005", "706405506930371006"];
  const O = ["820982911946150001", "820982911946150002", "820982911946150003", "820982911946154508"];

  function seed(store: FakeStore) {
    store.customers.push(
      fakeCustomer(C[0], { firstName: "Before", updatedAt: iso(T0 - 3 * 60 * MIN) }), // older than the watermark minus the overlap
      fakeCustomer(C[1], { firstName: "Two", updatedAt: iso(BACKFILL_STARTED - 5 * MIN) }), // within the overlap
      fakeCustomer(C[2], { firstName: "Stale", updatedAt: iso(T0 - 30 * MIN) }), // a webhook brought newer data
      fakeCustomer(C[3], { firstName: "Four", updatedAt: iso(T0 - 20 * MIN) }),
      fakeCustomer(C[4], { firstName: "Five", updatedAt: iso(T0 - 4 * MIN), emailMarketingState: "SUBSCRIBED" }),
      fakeCustomer(C[5], { firstName: "Six", updatedAt: iso(T0 - 3 * MIN) }),
    );
    store.orders.push(
      fakeOrder(O[0], C[1], lines(O[0], 1), { updatedAt: iso(T0 - 3 * 60 * MIN) }),
      fakeOrder(O[1], C[3], lines(O[1], 30), { updatedAt: iso(T0 - 10 * MIN) }), // more lines than the first page holds
      fakeOrder(O[2], C[4], lines(O[2], 2), {
        updatedAt: iso(T0 - 2 * MIN),
        refunds: [{ id: "509562969100000001", createdAt: iso(T0 - 2 * MIN), amount: "2.00", lines: [{ lineItemId: lines(O[2], 1)[0].id, quantity: 1 }] }],
      }),
      fakeOrder(O[3], null, lines(O[3], 1), { total: "1.00", updatedAt: iso(T0 - 30 * MIN) }), // stale against the webhook
    );
  }

  it("fetches what changed since the watermark, page by page, applies it once, and never lets stale data win", async () => {
    const db = openShopDb("reconcile");
    const store = addStore("reconcile-test.myshopify.com");
    seed(store);
    const shopId = installedShop(db, store);
    // webhooks already brought newer versions of customer C[2] and order O[3]
    const newer = iso(T0 - MIN);
    deliver(db, shopId, "customers/update", edit(readWebhookFixture("shopify/customers__update.json"), [['"updated_at": "2021-12-31T19:00:00-05:00"', `"updated_at": "${newer}"`], ['"first_name": "Bob"', '"first_name": "Fresh"']]), "c-upd", T0 - MIN);
    deliver(db, shopId, "orders/updated", edit(readWebhookFixture("shopify/orders__updated.json"), [['"updated_at": "2021-12-31T19:00:00-05:00"', `"updated_at": "${newer}"`]]), "o-upd", T0 - MIN);
    const webhookOrder = db.$client.prepare(`SELECT total_minor, currency, source_updated_at FROM orders WHERE platform_id = ?`).get(O[3]);

    let now = T0;
    const options: ReconcileOptions = { api: createShopifyAdminApi(db, { shop: store.domain, minTimeoutMs: 5 }), shopId, clock: () => now, settings: readShopSettings("{}"), customersPerPage: 2, ordersPerPage: 1 };
    const report = await reconcileShop(db, options);
    const since = BACKFILL_STARTED - RECONCILE_OVERLAP_MS;
    expect(report).toMatchObject({ shopId, since, watermark: T0, customers: 5, orders: 3 });

    // only "updated since", and every page followed
    const customerPages = store.requestsFor("Customers").map((r) => r.variables);
    expect(customerPages.map((v) => v.query)).toEqual(Array(3).fill(`updated_at:>'${iso(since)}'`));
    expect(customerPages.map((v) => v.first)).toEqual([2, 2, 2]);
    expect(customerPages.map((v) => v.after === null)).toEqual([true, false, false]);
    expect(store.requestsFor("Orders")).toHaveLength(3);
    expect(store.requestsFor("OrderLines").map((r) => r.variables.id)).toEqual([`gid://shopify/Order/${O[1]}`]);
    expect(db.$client.prepare(`SELECT platform_id FROM contacts WHERE shop_id = ? ORDER BY platform_id`).pluck().all(shopId)).toEqual(
      [C[1], C[2], C[3], C[4], C[5], "115310627314723954"].sort(), // C[0] was not asked for; the last came with the order webhook
    );
    expect(count(db, `SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.platform_id = ? AND l.shop_id = ?`, O[1], shopId)).toBe(30);
    expect(db.$client.prepare(`SELECT refunded_quantity FROM order_lines WHERE platform_id = ?`).pluck().get(lines(O[2], 1)[0].id)).toBe(1);
    // the webhook's newer data stays
    expect(db.$client.prepare(`SELECT first_name FROM contacts WHERE platform_id = ?`).pluck().get(C[2])).toBe("Fresh");
    expect(db.$client.prepare(`SELECT total_minor, currency, source_updated_at FROM orders WHERE platform_id = ?`).get(O[3])).toEqual(webhookOrder);
    expect(reconcileState(db, shopId)).toEqual({ status: "done", watermark: T0, error: null });

    // a minute later: the watermark moved, the overlap re-fetches the last few minutes, and nothing changes twice
    const before = {
      changes: count(db, `SELECT count(*) FROM membership_changes WHERE shop_id = ?`, shopId),
      lines: count(db, `SELECT count(*) FROM order_lines WHERE shop_id = ?`, shopId),
      refunds: count(db, `SELECT count(*) FROM refunds WHERE shop_id = ?`, shopId),
      contacts: count(db, `SELECT count(*) FROM contacts WHERE shop_id = ?`, shopId),
    };
    now = T0 + MIN;
    const again = await reconcileShop(db, options);
    expect(again).toMatchObject({ since: T0 - RECONCILE_OVERLAP_MS, watermark: T0 + MIN, customers: 2, orders: 1, changedContacts: 0 });
    expect(store.requestsFor("Customers").at(-1)!.variables.query).toBe(`updated_at:>'${iso(T0 - RECONCILE_OVERLAP_MS)}'`);
    expect({
      changes: count(db, `SELECT count(*) FROM membership_changes WHERE shop_id = ?`, shopId),
      lines: count(db, `SELECT count(*) FROM order_lines WHERE shop_id = ?`, shopId),
      refunds: count(db, `SELECT count(*) FROM refunds WHERE shop_id = ?`, shopId),
      contacts: count(db, `SELECT count(*) FROM contacts WHERE shop_id = ?`, shopId),
    }).toEqual(before);
  });

  it("waits for the initial import, and keeps the watermark when a run fails", async () => {
    const db = openShopDb("reconcile-waits");
    const store = addStore("reconcile-waits.myshopify.com");
    seed(store);
    const shopId = installedShop(db, store, { backfillDone: false });
    const options: ReconcileOptions = { api: createShopifyAdminApi(db, { shop: store.domain, minTimeoutMs: 5, retries: 1 }), shopId, clock: () => T0, settings: readShopSettings("{}") };
    expect(await reconcileShop(db, options)).toEqual({ shopId, skipped: "the initial backfill has not finished" });
    expect(store.requests).toHaveLength(0);

    db.$client.prepare(`UPDATE sync_state SET status = 'done', watermark = started_at WHERE shop_id = ? AND kind = 'backfill'`).run(shopId);
    store.failNext("http500", { operation: "Orders", times: 2 });
    await expect(reconcileShop(db, options)).rejects.toThrow(/HTTP 500|failed/);
    expect(reconcileState(db, shopId)).toMatchObject({ status: "failed", watermark: null });
    // the next run starts from the same point
    const report = await reconcileShop(db, { ...options, clock: () => T0 + MIN });
    expect(report).toMatchObject({ since: BACKFILL_STARTED - RECONCILE_OVERLAP_MS, watermark: T0 + MIN });
  });
});

describe("the reconcile job", () => {
  it("runs hourly and once after an outage, and a failing shop does not stop the others", async () => {
    expect(schedules(60_000)).toEqual(expect.arrayContaining([
      { type: RECONCILE_JOB, everyMs: 3_600_000, offsetMs: 20 * MIN },
      { type: HEARTBEAT_JOB, everyMs: 60_000 },
    ]));

    const db = openShopDb("reconcile-job");
    const broken = addStore("reconcile-broken.myshopify.com");
    const healthy = addStore("reconcile-healthy.myshopify.com");
    for (const store of [broken, healthy]) store.customers.push(fakeCustomer(`70640550693037${broken === store ? "2001" : "3001"}`, { updatedAt: iso(T0 - 5 * MIN) }));
    const brokenId = installedShop(db, broken);
    const healthyId = installedShop(db, healthy);
    broken.revoked = true;

    let now = T0;
    const runner = new JobRunner({ db, definitions: DATA_SYNC_JOBS, now: () => now });
    const heartbeat = new Scheduler({ db, schedules: schedules(60_000).filter((s) => s.type === HEARTBEAT_JOB), tickMs: 60_000, now: () => now });
    const reconcileJobs = () => db.$client.prepare(`SELECT unique_key, status FROM jobs WHERE type = ?`).all(RECONCILE_JOB) as { unique_key: string; status: string }[];

    for (let minute = 0; minute < 3; minute++) {
      heartbeat.tick();
      await runner.drain();
      now += MIN;
    }
    expect(reconcileJobs()).toEqual([]); // heartbeats a minute apart: no outage

    now += OUTAGE_GAP_MS + 30 * MIN; // the app was down
    heartbeat.tick();
    await runner.drain();
    expect(reconcileJobs()).toEqual([{ unique_key: `${RECONCILE_JOB}:outage:${T0 + 2 * MIN}`, status: "succeeded" }]);
    expect(reconcileState(db, healthyId)).toEqual({ status: "done", watermark: now, error: null });
    expect(count(db, `SELECT count(*) FROM contacts WHERE shop_id = ?`, healthyId)).toBe(1);
    expect(reconcileState(db, brokenId)).toMatchObject({ status: "failed", watermark: null, error: expect.stringContaining("401") });
    expect(count(db, `SELECT count(*) FROM contacts WHERE shop_id = ?`, brokenId)).toBe(0);

    now += MIN; // the next heartbeat finds no gap
    heartbeat.tick();
    await runner.drain();
    expect(reconcileJobs()).toHaveLength(1);
  });
});
