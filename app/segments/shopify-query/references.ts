import type { AttributeType as StoredAttributeType } from "../../../db/enums";

/**
 * What the bridge needs to know about one shop, passed in by the caller so the bridge stays pure:
 * Shopify ids ↔ Segmentflow's own integer ids (products, collections, categories, campaigns),
 * metafields ↔ custom attributes, stored city names, and the shop's clock and currency.
 * `shopReferences` builds it from plain lists (what the server, the CLI and the tests load).
 */

export type ShopReferences = {
  /** Our product id for a Shopify product id (digits or a gid://shopify/Product/… id). */
  productId(platformId: string): number | null;
  productPlatformId(id: number): string | null;
  /** Our category id for a collection id (storefront collection views). */
  collectionId(platformId: string): number | null;
  collectionPlatformId(id: number): string | null;
  /** Our category id for `products_purchased(category: …)`: a collection id or a product type name. */
  categoryId(reference: string): number | null;
  categoryReference(id: number): string | null;
  /** Our category id (kind `tag`) for `products_purchased(tag: …)`: a product tag, case-insensitive. */
  productTagId(name: string): number | null;
  productTagName(id: number): string | null;
  /** Our campaign id for `shopify_email.*(activity_id: …)`: email events are Segmentflow's own campaigns. */
  campaignId(activityId: string): number | null;
  campaignActivityId(id: number): string | null;
  /** The custom attribute fed by a customer metafield (`namespace.key`). */
  attributeOfMetafield(namespaceKey: string): { key: string; type: StoredAttributeType } | null;
  metafieldOfAttribute(key: string): string | null;
  /** The stored spelling of a city, from Shopify's city code (`LosAngeles` → "Los Angeles"). */
  cityName(country: string, region: string, cityCode: string): string | null;
};

export type ShopifyQueryContext = {
  now: number;
  timeZone: string;
  /** Decimals of the shop currency's minor unit (USD 2, JPY 0). */
  currencyExponent: number;
  /** The metafield holding birthdays (`facts.birth_date`): anniversary() on it is the birthday rule. */
  birthdayMetafield: string;
  references: ShopReferences;
};

export type ReferenceLists = {
  products: { id: number; platformId: string }[];
  categories: { id: number; kind: string; platformId: string | null; name: string }[];
  /** Email campaigns (SMS campaigns have no email events). */
  campaigns: { id: number; channel?: string }[];
  attributes: { key: string; type: StoredAttributeType; source: string | null }[];
  cities: { country: string | null; region: string | null; city: string | null }[];
};

/** A Shopify id as its digits: `gid://shopify/Product/123` and `123` are the same product. */
export function plainId(id: string): string {
  const gid = /^gid:\/\/shopify\/\w+\/(\d+)$/.exec(id.trim());
  return gid ? gid[1] : id.trim();
}

/** A city as Shopify's city code spells it: letters and digits only ("Los Angeles" → "LosAngeles"). */
export function cityCode(name: string): string {
  return name.replace(/[^\p{L}\p{N}]/gu, "");
}

export function shopReferences(lists: ReferenceLists): ShopReferences {
  const byPlatform = new Map(lists.products.map((p) => [plainId(p.platformId), p.id]));
  const productPlatform = new Map(lists.products.map((p) => [p.id, plainId(p.platformId)]));
  const collections = lists.categories.filter((c) => c.kind === "collection" && c.platformId);
  const collectionByPlatform = new Map(collections.map((c) => [plainId(c.platformId!), c.id]));
  const categoryById = new Map(lists.categories.map((c) => [c.id, c]));
  const typeByName = new Map(lists.categories.filter((c) => c.kind === "product_type").map((c) => [c.name.toLowerCase(), c.id]));
  const tagByName = new Map(lists.categories.filter((c) => c.kind === "tag").map((c) => [c.name.toLowerCase(), c.id]));
  const campaigns = new Set(lists.campaigns.filter((c) => c.channel !== "sms").map((c) => c.id));
  const metafieldSource = (source: string | null) => (source?.startsWith("metafield:") ? source.slice("metafield:".length) : null);
  const byMetafield = new Map(lists.attributes.filter((a) => metafieldSource(a.source)).map((a) => [metafieldSource(a.source)!, a]));
  const attributeByKey = new Map(lists.attributes.map((a) => [a.key, a]));
  const cities = new Map<string, string>();
  for (const c of lists.cities) {
    if (c.country && c.city) cities.set(`${c.country.toUpperCase()}|${(c.region ?? "").toUpperCase()}|${cityCode(c.city).toLowerCase()}`, c.city);
  }
  const campaignOf = (activityId: string) => {
    const id = Number(plainId(activityId));
    return Number.isSafeInteger(id) && campaigns.has(id) ? id : null;
  };
  return {
    productId: (platformId) => byPlatform.get(plainId(platformId)) ?? null,
    productPlatformId: (id) => productPlatform.get(id) ?? null,
    collectionId: (platformId) => collectionByPlatform.get(plainId(platformId)) ?? null,
    collectionPlatformId: (id) => {
      const category = categoryById.get(id);
      return category?.kind === "collection" && category.platformId ? plainId(category.platformId) : null;
    },
    categoryId: (reference) => collectionByPlatform.get(plainId(reference)) ?? typeByName.get(reference.toLowerCase()) ?? null,
    categoryReference: (id) => {
      const category = categoryById.get(id);
      if (!category || category.kind === "tag") return null;
      return category.kind === "collection" ? (category.platformId ? plainId(category.platformId) : null) : category.name;
    },
    productTagId: (name) => tagByName.get(name.trim().toLowerCase()) ?? null,
    productTagName: (id) => {
      const category = categoryById.get(id);
      return category?.kind === "tag" ? category.name : null;
    },
    campaignId: campaignOf,
    campaignActivityId: (id) => (campaigns.has(id) ? String(id) : null),
    attributeOfMetafield: (namespaceKey) => {
      const attribute = byMetafield.get(namespaceKey);
      return attribute ? { key: attribute.key, type: attribute.type } : null;
    },
    metafieldOfAttribute: (key) => metafieldSource(attributeByKey.get(key)?.source ?? null),
    cityName: (country, region, code) => cities.get(`${country.toUpperCase()}|${region.toUpperCase()}|${code.toLowerCase()}`) ?? null,
  };
}
