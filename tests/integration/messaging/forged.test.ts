import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setDb } from "../../../app/db.server";
import { configureMessaging } from "../../../app/messaging/config.server";
import { saveSendHook } from "../../../app/messaging/send-hooks.server";
import { signPayload } from "../../../app/messaging/signature";
import { action as outbox } from "../../../app/routes/hooks.outbox";
import { action as providerEvents } from "../../../app/routes/hooks.provider.events";
import { action as smsInbound } from "../../../app/routes/hooks.sms.inbound";
import { loader as click } from "../../../app/routes/t.c.$token";
import { loader as openPixel } from "../../../app/routes/t.o.$token";
import { action as unsubscribe, loader as unsubscribePage } from "../../../app/routes/u.$token";
import { callRoute, signedRequest } from "../../helpers/signed-request";
import { APP_URL, createMessagingStore, HOOK_SECRET, type Store } from "./harness";

let store: Store;
let sendId: number;
let contactId: number;
let html: string;
const SMS_SECRET = "whsec_sms_only_secret";

beforeEach(async () => {
  store = await createMessagingStore();
  setDb(store.db);
  saveSendHook(store.db, { shopId: store.shop.id, channel: "sms", url: store.receiver.url, secret: SMS_SECRET, now: store.clock.now });
  const contact = store.contact({ phone: "+14155550177" });
  contactId = contact.id;
  sendId = store.enqueue(contact.id, store.campaign().id).sendId;
  await store.drain();
  html = store.receiver.requests[0]!.payload.html!;
});
afterEach(async () => {
  setDb(undefined);
  await store.close();
});

/** Everything a public route could change. */
function snapshot() {
  const q = (sql: string) => store.db.$client.prepare(sql).all();
  return {
    contacts: q(`SELECT email_consent, sms_consent, email_validity, phone_validity FROM contacts`),
    events: q(`SELECT type, subject_id FROM events ORDER BY id`),
    sends: q(`SELECT status, opened_at, clicked_at, bounced_at, delivered_at, unsubscribed_at FROM message_sends`),
    consent: q(`SELECT * FROM consent_changes`),
    outbox: q(`SELECT * FROM outbox_messages`),
  };
}

/** Changes one character of the signature part of a token: its first, and (separately) its last. */
function tamper(token: string, at: "first" | "last" = "first"): string {
  const i = at === "last" ? token.length - 1 : token.lastIndexOf(".") + 1;
  return token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
}

describe("forged requests to the public routes are rejected and change nothing", () => {
  it("unsubscribe, open and click tokens", async () => {
    const before = snapshot();
    const unsubscribeUrl = /href="([^"]+\/u\/[^"]+)"/.exec(html)![1]!;
    const token = unsubscribeUrl.split("/u/")[1]!;
    for (const forged of [tamper(token), tamper(token, "last"), `${sendId + 1}.${token.split(".")[1]}`, "1", "../../etc/passwd"]) {
      expect((await callRoute(unsubscribePage, new Request(`${APP_URL}/u/x`), { token: forged })).status).toBe(404);
      const post = new Request(`${APP_URL}/u/x`, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      expect((await callRoute(unsubscribe, post, { token: forged })).status).toBe(404);
    }
    const pixel = /<img src="[^"]+\/t\/o\/([^"]+)"/.exec(html)![1]!;
    expect((await callRoute(openPixel, new Request(`${APP_URL}/t/o/x`), { token: tamper(pixel.replace(/\.gif$/, "")) + ".gif" })).status).toBe(404);
    const link = /href="[^"]+\/t\/c\/([^"]+)"/.exec(html)![1]!;
    const [send, index, sig] = link.split(".");
    for (const forged of [tamper(link), tamper(link, "last"), `${send}.${Number(index) + 1}.${sig}`]) {
      expect((await callRoute(click, new Request(`${APP_URL}/t/c/x`), { token: forged })).status).toBe(404);
    }
    // a token of this shop's message, signed with another shop's key, does not verify either
    store.db.$client.prepare(`UPDATE message_keys SET key = ? WHERE shop_id = ?`).run("00".repeat(32), store.shop.id);
    expect((await callRoute(click, new Request(`${APP_URL}/t/c/x`), { token: link })).status).toBe(404);
    expect(snapshot()).toEqual(before);
  });

  it("provider callbacks: wrong secret, another channel's secret, an old timestamp, a body changed after signing, an unknown shop", async () => {
    const before = snapshot();
    const key = store.send(sendId).idempotency_key;
    const body = { shop: store.shop.domain, channel: "email", events: [{ type: "bounced", idempotency_key: key }, { type: "unsubscribed", idempotency_key: key }] };
    const url = `${APP_URL}/hooks/provider/events`;
    const raw = JSON.stringify(body);
    const attempts = [
      signedRequest(url, body, "whsec_guessed"),
      signedRequest(url, { ...body, channel: "sms" }, HOOK_SECRET), // the SMS hook has its own secret
      signedRequest(url, body, HOOK_SECRET, { signedAt: Date.now() - 10 * 60_000 }), // a replay
      signedRequest(url, body, HOOK_SECRET, { signature: signPayload(HOOK_SECRET, raw.replace("bounced", "delivered"), Date.now()) }),
      signedRequest(url, { ...body, shop: "unknown.myshopify.com" }, HOOK_SECRET),
      new Request(url, { method: "POST", body: raw, headers: { "Content-Type": "application/json" } }),
    ];
    for (const request of attempts) expect((await callRoute(providerEvents, request)).status).toBe(401);
    expect(snapshot()).toEqual(before);
    // the genuine callback works, so the rejections above were about the signature
    expect((await callRoute(providerEvents, signedRequest(url, body, HOOK_SECRET))).status).toBe(200);
    expect(store.contactRow(contactId)).toMatchObject({ email_validity: "bounced", email_consent: "unsubscribed" });
  });

  it("inbound SMS signed with anything but the SMS hook's secret", async () => {
    const before = snapshot();
    const body = { shop: store.shop.domain, from: "+14155550177", text: "STOP" };
    const url = `${APP_URL}/hooks/sms/inbound`;
    for (const secret of [HOOK_SECRET, "whsec_guessed"]) expect((await callRoute(smsInbound, signedRequest(url, body, secret))).status).toBe(401);
    expect(snapshot()).toEqual(before);
    expect((await callRoute(smsInbound, signedRequest(url, body, SMS_SECRET))).status).toBe(200);
    expect(store.contactRow(contactId).sms_consent).toBe("unsubscribed");
  });

  it("the demo outbox, and its absence outside demo mode", async () => {
    const before = snapshot();
    const message = { type: "message", idempotency_key: "campaign:1:contact:1", shop: store.shop.domain, channel: "email", to: "a@example.com", subject: "Hi", html: "<p>Hi</p>" };
    const url = `${APP_URL}/hooks/outbox`;
    expect((await callRoute(outbox, signedRequest(url, message, HOOK_SECRET))).status).toBe(404); // production: no outbox
    configureMessaging({ builtinOutbox: true });
    expect((await callRoute(outbox, signedRequest(url, message, "whsec_guessed"))).status).toBe(401);
    expect(snapshot()).toEqual(before);
    const accepted = await callRoute(outbox, signedRequest(url, message, HOOK_SECRET));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ duplicate: false });
    expect(await (await callRoute(outbox, signedRequest(url, message, HOOK_SECRET))).json()).toMatchObject({ duplicate: true });
    expect(store.db.$client.prepare(`SELECT count(*) AS n, max(deliveries) AS d FROM outbox_messages`).get()).toEqual({ n: 1, d: 2 });
  });
});
