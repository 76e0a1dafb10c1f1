import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyTagDelta } from "../../../app/sync/tags.server";
import { MEMBERSHIP_CAUSES } from "../../../db/enums";
import { createPopupStore, type PopupStore } from "./harness";

let store: PopupStore;
beforeEach(async () => {
  store = await createPopupStore();
});
afterEach(async () => {
  await store.close();
});

const CONSENT_TEXT = "Yes, send me marketing emails. I can unsubscribe at any time.";

describe("a signup from the storefront popup, through the app proxy", () => {
  it("creates a subscriber with source popup, the popup tags and email consent, and the contact enters the subscribers segment", async () => {
    store.settings({ tags: ["popup-signup"], blockTags: ["Spring sale"] });
    const subscribers = await store.segment("Email subscribers", { type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } });
    const fromPopup = await store.segment("Tagged by the popup", { type: "tag", operator: "has_any", tags: ["spring sale"], source: "popup" });

    const response = await store.submit({ email: " Noor@Example.com ", firstName: "Noor", emailConsent: true, emailConsentText: CONSENT_TEXT, tags: ["spring sale"], locale: "en" });
    expect(response).toMatchObject({ status: 200, body: { ok: true, confirmEmail: false } });

    const contact = store.contactByEmail("noor@example.com");
    expect(contact).toMatchObject({ platform_id: null, first_name: "Noor", language: "en", registration_source: "popup", email_consent: "subscribed", email_opt_in_level: "single_opt_in" });
    // the block asked for "spring sale": the settings' spelling is kept, beside the shop's own popup tag
    expect(store.tags(contact.id)).toEqual([
      { name: "Spring sale", source: "popup" },
      { name: "popup-signup", source: "popup" },
    ]);
    expect(store.consentChanges(contact.id)).toEqual([{ channel: "email", state: "subscribed", source: "popup" }]);
    expect(store.signups(contact.id)).toEqual([
      expect.objectContaining({ created_contact: 1, email_consent: "subscribed", sms_consent: null, email_consent_text: CONSENT_TEXT, tags: '["popup-signup","Spring sale"]', writeback_status: "pending" }),
    ]);

    expect(store.members(subscribers)).toEqual([contact.id]);
    expect(store.members(fromPopup)).toEqual([contact.id]);
    const entered = store.db.$client.prepare(`SELECT kind, cause, cause_detail FROM membership_changes WHERE segment_id = ? AND contact_id = ?`).all(subscribers, contact.id);
    expect(entered).toEqual([{ kind: 1, cause: MEMBERSHIP_CAUSES.consent, cause_detail: "popup (email)" }]);
    // the store learns about it through jobs: the customer (with tags), and the consent
    expect(store.jobs("popup.platform-sync")).toEqual([{ shopId: store.shop.id, signupId: store.signups(contact.id)[0]!.id }]);
    expect(store.jobs("messages.consent-writeback")).toHaveLength(1);
  });

  it("matches a store customer by email, subscribes them from never-subscribed and adds the tags beside the store's", async () => {
    const customer = store.contact({ email: "ada@example.com", emailConsent: "not_subscribed", smsConsent: "not_subscribed", phone: null, firstName: "Ada" });
    applyTagDelta(store.db, { shopId: store.shop.id, contactId: customer.id, added: ["VIP"], at: store.clock.now, source: "platform" });

    const response = await store.submit({ email: "ada@example.com", phone: "+44 20 7946 0018", firstName: "Adeline", emailConsent: true, smsConsent: true });
    expect(response.status).toBe(200);
    const row = store.contactByEmail("ada@example.com");
    // the store owns the profile: empty fields are filled, the name is not overwritten
    expect(row).toMatchObject({ id: customer.id, first_name: "Ada", phone: "+442079460018", email_consent: "subscribed", sms_consent: "subscribed", registration_source: null });
    expect(store.tags(customer.id)).toEqual([
      { name: "VIP", source: "platform" },
      { name: "popup-signup", source: "popup" },
    ]);
    expect(store.consentChanges(customer.id)).toEqual([
      { channel: "email", state: "subscribed", source: "popup" },
      { channel: "sms", state: "subscribed", source: "popup" },
    ]);
    expect(store.signups(customer.id)[0]).toMatchObject({ created_contact: 0, email_consent: "subscribed", sms_consent: "subscribed" });
  });

  it("signing up again changes nothing but records the second signup", async () => {
    const body = { email: "again@example.com", emailConsent: true };
    await store.submit(body);
    const contact = store.contactByEmail("again@example.com");
    const before = store.count("membership_changes");
    await store.submit(body, { ip: "198.51.100.9" });
    expect(store.consentChanges(contact.id)).toHaveLength(1);
    expect(store.count("membership_changes")).toBe(before);
    expect(store.signups(contact.id)).toHaveLength(2);
  });

  it("accepts the same fields as an HTML form", async () => {
    const response = await store.submit("email=form%40example.com&emailConsent=on&firstName=Fran", { contentType: "application/x-www-form-urlencoded" });
    expect(response.status).toBe(200);
    expect(store.contactByEmail("form@example.com")).toMatchObject({ first_name: "Fran", email_consent: "subscribed" });
  });
});

