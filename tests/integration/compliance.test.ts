import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { computeSegment } from "../../app/membership/compute.server";
import { createSegment } from "../../app/models/segments.server";
import { countNeedlesInFiles } from "../../app/sync/compliance-erasure.server";
import { REDACTED_BODY } from "../../app/sync/compliance-redact.server";
import { migrateDatabase, openDatabase, type Db } from "../../db/client.server";
import { EVENT_SOURCES, EVENT_TYPES } from "../../db/enums";
import { shops } from "../../db/schema";
import { generateStore } from "../../db/seed/generate-store";
import { storeDelivery } from "../../webhooks/inbox";
import { processInbox } from "../../webhooks/process.server";
import { HANDLERS } from "../../webhooks/registry";
import { createTempDir, createTestDb } from "../helpers/test-db";
import { readWebhookFixture } from "../helpers/webhooks";
import { edit, SyncedShop } from "./sync/harness";

const BOB = "706405506930370084";
const ALICE = "706405506930370085";
const BOB_PHONE = "+16135550142";
const DAY = 86_400_000;

const fx = (name: string) => readWebhookFixture(`shopify/${name}.json`);
const customerBody = (_shop: unknown, { id = BOB, email = "bob@biller.com", first = "Bob", phone = BOB_PHONE, updatedAt = "2021-12-31T19:00:00-05:00" } = {}) =>
  edit(fx("customers__create"), [
    [BOB, id], ["bob@biller.com", email], ['"first_name": "Bob"', `"first_name": "${first}"`], ['"phone": null', `"phone": "${phone}"`],
    ['"updated_at": "2021-12-31T19:00:00-05:00"', `"updated_at": "${updatedAt}"`],
  ]);
const tagsBody = (id: string, tags: string[]) => JSON.stringify({ customerId: `gid://shopify/Customer/${id}`, tags, occurredAt: "2026-11-01T10:00:00Z" });
const orderBody = (shop: SyncedShop, orderId: string, customerId: string) =>
  edit(shop.fixture("orders__create"), [["820982911946154508", orderId], ["115310627314723954", customerId]]);
const redactBody = (_shop: unknown, { id = BOB, email = "bob@biller.com" } = {}) =>
  edit(fx("customers__redact"), [["191167", id], ["john@example.com", email], ["555-625-1199", BOB_PHONE]]);
const dataRequestBody = (shop: SyncedShop, { id = BOB, email = "bob@biller.com", request = "9999" } = {}) =>
  edit(shop.fixture("customers__data_request"), [["191167", id], ["john@example.com", email], ['"id": 9999', `"id": ${request}`]]);

const CANADA = { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "country", match: { operator: "is_any_of", values: ["CA"] } }] } };

/** Bob and Alice (both in Canada) with tags, an order, storefront events, an attribute, a checkout, a browser; a "Canada" segment. */
async function storeWithCustomers(shop = new SyncedShop()) {
  shop.deliver("customers/create", customerBody(shop));
  shop.deliver("customers/create", customerBody(shop, { id: ALICE, email: "alice@example.org", first: "Alice", phone: "+16135550199" }));
  shop.deliver("customer.tags_added", tagsBody(BOB, ["VIP", "Bob's friends"]));
  shop.deliver("customer.tags_added", tagsBody(ALICE, ["VIP"]));
  shop.deliver("orders/create", orderBody(shop, "820982911946154508", BOB));
  shop.deliver("orders/create", orderBody(shop, "820982911946154509", ALICE));
  const id = (platformId: string) => shop.one<{ id: number }>(`SELECT id FROM contacts WHERE shop_id = ? AND platform_id = ?`, shop.shopId, platformId).id;
  const [bob, alice] = [id(BOB), id(ALICE)];
  const sql = shop.db.$client;
  for (const contactId of [bob, bob, alice]) {
    sql.prepare(`INSERT INTO events (shop_id, contact_id, type, occurred_at, source) VALUES (?, ?, ?, ?, ?)`).run(shop.shopId, contactId, EVENT_TYPES.page_viewed, shop.now - DAY, EVENT_SOURCES.pixel);
  }
  const attribute = sql.prepare(`INSERT INTO attribute_definitions (shop_id, key, label, type, created_at) VALUES (?, 'nickname', 'Nickname', 'text', 0) RETURNING id`).pluck().get(shop.shopId);
  sql.prepare(`INSERT INTO contact_attributes (contact_id, attribute_id, shop_id, text_value, updated_at) VALUES (?, ?, ?, 'Bobby', 0)`).run(bob, attribute, shop.shopId);
  sql.prepare(`INSERT INTO checkouts (shop_id, platform_id, contact_id, email, phone, started_at) VALUES (?, 'ck-bob', ?, 'bob@biller.com', ?, 0)`).run(shop.shopId, bob, BOB_PHONE);
  const browser = sql.prepare(`INSERT INTO browsers (shop_id, client_key, contact_id, first_seen_at, last_seen_at) VALUES (?, 'client-bob', ?, 0, 0) RETURNING id`).pluck().get(shop.shopId, bob);
  sql.prepare(`INSERT INTO anonymous_events (shop_id, browser_id, type, occurred_at, source) VALUES (?, ?, 1, 0, 1)`).run(shop.shopId, browser);
  const created = createSegment(shop.db, { shopId: shop.shopId, name: "Canada", now: shop.now, definition: CANADA });
  if (!created.ok) throw new Error(JSON.stringify(created.issues));
  await computeSegment(shop.db, { segmentId: created.segment.id, clock: () => shop.now });
  return { shop, bob, alice, segmentId: created.segment.id };
}

