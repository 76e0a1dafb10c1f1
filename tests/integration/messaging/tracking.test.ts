import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setDb } from "../../../app/db.server";
import { loader as click } from "../../../app/routes/t.c.$token";
import { loader as openPixel } from "../../../app/routes/t.o.$token";
import { EVENT_TYPES } from "../../../db/enums";
import { coupons } from "../../../db/schema";
import { callRoute } from "../../helpers/signed-request";
import { APP_URL, createMessagingStore, type Store } from "./harness";

let store: Store;
beforeEach(async () => {
  store = await createMessagingStore();
  setDb(store.db);
});
afterEach(async () => {
  setDb(undefined);
  await store.close();
});

const links = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
const pixelOf = (html: string) => /<img src="([^"]+)"/.exec(html)![1]!;
const tokenAfter = (url: string, prefix: string) => url.slice(`${APP_URL}${prefix}`.length);

const COUPON_TEMPLATE = {
  subject: "{{ first_name }}, 20% off",
  body: '<p>Your code: <b>{{ coupon_code }}</b></p><p><a href="{{ coupon_url }}">Use it now</a> · <a href="https://shop.test/sale?utm=email&amp;x=1">Browse the sale</a></p>',
};

describe("opens and clicks become events, once per message", () => {
  it("moves a contact into 'opened an email in the last 30 days' when they open it", async () => {
    const contact = store.contact({ firstName: "Ada" });
    const opened = await store.segment("Opened an email in the last 30 days", {
      type: "email_activity",
      action: "opened",
      occurrence: "has_done",
      window: { kind: "in_last", amount: 30, unit: "days" },
    });
    const campaign = store.campaign("email");
    const send = store.enqueue(contact.id, campaign.id);
    await store.drain();
    expect(store.events(contact.id, EVENT_TYPES.email_sent)).toEqual([{ subject_id: campaign.id, detail_id: null }]);
    expect(store.members(opened)).toEqual([]);

    const html = store.receiver.requests[0]!.payload.html!;
    const pixel = pixelOf(html);
    expect(pixel).toMatch(new RegExp(`^${APP_URL}/t/o/${send.sendId}\\.[A-Za-z0-9_-]{22}\\.gif$`));
    const response = await callRoute(openPixel, new Request(pixel), { token: tokenAfter(pixel, "/t/o/") });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/gif");
    await callRoute(openPixel, new Request(pixel), { token: tokenAfter(pixel, "/t/o/") }); // opened again
    expect(store.events(contact.id, EVENT_TYPES.email_opened)).toEqual([{ subject_id: campaign.id, detail_id: null }]);
    expect(store.members(opened)).toEqual([contact.id]);
  });

  it("redirects tracked links to their targets, records one click per message, and a coupon link as coupon_clicked", async () => {
    const contact = store.contact({ firstName: "Grace" });
    const coupon = store.db.insert(coupons).values({ shopId: store.shop.id, code: "WELCOME20", createdAt: 0 }).returning().get();
    const campaign = store.campaign("email");
    store.enqueue(contact.id, campaign.id, "email", { template: COUPON_TEMPLATE, couponId: coupon.id });
    await store.drain();
    const { html, subject } = store.receiver.requests[0]!.payload;
    expect(subject).toBe("Grace, 20% off");
    expect(html).toContain("<b>WELCOME20</b>");
    // giving the code in the message records that the contact received the coupon
    expect(store.events(contact.id, EVENT_TYPES.coupon_received)).toEqual([{ subject_id: coupon.id, detail_id: campaign.id }]);

    const [couponLink, saleLink, unsubscribe] = links(html!);
    expect(couponLink).toMatch(new RegExp(`^${APP_URL}/t/c/\\d+\\.0\\.`));
    expect(saleLink).toMatch(new RegExp(`^${APP_URL}/t/c/\\d+\\.1\\.`));
    expect(unsubscribe).toMatch(new RegExp(`^${APP_URL}/u/`));

    const sale = await callRoute(click, new Request(saleLink!), { token: tokenAfter(saleLink!, "/t/c/") });
    expect(sale.status).toBe(302);
    expect(sale.headers.get("location")).toBe("https://shop.test/sale?utm=email&x=1");
    await callRoute(click, new Request(saleLink!), { token: tokenAfter(saleLink!, "/t/c/") });
    expect(store.events(contact.id, EVENT_TYPES.email_clicked)).toHaveLength(1);
    expect(store.events(contact.id, EVENT_TYPES.email_opened)).toHaveLength(1); // a click implies the open
    expect(store.events(contact.id, EVENT_TYPES.coupon_clicked)).toEqual([]);

    const used = await callRoute(click, new Request(couponLink!), { token: tokenAfter(couponLink!, "/t/c/") });
    expect(used.headers.get("location")).toBe(`https://${store.shop.domain}/discount/WELCOME20`);
    expect(store.events(contact.id, EVENT_TYPES.coupon_clicked)).toEqual([{ subject_id: coupon.id, detail_id: campaign.id }]);
    expect(store.events(contact.id, EVENT_TYPES.email_clicked)).toHaveLength(1);
  });

  it("tracks the short link of an SMS as sms_clicked", async () => {
    const contact = store.contact();
    const campaign = store.campaign("sms");
    store.enqueue(contact.id, campaign.id, "sms");
    await store.drain();
    const text = store.receiver.requests[0]!.payload.text!;
    const link = /https:\/\/\S+/.exec(text)![0];
    expect(link.length).toBeLessThan(APP_URL.length + 40);
    const response = await callRoute(click, new Request(link), { token: tokenAfter(link, "/t/c/") });
    expect(response.headers.get("location")).toBe("https://shop.test/new");
    expect(store.events(contact.id, EVENT_TYPES.sms_clicked)).toEqual([{ subject_id: campaign.id, detail_id: null }]);
  });
});