describe("the app proxy signature", () => {
  it("refuses a missing, forged, stale or other-shop signature with 401 and changes nothing", async () => {
    const body = { email: "mallory@example.com", emailConsent: true };
    const cases = [
      await store.submit(body, { unsigned: true }),
      await store.submit(body, { secret: "not-the-app-secret" }),
      await store.submit(body, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
    ];
    expect(cases.map((c) => c.status)).toEqual([401, 401, 401]);
    expect(cases[0]!.body).toEqual({ error: "the app proxy signature is missing or invalid" });
    expect(store.count("contacts")).toBe(0);
    expect(store.count("popup_signups")).toBe(0);
    expect(store.count("jobs")).toBe(0);
  });

  it("answers 404 for a signed request from a store without the app", async () => {
    const response = await store.submit({ email: "x@example.com" }, { shop: "elsewhere.myshopify.com" });
    expect(response).toMatchObject({ status: 404, body: { error: "this store does not have Segmentflow installed" } });
  });
});

describe("bad input", () => {
  it("is refused with 400 naming the field, and nothing is written", async () => {
    store.settings({ blockTags: ["Spring sale"] });
    let visitor = 0;
    const from = () => ({ ip: `198.51.100.${++visitor}` }); // each from its own visitor, within the rate limit
    const refusals = [
      await store.submit({ email: "not-an-email", emailConsent: true }, from()),
      await store.submit({ email: "a@example.com", smsConsent: true }, from()),
      await store.submit({ phone: "12", smsConsent: true }, from()),
      await store.submit({ firstName: "Nobody" }, from()),
      await store.submit({ email: "b@example.com", tags: ["Spring sale", "VIP"] }, from()),
      await store.submit("{not json", from()),
      await store.submit("<xml/>", { contentType: "application/xml", ...from() }),
    ];
    expect(refusals.map((r) => [r.status, r.body?.error])).toEqual([
      [400, "email: must be an email address"],
      [400, "phone: is needed to subscribe to text messages"],
      [400, "phone: must be a valid phone number, with its country code (+44 …) if it is not from the store's country"],
      [400, "email: enter an email address or a phone number"],
      [400, 'tags.1: "VIP" is not a tag this store\'s popup may add (Settings → Signup popup)'],
      [400, "body: not valid JSON"],
      [400, "body: send JSON (application/json) or a form (application/x-www-form-urlencoded)"],
    ]);
    expect(store.count("contacts")).toBe(0);
    expect(store.count("jobs")).toBe(0);
  });

  it("refuses a body over 8 KiB with 413", async () => {
    const response = await store.submit({ email: "big@example.com", emailConsentText: "x".repeat(9000) });
    expect(response.status).toBe(413);
    expect(store.count("contacts")).toBe(0);
  });
});

describe("the rate limit", () => {
  it("allows a visitor 5 signups in a burst, then answers 429 with Retry-After; another visitor is unaffected", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await store.submit({ email: `burst${i}@example.com` }, { ip: "192.0.2.50" })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await store.submit({ email: "burst6@example.com" }, { ip: "192.0.2.50" });
    expect(limited.headers.get("retry-after")).toBe("12");
    expect(store.contactByEmail("burst6@example.com")).toBeUndefined();
    expect((await store.submit({ email: "neighbour@example.com" }, { ip: "192.0.2.51" })).status).toBe(200);
  });
});
