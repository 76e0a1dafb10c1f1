import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAutomationStatus } from "../../../app/automations/automations.server";
import { enrolNewChanges } from "../../../app/automations/enrol.server";
import { createActionStore, DAY, HOUR, MINUTE, type ActionStore } from "./harness";

let store: ActionStore;
beforeEach(async () => {
  store = await createActionStore();
});
afterEach(async () => store.close());

describe("an automation enrols contacts from membership changes", () => {
  it("starts one run when a contact enters, and sends its email once", async () => {
    const ada = store.contact({ firstName: "Ada" });
    const french = await store.segment("In France");
    const welcome = store.automation({ segmentId: french });

    store.moveTo(ada.id, "FR");
    await store.drain();

    const [run] = store.runs(welcome.id);
    expect(run).toMatchObject({ contactId: ada.id, status: "completed" });
    expect(store.log(run!.id)).toEqual([{ stepIndex: 0, kind: "send_email", status: "queued", detail: null }]);
    expect(store.delivered()).toEqual([`email:${ada.id}`]);
    expect([...store.receiver.accepted.values()][0]!.subject).toBe("Welcome, Ada");
  });

  it("enrols once per change even when the change is processed twice", async () => {
    const ada = store.contact();
    const french = await store.segment("In France");
    const welcome = store.automation({ segmentId: french });
    store.moveTo(ada.id, "FR");
    await store.drain();

    // the same changes again: the cursor rewound (a crash before it moved), then a second scan
    store.db.$client.prepare(`UPDATE automations SET change_cursor = 0 WHERE id = ?`).run(welcome.id);
    const again = enrolNewChanges(store.db, { shopId: store.shop.id, now: store.clock.now });
    expect(again).toMatchObject({ changes: 1, enrolled: 0, skipped: 0 });
    enrolNewChanges(store.db, { shopId: store.shop.id, now: store.clock.now });
    await store.drain();

    expect(store.runs(welcome.id)).toHaveLength(1);
    expect(store.delivered()).toEqual([`email:${ada.id}`]);
  });

  it("does not replay changes from before it existed, nor those made while it was paused", async () => {
    const ada = store.contact({ countryCode: "FR" });
    const bo = store.contact();
    const french = await store.segment("In France"); // Ada entered with the first computation
    const welcome = store.automation({ segmentId: french, status: "paused" });
    store.moveTo(bo.id, "FR");
    await store.drain();
    expect(store.runs(welcome.id)).toEqual([]);

    store.advance(MINUTE);
    setAutomationStatus(store.db, { shopId: store.shop.id, automationId: welcome.id, status: "active", now: store.clock.now });
    const cy = store.contact();
    store.moveTo(cy.id, "FR");
    await store.drain();
    expect(store.runs(welcome.id).map((r) => r.contactId)).toEqual([cy.id]);
    expect(store.delivered()).toEqual([`email:${cy.id}`]);
    expect(ada.id).not.toBe(cy.id);
  });

  it("starts 'left' automations when a contact leaves", async () => {
    const ada = store.contact({ countryCode: "FR" });
    const french = await store.segment("In France");
    const winBack = store.automation({ segmentId: french, trigger: "left", name: "Au revoir", steps: [{ type: "send_sms", body: "Come back soon" }] });
    store.moveTo(ada.id, "DE");
    await store.drain();
    expect(store.runs(winBack.id)).toMatchObject([{ contactId: ada.id, status: "completed" }]);
    expect(store.delivered()).toEqual([`sms:${ada.id}`]);
  });
});

describe("after the app is uninstalled", () => {
  it("enrols nobody, and runs in progress exit at their next step", async () => {
    const ada = store.contact();
    const bo = store.contact();
    const french = await store.segment("In France");
    const nurture = store.automation({ segmentId: french, steps: [{ type: "wait", durationMs: DAY }, { type: "send_sms", body: "Bonjour" }] });
    store.moveTo(ada.id, "FR");
    await store.drain();
    store.db.$client.prepare(`UPDATE shops SET uninstalled_at = ? WHERE id = ?`).run(store.clock.now, store.shop.id);
    store.moveTo(bo.id, "FR");
    store.advance(DAY);
    await store.drain();
    expect(store.runs(nurture.id).map((r) => [r.contactId, r.status, r.exitReason])).toEqual([[ada.id, "exited", "shop_uninstalled"]]);
    expect(store.delivered()).toEqual([]);
  });
});

