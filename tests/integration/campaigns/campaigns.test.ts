import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { campaignAudience, createCampaign, deleteCampaign, findCampaign, scheduleCampaign, sendCampaignNow, unscheduleCampaign, type CampaignInput } from "../../../app/campaigns/campaigns.server";
import { campaignResults } from "../../../app/campaigns/results.server";
import { runCampaignSend } from "../../../app/campaigns/send.server";
import { EVENT_TYPES } from "../../../db/enums";
import { createActionStore, DAY, HOUR, MINUTE, type ActionStore } from "../automations/harness";

let store: ActionStore;
beforeEach(async () => {
  store = await createActionStore();
});
afterEach(async () => store.close());

const country = (value: string) => ({ type: "country", match: { operator: "is", value } });
const inCity = (value: string) => ({ type: "city", match: { operator: "is", value } });

function campaign(input: Partial<CampaignInput> & Pick<CampaignInput, "include">) {
  const result = createCampaign(store.db, {
    shopId: store.shop.id,
    now: store.clock.now,
    input: { name: "Winter sale", channel: "email", subject: "{{ first_name }}, the winter sale", body: "<p>Up to 40% off</p>", exclude: [], ...input },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.campaign;
}

/** Runs the job chain: the campaign's send job, then every message's delivery. */
async function deliver() {
  await store.drain();
}

describe("a campaign's audience", () => {
  it("is the include segments' union minus the exclude segments' union, each contact once, reachable on the channel", async () => {
    const frParis = store.contact({ countryCode: "FR", city: "Paris" }); // in both include segments: counted once
    const frLyon = store.contact({ countryCode: "FR", city: "Lyon" }); // excluded (Lyon)
    const bePeople = store.contact({ countryCode: "BE" });
    const unsubscribed = store.contact({ countryCode: "BE", emailConsent: "unsubscribed" });
    const bounced = store.contact({ countryCode: "BE", emailValidity: "bounced" });
    const noEmail = store.contact({ countryCode: "BE", email: null });
    const smsOnly = store.contact({ countryCode: "BE", emailConsent: "not_subscribed" }); // reachable by SMS only
    store.contact({ countryCode: "US", city: "Paris" }); // in no include segment

    const france = await store.segment("France", country("FR"));
    const belgium = await store.segment("Belgium", country("BE"));
    const paris = await store.segment("Paris", inCity("Paris"));
    const lyon = await store.segment("Lyon", inCity("Lyon"));
    const nobody = await store.segment("Nobody", country("ZZ"));

    const email = campaign({ include: [france, belgium, paris], exclude: [lyon, nobody] });
    // the union: 2 French, 5 Belgians and the American in Paris; Lyon excluded; 4 cannot get email
    expect(campaignAudience(store.db, email)).toEqual({ included: 8, excluded: 1, unreachable: 4, audience: 3 });
    const sms = campaign({ channel: "sms", subject: null, body: "Winter sale!", include: [france, belgium, paris], exclude: [lyon] });
    expect(campaignAudience(store.db, sms).audience).toBe(7); // everyone but Lyon has a phone and SMS consent

    // sending freezes the audience with why each contact qualified
    sendCampaignNow(store.db, { shopId: store.shop.id, campaignId: email.id, now: store.clock.now });
    await deliver();
    const qualified = store.db.$client
      .prepare(`SELECT contact_id, qualified_by FROM message_sends WHERE campaign_id = ? ORDER BY contact_id`)
      .all(email.id) as { contact_id: number; qualified_by: string }[];
    const american = store.db.$client.prepare(`SELECT id FROM contacts WHERE country_code = 'US'`).pluck().get() as number;
    expect(qualified.map((q) => [q.contact_id, (JSON.parse(q.qualified_by) as number[]).sort((a, b) => a - b)])).toEqual([
      [frParis.id, [france, paris].sort((a, b) => a - b)],
      [bePeople.id, [belgium]],
      [american, [paris]],
    ]);
    for (const c of [frLyon, unsubscribed, bounced, noEmail, smsOnly]) expect(store.delivered()).not.toContain(`email:${c.id}`);
    expect(store.delivered()).toHaveLength(3);
    expect(findCampaign(store.db, { shopId: store.shop.id, campaignId: email.id })).toMatchObject({ status: "sent", audienceCount: 3, enqueuedCount: 3 });
  });

  it("refuses a campaign without an include segment, with a segment both included and excluded, or with a broken template", async () => {
    const france = await store.segment("France", country("FR"));
    const result = createCampaign(store.db, { shopId: store.shop.id, now: store.clock.now, input: { name: " ", channel: "email", subject: "", body: "{% if %}", include: [], exclude: [france] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["include", "name", "subject"]);
    const both = createCampaign(store.db, { shopId: store.shop.id, now: store.clock.now, input: { name: "x", channel: "sms", body: "{% if %}", include: [france], exclude: [france] } });
    expect(both.ok || Object.keys(both.errors).sort()).toEqual(["body", "exclude"]);
  });
});

describe("sending a campaign", () => {
  it("sends once per contact when the send job runs again (a retry after a crash mid-campaign)", async () => {
    const people = Array.from({ length: 7 }, () => store.contact({ countryCode: "FR" }));
    const france = await store.segment("France", country("FR"));
    const sale = campaign({ include: [france] });
    sendCampaignNow(store.db, { shopId: store.shop.id, campaignId: sale.id, now: store.clock.now });
    sendCampaignNow(store.db, { shopId: store.shop.id, campaignId: sale.id, now: store.clock.now }); // refused: already sending

    // the job dies after its first batch of 3
    let batches = 0;
    const crash = runCampaignSend(store.db, {
      shopId: store.shop.id, campaignId: sale.id, scheduledAt: null, now: () => store.clock.now, batchSize: 3,
      onBatch: () => {
        if (++batches === 1) throw new Error("SIGKILL");
      },
    });
    await expect(crash).rejects.toThrow("SIGKILL");
    expect(findCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id })).toMatchObject({ status: "sending", enqueuedCount: 3 });
    // a contact who joins meanwhile is not in the frozen audience
    store.contact({ countryCode: "FR" });

    // the retry continues from the cursor; then the same job once more, as if retried again
    await runCampaignSend(store.db, { shopId: store.shop.id, campaignId: sale.id, scheduledAt: null, now: () => store.clock.now, batchSize: 3 });
    store.db.$client.prepare(`UPDATE campaigns SET status = 'sending', send_cursor = 0 WHERE id = ?`).run(sale.id);
    await runCampaignSend(store.db, { shopId: store.shop.id, campaignId: sale.id, scheduledAt: null, now: () => store.clock.now, batchSize: 3 });
    await deliver();

    expect(store.db.$client.prepare(`SELECT count(*) FROM message_sends WHERE campaign_id = ?`).pluck().get(sale.id)).toBe(7);
    expect(store.delivered()).toEqual(people.map((p) => `email:${p.id}`).sort());
    expect([...store.receiver.effectivePerRecipient().values()]).toEqual(Array(7).fill(1));
    expect(campaignResults(store.db, { shopId: store.shop.id, campaignId: sale.id })).toMatchObject({ audience: 7, enqueued: 7, pending: 0, sent: 7, failed: 0, skipped: 0 });
  });

  it("goes out at its scheduled time, not before; unscheduling stops it and a reschedule wins", async () => {
    const ada = store.contact({ countryCode: "FR" });
    const france = await store.segment("France", country("FR"));
    const sale = campaign({ include: [france] });
    const at = store.clock.now + 2 * HOUR;
    expect(scheduleCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id, at: store.clock.now - 1, now: store.clock.now })).toEqual({ ok: false, error: "Choose a time in the future" });
    expect(scheduleCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id, at, now: store.clock.now })).toEqual({ ok: true });

    store.advance(HOUR);
    await deliver();
    expect(store.delivered()).toEqual([]);
    expect(findCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id })!.status).toBe("scheduled");

    // moved to later, then the old time passes: nothing; the new time comes: sent
    expect(unscheduleCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id, now: store.clock.now })).toEqual({ ok: true });
    scheduleCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id, at: at + DAY, now: store.clock.now });
    store.advance(2 * HOUR);
    await deliver();
    expect(store.delivered()).toEqual([]);
    store.advance(DAY);
    await deliver();
    expect(store.delivered()).toEqual([`email:${ada.id}`]);
    expect(findCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id })).toMatchObject({ status: "sent", startedAt: at + DAY + HOUR });
  });

  it("reports progress and results: sent, failed, skipped with the reason, opened and clicked", async () => {
    const [ada, bo, cy] = [store.contact({ countryCode: "FR" }), store.contact({ countryCode: "FR" }), store.contact({ countryCode: "FR" })];
    const france = await store.segment("France", country("FR"));
    const sale = campaign({ include: [france] });
    store.receiver.respond = ({ payload }) => (payload.contact_id === bo.id ? { status: 400, body: { error: "invalid recipient" } } : { status: 200 });
    sendCampaignNow(store.db, { shopId: store.shop.id, campaignId: sale.id, now: store.clock.now });
    // the send job freezes the audience; Cy unsubscribes before their message goes out
    await store.runner.runOnce();
    store.update(cy.id, { emailConsent: "unsubscribed" });
    expect(campaignResults(store.db, { shopId: store.shop.id, campaignId: sale.id })).toMatchObject({ audience: 3, enqueued: 3, pending: 3 });
    await deliver();
    const opened = store.db.$client.prepare(`UPDATE message_sends SET opened_at = ?, clicked_at = ? WHERE contact_id = ? AND campaign_id = ?`);
    opened.run(store.clock.now, store.clock.now + MINUTE, ada.id, sale.id);
    expect(campaignResults(store.db, { shopId: store.shop.id, campaignId: sale.id })).toEqual({
      audience: 3, enqueued: 3, pending: 0, sent: 1, failed: 1, skipped: 1, opened: 1, clicked: 1, skippedBy: { not_subscribed: 1 }, fromEvents: false,
    });
  });

  it("counts a campaign sent before messages were kept (the demo's history) from its events", () => {
    const [ada, bo] = [store.contact(), store.contact()];
    const history = store.db.$client
      .prepare(`INSERT INTO campaigns (shop_id, name, channel, status, body, started_at, created_at, updated_at) VALUES (?, 'Week 1', 'email', 'sent', '', ?, ?, ?) RETURNING id`)
      .pluck()
      .get(store.shop.id, store.clock.now, store.clock.now, store.clock.now) as number;
    const event = store.db.$client.prepare(`INSERT INTO events (shop_id, contact_id, type, subject_id, occurred_at, source) VALUES (?, ?, ?, ?, ?, 3)`);
    for (const [contact, type] of [[ada, EVENT_TYPES.email_sent], [bo, EVENT_TYPES.email_sent], [ada, EVENT_TYPES.email_opened], [ada, EVENT_TYPES.email_opened], [ada, EVENT_TYPES.email_clicked]] as const) {
      event.run(store.shop.id, contact.id, type, history, store.clock.now);
    }
    expect(campaignResults(store.db, { shopId: store.shop.id, campaignId: history })).toMatchObject({ sent: 2, opened: 1, clicked: 1, fromEvents: true });
  });

  it("sends nothing once the app is uninstalled: a scheduled campaign is cancelled when its time comes", async () => {
    store.contact({ countryCode: "FR" });
    const france = await store.segment("France", country("FR"));
    const sale = campaign({ include: [france] });
    scheduleCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id, at: store.clock.now + HOUR, now: store.clock.now });
    store.db.$client.prepare(`UPDATE shops SET uninstalled_at = ? WHERE id = ?`).run(store.clock.now, store.shop.id);
    store.advance(2 * HOUR);
    await deliver();
    expect(findCampaign(store.db, { shopId: store.shop.id, campaignId: sale.id })).toMatchObject({ status: "cancelled", frozenAt: null });
    expect(store.delivered()).toEqual([]);
  });

  it("only a draft can be deleted", async () => {
    const france = await store.segment("France", country("FR"));
    const draft = campaign({ include: [france] });
    const sent = campaign({ include: [france] });
    sendCampaignNow(store.db, { shopId: store.shop.id, campaignId: sent.id, now: store.clock.now });
    expect(deleteCampaign(store.db, { shopId: store.shop.id, campaignId: sent.id })).toEqual({ ok: false, error: "Only a draft can be deleted" });
    expect(deleteCampaign(store.db, { shopId: store.shop.id, campaignId: draft.id })).toEqual({ ok: true });
    expect(deleteCampaign(store.db, { shopId: store.shop.id + 1, campaignId: sent.id })).toBeNull();
  });
});
