/**
 * The bridge between Shopify's segment query language and Segmentflow definitions (pure: no
 * database, no Remix; `now`, the time zone and the shop's references are passed in).
 *
 *   importShopifyQuery(query, context) → { ok, definition, warnings } | { ok: false, error: { line, column, message } }
 *   exportShopifyQuery(definition, context) → { ok, query, warnings } | { ok: false, problems: [{ nodeId, message }] }
 */
export { describeProblem, type QueryError, type QueryWarning } from "./errors";
export { checkShopifyQuery, importShopifyQuery, type ImportResult } from "./import";
export { exportShopifyQuery, type ExportContext, type ExportResult } from "./print";
export { shopReferences, type ReferenceLists, type ShopifyQueryContext, type ShopReferences } from "./references";
