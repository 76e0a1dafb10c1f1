import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import { afterEach, describe, expect, it } from "vitest";
import { setAutomationStatus } from "../../../app/automations/automations.server";
import { FLOW_TRIGGER_HANDLES } from "../../../app/automations/flow-handles";
import { createShopifyAdminApi } from "../../../app/platforms/shopify/admin-api.server";
import { sessions, shops } from "../../../db/schema";
import { FakeShopifyAdmin } from "../../helpers/fake-shopify-admin";
import { createActionStore, DAY, HOUR, type ActionStore } from "./harness";

let store: ActionStore;
let fake: FakeShopifyAdmin | undefined;
afterEach(async () => {
  await store.close();
  await fake?.close();
  fake = undefined;
});

const twoEmails = [
  { type: "send_email", subject: "Welcome", body: "<p>Hello</p>" },
  { type: "wait", durationMs: 2 * DAY },
  { type: "send_email", subject: "Still thinking about it?", body: "<p>Here is 10% off</p>" },
];

describe("after a wait the contact is checked again", () => {
  it("a contact still in the segment and subscribed gets the next message when the wait is over", async () => {
    store = await createActionStore();
    const ada = store.contact();
    const french = await store.segment("In France");
    const nurture = store.automation({ segmentId: french, steps: twoEmails });
    store.moveTo(ada.id, "FR");
    await store.drain();
    const [run] = store.runs(nurture.id);
    expect(run).toMatchObject({ status: "waiting", stepIndex: 2 });
    expect(store.delivered()).toHaveLength(1);

    store.advance(DAY); // not yet
    await store.drain();
    expect(store.delivered()).toHaveLength(1);
    store.advance(DAY + 1);
    await store.drain();
    expect(store.runs(nurture.id)[0]).toMatchObject({ status: "completed" });
    expect(store.delivered()).toEqual([`email:${ada.id}`, `email:${ada.id}`]);
    expect(store.log(run!.id).map((l) => [l.kind, l.status])).toEqual([
      ["send_email", "queued"],
      ["wait", "waiting"],
      ["send_email", "queued"],
    ]);
  });

  it("a contact who left the segment during the wait exits the run", async () => {
    store = await createActionStore();
    const ada = store.contact();
    const french = await store.segment("In France");
    const nurture = store.automation({ segmentId: french, steps: twoEmails });
    store.moveTo(ada.id, "FR");
    await store.drain();
    store.advance(HOUR);
    store.moveTo(ada.id, "DE");
    store.advance(2 * DAY);
    await store.drain();
    const [run] = store.runs(nurture.id);
    expect(run).toMatchObject({ status: "exited", exitReason: "left_segment" });
    expect(store.log(run!.id).at(-1)).toMatchObject({ stepIndex: 2, kind: "exit", status: "exited" });
    expect(store.delivered()).toHaveLength(1);
  });

  it("a contact who unsubscribed during the wait exits, and one who can still get the SMS continues", async () => {
    store = await createActionStore();
    const ada = store.contact();
    const bo = store.contact();
    const french = await store.segment("In France");
    const steps = [{ type: "wait", durationMs: DAY }, { type: "send_email", subject: "Hi", body: "<p>Hi</p>" }, { type: "send_sms", body: "Hi there" }];
    const automation = store.automation({ segmentId: french, steps });
    store.moveTo(ada.id, "FR");
    store.moveTo(bo.id, "FR");
    await store.drain();
    store.update(ada.id, { emailConsent: "unsubscribed", smsConsent: "unsubscribed" });
    store.update(bo.id, { emailConsent: "unsubscribed" });
    store.advance(DAY);
    await store.drain();
    const runs = store.runs(automation.id);
    expect(runs.map((r) => [r.contactId, r.status, r.exitReason])).toEqual([
      [ada.id, "exited", "unsubscribed"],
      [bo.id, "completed", null],
    ]);
    // Bo's email step is skipped (no message is created), the SMS goes out
    expect(store.log(runs[1]!.id).map((l) => [l.kind, l.status])).toEqual([
      ["wait", "waiting"],
      ["send_email", "skipped"],
      ["send_sms", "queued"],
    ]);
    expect(store.delivered()).toEqual([`sms:${bo.id}`]);
  });
});

describe("pausing an automation", () => {
  it("holds its runs at their next step and lets them continue when it is active again", async () => {
    store = await createActionStore();
    const ada = store.contact();
    const french = await store.segment("In France");
    const nurture = store.automation({ segmentId: french, steps: twoEmails });
    store.moveTo(ada.id, "FR");
    await store.drain();
    setAutomationStatus(store.db, { shopId: store.shop.id, automationId: nurture.id, status: "paused", now: store.clock.now });
    store.advance(3 * DAY);
    await store.drain();
    expect(store.runs(nurture.id)[0]).toMatchObject({ status: "held" });
    expect(store.delivered()).toHaveLength(1);

    setAutomationStatus(store.db, { shopId: store.shop.id, automationId: nurture.id, status: "active", now: store.clock.now });
    await store.drain();
    expect(store.runs(nurture.id)[0]).toMatchObject({ status: "completed" });
    expect(store.delivered()).toHaveLength(2);
  });
});

