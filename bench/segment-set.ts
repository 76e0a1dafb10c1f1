import { SUGGESTED_SEGMENTS } from "../app/segments/suggested";

/**
 * The benchmark's 100 live segments: every suggested segment (the seed's four use cases among
 * them) plus catalogue definitions drawn from the ten templates of performance.md §2.4 with varied
 * parameters, so the engine is measured on the mix the raw-SQLite floor was measured on.
 */
export type StoreFacts = { countries: string[]; tags: string[]; productIds: number[]; categoryIds: number[] };

const root = (match: "all" | "any", children: object[]) => ({ version: 1, root: { id: "root", type: "group", match, children } });
const inLast = (amount: number) => ({ kind: "in_last", amount, unit: "days" });

export function liveSegments(facts: StoreFacts, count = 100): { name: string; definition: unknown; suggested?: string }[] {
  const suggested = SUGGESTED_SEGMENTS.slice(0, count).map((s) => ({ name: s.name, definition: s.definition, suggested: s.key }));
  return [...suggested, ...benchmarkSegments(facts, count - suggested.length)];
}

/** `count` catalogue definitions, cycling through the ten templates (variant k of each on round k). */
export function benchmarkSegments(facts: StoreFacts, count = 100): { name: string; definition: unknown }[] {
  const templates: ((i: number) => { name: string; definition: unknown })[] = [
    (i) => {
      const country = facts.countries[i % facts.countries.length];
      return { name: `${country} subscribers`, definition: root("all", [
        { id: "c1", type: "country", match: { operator: "is", value: country } },
        { id: "c2", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } },
      ]) };
    },
    (i) => ({ name: `spent > ${(i + 1) * 150} and lapsed ${30 + 10 * i}d`, definition: root("all", [
      { id: "c1", type: "total_spent", match: { operator: "gt", value: (i + 1) * 15_000 } },
      { id: "c2", type: "last_order_at", match: { operator: "more_than_ago", amount: 30 + 10 * i, unit: "days" } },
    ]) }),
    (i) => {
      const product = facts.productIds[Math.min(facts.productIds.length - 1, i * 5)];
      return { name: `viewed product ${product} twice, did not buy`, definition: root("all", [
        { id: "c1", type: "product_views", action: "viewed", productIds: [product], occurrence: "has_done", count: { operator: "at_least", value: 2 }, window: inLast(30) },
        { id: "c2", type: "purchased_product", productIds: [product], match: "any", occurrence: "has_not_done", window: inLast(30) },
      ]) };
    },
    (i) => ({ name: `mix ${i}`, definition: root("any", [
      { id: "g1", type: "group", match: "all", children: [
        { id: "c1", type: "country", match: { operator: "is_any_of", values: facts.countries.slice(i % 3, (i % 3) + 3) } },
        { id: "c2", type: "total_spent", match: { operator: "gt", value: 10_000 } },
        { id: "c3", type: "email_activity", action: "opened", occurrence: "has_done", window: inLast(30) },
      ] },
      { id: "g2", type: "group", match: "all", children: [
        { id: "c4", type: "tag", operator: "has_any", tags: [facts.tags[i % facts.tags.length]] },
        { id: "c5", type: "order_count", match: { operator: "gte", value: 1 }, window: inLast(14) },
      ] },
    ]) }),
    (i) => ({ name: `tag ${facts.tags[i % facts.tags.length]}`, definition: root("all", [{ id: "c1", type: "tag", operator: "has_any", tags: [facts.tags[i % facts.tags.length]] }]) }),
    (i) => ({ name: `no orders, signed up in ${[7, 14, 30, 60, 90][i % 5]}d`, definition: root("all", [
      { id: "c1", type: "order_count", match: { operator: "eq", value: 0 } },
      { id: "c2", type: "signed_up_at", match: { operator: "in_last", amount: [7, 14, 30, 60, 90][i % 5], unit: "days" } },
    ]) }),
    (i) => ({ name: `opened ≥ ${1 + (i % 3)} in ${[7, 14, 30, 60, 90][i % 5]}d`, definition: root("all", [
      { id: "c1", type: "email_activity", action: "opened", occurrence: "has_done", count: { operator: "at_least", value: 1 + (i % 3) }, window: inLast([7, 14, 30, 60, 90][i % 5]) },
    ]) }),
    (i) => ({ name: `clicked in ${[3, 7, 14, 30, 60][i % 5]}d, no order`, definition: root("all", [
      { id: "c1", type: i % 2 ? "coupon_activity" : "email_activity", action: "clicked", occurrence: "has_done", window: inLast([3, 7, 14, 30, 60][i % 5]) },
      { id: "c2", type: "order_count", match: { operator: "eq", value: 0 }, window: inLast([3, 7, 14, 30, 60][i % 5]) },
    ]) }),
    (i) => ({ name: `bought category ${facts.categoryIds[i % facts.categoryIds.length]} and subscribed`, definition: root("all", [
      { id: "c1", type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } },
      { id: "c2", type: "purchased_category", categoryIds: [facts.categoryIds[i % facts.categoryIds.length]], match: "any", occurrence: "has_done" },
    ]) }),
    (i) => i % 2
      ? { name: `AOV > ${50 + 25 * i}`, definition: root("all", [{ id: "c1", type: "average_order_value", match: { operator: "gt", value: (50 + 25 * i) * 100 } }]) }
      : { name: `points > ${500 * (i + 1)}`, definition: root("all", [{ id: "c1", type: "custom_attribute", key: "loyalty_points", valueType: "number", match: { operator: "gt", value: 500 * (i + 1) } }]) },
  ];
  const out: { name: string; definition: unknown }[] = [];
  for (let k = 0; k < count; k++) out.push(templates[k % templates.length](Math.floor(k / templates.length)));
  return out;
}
