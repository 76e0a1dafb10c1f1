import { afterEach, describe, expect, it } from "vitest";
import { estimateTriggerAll } from "../../../app/automations/segment-automations.server";
import { requestTriggerAll } from "../../../app/automations/trigger-all.server";
import { updateSegment } from "../../../app/models/segments.server";
import { segmentUsage } from "../../../app/models/segment-list.server";
import { computeSegment } from "../../../app/membership/compute.server";
import { createCampaign, scheduleCampaign } from "../../../app/campaigns/campaigns.server";
import { createActionStore, DAY, MINUTE, type ActionStore } from "./harness";

let store: ActionStore;
afterEach(async () => store.close());

const inCountries = (...values: string[]) => ({ version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "c1", type: "country", match: { operator: "is_any_of", values } }] } });

describe("trigger all current members (the segment update modal)", () => {
  it("enrols the members an active automation has not processed, once the update is computed", async () => {
    store = await createActionStore();
    const before = [store.contact({ countryCode: "FR" }), store.contact({ countryCode: "FR" })]; // members before the automation existed
    const french = await store.segment("In France");
    const welcome = store.automation({ segmentId: french, reentry: "once" });
    const paused = store.automation({ segmentId: french, name: "Paused", status: "paused" });
    const goodbye = store.automation({ segmentId: french, name: "Goodbye", trigger: "left" });
    const processed = store.contact();
    store.moveTo(processed.id, "FR"); // enrolled by the cursor scan, as usual
    await store.drain();
    expect(store.runs(welcome.id).map((r) => r.contactId)).toEqual([processed.id]);

    // the update widens the segment to Belgium; "trigger all" is asked for with it
    const belgian = store.contact({ countryCode: "BE" });
    store.advance(MINUTE);
    const saved = updateSegment(store.db, { shopId: store.shop.id, segmentId: french, definition: inCountries("FR", "BE"), now: store.clock.now });
    if (!saved?.ok) throw new Error("update refused");
    requestTriggerAll(store.db, { shopId: store.shop.id, segmentId: french, revision: saved.segment.revision, now: store.clock.now });
    requestTriggerAll(store.db, { shopId: store.shop.id, segmentId: french, revision: saved.segment.revision, now: store.clock.now }); // a double click
    await store.drain(); // the segment is still computing: the job looks again later
    expect(store.runs(welcome.id).map((r) => r.contactId)).toEqual([processed.id]);

    await computeSegment(store.db, { segmentId: french, clock: () => store.clock.now });
    store.advance(2_000);
    await store.drain();

    const enrolled = store.runs(welcome.id).map((r) => r.contactId).sort((a, b) => a - b);
    expect(enrolled).toEqual([before[0]!.id, before[1]!.id, processed.id, belgian.id].sort((a, b) => a - b));
    expect(store.runs(welcome.id).every((r) => r.status === "completed")).toBe(true);
    expect(store.runs(paused.id)).toEqual([]); // only active automations
    expect(store.runs(goodbye.id)).toEqual([]); // current members have not left
    // the processed contact got one welcome, everyone else one each
    expect([...store.receiver.effectivePerRecipient().values()].every((n) => n === 1)).toBe(true);
    expect(store.delivered()).toHaveLength(4);
  });

  it("enrols nobody the second time: every member has been processed", async () => {
    store = await createActionStore();
    store.contact({ countryCode: "FR" });
    const french = await store.segment("In France");
    const welcome = store.automation({ segmentId: french });
    for (let i = 0; i < 2; i++) {
      const revision = store.db.$client.prepare(`SELECT revision FROM segments WHERE id = ?`).pluck().get(french) as number;
      requestTriggerAll(store.db, { shopId: store.shop.id, segmentId: french, revision, now: store.clock.now + i });
      store.advance(MINUTE);
      await store.drain();
    }
    expect(store.runs(welcome.id)).toHaveLength(1);
    expect(store.delivered()).toHaveLength(1);
  });
});

describe("the update modal's estimate", () => {
  it("lists the segment's automations by last update, and counts members and messages for the active 'entered' ones", async () => {
    store = await createActionStore({ emailQuota: 10_000, smsBalance: 1_000 });
    for (let i = 0; i < 3; i++) store.contact({ countryCode: "FR" });
    store.contact({ countryCode: "FR", smsConsent: "unsubscribed" });
    const french = await store.segment("In France");
    const nurture = store.automation({ segmentId: french, name: "Nurture", steps: [{ type: "send_email", subject: "a", body: "a" }, { type: "wait", durationMs: DAY }, { type: "send_email", subject: "b", body: "b" }, { type: "send_sms", body: "c" }] });
    store.advance(MINUTE);
    const paused = store.automation({ segmentId: french, name: "Paused", status: "paused" });

    const estimate = estimateTriggerAll(store.db, { shopId: store.shop.id, segmentId: french, now: store.clock.now });
    expect(estimate.automations.map((a) => [a.name, a.wouldEnrol])).toEqual([
      ["Paused", null],
      ["Nurture", 4],
    ]);
    expect(estimate.messages).toEqual({ email: 8, sms: 3 });
    expect(estimate.short).toEqual([]);
    expect(paused.id).toBeGreaterThan(nurture.id);
  });

  it("warns when the remaining email quota or SMS balance is lower than the messages that would go out", async () => {
    store = await createActionStore({ emailQuota: 5, smsBalance: 2 });
    for (let i = 0; i < 3; i++) store.contact({ countryCode: "FR" });
    const french = await store.segment("In France");
    store.automation({ segmentId: french, steps: [{ type: "send_email", subject: "a", body: "a" }, { type: "send_sms", body: "b" }] });

    const estimate = estimateTriggerAll(store.db, { shopId: store.shop.id, segmentId: french, now: store.clock.now });
    expect(estimate.messages).toEqual({ email: 3, sms: 3 });
    expect(estimate.quota).toEqual({ emailRemaining: 5, smsBalance: 2 });
    expect(estimate.short).toEqual(["sms"]);

    store.db.$client.prepare(`UPDATE shops SET email_quota_limit = 2 WHERE id = ?`).run(store.shop.id);
    expect(estimateTriggerAll(store.db, { shopId: store.shop.id, segmentId: french, now: store.clock.now }).short).toEqual(["email", "sms"]);
  });
});

describe("deleting a segment", () => {
  it("names the active automations and scheduled campaigns that use it", async () => {
    store = await createActionStore();
    const french = await store.segment("In France");
    const other = await store.segment("Everyone in Spain", { type: "country", match: { operator: "is", value: "ES" } });
    store.automation({ segmentId: french, name: "Bienvenue" });
    store.automation({ segmentId: french, name: "Dormant", status: "paused" });
    const campaign = createCampaign(store.db, { shopId: store.shop.id, now: store.clock.now, input: { name: "Soldes", channel: "sms", body: "Soldes!", include: [other], exclude: [french] } });
    if (!campaign.ok) throw new Error(JSON.stringify(campaign.errors));
    scheduleCampaign(store.db, { shopId: store.shop.id, campaignId: campaign.campaign.id, at: store.clock.now + DAY, now: store.clock.now });
    const usage = segmentUsage(store.db, { shopId: store.shop.id, segmentIds: [french, other] });
    expect(usage.get(french)).toEqual({ activeAutomations: ["Bienvenue"], scheduledCampaigns: ["Soldes"] });
    expect(usage.get(other)).toEqual({ activeAutomations: [], scheduledCampaigns: ["Soldes"] });
  });
});
