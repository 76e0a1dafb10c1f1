import { afterEach, describe, expect, it } from "vitest";
import { listSends } from "../../../app/messaging/delivery-log.server";
import { prepareAttempt } from "../../../app/messaging/claim.server";
import { messagingConfig } from "../../../app/messaging/config.server";
import { postToHook } from "../../../app/messaging/hook-client.server";
import { MAX_SEND_ATTEMPTS } from "../../../app/messaging/retry";
import { failOnceThenOk } from "../../helpers/provider-receiver";
import { createMessagingStore, type Store } from "./harness";

const MINUTE = 60_000;
let store: Store;
afterEach(async () => store?.close());

describe("send hooks: a provider that fails, refuses or hangs", () => {
  it("retries a 500 with the same idempotency key and ends with exactly one message per key", async () => {
    store = await createMessagingStore({ respond: failOnceThenOk });
    const campaign = store.campaign("email");
    const sends = Array.from({ length: 5 }, () => store.enqueue(store.contact().id, campaign.id));
    expect(sends.every((s) => s.created)).toBe(true);

    await store.drain();
    expect(store.receiver.requests).toHaveLength(5);
    expect(store.receiver.requests.every((r) => r.signatureValid && r.status === 500)).toBe(true);
    for (const s of sends) expect(store.send(s.sendId)).toMatchObject({ status: "sending", attempts: 1 });

    // the retry is a job row due later: nothing happens until the clock gets there
    expect(await store.drain()).toBe(0);
    store.advance(MINUTE);
    await store.drain();
    for (const s of sends) expect(store.send(s.sendId)).toMatchObject({ status: "sent", attempts: 2, last_error: null });

    const keys = new Set(store.receiver.requests.map((r) => r.key));
    expect(keys.size).toBe(5);
    for (const key of keys) {
      const requests = store.receiver.requestsFor(key);
      expect(requests.map((r) => r.status)).toEqual([500, 200]);
      expect(requests.every((r) => r.headerKey === key)).toBe(true); // header and body agree
      expect(requests[0]!.payload).toEqual(requests[1]!.payload); // the same message both times
    }
    expect([...store.receiver.effectivePerRecipient().values()]).toEqual([1, 1, 1, 1, 1]);
    const log = store.db.$client.prepare(`SELECT attempt, http_status FROM send_attempts WHERE send_id = ? ORDER BY attempt`).all(sends[0]!.sendId);
    expect(log).toEqual([{ attempt: 1, http_status: 500 }, { attempt: 2, http_status: 200 }]);
  });

  it("enqueues a message once per idempotency key, however often it is asked", async () => {
    store = await createMessagingStore();
    const campaign = store.campaign("email");
    const contact = store.contact();
    const first = store.enqueue(contact.id, campaign.id);
    const again = store.enqueue(contact.id, campaign.id);
    expect(first.created).toBe(true);
    expect(store.send(first.sendId).idempotency_key).toBe(`campaign:${campaign.id}:contact:${contact.id}`);
    expect(again).toEqual({ created: false, sendId: first.sendId, status: "queued" });
    await store.drain();
    expect(store.enqueue(contact.id, campaign.id)).toEqual({ created: false, sendId: first.sendId, status: "sent" });
    await store.drain();
    expect(store.receiver.requests).toHaveLength(1);
  });

  it("honours Retry-After on a 429", async () => {
    store = await createMessagingStore({ respond: ({ nth }) => (nth === 1 ? { status: 429, headers: { "Retry-After": "600" } } : { status: 200 }) });
    const send = store.enqueue(store.contact().id, store.campaign().id);
    await store.drain();
    const row = store.send(send.sendId);
    expect(row.status).toBe("sending");
    expect(row.next_attempt_at).toBe(store.clock.now + 600_000);
    store.advance(599_000);
    expect(await store.drain()).toBe(0);
    store.advance(1_000);
    await store.drain();
    expect(store.send(send.sendId).status).toBe("sent");
  });

  it("counts a timeout as retryable and sends again with the same key", async () => {
    store = await createMessagingStore({ respond: ({ nth }) => (nth === 1 ? "hang" : { status: 202 }), timeoutMs: 300 });
    const send = store.enqueue(store.contact().id, store.campaign().id);
    await store.drain();
    expect(store.send(send.sendId)).toMatchObject({ status: "sending", last_error: "no answer within 300 ms" });
    store.advance(5 * MINUTE);
    await store.drain();
    expect(store.send(send.sendId).status).toBe("sent");
    expect(new Set(store.receiver.requests.map((r) => r.key)).size).toBe(1);
  });

  it("does not retry a 400: the message is dead-lettered at once and listed with the reason", async () => {
    store = await createMessagingStore({ respond: () => ({ status: 400, body: { error: "invalid recipient" } }) });
    const send = store.enqueue(store.contact().id, store.campaign().id);
    await store.drain();
    store.advance(24 * 60 * MINUTE);
    await store.drain();
    expect(store.receiver.requests).toHaveLength(1);
    const row = store.send(send.sendId);
    expect(row.status).toBe("dead");
    expect(row.last_error).toMatch(/Refused by the provider: HTTP 400.*invalid recipient/);
    expect(listSends(store.db, { shopId: store.shop.id, statuses: ["dead"] }).map((s) => s.id)).toEqual([send.sendId]);
  });

  it("dead-letters after the last attempt when the provider keeps failing", async () => {
    store = await createMessagingStore({ respond: () => ({ status: 503 }) });
    const send = store.enqueue(store.contact().id, store.campaign().id);
    for (let i = 0; i < MAX_SEND_ATTEMPTS + 2; i++) {
      await store.drain();
      store.advance(2 * 60 * MINUTE);
    }
    expect(store.receiver.requests).toHaveLength(MAX_SEND_ATTEMPTS);
    expect(store.send(send.sendId)).toMatchObject({ status: "dead", attempts: MAX_SEND_ATTEMPTS });
    expect(store.send(send.sendId).last_error).toMatch(/Gave up after 6 attempts: HTTP 503/);
  });

  it("resends with the same key after a crash between the claim and the result", async () => {
    store = await createMessagingStore();
    const send = store.enqueue(store.contact().id, store.campaign().id);
    // what the job did before the process died: claimed, posted, never recorded
    const prepared = prepareAttempt(store.db, { shopId: store.shop.id, sendId: send.sendId, config: messagingConfig(), now: store.clock.now });
    if (prepared.kind !== "attempt") throw new Error("expected an attempt");
    await postToHook({ url: prepared.hook.url, secret: prepared.hook.secret, rawBody: prepared.rawBody, idempotencyKey: prepared.idempotencyKey, timeoutMs: 2_000 });
    expect(store.send(send.sendId).status).toBe("sending");

    // the job runs again (its lease expired): the same body under the same key, deduplicated by the provider
    await store.drain();
    expect(store.send(send.sendId)).toMatchObject({ status: "sent", attempts: 2 });
    expect(store.receiver.requests.map((r) => r.key)).toEqual([prepared.idempotencyKey, prepared.idempotencyKey]);
    expect(store.receiver.requests[0]!.payload).toEqual(store.receiver.requests[1]!.payload);
    expect(store.receiver.accepted.size).toBe(1);
    const log = store.db.$client.prepare(`SELECT attempt, http_status, error FROM send_attempts WHERE send_id = ? ORDER BY attempt`).all(send.sendId);
    expect(log).toEqual([
      { attempt: 1, http_status: null, error: "no result: the process stopped during the request" },
      { attempt: 2, http_status: 200, error: null },
    ]);
  });

  it("fails a message visibly when no send hook is configured", async () => {
    store = await createMessagingStore();
    store.db.$client.prepare(`DELETE FROM send_hooks WHERE shop_id = ? AND channel = 'sms'`).run(store.shop.id);
    const send = store.enqueue(store.contact().id, store.campaign("sms").id, "sms");
    await store.drain();
    expect(store.send(send.sendId)).toMatchObject({ status: "failed", last_error: "No SMS send hook is configured (Settings)" });
    expect(store.receiver.requests).toHaveLength(0);
  });
});
