import { afterEach, describe, expect, it } from "vitest";
import { messagingConfig } from "../../../app/messaging/config.server";
import { findSendHook } from "../../../app/messaging/send-hooks.server";
import { sendTestMessage } from "../../../app/messaging/test-message.server";
import { loadSettingsView, saveSettingsSection } from "../../../app/settings/settings-page.server";
import { createMessagingStore, HOOK_SECRET, type Store } from "./harness";

let store: Store;
afterEach(async () => store?.close());

const save = (intent: string, form: Record<string, string>, demo = false) => saveSettingsSection(store.db, { shopId: store.shop.id, intent, form: { intent, ...form }, demo, now: store.clock.now });

describe("the settings page", () => {
  it("saves an endpoint, keeps the secret when left blank, never shows it whole, and refuses plain http outside the demo", async () => {
    store = await createMessagingStore();
    expect(save("hook", { channel: "email", url: "http://provider.example/hook" })).toEqual({ ok: false, errors: { url: "The endpoint must use https" } });
    expect(save("hook", { channel: "email", url: "https://user:pw@provider.example/hook" })).toEqual({ ok: false, errors: { url: "Put credentials in the secret, not in the URL" } });
    expect(save("hook", { channel: "email", url: "https://provider.example/hook", secret: "" })).toEqual({ ok: true, message: "Email endpoint saved" });
    expect(findSendHook(store.db, { shopId: store.shop.id, channel: "email" })).toMatchObject({ url: "https://provider.example/hook", secret: HOOK_SECRET });
    const view = loadSettingsView(store.db, { shopId: store.shop.id, now: store.clock.now });
    expect(view.hooks[0]).toEqual({ channel: "email", url: "https://provider.example/hook", builtin: false, enabled: true, secretHint: `••••${HOOK_SECRET.slice(-4)}`, hasSecret: true });
    expect(JSON.stringify(view)).not.toContain(HOOK_SECRET);
    expect(save("hook", { channel: "sms", url: "", enabled: "off" }, true)).toMatchObject({ ok: true }); // demo: back to the built-in outbox
    expect(loadSettingsView(store.db, { shopId: store.shop.id, now: store.clock.now }).hooks[1]).toMatchObject({ builtin: true, enabled: false });
  });

  it("sends a signed test message and shows the endpoint's answer", async () => {
    store = await createMessagingStore();
    const result = await sendTestMessage(store.db, { shopId: store.shop.id, channel: "sms", to: "+14155550100", config: messagingConfig(), now: store.clock.now });
    expect(result).toMatchObject({ ok: true, status: 200, url: store.receiver.url, error: null });
    expect(result.response).toContain('"id":"msg_test:');
    expect(store.receiver.requests).toHaveLength(1);
    expect(store.receiver.requests[0]).toMatchObject({ signatureValid: true, payload: { type: "test", channel: "sms", to: "+14155550100", text: "Segmentflow test message." } });
    expect(store.db.$client.prepare(`SELECT count(*) FROM message_sends`).pluck().get()).toBe(0);

    store.receiver.respond = () => ({ status: 403, body: { error: "unknown API key" } });
    const refused = await sendTestMessage(store.db, { shopId: store.shop.id, channel: "email", to: "me@example.com", config: messagingConfig(), now: store.clock.now });
    expect(refused).toMatchObject({ ok: false, status: 403, error: 'HTTP 403: {"error":"unknown API key"}' });
  });

  it("validates and saves quota, quiet hours, time zone and lifecycle thresholds", async () => {
    store = await createMessagingStore();
    expect(save("quota", { emailQuotaLimit: "-1", smsBalance: "10" })).toEqual({ ok: false, errors: { emailQuotaLimit: "Cannot be negative" } });
    expect(save("quota", { emailQuotaLimit: "500", smsBalance: "25" })).toMatchObject({ ok: true });
    expect(loadSettingsView(store.db, { shopId: store.shop.id, now: store.clock.now }).quota).toMatchObject({ emailLimit: 500, emailRemaining: 500, smsBalance: 25 });

    expect(save("quiet", { enabled: "on", start: "22:00", end: "22:00", channel_sms: "on" })).toEqual({ ok: false, errors: { end: "Quiet hours must start and end at different times" } });
    expect(save("quiet", { enabled: "on", start: "9pm", end: "08:00" })).toEqual({ ok: false, errors: { start: "Use a 24-hour time such as 21:00" } });
    expect(save("quiet", { enabled: "on", start: "20:30", end: "09:00", channel_email: "on", channel_sms: "on" })).toMatchObject({ ok: true });
    expect(loadSettingsView(store.db, { shopId: store.shop.id, now: store.clock.now }).settings.quietHours).toEqual({ enabled: true, start: "20:30", end: "09:00", channels: ["email", "sms"] });

    expect(save("timezone", { timeZone: "Mars/Olympus" })).toEqual({ ok: false, errors: { timeZone: "Unknown IANA time zone" } });
    expect(save("timezone", { timeZone: "Europe/Berlin" })).toMatchObject({ ok: true });
    expect(loadSettingsView(store.db, { shopId: store.shop.id, now: store.clock.now }).timeZone).toBe("Europe/Berlin");

    const lifecycle = { loyalMinOrders: "3", loyalWithinDays: "180", highPotentialMinSpendMinor: "15000", highPotentialWithinDays: "60", dormantAfterDays: "400", churnedAfterDays: "365" };
    expect(save("lifecycle", lifecycle)).toEqual({ ok: false, errors: { dormantAfterDays: "Dormant must start before churned" } });
    expect(save("lifecycle", { ...lifecycle, dormantAfterDays: "200" })).toMatchObject({ ok: true });
    expect(loadSettingsView(store.db, { shopId: store.shop.id, now: store.clock.now }).settings.lifecycle.dormantAfterDays).toBe(200);
    expect(store.db.$client.prepare(`SELECT count(*) FROM jobs WHERE type = 'segments.lifecycle'`).pluck().get()).toBe(1);
  });
});
