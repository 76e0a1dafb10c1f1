import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setDb } from "../../../app/db.server";
import { writeBackConsent } from "../../../app/messaging/writeback.server";
import { sourceVersion } from "../../../app/platforms/types";
import { action as smsInbound } from "../../../app/routes/hooks.sms.inbound";
import { action as unsubscribeAction, loader as unsubscribePage } from "../../../app/routes/u.$token";
import { applyContactUpsert } from "../../../app/sync/contacts.server";
import { EVENT_TYPES, MEMBERSHIP_CAUSES } from "../../../db/enums";
import { fakeConsentApi } from "../../helpers/fake-consent-api";
import { callRoute, signedRequest } from "../../helpers/signed-request";
import { APP_URL, createMessagingStore, HOOK_SECRET, type Store } from "./harness";

let store: Store;
beforeEach(async () => {
  store = await createMessagingStore();
  setDb(store.db);
});
afterEach(async () => {
  setDb(undefined);
  await store.close();
});

const tokenOf = (url: string) => url.slice(`${APP_URL}/u/`.length);

describe("an unsubscribe link", () => {
  it("asks first, unsubscribes on the POST, tells the engine, is written back, and stops the next email", async () => {
    const contact = store.contact();
    const subscribers = await store.segment("Email subscribers", { type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } });
    expect(store.members(subscribers)).toContain(contact.id);
    const spring = store.campaign("email", "Spring");
    store.enqueue(contact.id, spring.id);
    await store.drain();

    const [delivered] = store.receiver.requests;
    const url = delivered!.payload.unsubscribe_url!;
    expect(delivered!.payload.headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(delivered!.payload.html).toContain(`href="${url}"`); // the footer link every email carries

    // a GET (a link scanner, or the person opening the page) changes nothing
    const page = await callRoute(unsubscribePage, new Request(url), { token: tokenOf(url) });
    expect(await page.json()).toMatchObject({ shopName: "Test Outfitters", channel: "email", subscribed: true });
    expect(store.contactRow(contact.id).email_consent).toBe("subscribed");

    const confirmed = await callRoute(unsubscribeAction, new Request(url, { method: "POST", body: new URLSearchParams({ confirm: "yes" }) }), { token: tokenOf(url) });
    expect(confirmed.status).toBe(200);
    // routes stamp the wall clock; the change carries a source version like a platform delivery
    const at = store.contactRow(contact.id).email_consent_at as number;
    expect(Math.abs(Date.now() - at)).toBeLessThan(60_000);
    expect(store.contactRow(contact.id)).toMatchObject({ email_consent: "unsubscribed", email_consent_source_at: at * 1000 + 999 });
    expect(store.events(contact.id, EVENT_TYPES.email_unsubscribed)).toEqual([{ subject_id: spring.id, detail_id: null }]);
    expect(store.members(subscribers)).not.toContain(contact.id);
    const left = store.db.$client.prepare(`SELECT kind, cause FROM membership_changes WHERE segment_id = ? AND contact_id = ? ORDER BY id DESC LIMIT 1`).get(subscribers, contact.id);
    expect(left).toEqual({ kind: 2, cause: MEMBERSHIP_CAUSES.consent });

    // a second click is harmless
    await callRoute(unsubscribeAction, new Request(url, { method: "POST", body: new URLSearchParams({ confirm: "yes" }) }), { token: tokenOf(url) });
    expect(store.db.$client.prepare(`SELECT count(*) FROM consent_changes WHERE contact_id = ?`).pluck().get(contact.id)).toBe(1);

    // the next campaign does not reach them (the runner's clock catches up with the route's wall clock)
    store.clock.now = Math.max(store.clock.now, Date.now()) + 1_000;
    const next = store.enqueue(contact.id, store.campaign("email", "Summer").id);
    await store.drain();
    expect(store.send(next.sendId)).toMatchObject({ status: "skipped", skip_reason: "not_subscribed" });
    expect(store.receiver.requests).toHaveLength(1);

    // no store behind the app in tests (as in demo mode): the write-back is recorded as skipped
    expect(store.db.$client.prepare(`SELECT source, writeback_status, writeback_detail FROM consent_changes WHERE contact_id = ?`).get(contact.id)).toEqual({
      source: "unsubscribe_link",
      writeback_status: "skipped",
      writeback_detail: "demo mode: no store to write back to",
    });

    // a consent webhook from before the unsubscribe, arriving late, cannot subscribe them again
    applyContactUpsert(store.db, {
      shopId: store.shop.id,
      now: store.clock.now,
      upsert: { platformId: contact.platformId!, version: sourceVersion(at - 30_000, null), emailConsent: { state: "subscribed", optInLevel: "single_opt_in", consentAt: at - 30_000 } },
    });
    expect(store.contactRow(contact.id).email_consent).toBe("unsubscribed");
  });

  it("accepts the RFC 8058 one-click POST a mailbox provider sends", async () => {
    const contact = store.contact();
    store.enqueue(contact.id, store.campaign().id);
    await store.drain();
    const url = store.receiver.requests[0]!.payload.unsubscribe_url!;
    const oneClick = new Request(url, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect((await callRoute(unsubscribeAction, oneClick, { token: tokenOf(url) })).status).toBe(200);
    expect(store.contactRow(contact.id).email_consent).toBe("unsubscribed");
    expect(store.db.$client.prepare(`SELECT source FROM consent_changes WHERE contact_id = ?`).pluck().get(contact.id)).toBe("one_click");
  });

  it("is written back to Shopify with customerEmailMarketingConsentUpdate", async () => {
    const contact = store.contact({ platformId: "7001234567890" });
    store.enqueue(contact.id, store.campaign().id);
    await store.drain();
    const url = store.receiver.requests[0]!.payload.unsubscribe_url!;
    // the write-back job would run now; take it out of the queue to run it against the fake Admin API
    store.db.$client.prepare(`DELETE FROM jobs WHERE type = 'messages.consent-writeback'`).run();
    await callRoute(unsubscribeAction, new Request(url, { method: "POST", body: new URLSearchParams({ confirm: "yes" }) }), { token: tokenOf(url) });
    const { id: changeId, at } = store.db.$client.prepare(`SELECT id, at FROM consent_changes WHERE contact_id = ?`).get(contact.id) as { id: number; at: number };
    const api = fakeConsentApi(store.shop.domain);
    expect(await writeBackConsent(store.db, { shopId: store.shop.id, changeId, api, now: () => store.clock.now })).toBe("done");
    expect(api.calls).toEqual([
      {
        mutation: "customerEmailMarketingConsentUpdate",
        input: { customerId: "gid://shopify/Customer/7001234567890", emailMarketingConsent: { marketingState: "UNSUBSCRIBED", consentUpdatedAt: new Date(at).toISOString() } },
      },
    ]);
    // a refusal is final and shown
    const refused = fakeConsentApi(store.shop.domain, { userError: "Customer does not exist" });
    store.db.$client.prepare(`UPDATE consent_changes SET writeback_status = 'pending' WHERE id = ?`).run(changeId);
    expect(await writeBackConsent(store.db, { shopId: store.shop.id, changeId, api: refused, now: () => store.clock.now })).toBe("failed");
    expect(store.db.$client.prepare(`SELECT writeback_detail FROM consent_changes WHERE id = ?`).pluck().get(changeId)).toBe("input.customerId: Customer does not exist");
  });
});

describe("a STOP reply", () => {
  const inbound = (from: string, text: string) => signedRequest(`${APP_URL}/hooks/sms/inbound`, { shop: store.shop.domain, from, text }, HOOK_SECRET);

  it("unsubscribes the number at once, whatever its format, and stops the next SMS; START subscribes again", async () => {
    const contact = store.contact({ phone: "+14155550142" });
    const neighbour = store.contact({ phone: "+14155550143" });
    const first = store.campaign("sms", "Flash sale");
    store.enqueue(contact.id, first.id, "sms");
    store.enqueue(neighbour.id, first.id, "sms");
    await store.drain();
    expect(store.receiver.requests.map((r) => r.payload.text)).toEqual([
      "Test Outfitters: new arrivals https://app.segmentflow.test/t/c/" + store.receiver.requests[0]!.payload.text!.split("/t/c/")[1],
      expect.stringContaining("Reply STOP to opt out."),
    ]);

    const answer = await callRoute(smsInbound, inbound("(415) 555-0142", "Stop please"));
    expect(await answer.json()).toEqual({ keyword: "stop", contacts: 0, changed: 0 }); // no country: not a number we can read
    const stop = await callRoute(smsInbound, inbound("+1 415-555-0142", "Stop please"));
    expect(await stop.json()).toEqual({ keyword: "stop", contacts: 1, changed: 1 });
    expect(store.contactRow(contact.id).sms_consent).toBe("unsubscribed");
    expect(store.contactRow(neighbour.id).sms_consent).toBe("subscribed");
    expect(store.events(contact.id, EVENT_TYPES.sms_unsubscribed)).toEqual([{ subject_id: first.id, detail_id: null }]);

    const second = store.campaign("sms", "Second flash sale");
    const next = store.enqueue(contact.id, second.id, "sms");
    const stillSubscribed = store.enqueue(neighbour.id, second.id, "sms");
    await store.drain();
    expect(store.send(next.sendId)).toMatchObject({ status: "skipped", skip_reason: "not_subscribed" });
    expect(store.send(stillSubscribed.sendId).status).toBe("sent");

    const start = await callRoute(smsInbound, inbound("+14155550142", "START"));
    expect(await start.json()).toEqual({ keyword: "start", contacts: 1, changed: 1 });
    expect(store.contactRow(contact.id).sms_consent).toBe("subscribed");
    expect(store.db.$client.prepare(`SELECT source, state FROM consent_changes WHERE contact_id = ? ORDER BY id`).all(contact.id)).toEqual([
      { source: "sms_stop", state: "unsubscribed" },
      { source: "sms_start", state: "subscribed" },
    ]);
  });

  it("ignores other replies", async () => {
    const contact = store.contact({ phone: "+14155550150" });
    const reply = await callRoute(smsInbound, inbound("+14155550150", "what time do you open?"));
    expect(await reply.json()).toEqual({ keyword: null, contacts: 0, changed: 0 });
    expect(store.contactRow(contact.id).sms_consent).toBe("subscribed");
  });
});
