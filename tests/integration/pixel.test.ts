import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setDb } from "../../app/db.server";
import { pruneJob } from "../../app/jobs/maintenance.server";
import { computeSegment } from "../../app/membership/compute.server";
import { createSegment } from "../../app/models/segments.server";
import { pixelEventHash } from "../../app/pixel/ingest.server";
import { pixelRateLimiter } from "../../app/pixel/rate-limit.server";
import { action, loader } from "../../app/routes/pixel.events";
import type { Db } from "../../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES, MEMBERSHIP_CAUSES } from "../../db/enums";
import { checkouts, contacts, products, shops } from "../../db/schema";
import { toSentEvent, type SentEvent, type SubscribedEvent } from "../../extensions/segmentflow-pixel/src/payload";
import { createTestDb } from "../helpers/test-db";

const T0 = Date.parse("2026-11-28T12:00:00.000Z");
const URL = "https://app.example.com/pixel/events";

let db: Db;
let shopId: number;
let seq = 0;

function createShop(domain: string, pixelKey: string): number {
  return db.insert(shops).values({ platform: "shopify", domain, pixelKey, currency: "USD", createdAt: 0, updatedAt: 0 }).returning().get().id;
}

function post(body: unknown, init: RequestInit = {}): Promise<Response> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return action({ request: new Request(URL, { method: "POST", headers: { "Content-Type": "text/plain" }, body: text, ...init }), params: {}, context: {} }) as Promise<Response>;
}

/** A standard event as the storefront hands it to the pixel (only the fields the pixel reads). */
function standard(name: SubscribedEvent["name"], data: unknown, { clientId = "client-1", at = Date.now() } = {}): SubscribedEvent {
  return { id: `evt-${++seq}`, name, timestamp: new Date(at).toISOString(), clientId, data } as unknown as SubscribedEvent;
}

const count = (sql: string, ...params: unknown[]) => (db.$client.prepare(sql).get(...params) as { n: number }).n;
const eventsOf = (contactId: number) =>
  db.$client.prepare(`SELECT type, subject_id AS subjectId, value, occurred_at AS occurredAt, source FROM events WHERE contact_id = ? AND shop_id = ? ORDER BY id`).all(contactId, shopId) as {
    type: number;
    subjectId: number | null;
    value: number | null;
    occurredAt: number;
    source: number;
  }[];
const storedCounts = () => ({
  events: count(`SELECT count(*) AS n FROM events`),
  anonymous: count(`SELECT count(*) AS n FROM anonymous_events`),
  ids: count(`SELECT count(*) AS n FROM pixel_event_ids`),
  browsers: count(`SELECT count(*) AS n FROM browsers`),
  contacts: count(`SELECT count(*) AS n FROM contacts`),
});

beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: T0 });
  db = createTestDb();
  setDb(db);
  shopId = createShop("pixel.myshopify.com", "key-pixel");
  createShop("other.myshopify.com", "key-other");
});

afterAll(() => {
  setDb(undefined);
  vi.useRealTimers();
});

beforeEach(() => {
  // every test starts a minute later with fresh rate budgets
  vi.setSystemTime(Date.now() + 60_000);
  pixelRateLimiter.reset();
});

