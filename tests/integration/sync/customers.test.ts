import { describe, expect, it } from "vitest";
import { createSegment } from "../../../app/models/segments.server";
import { computeSegment } from "../../../app/membership/compute.server";
import { captureContact } from "../../../app/contacts/capture.server";
import { edit, SyncedShop } from "./harness";

const BOB = "706405506930370084";
const contactOf = (shop: SyncedShop) =>
  shop.one<Record<string, unknown>>(`SELECT * FROM contacts WHERE shop_id = ? AND platform_id = ?`, shop.shopId, BOB);

describe("Shopify customer webhooks land in contacts", () => {
  it("maps Shopify's customers/create sample exactly, 18-digit id included", () => {
    const shop = new SyncedShop();
    expect(shop.deliver("customers/create", shop.fixture("customers__create"))).toMatchObject({ processed: 1, failed: 0 });
    expect(contactOf(shop)).toMatchObject({
      platform_id: BOB, email: "bob@biller.com", first_name: "Bob", last_name: "Biller", country_code: "CA", region_code: "ON",
      city: "Ottawa", zip: "K2P 2L8", account_state: "disabled", is_member: 0, note: "This customer loves ice cream",
      created_at: Date.parse("2021-12-31T19:00:00-05:00"), email_consent: "not_subscribed", deleted_at: null,
    });
  });

  it("applies the consent topics to their own fields, with cause consent", async () => {
    const shop = new SyncedShop();
    shop.deliver("customers/create", edit(shop.fixture("customers__create"), [['"state": "disabled"', '"state": "enabled"']]));
    const created = createSegment(shop.db, { shopId: shop.shopId, name: "Email subscribers", now: shop.now, definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } }] } } });
    if (!created.ok) throw new Error("invalid");
    await computeSegment(shop.db, { segmentId: created.segment.id, clock: () => shop.now });
    const subscribed = edit(shop.fixture("customers_email_marketing_consent__update"), [
      ['"state": "not_subscribed"', '"state": "subscribed"'],
      ['"opt_in_level": null', '"opt_in_level": "confirmed_opt_in"'],
      ['"consent_updated_at": null', '"consent_updated_at": "2026-11-28T11:00:00Z"'],
    ]);
    shop.deliver("customers_email_marketing_consent/update", subscribed);
    shop.deliver("customers_marketing_consent/update", shop.fixture("customers_marketing_consent__update"));
    expect(contactOf(shop)).toMatchObject({ email_consent: "subscribed", email_opt_in_level: "confirmed_opt_in", email_consent_at: Date.parse("2026-11-28T11:00:00Z"), sms_consent: "not_subscribed", is_member: 1 });
    expect(shop.all(`SELECT kind, cause FROM membership_changes`)).toEqual([{ kind: 1, cause: 5 }]);
  });

  it("converges to the newest data whatever order create, update and consent deliveries arrive in", () => {
    const create = (shop: SyncedShop) => shop.fixture("customers__create");
    const update = (shop: SyncedShop) => edit(shop.fixture("customers__update"), [['"first_name": "Bob"', '"first_name": "Robert"'], ['"updated_at": "2021-12-31T19:00:00-05:00"', '"updated_at": "2022-01-05T10:00:00-05:00"']]);
    const inOrder = new SyncedShop();
    inOrder.deliver("customers/create", create(inOrder), { triggeredAt: Date.parse("2022-01-01T00:00:00Z") });
    inOrder.deliver("customers/update", update(inOrder), { triggeredAt: Date.parse("2022-01-05T15:00:00.200Z") });
    const reversed = new SyncedShop();
    reversed.deliver("customers/update", update(reversed), { triggeredAt: Date.parse("2022-01-05T15:00:00.200Z") });
    reversed.deliver("customers/create", create(reversed), { triggeredAt: Date.parse("2022-01-01T00:00:00Z") });
    const strip = (row: Record<string, unknown>) => ({ ...row, id: 0, updated_at: 0 });
    expect(strip(contactOf(reversed))).toEqual(strip(contactOf(inOrder)));
    expect(contactOf(reversed).first_name).toBe("Robert");
  });

  it("breaks a same-second tie with the trigger time", () => {
    const shop = new SyncedShop();
    const at = (name: string) => edit(shop.fixture("customers__update"), [['"first_name": "Bob"', `"first_name": "${name}"`]]);
    const second = Date.parse("2021-12-31T19:00:00-05:00");
    shop.deliver("customers/update", at("Later"), { triggeredAt: second + 400 });
    shop.deliver("customers/update", at("Earlier"), { triggeredAt: second + 150 });
    expect(contactOf(shop).first_name).toBe("Later");
  });

  it("keeps a deleted customer deleted: a late update cannot resurrect them", () => {
    const shop = new SyncedShop();
    shop.deliver("customers/create", shop.fixture("customers__create"));
    shop.now += 60_000;
    shop.deliver("customers/delete", shop.fixture("customers__delete"));
    const late = edit(shop.fixture("customers__update"), [['"first_name": "Bob"', '"first_name": "Zombie"'], ['"updated_at": "2021-12-31T19:00:00-05:00"', '"updated_at": "2030-01-01T00:00:00Z"']]);
    shop.deliver("customers/update", late);
    const contact = contactOf(shop);
    expect(contact.deleted_at).not.toBeNull();
    expect(contact.first_name).toBe("Bob");
    expect(shop.all(`SELECT id FROM contacts`)).toHaveLength(1);
  });

  it("stores a redelivery once and applies it once", () => {
    const shop = new SyncedShop();
    const body = shop.fixture("customers__create");
    expect([1, 2, 3].map(() => shop.receive("customers/create", body, { eventId: "ev-7" }))).toEqual([true, false, false]);
    expect(shop.process().processed).toBe(1);
    expect(shop.all(`SELECT id FROM contacts`)).toHaveLength(1);
  });

  it("fails a payload it cannot read, naming the problem, and changes nothing", () => {
    const shop = new SyncedShop();
    expect(shop.deliver("customers/create", '{"email": "x@y.z"}')).toMatchObject({ failed: 1, processed: 0 });
    expect(shop.inbox()[0]).toMatchObject({ status: "failed", last_error: expect.stringMatching(/customers\/create payload is not valid: id/) });
    expect(shop.deliver("customers/create", "{not json")).toMatchObject({ failed: 1 });
    expect(shop.all(`SELECT id FROM contacts`)).toHaveLength(0);
  });
});

