import { readFileSync } from "node:fs";
import { shopReferences, type ShopifyQueryContext } from "../../../app/segments/shopify-query";

/**
 * A shop for the bridge's unit tests: a few products and campaigns under the fixture's Shopify
 * ids, one collection, metafield attributes and known city spellings. `NOW` is a Saturday noon
 * UTC; the shop is in New York, so today is 2026-11-28 there.
 */

export type Example = { id: number; query: string; syntax: string; expect: "accept" | "reject"; note?: string; equivalent_matches_form?: string; source: string };

/** Copied unchanged from the project's shared fixtures (see tests/fixtures/README.md). */
export const EXAMPLES = JSON.parse(readFileSync(new URL("../../fixtures/shopify-segment-queries/examples.json", import.meta.url), "utf8")) as Example[];

export const NOW = Date.parse("2026-11-28T12:00:00Z");

export const REFERENCES = shopReferences({
  products: [
    { id: 1, platformId: "1234" },
    { id: 2, platformId: "2012162031638" },
    { id: 3, platformId: "gid://shopify/Product/1012132033639" },
    { id: 4, platformId: "32421429314657" },
  ],
  categories: [
    { id: 10, kind: "collection", platformId: "445566", name: "Summer edit" },
    { id: 11, kind: "product_type", platformId: null, name: "Shoes" },
    { id: 12, kind: "tag", platformId: null, name: "Sports wear" },
    { id: 13, kind: "tag", platformId: null, name: "Red hats" },
  ],
  campaigns: [{ id: 5240029206 }, { id: 1932881090 }, { id: 3250045832 }, { id: 7 }],
  attributes: [
    { key: "loyalty_points", type: "number", source: "metafield:loyalty.points" },
    { key: "vip_since", type: "date", source: "metafield:facts.vip_since" },
    { key: "nickname", type: "text", source: "metafield:facts.nickname" },
    { key: "newsletter_opt", type: "boolean", source: "metafield:facts.newsletter" },
    { key: "preferred_size", type: "text", source: "popup" },
  ],
  cities: [
    { country: "US", region: "CA", city: "Los Angeles" },
    { country: "CA", region: "QC", city: "Montréal" },
  ],
});

export const CONTEXT: ShopifyQueryContext = {
  now: NOW,
  timeZone: "America/New_York",
  currencyExponent: 2,
  birthdayMetafield: "facts.birth_date",
  references: REFERENCES,
};

/**
 * Fixture examples the language accepts but Segmentflow has no equivalent for, with what the error
 * says. None left: the last eight (a time of day, account states, product tags, NOT IN, B2B
 * companies, units bought) map onto conditions now; errors.test.ts keeps what truly has none.
 */
export const NO_EQUIVALENT: Record<number, { column: number; says: RegExp }> = {};
