import { afterEach, describe, expect, it } from "vitest";
import { MESSAGING_JOBS } from "../../../app/jobs/messaging-jobs.server";
import { JobRunner } from "../../../app/jobs/runner.server";
import { sendCounts } from "../../../app/messaging/delivery-log.server";
import { openDatabase } from "../../../db/client.server";
import { createMessagingStore, type Store } from "./harness";

let store: Store;
afterEach(async () => store?.close());

describe("safety at send time", () => {
  it("never sends marketing to contacts who are not subscribed, or whose address is missing or invalid", async () => {
    store = await createMessagingStore();
    const email = store.campaign("email");
    const sms = store.campaign("sms");
    const cases = [
      { contact: store.contact({ emailConsent: "unsubscribed" }), channel: "email", reason: "not_subscribed" },
      { contact: store.contact({ emailConsent: "not_subscribed" }), channel: "email", reason: "not_subscribed" },
      { contact: store.contact({ emailConsent: "pending" }), channel: "email", reason: "not_subscribed" },
      { contact: store.contact({ emailValidity: "bounced" }), channel: "email", reason: "invalid_address" },
      { contact: store.contact({ email: "not-an-address" }), channel: "email", reason: "invalid_address" },
      { contact: store.contact({ email: null }), channel: "email", reason: "no_address" },
      { contact: store.contact({ deletedAt: 1 }), channel: "email", reason: "contact_gone" },
      { contact: store.contact({ smsConsent: "unsubscribed" }), channel: "sms", reason: "not_subscribed" },
      { contact: store.contact({ phoneValidity: "invalid" }), channel: "sms", reason: "invalid_address" },
      { contact: store.contact({ phone: "12" }), channel: "sms", reason: "invalid_address" },
    ] as const;
    const sends = cases.map((c) => store.enqueue(c.contact.id, c.channel === "email" ? email.id : sms.id, c.channel));
    const reachable = store.enqueue(store.contact().id, email.id);
    await store.drain();
    cases.forEach((c, i) => expect(store.send(sends[i]!.sendId), c.reason).toMatchObject({ status: "skipped", skip_reason: c.reason }));
    expect(store.send(reachable.sendId).status).toBe("sent");
    expect(store.receiver.requests).toHaveLength(1);
  });

  it("checks consent when sending, not when enqueueing: an unsubscribe in between stops the message", async () => {
    store = await createMessagingStore();
    const contact = store.contact();
    const send = store.enqueue(contact.id, store.campaign().id);
    store.db.$client.prepare(`UPDATE contacts SET email_consent = 'unsubscribed' WHERE id = ?`).run(contact.id);
    await store.drain();
    expect(store.send(send.sendId)).toMatchObject({ status: "skipped", skip_reason: "not_subscribed" });
    expect(store.receiver.requests).toHaveLength(0);
  });

  it("sends exactly 100 of two concurrent campaigns of 80 with a quota of 100, and reports the rest as skipped: quota", async () => {
    store = await createMessagingStore({ respond: () => ({ status: 200, delayMs: 2 }) });
    store.db.$client.prepare(`UPDATE shops SET email_quota_limit = 100, email_quota_used = 0 WHERE id = ?`).run(store.shop.id);
    const spring = store.campaign("email", "Spring sale");
    const summer = store.campaign("email", "Summer sale");
    const audience = Array.from({ length: 80 }, () => [store.contact().id, store.contact().id] as const);
    for (const [a, b] of audience) {
      store.enqueue(a, spring.id);
      store.enqueue(b, summer.id);
    }
    // two runners on two connections to the same file, claiming from the same queue at once
    const second = openDatabase(store.path);
    const other = new JobRunner({ db: second, definitions: MESSAGING_JOBS, now: () => store.clock.now, owner: "second-runner" });
    const [ranA, ranB] = await Promise.all([store.runner.drain(), other.drain()]);
    second.$client.close();
    expect(ranA + ranB).toBe(160);
    expect(ranA).toBeGreaterThan(10);
    expect(ranB).toBeGreaterThan(10);

    const counts = sendCounts(store.db, { shopId: store.shop.id });
    expect(counts.byStatus).toEqual({ sent: 100, skipped: 60 });
    expect(counts.skipped).toEqual({ quota: 60 });
    expect(store.receiver.accepted.size).toBe(100);
    expect(store.db.$client.prepare(`SELECT email_quota_used FROM shops WHERE id = ?`).pluck().get(store.shop.id)).toBe(100);
    const perCampaign = sendCounts(store.db, { shopId: store.shop.id, campaignId: spring.id }).byStatus;
    expect((perCampaign.sent ?? 0) + (perCampaign.skipped ?? 0)).toBe(80);
  });

  it("spends SMS credits one per message and stops at zero", async () => {
    store = await createMessagingStore();
    store.db.$client.prepare(`UPDATE shops SET sms_balance = 2 WHERE id = ?`).run(store.shop.id);
    const campaign = store.campaign("sms");
    const sends = [1, 2, 3].map(() => store.enqueue(store.contact().id, campaign.id, "sms"));
    await store.drain();
    expect(sends.map((s) => store.send(s.sendId).status)).toEqual(["sent", "sent", "skipped"]);
    expect(store.send(sends[2]!.sendId).skip_reason).toBe("quota");
    expect(store.db.$client.prepare(`SELECT sms_balance FROM shops WHERE id = ?`).pluck().get(store.shop.id)).toBe(0);
  });

  it("starts a new email quota month from zero", async () => {
    store = await createMessagingStore({ start: Date.parse("2026-11-30T20:00:00Z") }); // 15:00 on Nov 30 in New York
    store.db.$client.prepare(`UPDATE shops SET email_quota_limit = 1 WHERE id = ?`).run(store.shop.id);
    const campaign = store.campaign();
    const november = store.enqueue(store.contact().id, campaign.id);
    const alsoNovember = store.enqueue(store.contact().id, campaign.id);
    await store.drain();
    expect([store.send(november.sendId).status, store.send(alsoNovember.sendId).skip_reason]).toEqual(["sent", "quota"]);
    store.advance(10 * 3_600_000); // 01:00 on Dec 1 in New York
    const december = store.enqueue(store.contact().id, store.campaign().id);
    await store.drain();
    expect(store.send(december.sendId).status).toBe("sent");
  });

  it("defers a message due in quiet hours to the end of the window in the contact's time zone", async () => {
    // 03:00 UTC = 22:00 in New York (quiet) = 12:00 in Tokyo (not quiet)
    store = await createMessagingStore({ start: Date.parse("2026-11-28T03:00:00Z") });
    store.db.$client
      .prepare(`UPDATE shops SET settings = ? WHERE id = ?`)
      .run(JSON.stringify({ quietHours: { enabled: true, start: "21:00", end: "08:00", channels: ["sms"] } }), store.shop.id);
    const campaign = store.campaign("sms");
    const newYork = store.enqueue(store.contact({ timeZone: null }).id, campaign.id, "sms"); // the shop's zone
    const tokyo = store.enqueue(store.contact({ timeZone: "Asia/Tokyo" }).id, campaign.id, "sms");
    const email = store.enqueue(store.contact().id, store.campaign("email").id); // quiet hours cover SMS only here
    await store.drain();
    expect(store.send(tokyo.sendId).status).toBe("sent");
    expect(store.send(email.sendId).status).toBe("sent");
    const held = store.send(newYork.sendId);
    expect(held.status).toBe("deferred");
    expect(held.next_attempt_at).toBe(Date.parse("2026-11-28T13:00:00Z")); // 08:00 in New York
    expect(store.receiver.requests).toHaveLength(2);

    store.advance(9 * 3_600_000); // 07:00 in New York: still quiet, and not due
    expect(await store.drain()).toBe(0);
    store.advance(3_600_000);
    await store.drain();
    expect(store.send(newYork.sendId).status).toBe("sent");
  });
});
