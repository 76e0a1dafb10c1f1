import type { SegmentDefinition } from "../definition";
import type { Expr } from "./ast";
import { METAFIELD_PREFIX, type AttributeType } from "./attributes";
import { buildDefinition, type Part } from "./build";
import { checkClause } from "./check";
import { QueryFailure, type QueryError, type QueryWarning } from "./errors";
import { mapAnniversary } from "./map-anniversary";
import { mapAttribute } from "./map-attributes";
import { mapFunction } from "./map-functions";
import { mapMetafield } from "./map-metafield";
import type { Mapper } from "./map-values";
import { parseQuery } from "./parser";
import type { ShopifyQueryContext } from "./references";

/**
 * Shopify segment query → Segmentflow definition: parse (both syntax generations), type-check
 * each clause against the documented attributes, map it onto the catalogue, build the And/Or
 * tree. The first problem is returned with its line and column; warnings say what the import
 * had to fix or approximate.
 */

export type ImportResult = { ok: true; definition: SegmentDefinition; warnings: QueryWarning[] } | { ok: false; error: QueryError };

const STORED_TYPES: Record<string, AttributeType> = { text: "string", number: "float", boolean: "boolean", date: "date" };

export function importShopifyQuery(query: string, context: ShopifyQueryContext): ImportResult {
  const warnings: QueryWarning[] = [];
  const mapper: Mapper = {
    ctx: { now: context.now, timeZone: context.timeZone, currencyExponent: context.currencyExponent },
    warn: (warning) => warnings.push(warning),
  };
  const refs = context.references;
  const metafieldType = (namespaceKey: string) => {
    const attribute = refs.attributeOfMetafield(namespaceKey);
    return attribute ? STORED_TYPES[attribute.type] : null;
  };
  try {
    const expr = parseQuery(query);
    const definition = buildDefinition(expr, (clause): Part => {
      const checked = checkClause(clause, metafieldType);
      switch (checked.kind) {
        case "attribute": return mapAttribute(checked, mapper, refs);
        case "metafield": return mapMetafield(checked, mapper, refs);
        case "function": return mapFunction(checked, mapper, refs);
        case "anniversary": return mapAnniversary(checked.clause, context.birthdayMetafield);
      }
    });
    return { ok: true, definition, warnings };
  } catch (error) {
    if (error instanceof QueryFailure) return { ok: false, error: error.toError() };
    throw error;
  }
}

/**
 * The language alone, without a shop: does the query parse, and does every clause use an
 * attribute or function the language documents with the operators and values of its type?
 * (Metafield clauses are only parsed: their type is the shop's.) Says nothing about Segmentflow.
 */
export function checkShopifyQuery(query: string): { ok: true } | { ok: false; error: QueryError } {
  try {
    const visit = (expr: Expr): void => {
      if (expr.kind === "and" || expr.kind === "or") return expr.items.forEach(visit);
      if (expr.kind === "clause" && expr.attribute.startsWith(METAFIELD_PREFIX)) return;
      checkClause(expr as Exclude<Expr, { kind: "and" | "or" }>, () => null);
    };
    visit(parseQuery(query));
    return { ok: true };
  } catch (error) {
    if (error instanceof QueryFailure) return { ok: false, error: error.toError() };
    throw error;
  }
}