const contact = (shop: SyncedShop, id: number) => shop.one<Record<string, unknown>>(`SELECT * FROM contacts WHERE id = ?`, id);
const members = (shop: SyncedShop, segmentId: number) => shop.all<{ contact_id: number }>(`SELECT contact_id FROM segment_members WHERE segment_id = ? ORDER BY contact_id`, segmentId).map((r) => r.contact_id);

describe("customers/data_request", () => {
  it("stores everything held on the customer once per request: profile, orders, events, tags, segments", async () => {
    const { shop, segmentId } = await storeWithCustomers();
    expect(shop.deliver("customers/data_request", dataRequestBody(shop))).toMatchObject({ processed: 1, failed: 0 });
    const rows = shop.all<{ platform_request_id: string; customer_platform_id: string; export: string }>(`SELECT * FROM data_requests WHERE shop_id = ?`, shop.shopId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ platform_request_id: "9999", customer_platform_id: BOB });
    const document = JSON.parse(rows[0].export);
    expect(document).toMatchObject({ format: "segmentflow.customer-data/1", requestId: "9999", found: true });
    expect(document.contacts).toHaveLength(1);
    const [bob] = document.contacts;
    expect(bob.platformId).toBe(BOB);
    expect(bob.profile).toMatchObject({ email: "bob@biller.com", phone: BOB_PHONE, firstName: "Bob", lastName: "Biller", countryCode: "CA", city: "Ottawa", note: "This customer loves ice cream" });
    expect(bob.orders.map((o: { platformId: string }) => o.platformId)).toEqual(["820982911946154508"]);
    expect(bob.events).toEqual([expect.objectContaining({ type: "page_viewed", count: 2 })]);
    expect(bob.tags.map((t: { name: string }) => t.name).sort()).toEqual(["Bob's friends", "VIP"]);
    expect(bob.segments.current).toEqual([expect.objectContaining({ segmentId, name: "Canada" })]);
    expect(bob.attributes).toEqual([expect.objectContaining({ key: "nickname", value: "Bobby" })]);
    expect(JSON.stringify(document)).not.toContain("alice@example.org");

    // Shopify retries: the same request (another delivery) answers with the stored export, even after a change
    shop.now += 60_000;
    shop.deliver("customers/update", customerBody(shop, { first: "Robert", updatedAt: "2026-11-28T11:00:00Z" }));
    expect(shop.deliver("customers/data_request", dataRequestBody(shop))).toMatchObject({ processed: 1 });
    const again = shop.all<{ export: string }>(`SELECT export FROM data_requests WHERE shop_id = ?`, shop.shopId);
    expect(again).toEqual([{ export: rows[0].export }]);
  });

  it("records a request for a customer it holds nothing on", () => {
    const shop = new SyncedShop();
    expect(shop.deliver("customers/data_request", shop.fixture("customers__data_request"))).toMatchObject({ processed: 1, failed: 0 });
    const row = shop.one<{ export: string }>(`SELECT export FROM data_requests WHERE shop_id = ?`, shop.shopId);
    expect(JSON.parse(row.export)).toMatchObject({ found: false, contacts: [], requestedFor: { customerId: "191167", email: "john@example.com" } });
  });
});