describe("POST /pixel/events", () => {
  it("stores a batch the pixel builds with the right type, subject, value and contact", async () => {
    const alice = db.insert(contacts).values({ shopId, platformId: "7001", email: "alice@example.com", createdAt: 0, updatedAt: 0 }).returning().get().id;
    const hoodie = db.insert(products).values({ shopId, platformId: "8001", title: "Hoodie", createdAt: 0, updatedAt: 0 }).returning().get().id;
    const checkout = db.insert(checkouts).values({ shopId, platformId: "tok-1", contactId: alice, startedAt: 0 }).returning().get().id;
    const now = Date.now();
    const sent: SentEvent[] = [
      toSentEvent(standard("page_viewed", {}, { at: now - 5000 }), "7001"),
      toSentEvent(standard("product_viewed", { productVariant: { product: { id: "gid://shopify/Product/8001" } } }, { at: now - 4000 }), "7001"),
      toSentEvent(standard("collection_viewed", { collection: { id: "555", title: "Sale" } }, { at: now - 3000 }), "7001"),
      toSentEvent(standard("product_added_to_cart", { cartLine: { merchandise: { product: { id: "8002" } }, cost: { totalAmount: { amount: 25.9, currencyCode: "USD" } } } }, { at: now - 2000 }), "7001"),
      toSentEvent(standard("checkout_completed", { checkout: { token: "tok-1", email: "Alice@Example.com", totalPrice: { amount: 120, currencyCode: "USD" } } }, { at: now - 1000 }), "7001"),
    ];
    expect(sent[3]).toMatchObject({ productId: "8002", value: 2590, currency: "USD" });

    const response = await post({ accountID: "key-pixel", events: sent });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.json()).toEqual({ accepted: 5, duplicates: 0 });

    const newProduct = db.$client.prepare(`SELECT id FROM products WHERE shop_id = ? AND platform_id = '8002'`).get(shopId) as { id: number };
    const collection = db.$client.prepare(`SELECT id, name FROM categories WHERE shop_id = ? AND kind = 'collection' AND platform_id = '555'`).get(shopId) as { id: number; name: string };
    expect(collection.name).toBe("Collection 555");
    expect(eventsOf(alice)).toEqual([
      { type: EVENT_TYPES.page_viewed, subjectId: null, value: null, occurredAt: now - 5000, source: EVENT_SOURCES.pixel },
      { type: EVENT_TYPES.product_viewed, subjectId: hoodie, value: null, occurredAt: now - 4000, source: EVENT_SOURCES.pixel },
      { type: EVENT_TYPES.collection_viewed, subjectId: collection.id, value: null, occurredAt: now - 3000, source: EVENT_SOURCES.pixel },
      { type: EVENT_TYPES.added_to_cart, subjectId: newProduct.id, value: 2590, occurredAt: now - 2000, source: EVENT_SOURCES.pixel },
      { type: EVENT_TYPES.checkout_completed, subjectId: checkout, value: 12000, occurredAt: now - 1000, source: EVENT_SOURCES.pixel },
    ]);
    expect(db.$client.prepare(`SELECT last_visit_at AS v FROM contacts WHERE id = ?`).get(alice)).toEqual({ v: now - 1000 });
    expect(db.$client.prepare(`SELECT contact_id AS c FROM browsers WHERE shop_id = ? AND client_key = 'client-1'`).get(shopId)).toEqual({ c: alice });
    expect(count(`SELECT count(*) AS n FROM anonymous_events`)).toBe(0);
  });

  it("applies an event id once, across requests and within one batch", async () => {
    const contactId = db.insert(contacts).values({ shopId, platformId: "7002", createdAt: 0, updatedAt: 0 }).returning().get().id;
    const view = toSentEvent(standard("page_viewed", {}, { clientId: "client-2" }), "7002");
    expect(await (await post({ accountID: "key-pixel", events: [view, view] })).json()).toEqual({ accepted: 1, duplicates: 1 });
    expect(await (await post({ accountID: "key-pixel", events: [view] })).json()).toEqual({ accepted: 0, duplicates: 1 });
    expect(eventsOf(contactId)).toHaveLength(1);
    expect(count(`SELECT count(*) AS n FROM pixel_event_ids WHERE shop_id = ? AND hash = ?`, shopId, pixelEventHash(shopId, view.id))).toBe(1);
    // the same id from another shop is another event
    expect(pixelEventHash(shopId + 1, view.id)).not.toBe(pixelEventHash(shopId, view.id));
  });

  it("refuses an unknown key with 403 and stores nothing", async () => {
    const before = storedCounts();
    const response = await post({ accountID: "no-such-key", events: [toSentEvent(standard("page_viewed", {}), null)] });
    expect(response.status).toBe(403);
    expect(storedCounts()).toEqual(before);
  });

  it("refuses an invalid body with 400 naming the field, and stores nothing", async () => {
    const before = storedCounts();
    const good = toSentEvent(standard("page_viewed", {}), null);
    const badName = await post({ accountID: "key-pixel", events: [good, { ...good, id: "x-1", name: "cart_viewed" }] });
    expect(badName.status).toBe(400);
    expect((await badName.json()).error).toMatch(/^events\.1\.name: /);
    const { clientId: _, ...noClient } = good;
    expect((await (await post({ accountID: "key-pixel", events: [noClient] })).json()).error).toMatch(/events\.0\.clientId/);
    expect((await (await post({ accountID: "key-pixel", events: [{ ...good, timestamp: "yesterday" }] })).json()).error).toMatch(/events\.0\.timestamp: must be an ISO date-time/);
    expect((await (await post({ accountID: "key-pixel", events: [] })).json()).error).toMatch(/^events: /);
    const notJson = await post("{not json");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toBe("the body is not valid JSON");
    expect(storedCounts()).toEqual(before);
  });

  it("refuses bodies over 64 KiB with 413, by declared length and by bytes read", async () => {
    const before = storedCounts();
    const padding = "x".repeat(70 * 1024);
    const big = JSON.stringify({ accountID: "key-pixel", events: [{ ...toSentEvent(standard("page_viewed", {}), null), email: padding }] });
    expect((await post(big)).status).toBe(413);
    // a declared length over the limit is refused before reading (whatever follows)
    const small = JSON.stringify({ accountID: "key-pixel", events: [toSentEvent(standard("page_viewed", {}), null)] });
    expect((await post(small, { headers: { "Content-Type": "text/plain", "Content-Length": String(65 * 1024) } })).status).toBe(413);
    // a streamed body declares no length: the bytes read decide
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const request = new Request(URL, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    expect(((await action({ request, params: {}, context: {} })) as Response).status).toBe(413);
    expect(storedCounts()).toEqual(before);
  });

  it("answers the 101st request from one key within a second with 429", async () => {
    const event = () => toSentEvent(standard("page_viewed", {}, { clientId: "busy" }), null);
    for (let i = 0; i < 100; i++) expect((await post({ accountID: "key-other", events: [event()] })).status).toBe(200);
    const refused = await post({ accountID: "key-other", events: [event()] });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    // another shop's key is not affected, and the budget comes back with time
    expect((await post({ accountID: "key-pixel", events: [event()] })).status).toBe(200);
    vi.setSystemTime(Date.now() + 1000);
    expect((await post({ accountID: "key-other", events: [event()] })).status).toBe(200);
  });

  it("merges a browser's anonymous events into the contact it is identified as, who then enters a segment", async () => {
    const bob = db.insert(contacts).values({ shopId, platformId: "7003", createdAt: 0, updatedAt: 0 }).returning().get().id;
    const boots = db.insert(products).values({ shopId, platformId: "8100", title: "Boots", createdAt: 0, updatedAt: 0 }).returning().get().id;
    const created = createSegment(db, {
      shopId,
      name: "Viewed boots twice",
      definition: {
        version: 1,
        root: { id: "root", type: "group", match: "all", children: [
          { id: "c1", type: "product_views", action: "viewed", productIds: [boots], occurrence: "has_done", count: { operator: "at_least", value: 2 }, window: { kind: "in_last", amount: 30, unit: "days" } },
        ] },
      },
      now: Date.now(),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.issues));
    const segmentId = created.segment.id;
    await computeSegment(db, { segmentId, clock: () => Date.now() });
    const isMember = () => count(`SELECT count(*) AS n FROM segment_members WHERE segment_id = ? AND contact_id = ?`, segmentId, bob) === 1;
    expect(isMember()).toBe(false);

    const viewBoots = () => toSentEvent(standard("product_viewed", { productVariant: { product: { id: "8100" } } }, { clientId: "browser-b" }), null);
    await post({ accountID: "key-pixel", events: [viewBoots()] });
    vi.setSystemTime(Date.now() + 60_000);
    await post({ accountID: "key-pixel", events: [viewBoots()] });
    const browser = db.$client.prepare(`SELECT id, contact_id AS contactId FROM browsers WHERE shop_id = ? AND client_key = 'browser-b'`).get(shopId) as { id: number; contactId: number | null };
    expect(browser.contactId).toBeNull();
    expect(count(`SELECT count(*) AS n FROM anonymous_events WHERE browser_id = ? AND subject_id = ?`, browser.id, boots)).toBe(2);
    expect(eventsOf(bob)).toEqual([]);

    // Bob signs in: the browser is identified and its history becomes his
    vi.setSystemTime(Date.now() + 60_000);
    const login = toSentEvent(standard("page_viewed", {}, { clientId: "browser-b" }), "7003");
    expect(await (await post({ accountID: "key-pixel", events: [login] })).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(count(`SELECT count(*) AS n FROM anonymous_events WHERE browser_id = ?`, browser.id)).toBe(0);
    expect(eventsOf(bob).map((e) => [e.type, e.subjectId])).toEqual([
      [EVENT_TYPES.product_viewed, boots],
      [EVENT_TYPES.product_viewed, boots],
      [EVENT_TYPES.page_viewed, null],
    ]);
    expect(isMember()).toBe(true);
    expect(db.$client.prepare(`SELECT kind, cause, cause_detail AS detail FROM membership_changes WHERE segment_id = ? AND contact_id = ?`).all(segmentId, bob)).toEqual([
      { kind: 1, cause: MEMBERSHIP_CAUSES.event, detail: "page_viewed" },
    ]);

    // later events of the identified browser belong to Bob even without a customer id
    await post({ accountID: "key-pixel", events: [viewBoots()] });
    expect(eventsOf(bob)).toHaveLength(4);
    expect(db.$client.prepare(`SELECT last_visit_at AS v FROM contacts WHERE id = ?`).get(bob)).toEqual({ v: Date.now() });
  });

  it("creates a placeholder for an unknown customer, finds a guest checkout by email, and drops events of deleted contacts", async () => {
    const placeholder = toSentEvent(standard("page_viewed", {}, { clientId: "c-new" }), "gid://shopify/Customer/7999");
    await post({ accountID: "key-pixel", events: [placeholder] });
    const created = db.$client.prepare(`SELECT id, registration_source AS source FROM contacts WHERE shop_id = ? AND platform_id = '7999'`).get(shopId) as { id: number; source: string };
    expect(created.source).toBe("online_store");
    expect(eventsOf(created.id)).toHaveLength(1);

    const carol = db.insert(contacts).values({ shopId, platformId: "7004", email: "carol@example.com", createdAt: 0, updatedAt: 0 }).returning().get().id;
    const guest = toSentEvent(standard("checkout_completed", { checkout: { token: "tok-guest", email: " CAROL@example.com ", totalPrice: { amount: 5, currencyCode: "EUR" } } }, { clientId: "c-guest" }), null);
    await post({ accountID: "key-pixel", events: [guest] });
    // identified by email; the amount is in another currency than the shop's, so no value
    expect(eventsOf(carol)).toMatchObject([{ type: EVENT_TYPES.checkout_completed, subjectId: null, value: null }]);

    db.insert(contacts).values({ shopId, platformId: "7005", createdAt: 0, deletedAt: 1, updatedAt: 0 }).run();
    const before = count(`SELECT count(*) AS n FROM events`);
    expect(await (await post({ accountID: "key-pixel", events: [toSentEvent(standard("page_viewed", {}, { clientId: "c-del" }), "7005")] })).json()).toEqual({ accepted: 0, duplicates: 0 });
    expect(count(`SELECT count(*) AS n FROM events`)).toBe(before);
  });

  it("answers the CORS preflight and refuses other methods", async () => {
    const preflight = (await loader({ request: new Request(URL, { method: "OPTIONS" }) })) as Response;
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(((await loader({ request: new Request(URL) })) as Response).status).toBe(405);
  });

  it("forgets event ids after 48 hours (the prune job)", async () => {
    const now = Date.now();
    db.$client.prepare(`INSERT INTO pixel_event_ids (shop_id, hash, seen_at) VALUES (?, 1, ?), (?, 2, ?)`).run(shopId, now - 49 * 3_600_000, shopId, now - 47 * 3_600_000);
    await pruneJob.run({}, { db, now: () => now } as never);
    expect(count(`SELECT count(*) AS n FROM pixel_event_ids WHERE shop_id = ? AND hash IN (1, 2)`, shopId)).toBe(1);
    expect(count(`SELECT count(*) AS n FROM pixel_event_ids WHERE shop_id = ? AND hash = 2`, shopId)).toBe(1);
  });
});