describe("re-entry policy", () => {
  type Input = Parameters<ActionStore["automation"]>[0];
  async function bounce(policy: (segmentId: number) => Input) {
    const ada = store.contact();
    const french = await store.segment("In France");
    const automation = store.automation(policy(french));
    const enter = async () => {
      store.moveTo(ada.id, "FR");
      await store.drain();
    };
    const leave = async () => {
      store.moveTo(ada.id, "DE");
      await store.drain();
    };
    return { ada, automation, enter, leave };
  }

  it("once ever: a contact who comes back is not enrolled again", async () => {
    const { automation, enter, leave } = await bounce((segmentId) => ({ segmentId, reentry: "once" }));
    await enter();
    store.advance(10 * DAY);
    await leave();
    store.advance(10 * DAY);
    await enter();
    expect(store.runs(automation.id).map((r) => [r.status, r.exitReason])).toEqual([
      ["completed", null],
      ["skipped", "reentry_once"],
    ]);
    expect(store.delivered()).toHaveLength(1);
  });

  it("once per entry: every new entry starts a run", async () => {
    const { automation, enter, leave } = await bounce((segmentId) => ({ segmentId, reentry: "every_time" }));
    await enter();
    store.advance(DAY);
    await leave();
    store.advance(DAY);
    await enter();
    expect(store.runs(automation.id).map((r) => r.status)).toEqual(["completed", "completed"]);
    expect(new Set(store.receiver.accepted.keys()).size).toBe(2);
  });

  it("not within N days: a re-entry inside the cooldown is skipped, one after it runs", async () => {
    const { automation, enter, leave } = await bounce((segmentId) => ({ segmentId, reentry: "cooldown", reentryCooldownMs: 7 * DAY }));
    await enter();
    store.advance(3 * DAY);
    await leave();
    store.advance(HOUR);
    await enter(); // 3 days after the first run
    store.advance(5 * DAY);
    await leave();
    store.advance(HOUR);
    await enter(); // 8 days after it
    expect(store.runs(automation.id).map((r) => [r.status, r.exitReason])).toEqual([
      ["completed", null],
      ["skipped", "reentry_cooldown"],
      ["completed", null],
    ]);
  });

  it("a contact still in a run is not enrolled a second time", async () => {
    const { automation, enter, leave } = await bounce((segmentId) => ({
      segmentId,
      reentry: "every_time",
      steps: [{ type: "wait", durationMs: 2 * DAY }, { type: "send_sms", body: "Still in France?" }],
    }));
    await enter();
    store.advance(HOUR);
    await leave();
    store.advance(HOUR);
    await enter();
    expect(store.runs(automation.id).map((r) => [r.status, r.exitReason])).toEqual([
      ["waiting", null],
      ["skipped", "in_progress"],
    ]);
  });
});

describe("flapping", () => {
  it("suppresses enter/leave/enter within the window, and enrols a re-entry after it", async () => {
    const ada = store.contact();
    const french = await store.segment("In France");
    const welcome = store.automation({ segmentId: french, reentry: "every_time", flapWindowMs: HOUR });
    const move = async (country: string, after: number) => {
      store.advance(after);
      store.moveTo(ada.id, country);
      await store.drain();
    };
    await move("FR", 0);
    await move("DE", 10 * MINUTE);
    await move("FR", 10 * MINUTE); // 20 minutes after the first entry: flapping
    await move("DE", 10 * MINUTE);
    await move("FR", 2 * HOUR); // well after the previous entry
    expect(store.runs(welcome.id).map((r) => [r.status, r.exitReason])).toEqual([
      ["completed", null],
      ["skipped", "flapping"],
      ["completed", null],
    ]);
    expect(store.delivered()).toEqual([`email:${ada.id}`, `email:${ada.id}`]);
  });

  it("applies to 'left' automations as leave/enter/leave", async () => {
    const ada = store.contact({ countryCode: "FR" });
    const french = await store.segment("In France");
    const goodbye = store.automation({ segmentId: french, trigger: "left", reentry: "every_time", flapWindowMs: HOUR, steps: [{ type: "send_sms", body: "Bye" }] });
    for (const country of ["DE", "FR", "DE"]) {
      store.advance(5 * MINUTE);
      store.moveTo(ada.id, country);
      await store.drain();
    }
    expect(store.runs(goodbye.id).map((r) => r.status)).toEqual(["completed", "skipped"]);
  });
});
