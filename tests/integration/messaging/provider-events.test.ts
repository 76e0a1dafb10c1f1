import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setDb } from "../../../app/db.server";
import { action as providerEvents } from "../../../app/routes/hooks.provider.events";
import { EVENT_TYPES, MEMBERSHIP_CAUSES } from "../../../db/enums";
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

const callback = (channel: "email" | "sms", events: Record<string, unknown>[]) =>
  callRoute(providerEvents, signedRequest(`${APP_URL}/hooks/provider/events`, { shop: store.shop.domain, channel, events }, HOOK_SECRET));

describe("provider callbacks", () => {
  it("a bounce makes the contact's email invalid, moves them into an 'invalid email' segment, and the next email is not sent", async () => {
    const bouncer = store.contact();
    const fine = store.contact();
    const invalidEmail = await store.segment("Invalid email", { type: "email_validity", value: "invalid" });
    expect(store.members(invalidEmail)).toEqual([]);
    const campaign = store.campaign("email");
    const sent = store.enqueue(bouncer.id, campaign.id);
    store.enqueue(fine.id, campaign.id);
    await store.drain();

    const answer = await callback("email", [
      { type: "delivered", idempotency_key: store.send(sent.sendId).idempotency_key },
      { type: "bounced", idempotency_key: store.send(sent.sendId).idempotency_key, bounce_type: "hard", reason: "550 mailbox does not exist" },
      { type: "bounced", idempotency_key: "campaign:999:contact:999" },
    ]);
    expect(await answer.json()).toEqual({ applied: 2, unknown: 1 });
    expect(store.contactRow(bouncer.id)).toMatchObject({ email_validity: "bounced" });
    expect(store.contactRow(fine.id)).toMatchObject({ email_validity: "valid" });
    expect(store.members(invalidEmail)).toEqual([bouncer.id]);
    const entered = store.db.$client.prepare(`SELECT kind, cause FROM membership_changes WHERE segment_id = ? AND contact_id = ?`).all(invalidEmail, bouncer.id);
    expect(entered).toEqual([{ kind: 1, cause: MEMBERSHIP_CAUSES.consent }]);
    expect(store.events(bouncer.id, EVENT_TYPES.email_bounced)).toEqual([{ subject_id: campaign.id, detail_id: null }]);
    expect(store.events(bouncer.id, EVENT_TYPES.email_delivered)).toHaveLength(1);

    // the same callback again (providers retry too) changes nothing
    await callback("email", [{ type: "bounced", idempotency_key: store.send(sent.sendId).idempotency_key }]);
    expect(store.events(bouncer.id, EVENT_TYPES.email_bounced)).toHaveLength(1);

    const next = store.enqueue(bouncer.id, store.campaign("email", "Next").id);
    await store.drain();
    expect(store.send(next.sendId)).toMatchObject({ status: "skipped", skip_reason: "invalid_address" });
  });

  it("a soft bounce is recorded but leaves the address valid", async () => {
    const contact = store.contact();
    const sent = store.enqueue(contact.id, store.campaign().id);
    await store.drain();
    await callback("email", [{ type: "bounced", idempotency_key: store.send(sent.sendId).idempotency_key, bounce_type: "soft" }]);
    expect(store.contactRow(contact.id).email_validity).toBe("valid");
    expect(store.events(contact.id, EVENT_TYPES.email_bounced)).toHaveLength(1);
  });

  it("a complaint or an unsubscribe from the provider withdraws consent", async () => {
    const complainer = store.contact();
    const leaver = store.contact();
    const campaign = store.campaign("email");
    const a = store.enqueue(complainer.id, campaign.id);
    const b = store.enqueue(leaver.id, campaign.id);
    await store.drain();
    await callback("email", [
      { type: "complained", idempotency_key: store.send(a.sendId).idempotency_key },
      { type: "unsubscribed", idempotency_key: store.send(b.sendId).idempotency_key },
    ]);
    expect(store.contactRow(complainer.id).email_consent).toBe("unsubscribed");
    expect(store.contactRow(leaver.id).email_consent).toBe("unsubscribed");
    expect(store.events(complainer.id, EVENT_TYPES.email_complained)).toEqual([{ subject_id: campaign.id, detail_id: null }]);
    expect(store.db.$client.prepare(`SELECT source FROM consent_changes ORDER BY id`).pluck().all()).toEqual(["provider_complaint", "provider_unsubscribe"]);
  });

  it("an undeliverable SMS marks the phone invalid", async () => {
    const contact = store.contact();
    const invalidPhone = await store.segment("Invalid phone", { type: "phone_validity", value: "invalid" });
    const sent = store.enqueue(contact.id, store.campaign("sms").id, "sms");
    await store.drain();
    await callback("sms", [{ type: "bounced", idempotency_key: store.send(sent.sendId).idempotency_key }]);
    expect(store.contactRow(contact.id).phone_validity).toBe("invalid");
    expect(store.members(invalidPhone)).toEqual([contact.id]);
    expect(store.events(contact.id, EVENT_TYPES.sms_failed)).toHaveLength(1);
  });
});