describe("the Shopify Flow trigger step", () => {
  const deployedHandles = () =>
    new Set(
      ["customer-entered-segment", "customer-left-segment"].map(
        (dir) => (parse(readFileSync(new URL(`../../../extensions/${dir}/shopify.extension.toml`, import.meta.url), "utf8")) as { extensions: { handle: string }[] }).extensions[0]!.handle,
      ),
    );

  async function storeWithShopify() {
    fake = await FakeShopifyAdmin.start();
    const admin = fake;
    const domain = "flow-test.myshopify.com";
    const shopStore = admin.addStore(domain);
    shopStore.flowTriggerHandles = deployedHandles();
    shopStore.failNext("http500", { operation: "SegmentflowFlowTrigger" }); // Shopify hiccups once
    store = await createActionStore({
      adminApi: async (db) => createShopifyAdminApi(db, { shop: domain, origin: admin.origin, minTimeoutMs: 10, retries: 2 }),
    });
    store.db.update(shops).set({ domain }).run();
    store.db.insert(sessions).values({ id: `offline_${domain}`, shop: domain, state: "", isOnline: false, accessToken: shopStore.accessToken }).run();
    return shopStore;
  }

  it("fires the entered trigger with the customer, the segment's name and id, once, despite a failed request", async () => {
    const shopify = await storeWithShopify();
    const ada = store.contact({ platformId: "7412345678901" });
    const french = await store.segment("In France");
    const automation = store.automation({ segmentId: french, steps: [{ type: "flow_trigger" }] });
    store.moveTo(ada.id, "FR");
    await store.drain();

    expect(shopify.flowTriggers).toEqual([{ handle: FLOW_TRIGGER_HANDLES.entered, payload: { customer_id: 7412345678901, "Segment name": "In France", "Segment id": french } }]);
    expect(shopify.requestsFor("SegmentflowFlowTrigger").map((r) => r.status)).toEqual([500, 200]);
    const [run] = store.runs(automation.id);
    expect(store.log(run!.id)).toEqual([{ stepIndex: 0, kind: "flow_trigger", status: "fired", detail: `Sent “${FLOW_TRIGGER_HANDLES.entered}” to Shopify Flow` }]);
  });

  it("fires the left trigger for 'left' automations", async () => {
    const shopify = await storeWithShopify();
    const ada = store.contact({ platformId: "555", countryCode: "FR" });
    const french = await store.segment("In France");
    store.automation({ segmentId: french, trigger: "left", steps: [{ type: "flow_trigger" }] });
    store.moveTo(ada.id, "DE");
    await store.drain();
    expect(shopify.flowTriggers.map((t) => t.handle)).toEqual([FLOW_TRIGGER_HANDLES.left]);
  });

  it("retries with the job when Shopify stays down, and shows the failure after the last attempt", async () => {
    const shopify = await storeWithShopify();
    shopify.failNext("http500", { operation: "SegmentflowFlowTrigger", times: 1_000 });
    const ada = store.contact({ platformId: "556" });
    const french = await store.segment("In France");
    const automation = store.automation({ segmentId: french, steps: [{ type: "flow_trigger" }] });
    store.moveTo(ada.id, "FR");
    for (let i = 0; i < 12; i++) {
      await store.drain();
      store.advance(15 * 60_000); // past each backoff
    }
    const [run] = store.runs(automation.id);
    expect(run!.status).toBe("completed"); // the run went on; the trigger is what failed
    expect(store.log(run!.id)[0]).toMatchObject({ kind: "flow_trigger", status: "failed" });
    expect(store.log(run!.id)[0]!.detail).toMatch(/Shopify Admin API .* failed/);
    const jobs = store.db.$client.prepare(`SELECT attempts, status FROM jobs WHERE type = 'automations.flow-trigger'`).all();
    expect(jobs).toEqual([{ attempts: 8, status: "succeeded" }]);
    expect(shopify.flowTriggers).toEqual([]);
  });

  it("in demo mode (no store) records the trigger as skipped in the run's log", async () => {
    store = await createActionStore();
    const ada = store.contact();
    const french = await store.segment("In France");
    const automation = store.automation({ segmentId: french, steps: [{ type: "flow_trigger" }, { type: "send_sms", body: "Bonjour" }] });
    store.moveTo(ada.id, "FR");
    await store.drain();
    const [run] = store.runs(automation.id);
    expect(run!.status).toBe("completed");
    expect(store.log(run!.id).map((l) => [l.kind, l.status])).toEqual([
      ["flow_trigger", "skipped_demo"],
      ["send_sms", "queued"],
    ]);
    expect(store.log(run!.id)[0]!.detail).toContain("Demo mode");
  });
});
