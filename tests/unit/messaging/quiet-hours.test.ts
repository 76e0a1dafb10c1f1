import { describe, expect, it } from "vitest";
import { quietHoursEnd } from "../../../app/messaging/quiet-hours";
import { toE164 } from "../../../app/messaging/phone";

const quiet = { enabled: true, start: "21:00", end: "08:00", channels: ["email", "sms"] as ("email" | "sms")[] };
const at = (iso: string) => Date.parse(iso);

describe("quiet hours", () => {
  it("hold a message until the window ends in the given zone, across midnight", () => {
    expect(quietHoursEnd(quiet, { channel: "sms", timeZone: "Europe/Paris", now: at("2026-06-10T20:30:00Z") })).toBe(at("2026-06-11T06:00:00Z")); // 22:30 → 08:00
    expect(quietHoursEnd(quiet, { channel: "sms", timeZone: "Europe/Paris", now: at("2026-06-11T04:00:00Z") })).toBe(at("2026-06-11T06:00:00Z")); // 06:00 → 08:00
    expect(quietHoursEnd(quiet, { channel: "sms", timeZone: "Europe/Paris", now: at("2026-06-11T06:00:00Z") })).toBeNull(); // 08:00 sharp
    expect(quietHoursEnd(quiet, { channel: "sms", timeZone: "Europe/Paris", now: at("2026-06-11T18:59:00Z") })).toBeNull(); // 20:59
  });

  it("count 08:00 on the local clock on a daylight-saving night", () => {
    // New York springs forward on 2026-03-08: 22:00 EST on the 7th → 08:00 EDT on the 8th
    expect(quietHoursEnd(quiet, { channel: "email", timeZone: "America/New_York", now: at("2026-03-08T03:00:00Z") })).toBe(at("2026-03-08T12:00:00Z"));
  });

  it("apply only when enabled, to the chosen channels, and to same-day windows", () => {
    expect(quietHoursEnd({ ...quiet, enabled: false }, { channel: "sms", timeZone: "UTC", now: at("2026-06-10T23:00:00Z") })).toBeNull();
    expect(quietHoursEnd({ ...quiet, channels: ["sms"] }, { channel: "email", timeZone: "UTC", now: at("2026-06-10T23:00:00Z") })).toBeNull();
    const lunch = { ...quiet, start: "12:00", end: "13:30" };
    expect(quietHoursEnd(lunch, { channel: "sms", timeZone: "UTC", now: at("2026-06-10T12:10:00Z") })).toBe(at("2026-06-10T13:30:00Z"));
    expect(quietHoursEnd(lunch, { channel: "sms", timeZone: "Not/AZone", now: at("2026-06-10T12:10:00Z") })).toBe(at("2026-06-10T13:30:00Z")); // falls back to UTC
  });
});

describe("phone numbers", () => {
  it("are normalised to E.164, with the contact's country for national formats", () => {
    expect(toE164("+1 (415) 555-0142")).toBe("+14155550142");
    expect(toE164("(415) 555-0142", "us")).toBe("+14155550142");
    expect(toE164("06 12 34 56 78", "FR")).toBe("+33612345678");
    expect(toE164("(415) 555-0142")).toBeNull();
    expect(toE164("12")).toBeNull();
    expect(toE164("")).toBeNull();
  });
});