describe("a subscriber captured here who becomes a customer", () => {
  it("is the same contact: the customer's first webhook adopts the popup signup with the same email", () => {
    const shop = new SyncedShop();
    const signup = captureContact(shop.db, { shopId: shop.shopId, contact: { email: "bob@biller.com", tags: ["popup-signup"] }, source: "popup", at: shop.now - 60_000, now: shop.now - 60_000 });
    shop.deliver("customers/create", shop.fixture("customers__create"));
    expect(shop.all(`SELECT id, platform_id, first_name, registration_source FROM contacts WHERE shop_id = ?`, shop.shopId)).toEqual([
      { id: signup.contactId, platform_id: BOB, first_name: "Bob", registration_source: "popup" },
    ]);
  });

  it("never adopts a contact that already is another customer, nor an erased one", () => {
    const shop = new SyncedShop();
    const erased = captureContact(shop.db, { shopId: shop.shopId, contact: { email: "bob@biller.com" }, source: "import", at: shop.now, now: shop.now });
    shop.db.$client.prepare(`UPDATE contacts SET redacted_at = ? WHERE id = ?`).run(shop.now, erased.contactId);
    shop.deliver("customers/create", shop.fixture("customers__create"));
    expect(contactOf(shop)?.id).not.toBe(erased.contactId);
    expect(shop.all(`SELECT platform_id FROM contacts WHERE id = ?`, erased.contactId)).toEqual([{ platform_id: null }]);
  });
});

describe("platform tags", () => {
  const tags = (shop: SyncedShop) => shop.all<{ name: string }>(`SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id ORDER BY t.name`).map((r) => r.name);
  const delta = (tagsList: string[], occurredAt: string) => JSON.stringify({ customerId: `gid://shopify/Customer/${BOB}`, tags: tagsList, occurredAt });

  it("adds and removes tags, and an older addition delivered late does not bring a removed tag back", () => {
    const shop = new SyncedShop();
    shop.deliver("customer.tags_added", delta(["VIP", "wholesale"], "2026-11-01T10:00:00Z"));
    shop.deliver("customer.tags_removed", delta(["vip"], "2026-11-03T10:00:00Z"));
    shop.deliver("customer.tags_added", delta(["VIP"], "2026-11-02T10:00:00Z"));
    expect(tags(shop)).toEqual(["wholesale"]);
    shop.deliver("customer.tags_added", delta(["vip"], "2026-11-04T10:00:00Z"));
    expect(tags(shop)).toEqual(["VIP", "wholesale"]);
  });

  it("gives a deleted customer no tags, however late they arrive", () => {
    const shop = new SyncedShop();
    shop.deliver("customer.tags_added", delta(["VIP"], "2026-11-01T10:00:00Z"));
    shop.deliver("customers/delete", shop.fixture("customers__delete"));
    shop.deliver("customer.tags_added", delta(["wholesale"], "2026-11-02T10:00:00Z"));
    expect(tags(shop)).toEqual(["VIP"]);
    expect(shop.inbox().map((r) => r.status)).toEqual(["processed", "processed", "processed"]);
  });

  it("turns a subscription app's cancellation tag into a 'subscription cancelled' event, once", () => {
    const shop = new SyncedShop();
    shop.deliver("customer.tags_added", delta(["subscription-cancelled"], "2026-11-01T10:00:00Z"));
    shop.deliver("customer.tags_added", delta(["subscription-cancelled"], "2026-11-01T10:00:00Z"));
    expect(shop.all(`SELECT type, occurred_at FROM events`)).toEqual([{ type: 81, occurred_at: Date.parse("2026-11-01T10:00:00Z") }]);
  });
});
