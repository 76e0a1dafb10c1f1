import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setDb } from "../../../app/db.server";
import { resetEnvCache } from "../../../app/env.server";
import { computeSegment } from "../../../app/membership/compute.server";
import { createSegment } from "../../../app/models/segments.server";
import * as newAutomation from "../../../app/routes/app.automations.new";
import * as automationPage from "../../../app/routes/app.automations.$automationId";
import * as newCampaign from "../../../app/routes/app.campaigns.new";
import * as campaignPage from "../../../app/routes/app.campaigns.$campaignId";
import * as editSegment from "../../../app/routes/app.segments.$segmentId.edit";
import * as segmentAutomations from "../../../app/routes/app.segments.$segmentId.automations";
import { DEMO_SHOP } from "../../../db/seed/demo-store";
import { createContact, createShop } from "../../factories/store";
import { callRoute } from "../../helpers/signed-request";
import { createTestDb } from "../../helpers/test-db";

/** The campaign and automation pages' loaders and actions, called as Remix calls them, in demo mode. */

const BASE = "http://localhost:3000";
const db = createTestDb();
let shopId: number;
let french: number;

const form = (path: string, fields: [string, string][]) => {
  const body = new URLSearchParams();
  for (const [k, v] of fields) body.append(k, v);
  return new Request(`${BASE}${path}`, { method: "POST", body });
};
const jsonPost = (path: string, body: unknown) => new Request(`${BASE}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
const jobs = (type: string) => db.$client.prepare(`SELECT payload FROM jobs WHERE type = ? ORDER BY id`).pluck().all(type) as string[];

beforeAll(async () => {
  vi.stubEnv("APP_MODE", "demo");
  vi.stubEnv("DATABASE_PATH", ":memory:");
  resetEnvCache();
  setDb(db);
  shopId = createShop(db, { platform: DEMO_SHOP.platform, domain: DEMO_SHOP.domain, timeZone: "Europe/Paris" }).id;
  for (let i = 0; i < 3; i++) createContact(db, shopId, { countryCode: "FR", emailConsent: "subscribed", emailValidity: "valid" });
  createContact(db, shopId, { countryCode: "FR" }); // not subscribed
  const segment = createSegment(db, { shopId, name: "In France", now: Date.now(), definition: { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "country", match: { operator: "is", value: "FR" } }] } } });
  if (!segment.ok) throw new Error("invalid");
  french = segment.segment.id;
  await computeSegment(db, { segmentId: french, clock: Date.now });
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
  setDb(undefined);
});

describe("the campaign pages", () => {
  it("count the audience live, refuse an invalid campaign field by field, and send a valid one", async () => {
    const count = await callRoute(newCampaign.action, form("/app/campaigns/new", [["intent", "count"], ["channel", "email"], ["include", String(french)]]));
    expect(await count.json()).toMatchObject({ summary: { included: 4, excluded: 0, unreachable: 1, audience: 3, channel: "email" } });

    const invalid = await callRoute(newCampaign.action, form("/app/campaigns/new", [["intent", "send"], ["name", ""], ["channel", "email"], ["subject", ""], ["body", "<p>x</p>"]]));
    expect(invalid.status).toBe(422);
    expect(Object.keys(((await invalid.json()) as { errors: object }).errors).sort()).toEqual(["include", "name", "subject"]);

    const past = await callRoute(newCampaign.action, form("/app/campaigns/new", [["intent", "schedule"], ["name", "Later"], ["channel", "sms"], ["body", "Hi"], ["include", String(french)], ["scheduleAt", "2020-01-01T10:00"]]));
    expect(await past.json()).toEqual({ errors: { scheduleAt: "Choose a time in the future" } });

    const sent = await callRoute(newCampaign.action, form("/app/campaigns/new", [["intent", "send"], ["name", "Bonjour"], ["channel", "email"], ["subject", "Bonjour"], ["body", "<p>Salut</p>"], ["include", String(french)]]));
    expect(sent.status).toBe(302);
    const campaignId = sent.headers.get("Location")!.split("/").pop()!;
    expect(jobs("campaigns.send")).toEqual([JSON.stringify({ shopId, campaignId: Number(campaignId), scheduledAt: null })]);
    const page = await callRoute(campaignPage.loader, new Request(`${BASE}/app/campaigns/${campaignId}`), { campaignId });
    expect(await page.json()).toMatchObject({ campaign: { name: "Bonjour", status: "sending" }, editable: false, inFlight: true });
    const again = await callRoute(campaignPage.action, form(`/app/campaigns/${campaignId}`, [["intent", "send"]]), { campaignId });
    expect(await again.json()).toEqual({ error: "This campaign has already been sent" });
  });

  it("schedule a draft in the shop's time zone, and unschedule it", async () => {
    const draft = await callRoute(newCampaign.action, form("/app/campaigns/new", [["intent", "draft"], ["name", "Plus tard"], ["channel", "sms"], ["body", "Soldes"], ["include", String(french)]]));
    const campaignId = draft.headers.get("Location")!.split("/").pop()!;
    const scheduled = await callRoute(campaignPage.action, form(`/app/campaigns/${campaignId}`, [["intent", "schedule"], ["scheduleAt", "2099-07-01T09:30"]]), { campaignId });
    expect(await scheduled.json()).toEqual({ error: null });
    expect(db.$client.prepare(`SELECT status, scheduled_at FROM campaigns WHERE id = ?`).get(campaignId)).toEqual({ status: "scheduled", scheduled_at: Date.parse("2099-07-01T07:30:00Z") });
    await callRoute(campaignPage.action, form(`/app/campaigns/${campaignId}`, [["intent", "unschedule"]]), { campaignId });
    expect(db.$client.prepare(`SELECT status FROM campaigns WHERE id = ?`).pluck().get(campaignId)).toBe("draft");
    const foreign = await callRoute(campaignPage.loader, new Request(`${BASE}/app/campaigns/999999`), { campaignId: "999999" });
    expect(foreign.status).toBe(404);
  });
});

describe("the automation pages", () => {
  const payload = {
    name: "Bienvenue",
    segmentId: 0,
    trigger: "entered",
    steps: [{ type: "send_email", subject: "Bienvenue", body: "<p>Bonjour</p>", couponId: null }, { type: "wait", durationMs: 86_400_000 }, { type: "send_sms", body: "{% if %}" }],
    reentry: "cooldown",
    reentryCooldownMs: 0,
    flapWindowMs: 0,
    status: "active",
  };

  it("refuse an invalid automation by field and step, save a valid one, pause it and list it for the segment's update modal", async () => {
    const invalid = await callRoute(newAutomation.action, jsonPost("/app/automations/new", payload));
    expect(invalid.status).toBe(422);
    const { errors } = (await invalid.json()) as { errors: Record<string, string> };
    expect(Object.keys(errors).sort()).toEqual(["reentryCooldownMs", "segmentId", "steps.2"]);

    const valid = { ...payload, segmentId: french, reentryCooldownMs: 7 * 86_400_000, steps: payload.steps.slice(0, 2) };
    const created = await callRoute(newAutomation.action, jsonPost("/app/automations/new", valid));
    expect(created.status).toBe(302);
    const automationId = created.headers.get("Location")!.split("/").pop()!;

    const renamed = await callRoute(automationPage.action, jsonPost(`/app/automations/${automationId}`, { ...valid, name: "Bienvenue en France" }), { automationId });
    expect(await renamed.json()).toEqual({ errors: {}, saved: true });
    await callRoute(automationPage.action, form(`/app/automations/${automationId}`, [["intent", "pause"]]), { automationId });
    const page = await callRoute(automationPage.loader, new Request(`${BASE}/app/automations/${automationId}`), { automationId });
    expect(await page.json()).toMatchObject({ automation: { name: "Bienvenue en France", status: "paused" }, draft: { cooldownDays: "7", steps: [{ type: "send_email" }, { type: "wait", amount: "1", unit: "days" }] } });

    const modal = await callRoute(segmentAutomations.loader, new Request(`${BASE}/app/segments/${french}/automations`), { segmentId: String(french) });
    expect(await modal.json()).toMatchObject({ automations: [{ name: "Bienvenue en France", status: "paused", wouldEnrol: null }], short: [] });
  });

  it("queue 'trigger all' with the segment update that asks for it", async () => {
    const definition = { version: 1, root: { id: "r", type: "group", match: "all", children: [{ id: "c", type: "country", match: { operator: "is_any_of", values: ["FR", "BE"] } }] } };
    const saved = await callRoute(editSegment.action, jsonPost(`/app/segments/${french}/edit`, { name: "In France", definition, triggerAll: true }), { segmentId: String(french) });
    expect(await saved.json()).toEqual({ ok: true, segmentId: french });
    expect(jobs("automations.trigger-all")).toEqual([JSON.stringify({ shopId, segmentId: french, revision: 2, polls: 0 })]);
    const plain = await callRoute(editSegment.action, jsonPost(`/app/segments/${french}/edit`, { name: "En France", definition }), { segmentId: String(french) });
    expect(plain.status).toBe(200);
    expect(jobs("automations.trigger-all")).toHaveLength(1);
  });
});
