import { describe, expect, it } from "vitest";
import { days, Timeline } from "./harness";

const root = (...children: object[]) => ({ id: "root", type: "group", match: "all", children });

describe("time passing changes membership, one tick at a time", () => {
  it("enters 'last order more than 30 days ago' at the shop's midnight, without any event", async () => {
    // Ada ordered on Nov 1 at 10:00 New York time; "more than 30 days ago" starts at Dec 2 00:00 New York
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada");
    t.order("Ada");
    const lapsed = await t.segment("Lapsed", root({ id: "c1", type: "last_order_at", match: { operator: "more_than_ago", amount: 30, unit: "days" } }));
    t.now = Date.parse("2026-12-02T04:59:00Z"); // 23:59 on Dec 1 in New York
    expect(t.tick()).toMatchObject({ candidates: 0, evaluated: 0, entered: 0 });
    t.now = Date.parse("2026-12-02T05:00:00Z"); // midnight in New York
    expect(t.tick()).toMatchObject({ candidates: 1, evaluated: 1, entered: 1, left: 0 });
    expect(t.members(lapsed)).toEqual(["Ada"]);
    expect(t.changes(lapsed)).toEqual([["Ada", "entered", "time"]]);
  });

  it("leaves 'viewed in the last 7 days' when the last view gets too old, and only re-checks contacts at the edge", async () => {
    const t = new Timeline({ start: "2026-11-10T17:00:00Z" });
    for (const name of ["Ada", "Bo", "Cy"]) t.contact(name);
    const viewers = await t.segment("Viewed this week", root({ id: "c1", type: "page_views", action: "viewed", occurrence: "has_done", window: { kind: "in_last", amount: 7, unit: "days" } }));
    t.event("Ada", "page_viewed");
    t.event("Bo", "page_viewed", { ago: days(3) });
    expect(t.members(viewers)).toEqual(["Ada", "Bo"]);
    let total = 0;
    for (let i = 0; i < 24 * 12; i++) {
      t.advance({ hours: 1 });
      const report = t.tick();
      expect(report.evaluated).toBe(report.candidates); // never a full rebuild
      total += report.evaluated;
    }
    expect(t.members(viewers)).toEqual([]);
    expect(total).toBe(2); // each contact was looked at once, when its view crossed the edge
    expect(t.changes(viewers).slice(-2)).toEqual([
      ["Bo", "left", "time"],
      ["Ada", "left", "time"],
    ]);
  });

  it("a tick with no crossing evaluates nothing and writes no membership", async () => {
    const t = new Timeline({ start: "2026-11-10T17:00:00Z" });
    t.contact("Ada");
    await t.segment("Recent", root({ id: "c1", type: "page_views", action: "viewed", occurrence: "has_done", window: { kind: "in_last", amount: 30, unit: "days" } }));
    t.event("Ada", "page_viewed");
    const before = t.db.$client.prepare(`SELECT (SELECT count(*) FROM membership_changes) + (SELECT count(*) FROM segment_members) AS n`).get();
    t.advance({ minutes: 1 });
    expect(t.tick()).toMatchObject({ segments: 1, candidates: 0, evaluated: 0, entered: 0, left: 0 });
    expect(t.db.$client.prepare(`SELECT (SELECT count(*) FROM membership_changes) + (SELECT count(*) FROM segment_members) AS n`).get()).toEqual(before);
  });

  it("'in the last 2 hours' windows move by the minute, not by the day", async () => {
    const t = new Timeline({ start: "2026-11-10T17:00:00Z" });
    t.contact("Ada");
    const carts = await t.segment("Cart in 2 hours", root({ id: "c1", type: "added_to_cart", action: "added", occurrence: "has_done", window: { kind: "in_last", amount: 2, unit: "hours" } }));
    t.event("Ada", "added_to_cart");
    t.advance({ hours: 1, minutes: 59 }).tick();
    expect(t.members(carts)).toEqual(["Ada"]);
    t.advance({ minutes: 2 }).tick();
    expect(t.members(carts)).toEqual([]);
  });

  it("birthday in the next 7 days: enters exactly 7 days before, at the shop's midnight", async () => {
    const t = new Timeline({ start: "2026-11-20T12:00:00Z", timeZone: "Asia/Tokyo" });
    t.contact("Ada", { birthday: "1990-11-30", birthdayMd: 1130 });
    t.contact("Bo", { birthday: "1985-12-01", birthdayMd: 1201 });
    const soon = await t.segment("Birthday soon", root({ id: "c1", type: "birthday", match: { operator: "in_next_days", days: 7 } }));
    expect(t.members(soon)).toEqual([]); // Nov 20 21:00 in Tokyo: Nov 30 is 10 days away
    t.now = Date.parse("2026-11-22T15:00:00Z"); // Nov 23 00:00 in Tokyo
    expect(t.tick()).toMatchObject({ entered: 1 });
    expect(t.members(soon)).toEqual(["Ada"]);
    t.now = Date.parse("2026-11-23T15:00:00Z"); // Nov 24 in Tokyo
    t.tick();
    expect(t.members(soon)).toEqual(["Ada", "Bo"]);
    t.now = Date.parse("2026-11-30T15:00:00Z"); // Dec 1 in Tokyo: Ada's birthday has passed
    t.tick();
    expect(t.members(soon)).toEqual(["Bo"]);
  });

  it("after a long outage the first tick catches up on everything that crossed", async () => {
    const t = new Timeline({ start: "2026-11-10T17:00:00Z" });
    t.contact("Ada");
    t.contact("Bo");
    const recent = await t.segment("Ordered in 14 days", root({ id: "c1", type: "order_count", match: { operator: "gte", value: 1 }, window: { kind: "in_last", amount: 14, unit: "days" } }));
    t.order("Ada");
    t.order("Bo", { ago: days(10) });
    expect(t.members(recent)).toEqual(["Ada", "Bo"]);
    t.advance({ days: 30 });
    expect(t.tick()).toMatchObject({ candidates: 2, left: 2 });
    expect(t.members(recent)).toEqual([]);
  });
});
