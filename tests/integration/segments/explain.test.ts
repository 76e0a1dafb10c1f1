import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "../../../db/enums";
import { attributeDefinitions, contactAttributes, contactTags, events, orderLines, products, tags } from "../../../db/schema";
import { explainMembership } from "../../../app/membership/explain.server";
import { contactQuery } from "../../../app/segments/compile";
import { parseSegmentDefinition, type SegmentDefinition } from "../../../app/segments/definition";
import type { NodeExplanation } from "../../../app/segments/explain";
import { recomputeOrderStats } from "../../../app/contacts/order-stats.server";
import { createContact, createOrder as createOrderRow, createShop } from "../../factories/store";
import { createTestDb } from "../../helpers/test-db";

/**
 * Explanations, story by story, with explicit rows in a New York shop. Every predicted flip is
 * checked against the engine itself: `contactQuery` answers one way 1 ms before it and the other
 * way at it.
 */

const ZONE = "America/New_York";
/** Noon in New York on Saturday 2026-11-28. */
const NOW = Date.UTC(2026, 10, 28, 17, 0, 0);
/** A local wall time in the shop's zone, as epoch ms. */
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const HOUR = 3_600_000;

const db = createTestDb();
const shop = createShop(db, { timeZone: ZONE });
const otherShop = createShop(db, { timeZone: ZONE });
const product = (title: string) => db.insert(products).values({ shopId: shop.id, platformId: title, title, createdAt: 0, updatedAt: 0 }).returning().get();
const boots = product("boots");
const socks = product("socks");

