import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.server";
import { DEMO_ANCHOR, inboxDrained, startDemoServer, type DemoServer } from "../helpers/demo-server";
import { PROJECT_ROOT, type RunningServer } from "../helpers/server";
import type { Report } from "../../server/simulate";
import { EVENT_SOURCES, EVENT_TYPES } from "../../db/enums";

const run = promisify(execFile);

/**
 * `npm run simulate` against the real demo server: every request it sends must be accepted, and
 * every delivery must then apply cleanly (payload shapes the adapters read) and change the store.
 */
describe("the traffic simulator against the demo", () => {
  let demo: DemoServer;
  let server: RunningServer;
  let db: Db;
  const count = (query: string) => (db.$client.prepare(query).get() as { n: number }).n;

  beforeAll(async () => {
    demo = await startDemoServer({ anchor: DEMO_ANCHOR });
    ({ server, db } = demo);
  });

  afterAll(() => demo?.stop());

  it("sends 100 signed webhooks and pixel visits in 2 s at rate 50, all accepted, and they land in contacts, orders and events", async () => {
    const before = {
      contacts: count(`SELECT count(*) AS n FROM contacts`),
      orders: count(`SELECT count(*) AS n FROM orders`),
      products: count(`SELECT count(*) AS n FROM products`),
      categories: count(`SELECT count(*) AS n FROM categories`),
      maxOrderId: count(`SELECT max(id) AS n FROM orders`),
      maxEventId: count(`SELECT max(id) AS n FROM events`),
    };
    const { stdout } = await run("npm", ["run", "--silent", "simulate", "--", "--rate", "50", "--duration", "2", "--url", server.url, "--db", demo.databasePath, "--seed", "42"], {
      cwd: PROJECT_ROOT,
      timeout: 60_000,
    });
    const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as Report;
    expect(report).toMatchObject({ sent: 100, accepted: 100, rejected: 0 });
    const visits = report.byKind.pixel_events;
    expect(visits.sent).toBeGreaterThan(0);
    expect(visits.accepted).toBe(visits.sent);
    const webhooks = report.sent - visits.sent;
    expect(report.ratePerSecond).toBeGreaterThan(0);
    expect(report.latencyMs.p95).toBeGreaterThanOrEqual(report.latencyMs.p50);

    // wait for the server's inbox worker to apply everything
    await inboxDrained(db, { received: webhooks });
    const statuses = db.$client.prepare(`SELECT status, count(*) AS n, max(last_error) AS error FROM webhook_inbox GROUP BY status`).all();
    expect(statuses).toEqual([{ status: "processed", n: webhooks, error: null }]);
    const topics = Object.fromEntries((db.$client.prepare(`SELECT topic, count(*) AS n FROM webhook_inbox GROUP BY topic`).all() as { topic: string; n: number }[]).map((r) => [r.topic, r.n]));
    for (const topic of ["customers/create", "customers/update", "orders/create", "orders/paid", "customers_email_marketing_consent/update", "customers_marketing_consent/update", "customer.tags_added"]) {
      expect(topics[topic], topic).toBeGreaterThan(0);
    }

    // every customers/create is a new contact and every orders/create a new order, with lines of the demo's own products
    expect(count(`SELECT count(*) AS n FROM contacts`)).toBe(before.contacts + topics["customers/create"]);
    expect(count(`SELECT count(*) AS n FROM orders`)).toBe(before.orders + topics["orders/create"]);
    expect(count(`SELECT count(*) AS n FROM products`)).toBe(before.products);
    const newLines = `FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.id > ${before.maxOrderId}`;
    expect(count(`SELECT count(DISTINCT l.order_id) AS n ${newLines}`)).toBe(topics["orders/create"]);
    expect(count(`SELECT count(*) AS n ${newLines} AND l.product_id IS NULL`)).toBe(0);

    // storefront visits became product, collection and page events of the demo's own catalogue
    const newEvents = (query: string) => db.$client.prepare(`SELECT type, count(*) AS n, sum(subject_id IS NULL) AS unknown FROM ${query} GROUP BY type`).all() as { type: number; n: number; unknown: number }[];
    const known = newEvents(`events WHERE id > ${before.maxEventId} AND source = ${EVENT_SOURCES.pixel}`);
    const anonymous = newEvents(`anonymous_events`);
    expect(known.map((e) => e.type)).toContain(EVENT_TYPES.page_viewed);
    expect(anonymous.map((e) => e.type)).toContain(EVENT_TYPES.page_viewed);
    for (const rows of [known, anonymous]) expect(rows.find((e) => e.type === EVENT_TYPES.product_viewed)?.unknown ?? 0).toBe(0);
    expect(count(`SELECT count(*) AS n FROM categories`)).toBe(before.categories);

    // paid orders are paid; the last consent update of each contact is what it holds
    const paid = db.$client.prepare(`SELECT DISTINCT json_extract(body, '$.id') AS id FROM webhook_inbox WHERE topic = 'orders/paid'`).all() as { id: number }[];
    for (const { id } of paid) {
      expect(db.$client.prepare(`SELECT financial_status FROM orders WHERE platform_id = ?`).get(String(id))).toEqual({ financial_status: "paid" });
    }
    const consents = db.$client.prepare(`SELECT json_extract(body, '$.customer_id') AS id, json_extract(body, '$.email_marketing_consent.state') AS state
      FROM webhook_inbox WHERE topic = 'customers_email_marketing_consent/update' ORDER BY triggered_at, id`).all() as { id: number; state: string }[];
    const last = new Map(consents.map((c) => [String(c.id), c.state]));
    for (const [platformId, state] of last) {
      expect(db.$client.prepare(`SELECT email_consent FROM contacts WHERE platform_id = ?`).get(platformId), platformId).toEqual({ email_consent: state });
    }
  });
});
