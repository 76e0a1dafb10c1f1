import { describe, expect, it } from "vitest";
import { days, Timeline } from "./harness";

const root = (match: "all" | "any", ...children: object[]) => ({ id: "root", type: "group", match, children });

describe("membership follows data in real time", () => {
  it("properties: a contact enters when they move to the country and leaves when they move away", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada", { countryCode: "FR" });
    t.contact("Bo", { countryCode: "US" });
    const french = await t.segment("French", root("all", { id: "c1", type: "country", match: { operator: "is", value: "fr" } }));
    expect(t.members(french)).toEqual(["Ada"]);
    t.advance({ hours: 1 }).update("Bo", { countryCode: "FR" });
    expect(t.members(french)).toEqual(["Ada", "Bo"]);
    t.advance({ hours: 1 }).update("Ada", { countryCode: "DE" });
    expect(t.members(french)).toEqual(["Bo"]);
    expect(t.changes(french)).toEqual([
      ["Ada", "entered", "definition_edit"],
      ["Bo", "entered", "event"],
      ["Ada", "left", "event"],
    ]);
  });

  it("email channel: unsubscribing leaves the subscribers segment with cause consent", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada", { emailConsent: "subscribed" });
    const subscribers = await t.segment("Subscribers", root("all", { id: "c1", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } }));
    t.advance({ hours: 2 }).update("Ada", { emailConsent: "unsubscribed" }, "consent");
    expect(t.members(subscribers)).toEqual([]);
    expect(t.changes(subscribers).at(-1)).toEqual(["Ada", "left", "consent"]);
  });

  it("consumer behaviour: enters after the 2nd order, a re-delivered order counts once, a cancellation leaves", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada");
    const repeat = await t.segment("Repeat buyers", root("all", { id: "c1", type: "order_count", match: { operator: "gte", value: 2 } }));
    t.order("Ada", { platformId: "1001" });
    expect(t.members(repeat)).toEqual([]);
    t.advance({ days: 1 }).order("Ada", { platformId: "1002" });
    expect(t.members(repeat)).toEqual(["Ada"]);
    t.advance({ minutes: 1 }).order("Ada", { platformId: "1002" }); // duplicate delivery
    expect(t.changes(repeat)).toEqual([["Ada", "entered", "event"]]);
    t.advance({ days: 1 }).cancelOrder("Ada", "1001");
    expect(t.members(repeat)).toEqual([]);
    expect(t.changes(repeat).at(-1)).toEqual(["Ada", "left", "event"]);
  });

  it("negation: viewed a product in the last 7 days and did not order it", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada");
    const hat = t.product("Hat");
    const browsers = await t.segment(
      "Viewed the hat, did not buy it",
      root(
        "all",
        { id: "c1", type: "product_views", action: "viewed", productIds: [hat], occurrence: "has_done", window: { kind: "in_last", amount: 7, unit: "days" } },
        { id: "c2", type: "purchased_product", productIds: [hat], match: "any", occurrence: "has_not_done", window: { kind: "in_last", amount: 7, unit: "days" } },
      ),
    );
    t.advance({ hours: 1 }).event("Ada", "product_viewed", { subject: t.product("Scarf") });
    expect(t.members(browsers)).toEqual([]);
    t.advance({ hours: 1 }).event("Ada", "product_viewed", { subject: hat });
    expect(t.members(browsers)).toEqual(["Ada"]);
    t.advance({ days: 1 }).order("Ada", { products: ["Hat"] });
    expect(t.members(browsers)).toEqual([]);
  });

  it("an event that arrives late (out of order) is judged by when it happened", async () => {
    const t = new Timeline({ start: "2026-11-20T15:00:00Z" });
    t.contact("Ada");
    const recent = await t.segment("Opened in 7 days", root("all", { id: "c1", type: "email_activity", action: "opened", occurrence: "has_done", window: { kind: "in_last", amount: 7, unit: "days" } }));
    t.event("Ada", "email_opened", { ago: days(10) }); // delivered now, happened 10 days ago
    expect(t.members(recent)).toEqual([]);
    t.event("Ada", "email_opened", { ago: days(2) });
    expect(t.members(recent)).toEqual(["Ada"]);
  });

  it("only segments that depend on the change are re-evaluated, and reporting the same change twice writes nothing", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada", { countryCode: "FR", emailConsent: "subscribed" });
    await t.segment("French", root("all", { id: "c1", type: "country", match: { operator: "is", value: "FR" } }));
    const viewers = await t.segment("Viewers", root("all", { id: "c1", type: "page_views", action: "viewed", occurrence: "has_done" }));
    const first = t.event("Ada", "page_viewed");
    expect(first).toMatchObject({ segments: 1, evaluated: 1, entered: 1 });
    const again = t.changed("Ada", { events: [{ type: 1 }] });
    expect(again).toMatchObject({ segments: 1, evaluated: 1, entered: 0, left: 0 });
    expect(t.changes(viewers)).toHaveLength(1);
    expect(t.changed("Ada", { events: [{ type: 22 }] })).toMatchObject({ segments: 0, evaluated: 0 });
  });

  it("tags, custom attributes, membership and subscriptions each move a contact", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada");
    const mixed = await t.segment(
      "Members tagged VIP, or who cancelled a subscription",
      root(
        "any",
        { id: "g1", type: "group", match: "all", children: [
          { id: "c1", type: "member_status", value: "member" },
          { id: "c2", type: "tag", operator: "has_any", tags: ["VIP"] },
        ] },
        { id: "c3", type: "subscription", action: "cancelled", occurrence: "has_done" },
      ),
    );
    t.update("Ada", { isMember: true });
    expect(t.members(mixed)).toEqual([]);
    t.db.$client.prepare(`INSERT INTO tags (shop_id, name, name_key, created_at) VALUES (?, 'vip', 'vip', 0)`).run(t.shopId);
    t.db.$client.prepare(`INSERT INTO contact_tags (tag_id, contact_id, source, shop_id, added_at) VALUES (1, ?, 'import', ?, 0)`).run(t.id("Ada"), t.shopId);
    t.changed("Ada", { tags: true }, "import");
    expect(t.members(mixed)).toEqual(["Ada"]);
    expect(t.changes(mixed).at(-1)).toEqual(["Ada", "entered", "import"]);
    t.update("Ada", { isMember: false });
    expect(t.members(mixed)).toEqual([]);
    t.event("Ada", "subscription_cancelled");
    expect(t.members(mixed)).toEqual(["Ada"]);
  });
});

