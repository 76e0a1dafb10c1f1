import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messageKey, messageToken } from "../../../app/messaging/tokens.server";
import { action as confirmAction, loader as confirmPage } from "../../../app/routes/confirm.$token";
import { callRoute } from "../../helpers/signed-request";
import { APP_URL } from "../messaging/harness";
import { createPopupStore, type PopupStore } from "./harness";

let store: PopupStore;
beforeEach(async () => {
  store = await createPopupStore();
  store.settings({ doubleOptIn: true });
});
afterEach(async () => {
  await store.close();
});

const tokenOf = (url: string) => url.slice(`${APP_URL}/confirm/`.length);
const confirmLinkIn = (html: string) => /href="(https:\/\/app\.segmentflow\.test\/confirm\/[^"]+)"/.exec(html)?.[1];

describe("double opt-in", () => {
  it("keeps the signup pending, emails a confirmation link, and following it subscribes", async () => {
    const subscribers = await store.segment("Email subscribers", { type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } });
    const response = await store.submit({ email: "dana@example.com", firstName: "Dana", emailConsent: true });
    expect(response).toMatchObject({ status: 200, body: { ok: true, confirmEmail: true } });
    const contact = store.contactByEmail("dana@example.com");
    expect(contact).toMatchObject({ email_consent: "pending", email_opt_in_level: "confirmed_opt_in" });
    expect(store.members(subscribers)).toEqual([]);

    await store.drain();
    expect(store.receiver.requests).toHaveLength(1);
    const { payload } = store.receiver.requests[0]!;
    expect(payload).toMatchObject({ to: "dana@example.com", subject: "Please confirm your subscription to Test Outfitters", source: { kind: "opt_in_confirmation", id: store.signups(contact.id)[0]!.id } });
    expect(payload.html).toContain("Hi Dana,");
    const link = confirmLinkIn(payload.html!);
    expect(link).toBeDefined(); // the link goes straight to the page, not through the click tracker

    // a GET (a link scanner) only shows the page
    const page = await callRoute(confirmPage, new Request(link!), { token: tokenOf(link!) });
    expect(await page.json()).toEqual({ shopName: "Test Outfitters", address: "d•••@example.com", state: "pending" });
    expect(store.contactByEmail("dana@example.com").email_consent).toBe("pending");

    const confirmed = await callRoute(confirmAction, new Request(link!, { method: "POST" }), { token: tokenOf(link!) });
    expect(await confirmed.json()).toMatchObject({ state: "subscribed" });
    expect(store.contactByEmail("dana@example.com")).toMatchObject({ email_consent: "subscribed", email_opt_in_level: "confirmed_opt_in" });
    expect(store.consentChanges(contact.id)).toEqual([
      { channel: "email", state: "pending", source: "popup" },
      { channel: "email", state: "subscribed", source: "popup_confirm" },
    ]);
    expect(store.members(subscribers)).toEqual([contact.id]);

    // a second click changes nothing
    await callRoute(confirmAction, new Request(link!, { method: "POST" }), { token: tokenOf(link!) });
    expect(store.consentChanges(contact.id)).toHaveLength(2);
  });

  it("sends one confirmation per pending signup: signing up again while pending sends nothing more", async () => {
    await store.submit({ email: "eve@example.com", emailConsent: true });
    await store.submit({ email: "eve@example.com", emailConsent: true }, { ip: "198.51.100.77" });
    await store.drain();
    expect(store.receiver.requests).toHaveLength(1);
  });

  it("goes out during quiet hours: the person is waiting for it", async () => {
    const sqlite = store.db.$client;
    const settings = JSON.parse(sqlite.prepare(`SELECT settings FROM shops WHERE id = ?`).pluck().get(store.shop.id) as string) as Record<string, unknown>;
    settings.quietHours = { enabled: true, start: "00:00", end: "23:59", channels: ["email", "sms"] };
    sqlite.prepare(`UPDATE shops SET settings = ? WHERE id = ?`).run(JSON.stringify(settings), store.shop.id);
    await store.submit({ email: "night@example.com", emailConsent: true });
    await store.drain();
    expect(store.receiver.requests).toHaveLength(1);
  });

  it("does not confirm a signup withdrawn meanwhile, and refuses a forged or marketing token", async () => {
    await store.submit({ email: "finn@example.com", emailConsent: true });
    await store.drain();
    const link = confirmLinkIn(store.receiver.requests[0]!.payload.html!)!;
    const unsubscribe = store.receiver.requests[0]!.payload.unsubscribe_url!;
    const { action: unsubscribeAction } = await import("../../../app/routes/u.$token");
    await callRoute(unsubscribeAction, new Request(unsubscribe, { method: "POST", body: new URLSearchParams({ confirm: "yes" }) }), { token: unsubscribe.slice(`${APP_URL}/u/`.length) });
    const answer = await callRoute(confirmAction, new Request(link, { method: "POST" }), { token: tokenOf(link) });
    expect(await answer.json()).toMatchObject({ state: "other" });
    expect(store.contactByEmail("finn@example.com").email_consent).toBe("unsubscribed");

    const forged = tokenOf(link).replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await callRoute(confirmPage, new Request(`${APP_URL}/confirm/${forged}`), { token: forged })).status).toBe(404);
    // a correctly signed confirmation token of a campaign message confirms nothing: only opt-in messages have a confirm page
    const campaignSend = store.enqueue(store.contact().id, store.campaign().id);
    const signed = messageToken(messageKey(store.db, store.shop.id, store.clock.now), "k", campaignSend.sendId);
    expect((await callRoute(confirmPage, new Request(`${APP_URL}/confirm/${signed}`), { token: signed })).status).toBe(404);
  });
});
