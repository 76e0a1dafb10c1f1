import type { Db } from "../../db/client.server";
import type { AttributeType } from "../../db/enums";
import { currencyExponent } from "../money/money";
import { readShopSettings } from "../settings/shop-settings";
import type { SegmentDefinition } from "../segments/definition";
import { exportShopifyQuery, importShopifyQuery, type ImportResult, type ShopifyQueryContext, type ShopReferences } from "../segments/shopify-query";
import { cityCode, plainId } from "../segments/shopify-query/references";
import { checkDefinition } from "../segments/validate";
import { findSegment, loadShopCatalog } from "./segments.server";

/**
 * The Shopify query bridge for one shop: its references looked up in the database as the bridge
 * asks (products and collections by Shopify id, campaigns, metafield attributes, city spellings),
 * its clock, currency and birthday metafield. Every lookup is scoped by shop.
 */

type ShopRow = { id: number; time_zone: string; currency: string; settings: string | null };

function shopRow(db: Db, shopId: number): ShopRow {
  const row = db.$client.prepare(`SELECT id, time_zone, currency, settings FROM shops WHERE id = ?`).get(shopId) as ShopRow | undefined;
  if (!row) throw new Error(`no shop ${shopId}`);
  return row;
}

export function shopReferencesFromDb(db: Db, shopId: number): ShopReferences {
  const sqlite = db.$client;
  const one = <T>(sql: string, ...params: unknown[]) => (sqlite.prepare(sql).pluck().get(shopId, ...params) as T | undefined) ?? null;
  const forms = (id: string, kind: string) => [plainId(id), `gid://shopify/${kind}/${plainId(id)}`];
  return {
    productId: (platformId) => one<number>(`SELECT id FROM products WHERE shop_id = ? AND platform_id IN (?, ?)`, ...forms(platformId, "Product")),
    productPlatformId: (id) => {
      const platformId = one<string>(`SELECT platform_id FROM products WHERE shop_id = ? AND id = ?`, id);
      return platformId === null ? null : plainId(platformId);
    },
    collectionId: (platformId) =>
      one<number>(`SELECT id FROM categories WHERE shop_id = ? AND kind = 'collection' AND platform_id IN (?, ?)`, ...forms(platformId, "Collection")),
    collectionPlatformId: (id) => {
      const platformId = one<string>(`SELECT platform_id FROM categories WHERE shop_id = ? AND kind = 'collection' AND id = ?`, id);
      return platformId === null ? null : plainId(platformId);
    },
    categoryId: (reference) =>
      one<number>(`SELECT id FROM categories WHERE shop_id = ? AND kind = 'collection' AND platform_id IN (?, ?)`, ...forms(reference, "Collection")) ??
      one<number>(`SELECT id FROM categories WHERE shop_id = ? AND kind = 'product_type' AND name = ? COLLATE NOCASE`, reference),
    categoryReference: (id) => {
      const row = sqlite.prepare(`SELECT kind, platform_id AS platformId, name FROM categories WHERE shop_id = ? AND id = ?`).get(shopId, id) as
        | { kind: string; platformId: string | null; name: string }
        | undefined;
      if (!row || row.kind === "tag") return null;
      return row.kind === "collection" ? (row.platformId ? plainId(row.platformId) : null) : row.name;
    },
    productTagId: (name) => one<number>(`SELECT id FROM categories WHERE shop_id = ? AND kind = 'tag' AND name = ? COLLATE NOCASE ORDER BY id LIMIT 1`, name.trim()),
    productTagName: (id) => one<string>(`SELECT name FROM categories WHERE shop_id = ? AND kind = 'tag' AND id = ?`, id),
    campaignId: (activityId) => {
      const id = Number(plainId(activityId));
      return Number.isSafeInteger(id) ? one<number>(`SELECT id FROM campaigns WHERE shop_id = ? AND id = ? AND channel = 'email'`, id) : null;
    },
    campaignActivityId: (id) => (one<number>(`SELECT id FROM campaigns WHERE shop_id = ? AND id = ? AND channel = 'email'`, id) === null ? null : String(id)),
    attributeOfMetafield: (namespaceKey) =>
      (sqlite.prepare(`SELECT key, type FROM attribute_definitions WHERE shop_id = ? AND source = ?`).get(shopId, `metafield:${namespaceKey}`) as
        | { key: string; type: AttributeType }
        | undefined) ?? null,
    metafieldOfAttribute: (key) => {
      const source = one<string>(`SELECT source FROM attribute_definitions WHERE shop_id = ? AND key = ?`, key);
      return source?.startsWith("metafield:") ? source.slice("metafield:".length) : null;
    },
    cityName: (country, region, code) => {
      const cities = sqlite
        .prepare(`SELECT DISTINCT city FROM contacts WHERE shop_id = ? AND country_code = ? AND region_code = ? AND city IS NOT NULL`)
        .pluck()
        .all(shopId, country, region) as string[];
      return cities.find((city) => cityCode(city).toLowerCase() === code.toLowerCase()) ?? null;
    },
  };
}

/** Everything the bridge needs about the shop, at `now`. */
export function shopifyQueryContext(db: Db, { shopId, now }: { shopId: number; now: number }): ShopifyQueryContext {
  const shop = shopRow(db, shopId);
  return {
    now,
    timeZone: shop.time_zone,
    currencyExponent: currencyExponent(shop.currency),
    birthdayMetafield: readShopSettings(shop.settings).birthdayMetafield,
    references: shopReferencesFromDb(db, shopId),
  };
}

/** A pasted Shopify query → a definition valid for the shop (or the first problem, with its line and column). */
export function importShopifyQueryForShop(db: Db, { shopId, query, now }: { shopId: number; query: string; now: number }): ImportResult {
  const result = importShopifyQuery(query, shopifyQueryContext(db, { shopId, now }));
  if (!result.ok) return result;
  const checked = checkDefinition(result.definition, loadShopCatalog(db, shopId));
  if (!checked.ok) return { ok: false, error: { line: 1, column: 1, message: checked.issues.map((i) => i.message).join("; ") } };
  return result;
}

export type ExportOutcome = { ok: true; query: string; warnings: string[] } | { ok: false; reason: string; problems: string[] };

/** A definition as a Shopify query, or why it cannot be one. */
export function exportDefinitionForShop(db: Db, { shopId, definition, now }: { shopId: number; definition: SegmentDefinition; now: number }): ExportOutcome {
  const result = exportShopifyQuery(definition, shopifyQueryContext(db, { shopId, now }));
  if (result.ok) return result;
  const problems = result.problems.map((p) => p.message);
  return { ok: false, reason: `Shopify's segment query language cannot express ${problems.length === 1 ? "one condition" : `${problems.length} conditions`} of this segment`, problems };
}

/** A stored segment as a Shopify query; null when the shop has no such segment. */
export function exportSegmentForShop(db: Db, { shopId, segmentId, now }: { shopId: number; segmentId: number; now: number }): ExportOutcome | null {
  const segment = findSegment(db, { shopId, segmentId });
  if (!segment) return null;
  if (!segment.definition) return { ok: false, reason: "The segment's conditions are no longer valid", problems: segment.definitionIssues.map((i) => i.message) };
  return exportDefinitionForShop(db, { shopId, definition: segment.definition, now });
}