function definition(match: "all" | "any", ...children: unknown[]): SegmentDefinition {
  const parsed = parseSegmentDefinition({ version: 1, root: { id: "root", type: "group", match, children } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.definition;
}
const one = (condition: Record<string, unknown>) => definition("all", { id: "c1", ...condition });

/** An order, with the contact's order statistics kept in step as the sync layer keeps them (the engine reads both). */
function createOrder(...args: Parameters<typeof createOrderRow>) {
  const order = createOrderRow(...args);
  if (order.contactId !== null) recomputeOrderStats(args[0], { shopId: order.shopId, contactIds: [order.contactId] });
  return order;
}

function view(contactId: number, at: number, productId: number | null = boots.id, type: number = EVENT_TYPES.product_viewed, shopId = shop.id) {
  db.insert(events).values({ shopId, contactId, type, subjectId: productId, occurredAt: at, source: 1 }).run();
}

function explain(def: SegmentDefinition, contactId: number, now = NOW, shopId = shop.id) {
  return explainMembership(db, { shopId, timeZone: ZONE, now, definition: def, contactId });
}

function isMember(def: SegmentDefinition, contactId: number, now: number): boolean {
  return db.get(contactQuery(def, { shopId: shop.id, now, timeZone: ZONE }, contactId)) !== undefined;
}

/** The explanation's member flag is the engine's, and at the predicted flip the engine's answer really changes. */
function expectEngineFlip(def: SegmentDefinition, contactId: number, now = NOW) {
  const explanation = explain(def, contactId, now)!;
  expect(explanation.member).toBe(isMember(def, contactId, now));
  const at = explanation.changesAt!.at;
  expect(isMember(def, contactId, at - 1)).toBe(explanation.member);
  expect(isMember(def, contactId, at)).toBe(!explanation.member);
  return explanation;
}

const condition = (node: NodeExplanation, id = "c1"): NodeExplanation => {
  if (node.id === id) return node;
  for (const child of node.children ?? []) {
    const found = condition(child, id);
    if (found) return found;
  }
  return undefined as never;
};

describe("date conditions", () => {
  it("last order in the last 30 days leaves at the start of the 31st local day after it", () => {
    // 22:30 on the 9th in New York is already the 10th in UTC: the local date counts
    const contact = createContact(db, shop.id, { lastOrderAt: local("2026-11-09T22:30"), ordersCount: 1 });
    const def = one({ type: "last_order_at", match: { operator: "in_last", amount: 30, unit: "days" } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.member).toBe(true);
    expect(explanation.changesAt).toEqual({ at: local("2026-12-10T00:00"), reason: "when the last order becomes older than 30 days" });
    const c1 = condition(explanation.root);
    expect(c1).toMatchObject({ kind: "condition", label: "Last order date is in the last 30 days", result: true, actual: "2026-11-09 22:30 (19 days ago)" });
    expect(c1.changesAt).toEqual(explanation.changesAt);
    expect(explanation.root).toMatchObject({ kind: "group", label: "All of", result: true });
  });

  it("months clamp like the engine: a 31 October order stays in “the last month” until 1 December", () => {
    const contact = createContact(db, shop.id, { lastOrderAt: local("2026-10-31T10:00") });
    const def = one({ type: "last_order_at", match: { operator: "in_last", amount: 1, unit: "months" } });
    expect(expectEngineFlip(def, contact.id).changesAt!.at).toBe(local("2026-12-01T00:00"));
  });

  it("whole days follow the zone across a daylight-saving change", () => {
    const now = Date.UTC(2027, 2, 5, 17); // 2027-03-05, clocks go forward on 14 March
    const contact = createContact(db, shop.id, { lastOrderAt: local("2027-03-03T10:00") });
    const def = one({ type: "last_order_at", match: { operator: "in_last", amount: 11, unit: "days" } });
    expect(expectEngineFlip(def, contact.id, now).changesAt!.at).toBe(Date.UTC(2027, 2, 15, 4)); // midnight EDT
  });

  it("signed up more than 30 days ago enters when the sign-up day is 31 days behind", () => {
    const contact = createContact(db, shop.id, { createdAt: local("2026-11-01T08:00") });
    const def = one({ type: "signed_up_at", match: { operator: "more_than_ago", amount: 30, unit: "days" } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.member).toBe(false);
    expect(explanation.changesAt).toEqual({ at: local("2026-12-02T00:00"), reason: "when the sign-up becomes more than 30 days old" });
  });

  it("a custom date attribute in the next 30 days enters 30 days ahead of it, and leaves the day after", () => {
    const renewal = db.insert(attributeDefinitions).values({ shopId: shop.id, key: "renewal", label: "Renewal", type: "date", createdAt: 0 }).returning().get();
    const contact = createContact(db, shop.id);
    db.insert(contactAttributes).values({ contactId: contact.id, attributeId: renewal.id, shopId: shop.id, numberValue: local("2027-01-10T12:00"), updatedAt: 0 }).run();
    const def = one({ type: "custom_attribute", key: "renewal", valueType: "date", match: { operator: "in_next", amount: 30, unit: "days" } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.changesAt).toEqual({ at: local("2026-12-11T00:00"), reason: "when “renewal” (2027-01-10) comes within the next 30 days" });
    const later = expectEngineFlip(def, contact.id, local("2027-01-05T09:00"));
    expect(later.changesAt).toEqual({ at: local("2027-01-11T00:00"), reason: "when “renewal” (2027-01-10) is past" });
  });

  it("an hours window flips at the exact instant", () => {
    const visit = NOW - 2 * HOUR;
    const contact = createContact(db, shop.id, { lastVisitAt: visit });
    const def = one({ type: "last_visit_at", match: { operator: "in_last", amount: 6, unit: "hours" } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.changesAt).toEqual({ at: visit + 6 * HOUR + 1, reason: "when the last visit becomes older than 6 hours" });
  });
});

describe("counted events and orders in a window", () => {
  const viewer = createContact(db, shop.id);
  view(viewer.id, local("2026-11-22T10:00"));
  view(viewer.id, local("2026-11-25T09:00"));
  view(viewer.id, local("2026-11-27T18:00"));
  view(viewer.id, local("2026-11-27T19:00"), socks.id); // another product
  view(createContact(db, shop.id).id, local("2026-11-26T12:00")); // another contact

  it("“viewed boots at least 2 times in the last 7 days” flips when the second most recent view leaves", () => {
    const def = one({ type: "product_views", action: "viewed", productIds: [boots.id], occurrence: "has_done", count: { operator: "at_least", value: 2 }, window: { kind: "in_last", amount: 7, unit: "days" } });
    const explanation = expectEngineFlip(def, viewer.id);
    expect(explanation.member).toBe(true);
    expect(explanation.changesAt).toEqual({
      at: local("2026-12-03T00:00"),
      reason: "when the product view of 2026-11-25 becomes older than 7 days (2 → 1 in the window)",
    });
    expect(condition(explanation.root).actual).toBe("3 product views in the last 7 days, latest 2026-11-27 18:00");
  });

  it("“at most 1 time” enters when the count falls to 1", () => {
    const def = one({ type: "product_views", action: "viewed", productIds: [boots.id], occurrence: "has_done", count: { operator: "at_most", value: 1 }, window: { kind: "in_last", amount: 7, unit: "days" } });
    const explanation = expectEngineFlip(def, viewer.id);
    expect(explanation.member).toBe(false);
    expect(explanation.changesAt!.at).toBe(local("2026-12-03T00:00"));
  });

  it("“viewed a page in the last 6 hours” leaves at the view's time plus 6 hours, to the millisecond", () => {
    const contact = createContact(db, shop.id);
    const at = NOW - 2 * HOUR - 12_345;
    view(contact.id, at, null, EVENT_TYPES.page_viewed);
    const def = one({ type: "page_views", action: "viewed", occurrence: "has_done", window: { kind: "in_last", amount: 6, unit: "hours" } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.changesAt!.at).toBe(at + 6 * HOUR + 1);
    expect(explanation.changesAt!.reason).toMatch(/^when the page view of 2026-11-28 09:59 becomes older than 6 hours/);
  });

  it("“has not ordered in the last 30 days” enters when the latest counted order leaves", () => {
    const contact = createContact(db, shop.id);
    createOrder(db, shop.id, contact.id, { placedAt: local("2026-11-01T09:00") });
    createOrder(db, shop.id, contact.id, { placedAt: local("2026-11-15T20:00") });
    createOrder(db, shop.id, contact.id, { placedAt: local("2026-11-20T09:00"), cancelledAt: local("2026-11-20T10:00") });
    createOrder(db, shop.id, contact.id, { placedAt: local("2026-10-01T09:00") });
    const def = one({ type: "order_count", match: { operator: "eq", value: 0 }, window: { kind: "in_last", amount: 30, unit: "days" } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.member).toBe(false);
    expect(explanation.changesAt).toEqual({ at: local("2026-12-16T00:00"), reason: "when the order of 2026-11-15 becomes older than 30 days (1 → 0 in the window)" });
  });

  it("spend in a window falls below the threshold when its oldest orders leave", () => {
    const contact = createContact(db, shop.id);
    createOrder(db, shop.id, contact.id, { placedAt: local("2026-11-05T09:00"), totalMinor: 8_000 });
    createOrder(db, shop.id, contact.id, { placedAt: local("2026-11-20T09:00"), totalMinor: 5_000, refundedMinor: 1_000 });
    const def = one({ type: "total_spent", match: { operator: "gt", value: 10_000 }, window: { kind: "in_last", amount: 30, unit: "days" } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.member).toBe(true);
    expect(condition(explanation.root).actual).toBe("120.00 from 2 orders in the last 30 days, latest 2026-11-20 09:00");
    expect(explanation.changesAt).toEqual({ at: local("2026-12-06T00:00"), reason: "when the order of 2026-11-05 becomes older than 30 days (120.00 → 40.00 in the window)" });
  });

  it("purchases count orders with the product, not refunded lines, and “all of” needs each product", () => {
    const contact = createContact(db, shop.id);
    const line = (orderId: number, productId: number, refundedQuantity = 0) =>
      db.insert(orderLines).values({ shopId: shop.id, orderId, contactId: contact.id, productId, quantity: 1, refundedQuantity, priceMinor: 100, totalMinor: 100 }).run();
    line(createOrder(db, shop.id, contact.id, { placedAt: local("2026-11-03T09:00") }).id, boots.id);
    line(createOrder(db, shop.id, contact.id, { placedAt: local("2026-11-20T09:00") }).id, socks.id);
    line(createOrder(db, shop.id, contact.id, { placedAt: local("2026-11-25T09:00") }).id, boots.id, 1); // refunded
    const window = { kind: "in_last", amount: 30, unit: "days" };
    const any = one({ type: "purchased_product", productIds: [boots.id, socks.id], occurrence: "has_done", count: { operator: "at_least", value: 2 }, window });
    expect(expectEngineFlip(any, contact.id).changesAt!.at).toBe(local("2026-12-04T00:00"));
    const all = one({ type: "purchased_product", productIds: [boots.id, socks.id], match: "all", occurrence: "has_done", window });
    const explanation = expectEngineFlip(all, contact.id);
    expect(explanation.changesAt!.at).toBe(local("2026-12-04T00:00"));
    expect(condition(explanation.root).actual).toMatch(/^2 of 2 products bought/);
  });
});

describe("birthdays", () => {
  const def = one({ type: "birthday", match: { operator: "in_next_days", days: 7 } });

  it("a birthday in the next 7 days is over the day after it", () => {
    const contact = createContact(db, shop.id, { birthday: "1990-12-03", birthdayMd: 1203 });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.member).toBe(true);
    expect(explanation.changesAt).toEqual({ at: local("2026-12-04T00:00"), reason: "when the birthday (December 3) is over" });
    expect(condition(explanation.root).actual).toBe("December 3");
  });

  it("a birthday further away enters 7 days before it", () => {
    const contact = createContact(db, shop.id, { birthdayMd: 1210 });
    const explanation = expectEngineFlip(def, contact.id);
    expect(explanation.changesAt).toEqual({ at: local("2026-12-03T00:00"), reason: "when the birthday (December 10) comes within the next 7 days" });
  });

  it("a birthday this month leaves when the month ends", () => {
    const contact = createContact(db, shop.id, { birthdayMd: 1105 });
    const explanation = expectEngineFlip(one({ type: "birthday", match: { operator: "in_current_month" } }), contact.id);
    expect(explanation.changesAt).toEqual({ at: local("2026-12-01T00:00"), reason: "when November ends" });
  });
});

describe("groups", () => {
  const lastOrder = { id: "order", type: "last_order_at", match: { operator: "in_last", amount: 30, unit: "days" } };

  it("in an Or, one side leaving does not change membership: the overall flip is the later one", () => {
    const contact = createContact(db, shop.id, { lastOrderAt: local("2026-11-09T10:00") });
    view(contact.id, local("2026-11-27T10:00"), null, EVENT_TYPES.page_viewed);
    const def = definition("any", lastOrder, { id: "pages", type: "page_views", action: "viewed", occurrence: "has_done", window: { kind: "in_last", amount: 14, unit: "days" } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(condition(explanation.root, "order").changesAt!.at).toBe(local("2026-12-10T00:00"));
    expect(isMember(def, contact.id, local("2026-12-10T00:00"))).toBe(true);
    expect(explanation.changesAt).toEqual({ at: local("2026-12-12T00:00"), reason: condition(explanation.root, "pages").changesAt!.reason });
    expect(explanation.root).toMatchObject({ label: "Any of", result: true });
  });

  it("a side that enters and leaves again before the other leaves does not hold membership", () => {
    // birthday 8 December: in the next 7 days from 1 to 8 December; the last order leaves on 10 December
    const contact = createContact(db, shop.id, { lastOrderAt: local("2026-11-09T10:00"), birthdayMd: 1208 });
    const def = definition("any", lastOrder, { id: "bday", type: "birthday", match: { operator: "in_next_days", days: 7 } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(condition(explanation.root, "bday").changesAt!.at).toBe(local("2026-12-01T00:00"));
    expect(explanation.changesAt).toEqual({ at: local("2026-12-10T00:00"), reason: "when the last order becomes older than 30 days" });
  });

  it("in an And, the first condition to fail decides, and non-time conditions never flip", () => {
    const contact = createContact(db, shop.id, { lastOrderAt: local("2026-11-09T10:00"), countryCode: "US", birthdayMd: 1203 });
    const def = definition("all", lastOrder, { id: "country", type: "country", match: { operator: "is", value: "us" } }, { id: "bday", type: "birthday", match: { operator: "in_next_days", days: 7 } });
    const explanation = expectEngineFlip(def, contact.id);
    expect(condition(explanation.root, "country")).toMatchObject({ result: true, actual: "US", changesAt: null });
    expect(explanation.changesAt).toEqual({ at: local("2026-12-04T00:00"), reason: "when the birthday (December 3) is over" });
  });

  it("without a time condition nothing changes by itself", () => {
    const contact = createContact(db, shop.id, { countryCode: "FR" });
    const explanation = explain(one({ type: "country", match: { operator: "is_any_of", values: ["US", "CA"] } }), contact.id)!;
    expect(explanation).toMatchObject({ member: false, changesAt: null });
    expect(condition(explanation.root)).toMatchObject({ label: "Country is any of “US”, “CA”", result: false, actual: "FR", changesAt: null });
  });
});

describe("scope", () => {
  it("never explains a contact of another shop, nor a deleted one", () => {
    const stranger = createContact(db, otherShop.id, { lastOrderAt: NOW - 86_400_000 });
    const def = one({ type: "last_order_at", match: { operator: "in_last", amount: 30, unit: "days" } });
    expect(explain(def, stranger.id)).toBeNull();
    expect(explain(def, stranger.id, NOW, otherShop.id)).not.toBeNull();
    const gone = createContact(db, shop.id, { lastOrderAt: NOW - 86_400_000, deletedAt: NOW - 1000 });
    expect(explain(def, gone.id)).toBeNull();
  });

  it("reads facts only from the shop: another shop's row under the contact's id is not shown", () => {
    const contact = createContact(db, shop.id);
    view(contact.id, NOW - HOUR, boots.id, EVENT_TYPES.product_viewed, otherShop.id);
    const def = one({ type: "product_views", action: "viewed", occurrence: "has_done", window: { kind: "in_last", amount: 7, unit: "days" } });
    const explanation = explain(def, contact.id)!;
    expect(condition(explanation.root).actual).toBe("0 product views in the last 7 days");
    // the engine's per-contact query does not filter events by shop (its bulk query does), so its
    // result and these facts disagree here: no flip is predicted from facts that disagree
    expect(condition(explanation.root).changesAt).toBeNull();
  });

  it("shows the actual values of property, tag and attribute rules", () => {
    const contact = createContact(db, shop.id, { email: "ada@example.org", emailConsent: "subscribed" });
    const points = db.insert(attributeDefinitions).values({ shopId: shop.id, key: "points", label: "Points", type: "number", createdAt: 0 }).returning().get();
    db.insert(contactAttributes).values({ contactId: contact.id, attributeId: points.id, shopId: shop.id, numberValue: 1200, updatedAt: 0 }).run();
    const vip = db.insert(tags).values({ shopId: shop.id, name: "VIP", nameKey: "vip", createdAt: 0 }).returning().get();
    db.insert(contactTags).values({ tagId: vip.id, contactId: contact.id, source: "import", shopId: shop.id, addedAt: 0 }).run();
    const def = definition(
      "all",
      { id: "domain", type: "email_domain", match: { operator: "is", value: "example.org" } },
      { id: "consent", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } },
      { id: "points", type: "custom_attribute", key: "points", valueType: "number", match: { operator: "gte", value: 1000 } },
      { id: "tags", type: "tag", operator: "has_any", tags: ["vip", "gold"] },
    );
    const explanation = explain(def, contact.id)!;
    expect(explanation).toMatchObject({ member: true, changesAt: null });
    expect(["domain", "consent", "points", "tags"].map((id) => condition(explanation.root, id).actual)).toEqual(["“example.org”", "subscribed", "1200", "“VIP” (import)"]);
  });
});

describe("predicted flips agree with the engine on random stories", () => {
  let seed = 20261128;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: T[]): T => items[int(0, items.length - 1)];
  const DAY = 86_400_000;

  const lastN = () => pick([{ amount: int(1, 40), unit: "days" }, { amount: int(1, 5), unit: "weeks" }, { amount: int(1, 3), unit: "months" }, { amount: int(1, 72), unit: "hours" }]);
  const count = () => pick([undefined, { operator: "at_least", value: int(1, 4) }, { operator: "at_most", value: int(0, 3) }, { operator: "exactly", value: int(1, 3) }, { operator: "between", min: 1, max: int(1, 4) }]);
  const randomCondition = (id: string): Record<string, unknown> => {
    switch (int(0, 4)) {
      case 0: {
        const operator = pick(["in_last", "more_than_ago", "in_next"]);
        const span = lastN();
        const match = operator === "in_last" ? { operator, ...span } : { operator, amount: int(1, 40), unit: pick(["days", "weeks", "months"]) };
        return { id, type: pick(["last_order_at", "signed_up_at", "last_visit_at"]), match };
      }
      case 1: {
        const c = count();
        return { id, type: "page_views", action: "viewed", occurrence: c ? "has_done" : pick(["has_done", "has_not_done"]), ...(c ? { count: c } : {}), window: { kind: "in_last", ...lastN() } };
      }
      case 2:
        return { id, type: "total_spent", match: pick([{ operator: "gt", value: int(0, 300) * 100 }, { operator: "lt", value: int(1, 300) * 100 }]), window: { kind: "in_last", ...lastN() } };
      case 3:
        return { id, type: "birthday", match: pick([{ operator: "in_next_days", days: int(0, 30) }, { operator: "in_current_month" }]) };
      default:
        return { id, type: "order_count", match: { operator: "gte", value: int(1, 3) }, window: { kind: "in_last", ...lastN() } };
    }
  };

  // Lord Howe moves its clocks by 30 minutes; the Azores change them at midnight
  for (const zone of ["America/New_York", "Australia/Lord_Howe", "Atlantic/Azores"]) {
    it(`in ${zone}`, () => {
      const zoneShop = createShop(db, { timeZone: zone });
      for (let story = 0; story < 25; story++) {
        // around the zone's daylight-saving changes as well as ordinary days
        const now = pick([Date.UTC(2026, 10, 28, 17), Date.UTC(2027, 2, 10, 9, 30), Date.UTC(2027, 3, 1, 14), Date.UTC(2026, 9, 1, 3)]) + int(0, 86_399) * 1000;
        const around = (lo: number, hi: number) => now + int(lo * 24, hi * 24) * 3_600_000 + int(0, 3_599_999);
        const contact = createContact(db, zoneShop.id, {
          lastOrderAt: around(-90, 3), createdAt: around(-90, 3), lastVisitAt: around(-4, 40), birthdayMd: pick([101, 229, 1231, int(1, 12) * 100 + int(1, 28)]),
        });
        const times: number[] = [];
        for (let i = int(0, 6); i > 0; i--) times.push(around(-100, 3));
        for (const at of times) view(contact.id, at, null, EVENT_TYPES.page_viewed, zoneShop.id);
        for (let i = int(0, 4); i > 0; i--) times.push(createOrder(db, zoneShop.id, contact.id, { placedAt: around(-100, 3), totalMinor: int(1, 200) * 100 }).placedAt);
        // the order statistics follow the orders (a contact without orders has no last order time)
        recomputeOrderStats(db, { shopId: zoneShop.id, contactIds: [contact.id] });
        const children = Array.from({ length: int(1, 3) }, (_, i) => randomCondition(`c${i}`));
        const def = definition(pick(["all", "any"]), ...children);
        const member = (at: number) => db.get(contactQuery(def, { shopId: zoneShop.id, now: at, timeZone: zone }, contact.id)) !== undefined;
        const explanation = explainMembership(db, { shopId: zoneShop.id, timeZone: zone, now, definition: def, contactId: contact.id })!;
        const context = JSON.stringify({ zone, now, children, explanation: { member: explanation.member, changesAt: explanation.changesAt } });
        expect(explanation.member, context).toBe(member(now));
        // every instant at which the engine's answer could change: each day start, and exact hour-window edges
        const candidates = new Set<number>();
        const today = DateTime.fromMillis(now, { zone }).startOf("day");
        for (let d = 1; d <= 130; d++) candidates.add(today.plus({ days: d }).toMillis());
        const hours = children.map((c) => (c.window ?? c.match) as { unit?: string; amount?: number }).filter((w) => w.unit === "hours").map((w) => w.amount!);
        for (const t of [...times, contact.lastVisitAt!]) for (const h of [0, ...hours]) candidates.add(t + h * 3_600_000 + 1);
        const flip = explanation.changesAt?.at ?? Infinity;
        for (const t of [...candidates].filter((t) => t > now && t < flip).sort((a, b) => a - b)) {
          expect(member(t), `${context} at ${t}`).toBe(explanation.member);
        }
        if (flip !== Infinity) {
          expect(member(flip - 1), context).toBe(explanation.member);
          expect(member(flip), context).toBe(!explanation.member);
        }
      }
    });
  }
});