describe("every family has a real-time path", () => {
  it("SMS channel, coupons, custom attributes and last visit", async () => {
    const t = new Timeline({ start: "2026-11-01T15:00:00Z" });
    t.contact("Ada", { phone: "+15555550100", smsConsent: "subscribed" });
    t.db.$client.prepare(`INSERT INTO attribute_definitions (shop_id, key, label, type, created_at) VALUES (?, 'loyalty_points', 'Points', 'number', 0)`).run(t.shopId);
    const coupon = t.db.$client.prepare(`INSERT INTO coupons (shop_id, code, created_at) VALUES (?, 'WELCOME10', 0) RETURNING id`).pluck().get(t.shopId) as number;
    const engaged = await t.segment("Engaged SMS subscribers with points", {
      id: "root", type: "group", match: "all", children: [
        { id: "c1", type: "sms_subscription", match: { operator: "is_any_of", values: ["subscribed"] } },
        { id: "c2", type: "coupon_activity", action: "clicked", couponIds: [coupon], occurrence: "has_done" },
        { id: "c3", type: "custom_attribute", key: "loyalty_points", valueType: "number", match: { operator: "gte", value: 100 } },
        { id: "c4", type: "last_visit_at", match: { operator: "in_last", amount: 7, unit: "days" } },
      ],
    });
    t.event("Ada", "coupon_clicked", { subject: coupon });
    t.db.$client.prepare(`INSERT INTO contact_attributes (contact_id, attribute_id, shop_id, number_value, updated_at) VALUES (?, 1, ?, 250, 0)`).run(t.id("Ada"), t.shopId);
    t.changed("Ada", { attributes: ["loyalty_points"] });
    expect(t.members(engaged)).toEqual([]);
    t.update("Ada", { lastVisitAt: t.now });
    expect(t.members(engaged)).toEqual(["Ada"]);
    t.update("Ada", { smsConsent: "unsubscribed" }, "consent");
    expect(t.members(engaged)).toEqual([]);
    expect(t.changes(engaged).map(([, kind, cause]) => `${kind}:${cause}`)).toEqual(["entered:event", "left:consent"]);
  });
});
