import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeBackConsent } from "../../../app/messaging/writeback.server";
import { createShopifyAdminApi, type AdminApi } from "../../../app/platforms/shopify/admin-api.server";
import { syncPopupSignup } from "../../../app/popup/platform-sync.server";
import { action as confirmAction } from "../../../app/routes/confirm.$token";
import { FakeShopifyAdmin, fakeCustomer, type FakeStore } from "../../helpers/fake-shopify-admin";
import { callRoute } from "../../helpers/signed-request";
import { APP_URL } from "../messaging/harness";
import { createPopupStore, type PopupStore } from "./harness";

/**
 * The write-back jobs of a popup signup against the fake Shopify Admin API on loopback (real HTTP,
 * documents validated against the schema slice): the customer created or tagged, and the consent.
 */

let store: PopupStore;
let fake: FakeShopifyAdmin;
let shopify: FakeStore;
let api: AdminApi;
beforeEach(async () => {
  store = await createPopupStore();
  fake = await FakeShopifyAdmin.start();
  shopify = fake.addStore(store.shop.domain);
  api = createShopifyAdminApi(store.db, { shop: store.shop.domain, origin: fake.origin, accessToken: shopify.accessToken, retries: 0 });
});
afterEach(async () => {
  await fake.close();
  await store.close();
});

const now = () => Date.now();
const lastSignup = () => store.db.$client.prepare(`SELECT id, writeback_status, writeback_detail FROM popup_signups ORDER BY id DESC LIMIT 1`).get() as { id: number; writeback_status: string; writeback_detail: string | null };
const changes = () => store.db.$client.prepare(`SELECT id FROM consent_changes ORDER BY id`).pluck().all() as number[];
const sync = () => syncPopupSignup(store.db, { shopId: store.shop.id, signupId: lastSignup().id, api, now });
const writeBackAll = async () => {
  for (const changeId of changes()) await writeBackConsent(store.db, { shopId: store.shop.id, changeId, api, now });
};
const operations = () => shopify.requests.map((r) => r.operationName);

describe("a popup signup written back to Shopify", () => {
  it("creates a new subscriber as a customer with the tags and consent, and links it", async () => {
    await store.submit({ email: "new@example.com", phone: "+14155550199", firstName: "Nia", emailConsent: true, smsConsent: true, emailConsentText: "Yes" });
    expect(await sync()).toBe("done");
    const [created] = shopify.customers;
    expect(shopify.requestsFor("SegmentflowCustomerCreate")[0]!.variables.input).toEqual({
      email: "new@example.com",
      phone: "+14155550199",
      firstName: "Nia",
      tags: ["popup-signup"],
      emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: expect.any(String) },
      smsMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: expect.any(String) },
    });
    expect(created).toMatchObject({ email: "new@example.com", tags: ["popup-signup"], emailMarketingState: "SUBSCRIBED", smsMarketingState: "SUBSCRIBED" });
    expect(store.contactByEmail("new@example.com").platform_id).toBe(created!.id);
    expect(lastSignup()).toMatchObject({ writeback_status: "done", writeback_detail: `customer ${created!.id} created` });

    // the consent changes' own write-backs now reach the linked customer (idempotent with what the create sent)
    await writeBackAll();
    expect(operations()).toEqual(["SegmentflowCustomerCreate", "SegmentflowEmailConsent", "SegmentflowSmsConsent"]);
    // a second run of the job does nothing
    expect(await sync()).toBe("done");
    expect(shopify.requests).toHaveLength(3);
  });

  it("adds the popup tags to a known customer with tagsAdd, keeping the store's tags, and writes the consent", async () => {
    shopify.customers.push(fakeCustomer("7001234567890", { email: "ada@example.com", tags: ["VIP"] }));
    store.contact({ platformId: "7001234567890", email: "ada@example.com", emailConsent: "not_subscribed", smsConsent: "not_subscribed", phone: null });
    store.settings({ tags: ["popup-signup", "newsletter"] });
    await store.submit({ email: "ada@example.com", emailConsent: true });
    expect(await sync()).toBe("done");
    await writeBackAll();
    expect(shopify.requestsFor("SegmentflowTagsAdd")[0]!.variables).toEqual({ id: "gid://shopify/Customer/7001234567890", tags: ["popup-signup", "newsletter"] });
    expect(shopify.customers[0]).toMatchObject({ tags: ["VIP", "popup-signup", "newsletter"], emailMarketingState: "SUBSCRIBED", emailOptInLevel: "SINGLE_OPT_IN" });
    expect(shopify.requestsFor("SegmentflowEmailConsent")[0]!.variables.input).toEqual({
      customerId: "gid://shopify/Customer/7001234567890",
      emailMarketingConsent: { marketingState: "SUBSCRIBED", marketingOptInLevel: "SINGLE_OPT_IN", consentUpdatedAt: expect.any(String) },
    });
  });

  it("under double opt-in creates the customer PENDING, and SUBSCRIBED with a confirmed opt-in once the link is followed", async () => {
    store.settings({ doubleOptIn: true });
    await store.submit({ email: "dana@example.com", emailConsent: true });
    expect(await sync()).toBe("done");
    expect(shopify.customers[0]).toMatchObject({ emailMarketingState: "PENDING", emailOptInLevel: "CONFIRMED_OPT_IN" });

    await store.drain();
    const link = /href="(https:\/\/app\.segmentflow\.test\/confirm\/[^"]+)"/.exec(store.receiver.requests[0]!.payload.html!)![1]!;
    await callRoute(confirmAction, new Request(link, { method: "POST" }), { token: link.slice(`${APP_URL}/confirm/`.length) });
    await writeBackAll();
    expect(shopify.customers[0]).toMatchObject({ emailMarketingState: "SUBSCRIBED", emailOptInLevel: "CONFIRMED_OPT_IN" });
  });

  it("finds and links a customer the store already has when the email is taken", async () => {
    shopify.customers.push(fakeCustomer("7009999999999", { email: "known@example.com", tags: [] }));
    await store.submit({ email: "known@example.com", emailConsent: true });
    expect(await sync()).toBe("done");
    expect(operations()).toEqual(["SegmentflowCustomerCreate", "SegmentflowCustomerLookup", "SegmentflowTagsAdd"]);
    expect(store.contactByEmail("known@example.com").platform_id).toBe("7009999999999");
    expect(shopify.customers).toHaveLength(1);
    expect(shopify.customers[0]!.tags).toEqual(["popup-signup"]);
    expect(lastSignup().writeback_detail).toBe("customer 7009999999999 existed; tags added");
  });

  it("leaves the signup pending on an HTTP failure (the job retries), and records a refusal as final", async () => {
    store.contact({ platformId: "7000000000404", email: "gone@example.com", phone: null });
    await store.submit({ email: "gone@example.com" });
    shopify.failNext("http500");
    await expect(sync()).rejects.toThrow();
    expect(lastSignup().writeback_status).toBe("pending");
    // the customer was deleted in the store meanwhile: tagsAdd refuses it
    expect(await sync()).toBe("failed");
    expect(lastSignup().writeback_detail).toBe("id: Resource not found");
  });

  it("is skipped in demo mode, with no store behind the app", async () => {
    await store.submit({ email: "demo@example.com" });
    expect(await syncPopupSignup(store.db, { shopId: store.shop.id, signupId: lastSignup().id, api: null, now })).toBe("skipped");
    expect(lastSignup().writeback_detail).toBe("demo mode: no store to write back to");
    expect(shopify.requests).toHaveLength(0);
  });
});