describe("customers/redact", () => {
  it("erases the customer's personal data, keeps sales figures, and the contact leaves every segment; Alice and the other shop are untouched", async () => {
    const { shop, bob, alice, segmentId } = await storeWithCustomers();
    const other = shop.db.insert(shops).values({ platform: "shopify", domain: "other.myshopify.com", createdAt: 0, updatedAt: 0 }).returning().get().id;
    deliverer(shop.db, other)("customers/create", customerBody(shop));
    shop.deliver("customers/data_request", dataRequestBody(shop));
    expect(members(shop, segmentId)).toEqual([bob, alice]);
    const before = { alice: contact(shop, alice), otherShop: shop.all(`SELECT * FROM contacts WHERE shop_id = ?`, other), bob: contact(shop, bob) };
    expect(before.otherShop).toEqual([expect.objectContaining({ platform_id: BOB, email: "bob@biller.com" })]);

    shop.now += DAY;
    expect(shop.deliver("customers/redact", redactBody(shop))).toMatchObject({ processed: 1, failed: 0 });

    const after = contact(shop, bob);
    for (const column of ["email", "phone", "first_name", "last_name", "city", "zip", "region_code", "country_code", "note", "birthday", "language", "time_zone", "account_state"]) {
      expect(after[column], column).toBeNull();
    }
    expect(after).toMatchObject({ platform_id: BOB, redacted_at: shop.now, email_consent: "redacted", sms_consent: "redacted", orders_count: before.bob.orders_count, total_spent_minor: before.bob.total_spent_minor });
    expect(shop.all(`SELECT platform_id, contact_id FROM orders WHERE shop_id = ? AND contact_id = ?`, shop.shopId, bob)).toHaveLength(1);
    const count = (table: string) => shop.one<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE shop_id = ? AND contact_id = ?`, shop.shopId, bob).n;
    for (const table of ["events", "contact_tags", "contact_attributes", "browsers", "segment_members"]) expect(count(table), table).toBe(0);
    expect(shop.one<{ n: number }>(`SELECT count(*) AS n FROM anonymous_events`).n).toBe(0);
    // the tag only Bob held may be personal: gone; VIP (Alice holds it too) stays
    expect(shop.all<{ name: string }>(`SELECT name FROM tags WHERE shop_id = ? ORDER BY name`, shop.shopId).map((t) => t.name)).toEqual(["VIP"]);
    expect(shop.one(`SELECT email, phone FROM checkouts WHERE platform_id = 'ck-bob'`)).toEqual({ email: null, phone: null });
    expect(shop.one(`SELECT export FROM data_requests WHERE shop_id = ?`, shop.shopId)).toEqual({ export: null });

    // no stored delivery of the shop mentions Bob any more (the redact request's own body included)
    const bodies = shop.all<{ topic: string; body: string }>(`SELECT topic, body FROM webhook_inbox WHERE shop_id = ?`, shop.shopId);
    expect(bodies.filter((b) => b.body.includes(BOB) || b.body.includes("bob@biller.com") || b.body.includes(BOB_PHONE))).toEqual([]);
    expect(bodies.filter((b) => b.body === REDACTED_BODY).map((b) => b.topic)).toEqual(
      expect.arrayContaining(["customers/create", "customer.tags_added", "orders/create", "customers/data_request", "customers/redact"]),
    );
    expect(bodies.some((b) => b.body.includes("alice@example.org"))).toBe(true);

    // left the segment with cause "redaction"; Alice and the other shop are as they were
    expect(members(shop, segmentId)).toEqual([alice]);
    expect(shop.all(`SELECT kind, cause, cause_detail FROM membership_changes WHERE contact_id = ? ORDER BY id DESC LIMIT 1`, bob)).toEqual([{ kind: 2, cause: 7, cause_detail: "customers/redact" }]);
    expect(contact(shop, alice)).toEqual(before.alice);
    expect(shop.all(`SELECT * FROM contacts WHERE shop_id = ?`, other)).toEqual(before.otherShop);

    // nothing brings the data back: a late update, a redelivered redact
    shop.now += 60_000;
    expect(shop.deliver("customers/update", customerBody(shop, { first: "Zombie", updatedAt: "2030-01-01T00:00:00Z" }))).toMatchObject({ processed: 1 });
    expect(shop.deliver("customers/redact", redactBody(shop))).toMatchObject({ processed: 1, failed: 0 });
    expect(contact(shop, bob)).toMatchObject({ email: null, first_name: null, redacted_at: after.redacted_at });
    expect(members(shop, segmentId)).toEqual([alice]);
  });

  it("also erases what messaging holds: consent changes, popup signups, message links, the demo provider's copies", async () => {
    const { shop, bob, alice } = await storeWithCustomers();
    const sql = shop.db.$client;
    const send = (contactId: number, key: string, to: string) =>
      sql.prepare(`INSERT INTO message_sends (shop_id, contact_id, channel, idempotency_key, status, to_address, body, links, created_at) VALUES (?, ?, 'email', ?, 'sent', ?, 'Hi', '[{"url":"https://x.example/?e=1"}]', 0) RETURNING id`).pluck().get(shop.shopId, contactId, key, to) as number;
    for (const [contactId, to] of [[bob, "Bob@Biller.com"], [alice, "alice@example.org"]] as const) {
      const sendId = send(contactId, `k-${contactId}`, to);
      sql.prepare(`INSERT INTO consent_changes (shop_id, contact_id, channel, state, source, send_id, at, writeback_status) VALUES (?, ?, 'email', 'unsubscribed', 'unsubscribe_link', ?, 0, 'pending')`).run(shop.shopId, contactId, sendId);
      sql.prepare(`INSERT INTO outbox_messages (shop_id, channel, idempotency_key, to_address, subject, body, received_at, last_received_at) VALUES (?, 'email', ?, ?, 'Hello', 'Hi there', 0, 0)`).run(shop.shopId, `k-${contactId}`, to);
      sql.prepare(`INSERT INTO popup_signups (shop_id, contact_id, created_contact, email_consent, email_consent_text, tags, created_at, writeback_status) VALUES (?, ?, 0, 'subscribed', 'Yes, email me', '["popup-signup"]', 0, 'done')`).run(shop.shopId, contactId);
    }
    shop.deliver("customers/redact", redactBody(shop));
    expect(shop.all(`SELECT contact_id, to_address, body, links FROM message_sends ORDER BY contact_id`)).toEqual([
      { contact_id: bob, to_address: null, body: null, links: null },
      { contact_id: alice, to_address: "alice@example.org", body: "Hi", links: '[{"url":"https://x.example/?e=1"}]' },
    ]);
    expect(shop.all(`SELECT contact_id FROM consent_changes`)).toEqual([{ contact_id: alice }]);
    expect(shop.all(`SELECT contact_id FROM popup_signups`)).toEqual([{ contact_id: alice }]);
    expect(shop.all(`SELECT to_address, subject, body FROM outbox_messages ORDER BY id`)).toEqual([
      { to_address: null, subject: null, body: null },
      { to_address: "alice@example.org", subject: "Hello", body: "Hi there" },
    ]);
  });

  it("accepts a redact for a customer it never held, changing nothing", async () => {
    const { shop } = await storeWithCustomers();
    const snapshot = () => shop.all(`SELECT * FROM contacts ORDER BY id`);
    const before = snapshot();
    expect(shop.deliver("customers/redact", shop.fixture("customers__redact"))).toMatchObject({ processed: 1, failed: 0 });
    expect(snapshot()).toEqual(before);
  });

  it("fails a payload it cannot read, naming the field, and changes nothing", async () => {
    const { shop, bob } = await storeWithCustomers();
    const before = contact(shop, bob);
    expect(shop.deliver("customers/redact", JSON.stringify({ shop_id: 1, orders_to_redact: [] }))).toMatchObject({ failed: 1, processed: 0 });
    expect(shop.deliver("customers/redact", JSON.stringify({ customer: {} }))).toMatchObject({ failed: 1 });
    expect(shop.deliver("customers/data_request", JSON.stringify({ customer: { id: Number(BOB.slice(0, 10)) } }))).toMatchObject({ failed: 1 });
    const failed = shop.inbox().filter((r) => r.status === "failed").map((r) => r.last_error);
    expect(failed).toEqual([
      expect.stringMatching(/^customers\/redact payload is not valid: customer: /),
      expect.stringMatching(/^customers\/redact payload is not valid: customer: the customer has no id, email or phone/),
      expect.stringMatching(/^customers\/data_request payload is not valid: data_request: /),
    ]);
    expect(contact(shop, bob)).toEqual(before);
    expect(shop.all(`SELECT id FROM data_requests`)).toHaveLength(0);
  });
});


/** Stores and processes deliveries for any shop of a database, as the inbox worker does. */
function deliverer(db: Db, shopId: number, platform: "shopify" | "shopline" = "shopify", now = Date.parse("2026-11-28T12:00:00Z")) {
  let n = 0;
  return (topic: string, body: string) => {
    storeDelivery(db, { shopId, platform, topic, webhookId: `${platform}-${shopId}-${++n}`, eventId: null, triggeredAt: null, apiVersion: "2026-10", body, receivedAt: now });
    return processInbox(db, { now, handlers: HANDLERS });
  };
}

/** Rows for every shop-scoped table the demo generator leaves empty (operations, messaging, segments). */
function operationalRows(db: Db, shopId: number, domain: string, now: number): void {
  const sql = db.$client;
  const contactId = sql.prepare(`SELECT id FROM contacts WHERE shop_id = ? ORDER BY id LIMIT 1`).pluck().get(shopId) as number;
  const campaignId = sql.prepare(`SELECT id FROM campaigns WHERE shop_id = ? ORDER BY id LIMIT 1`).pluck().get(shopId) as number;
  const tagId = sql.prepare(`SELECT id FROM tags WHERE shop_id = ? ORDER BY id LIMIT 1`).pluck().get(shopId) as number;
  const segment = createSegment(db, { shopId, name: "Canada", now, definition: CANADA });
  if (!segment.ok) throw new Error("invalid segment");
  const segmentId = segment.segment.id;
  const run = (query: string, ...params: unknown[]) => {
    const statement = sql.prepare(query);
    return (statement.reader ? statement.get(...params) : (statement.run(...params), undefined)) as { id: number } | undefined;
  };
  run(`INSERT INTO segment_members (segment_id, contact_id, shop_id, entered_at) VALUES (?, ?, ?, ?)`, segmentId, contactId, shopId, now);
  const change = run(`INSERT INTO membership_changes (shop_id, segment_id, contact_id, kind, cause, segment_revision, at) VALUES (?, ?, ?, 1, 1, 1, ?) RETURNING id`, shopId, segmentId, contactId, now)!;
  run(`INSERT INTO segment_rechecks (segment_id, contact_id, shop_id, cause, queued_at) VALUES (?, ?, ?, 1, ?)`, segmentId, contactId, shopId, now);
  run(`INSERT INTO campaign_segments (campaign_id, segment_id, role, shop_id) VALUES (?, ?, 'include', ?)`, campaignId, segmentId, shopId);
  const automation = run(`INSERT INTO automations (shop_id, name, segment_id, trigger, created_at, updated_at) VALUES (?, 'Welcome', ?, 'entered', ?, ?) RETURNING id`, shopId, segmentId, now, now)!;
  const automationRun = run(`INSERT INTO automation_runs (shop_id, automation_id, contact_id, membership_change_id, status, started_at) VALUES (?, ?, ?, ?, 'waiting', ?) RETURNING id`, shopId, automation.id, contactId, change.id, now)!;
  const send = run(
    `INSERT INTO message_sends (shop_id, contact_id, channel, automation_run_id, idempotency_key, status, to_address, body, created_at) VALUES (?, ?, 'email', ?, ?, 'sent', ?, 'Hello', ?) RETURNING id`,
    shopId, contactId, automationRun.id, `k-${shopId}`, `someone@${domain}`, now,
  )!;
  run(`INSERT INTO send_attempts (shop_id, send_id, attempt, at, http_status) VALUES (?, ?, 1, ?, 200)`, shopId, send.id, now);
  run(`INSERT INTO send_hooks (shop_id, channel, url, secret, updated_at) VALUES (?, 'email', 'https://hooks.example/send', 's3cret', ?)`, shopId, now);
  const browser = run(`INSERT INTO browsers (shop_id, client_key, contact_id, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?) RETURNING id`, shopId, `client-${shopId}`, contactId, now, now)!;
  run(`INSERT INTO anonymous_events (shop_id, browser_id, type, occurred_at, source) VALUES (?, ?, 1, ?, 1)`, shopId, browser.id, now);
  run(`INSERT INTO pixel_event_ids (shop_id, hash, seen_at) VALUES (?, 42, ?)`, shopId, now);
  run(`INSERT INTO tag_tombstones (contact_id, tag_id, source, shop_id, removed_at) VALUES (?, ?, 'platform', ?, ?)`, contactId, tagId, shopId, now);
  run(`INSERT INTO sync_state (shop_id, kind, updated_at) VALUES (?, 'backfill', ?)`, shopId, now);
  run(`INSERT INTO data_requests (shop_id, platform_request_id, requested_at) VALUES (?, 'r-1', ?)`, shopId, now);
  run(`INSERT INTO jobs (shop_id, type, run_after, created_at, updated_at) VALUES (?, 'segments.compute', ?, ?, ?)`, shopId, now, now, now);
  run(`INSERT INTO sessions (id, shop, state, accessToken) VALUES (?, ?, 'state', 'token')`, `offline_${domain}`, domain);
  // the messaging tables
  run(`INSERT INTO consent_changes (shop_id, contact_id, channel, state, source, send_id, at, writeback_status) VALUES (?, ?, 'email', 'unsubscribed', 'unsubscribe_link', ?, ?, 'pending')`, shopId, contactId, send.id, now);
  run(`INSERT INTO message_keys (shop_id, key, created_at) VALUES (?, 'k', ?)`, shopId, now);
  run(`INSERT INTO popup_signups (shop_id, contact_id, created_contact, email_consent, tags, created_at, writeback_status) VALUES (?, ?, 1, 'subscribed', '[]', ?, 'done')`, shopId, contactId, now);
  run(`INSERT INTO message_templates (shop_id, channel, name, body, created_at, updated_at) VALUES (?, 'email', 'Welcome', 'Hi', ?, ?)`, shopId, now, now);
  run(`INSERT INTO outbox_messages (shop_id, channel, idempotency_key, to_address, body, received_at, last_received_at) VALUES (?, 'email', ?, ?, 'Hello', ?, ?)`, shopId, `k-${shopId}`, `someone@${domain}`, now, now);
  // the campaign and automation tables
  run(`INSERT INTO automation_run_log (shop_id, run_id, step_index, kind, status, send_id, at) VALUES (?, ?, 0, 'send_email', 'queued', ?, ?)`, shopId, automationRun.id, send.id, now);
  run(`INSERT INTO campaign_recipients (campaign_id, contact_id, shop_id, qualified_by) VALUES (?, ?, ?, ?)`, campaignId, contactId, shopId, `[${segmentId}]`);
  // the SHOPLINE install's token (a shop has one platform; the erasure does not look)
  run(`INSERT INTO shopline_tokens (shop_id, handle, access_token, expires_at, issued_at, created_at, updated_at) VALUES (?, ?, 'sl-token', ?, ?, ?, ?)`, shopId, domain.split(".")[0], now, now, now, now);
  // a contact import and its report
  const csvImport = run(`INSERT INTO imports (shop_id, file_name, file_bytes, status, header, preview, created_at, updated_at) VALUES (?, 'list.csv', 10, 'done', '["Email"]', '[]', ?, ?) RETURNING id`, shopId, now, now)!;
  run(`INSERT INTO import_rejections (shop_id, import_id, row, "column", value, reason) VALUES (?, ?, 2, 'Email', 'nope', 'not an email address')`, shopId, csvImport.id);
  storeDelivery(db, { shopId, platform: "shopify", topic: "shop/update", webhookId: `wh-${shopId}`, eventId: null, triggeredAt: now, apiVersion: "2026-10", body: `{"name":"${domain}"}`, receivedAt: now });
}

describe("shop/redact", () => {
  const tmp = createTempDir();
  afterAll(() => tmp.cleanup());
  const now = Date.parse("2026-11-28T12:00:00Z");
  const shopTables = (db: Db) =>
    db.$client.prepare(`SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'shop_id') ORDER BY m.name`).pluck().all() as string[];
  const rowsOf = (db: Db, shopId: number) => Object.fromEntries(shopTables(db).map((t) => [t, db.$client.prepare(`SELECT count(*) FROM "${t}" WHERE shop_id = ?`).pluck().get(shopId) as number]));

  it("removes every row of the shop in every table with a shop_id, its sessions and the shop, and nothing of another shop", async () => {
    const db = openDatabase(join(tmp.dir, "shops.sqlite"));
    migrateDatabase(db);
    const store = (domain: string) => generateStore(db, { seed: domain.length, scale: 0.02, anchor: now, shop: { platform: "shopify", domain, name: domain, timeZone: "UTC", currency: "USD" } }).shopId;
    const [gone, kept] = [store("leaving.myshopify.com"), store("staying.myshopify.com")];
    operationalRows(db, gone, "leaving.myshopify.com", now);
    operationalRows(db, kept, "staying.myshopify.com", now);
    db.run(`UPDATE shops SET uninstalled_at = ${now - 2 * DAY} WHERE id = ${gone}` as never);
    const before = rowsOf(db, gone);
    expect(Object.entries(before).filter(([, n]) => n === 0).map(([t]) => t), "every shop table has rows to erase").toEqual([]);
    const keptBefore = rowsOf(db, kept);

    storeDelivery(db, { shopId: gone, platform: "shopify", topic: "shop/redact", webhookId: "redact-1", eventId: null, triggeredAt: now, apiVersion: "2026-10", body: readWebhookFixture("shopify/shop__redact.json"), receivedAt: now });
    const report = processInbox(db, { now, handlers: HANDLERS, limit: 1_000 });
    expect(report).toMatchObject({ processed: 2, skipped: 1, failed: 0 }); // the uninstalled shop's shop/update is skipped
    expect(await report.erasureFlush).toMatchObject({ erasures: 1, vacuumed: true });

    expect(Object.values(rowsOf(db, gone)).every((n) => n === 0)).toBe(true);
    expect(db.$client.prepare(`SELECT count(*) FROM shops WHERE id = ?`).pluck().get(gone)).toBe(0);
    expect(db.$client.prepare(`SELECT shop FROM sessions`).pluck().all()).toEqual(["staying.myshopify.com"]);
    // the other shop lost nothing (its shop/update delivery was processed, nothing else changed)
    expect(rowsOf(db, kept)).toEqual(keptBefore);
    expect(db.$client.prepare(`SELECT domain FROM shops`).pluck().all()).toEqual(["staying.myshopify.com"]);
    // and the erased shop's bytes are gone from the file and the WAL
    expect(await countNeedlesInFiles([join(tmp.dir, "shops.sqlite"), join(tmp.dir, "shops.sqlite-wal")], [Buffer.from("leaving.myshopify.com")])).toBe(0);
    expect(await countNeedlesInFiles([join(tmp.dir, "shops.sqlite")], [Buffer.from("staying.myshopify.com")])).toBe(1);
    db.$client.close();
  });
});

describe("customer erasure on disk", () => {
  const tmp = createTempDir();
  afterAll(() => tmp.cleanup());

  it("leaves no copy of the customer's email, phone or names in the database file or the WAL, stale copies included", async () => {
    const db = openDatabase(join(tmp.dir, "erasure.sqlite"));
    migrateDatabase(db);
    const deliver = deliverer(db, db.insert(shops).values({ platform: "shopify", domain: "disk.myshopify.com", createdAt: 0, updatedAt: 0 }).returning().get().id);
    const email = "quillon.vardemaine@example.net";
    for (const [n, first] of ["Quillonia", "Quillonette", "Quillonessa"].entries()) {
      deliver("customers/update", customerBody(null, { email, first, phone: "+16135557788", updatedAt: `2026-11-0${n + 1}T10:00:00Z` }));
    }
    deliver("customers/create", customerBody(null, { id: ALICE, email: "alice@example.org", first: "Alice", phone: "+16135550199" }));
    const needles = [email, "+16135557788", "Quillonia", "Quillonette", "Quillonessa"].map((n) => Buffer.from(n));
    const files = [join(tmp.dir, "erasure.sqlite"), join(tmp.dir, "erasure.sqlite-wal")];
    expect(await countNeedlesInFiles(files, needles)).toBe(5);

    const report = deliver("customers/redact", redactBody(null, { email }));
    expect(report).toMatchObject({ processed: 1 });
    const flushed = await report.erasureFlush;
    expect(flushed).toMatchObject({ erasures: 1, remaining: 0 });
    expect(await countNeedlesInFiles(files, needles)).toBe(0);
    expect(await countNeedlesInFiles(files, [Buffer.from("alice@example.org")])).toBe(1);
    db.$client.close();
  });
});

describe("SHOPLINE privacy topics", () => {
  const SAMPLE = readWebhookFixture("shopline/customers__update.json");
  const shoplineShop = () => {
    const db = createTestDb();
    const shopId = db.insert(shops).values({ platform: "shopline", domain: "gdpr.myshopline.com", createdAt: 0, updatedAt: 0 }).returning().get().id;
    const deliver = deliverer(db, shopId, "shopline");
    return { db, shopId, deliver };
  };

  it("customers/redact (the documented body: order numbers, a 00-prefixed phone) erases the customer", () => {
    const { db, shopId, deliver } = shoplineShop();
    deliver("customers/update", SAMPLE);
    const contactId = db.$client.prepare(`SELECT id FROM contacts WHERE shop_id = ? AND platform_id = '421475190'`).pluck().get(shopId) as number;
    db.$client.prepare(`INSERT INTO orders (shop_id, platform_id, contact_id, name, currency, total_minor, placed_at, created_at, updated_at) VALUES (?, 'sl-order-1', ?, '#72348', 'USD', 1000, 0, 0, 0)`).run(shopId, contactId);
    db.$client.prepare(`INSERT INTO checkouts (shop_id, platform_id, email, phone, started_at) VALUES (?, 'sl-ck', 'guest@example.org', '+165323713', 0)`).run(shopId);
    db.$client.prepare(`UPDATE orders SET checkout_token = 'sl-ck' WHERE shop_id = ?`).run(shopId);
    const body = JSON.stringify({ customer: { email: "test1@joyy.com", id: "421475190", phone: "00165323713" }, orders_to_redact: ["#72348"], shop_domain: "gdpr.myshopline.com", shop_id: "160943274324", update_time: "2022-05-31T15:32:46+08:00" });
    expect(deliver("customers/redact", body)).toMatchObject({ processed: 1, failed: 0 });
    expect(db.$client.prepare(`SELECT email, first_name, redacted_at IS NOT NULL AS redacted FROM contacts WHERE id = ?`).get(contactId)).toEqual({ email: null, first_name: null, redacted: 1 });
    expect(db.$client.prepare(`SELECT email, phone FROM checkouts WHERE platform_id = 'sl-ck'`).get()).toEqual({ email: null, phone: null });
    expect(db.$client.prepare(`SELECT count(*) FROM orders WHERE name = '#72348'`).pluck().get()).toBe(1);
    expect(db.$client.prepare(`SELECT count(*) FROM webhook_inbox WHERE body LIKE '%joyy%'`).pluck().get()).toBe(0);
  });

  it("merchants/redact erases the shop; a payload that is not an object fails", () => {
    const { db, shopId, deliver } = shoplineShop();
    deliver("customers/update", SAMPLE);
    expect(deliver("merchants/redact", "[]")).toMatchObject({ failed: 1 });
    expect(db.$client.prepare(`SELECT last_error FROM webhook_inbox WHERE topic = 'merchants/redact'`).pluck().get()).toMatch(/^merchants\/redact payload is not valid: payload: /);
    expect(deliver("merchants/redact", JSON.stringify({ store_domain: "gdpr.myshopline.com", store_id: "1610418123456", update_time: "2026-11-28T12:00:00+08:00" }))).toMatchObject({ processed: 1 });
    expect(db.$client.prepare(`SELECT count(*) FROM shops WHERE id = ?`).pluck().get(shopId)).toBe(0);
    expect(db.$client.prepare(`SELECT count(*) FROM contacts`).pluck().get()).toBe(0);
  });
});
