import type { AttributeType } from "../../db/enums";
import type { Condition } from "./conditions/catalogue";
import { conditionsOf, parseSegmentDefinition, type DefinitionIssue, type SegmentDefinition } from "./definition";
import type { Count, DateMatch, NumberMatch, Window } from "./matches";

/** What exists in the shop, for the checks a schema alone cannot make (loaded by the caller). */
export type ShopCatalog = {
  attributes: Map<string, AttributeType>;
  productIds: Set<number>;
  categoryIds: Set<number>;
  campaignIds: Set<number>;
  couponIds: Set<number>;
};

export const EMPTY_CATALOG: ShopCatalog = {
  attributes: new Map(),
  productIds: new Set(),
  categoryIds: new Set(),
  campaignIds: new Set(),
  couponIds: new Set(),
};

function checkRange(start: string, end: string): string | null {
  return start > end ? `The start date ${start} is after the end date ${end}` : null;
}

function checkWindow(window: Window | undefined): string | null {
  return window?.kind === "between" ? checkRange(window.start, window.end) : null;
}

function checkDate(match: DateMatch): string | null {
  return match.operator === "between" ? checkRange(match.start, match.end) : null;
}

function checkNumber(match: NumberMatch): string | null {
  return match.operator === "between" && match.min > match.max ? `The range ${match.min}–${match.max} is empty: the minimum is above the maximum` : null;
}

function checkCount(occurrence: "has_done" | "has_not_done", count: Count | undefined): string | null {
  if (!count) return null;
  if (occurrence === "has_not_done") return "“Has not” cannot also have a number of times";
  if (count.operator === "between") {
    return count.min > count.max ? `“At least ${count.min} and at most ${count.max} times” can never match` : null;
  }
  if (count.value === 0) {
    if (count.operator === "at_least") return "“At least 0 times” matches everyone: remove the condition or use 1 or more";
    if (count.operator === "exactly") return "“Exactly 0 times” is “has not”: use that instead";
  }
  return null;
}

function checkIds(ids: number[] | undefined, known: Set<number>, what: string): string | null {
  const unknown = (ids ?? []).filter((id) => !known.has(id));
  return unknown.length ? `Unknown ${what}${unknown.length > 1 ? "s" : ""} for this shop: ${unknown.map((id) => `#${id}`).join(", ")}` : null;
}

/** The semantic checks of one condition; `null` entries mean "fine". */
function conditionProblems(c: Condition, catalog: ShopCatalog): (string | null)[] {
  const problems: (string | null)[] = [];
  if ("match" in c && typeof c.match === "object" && c.match && "operator" in c.match) {
    const match = c.match as { operator: string };
    if (match.operator === "between" && "start" in match) problems.push(checkDate(match as DateMatch));
    if (match.operator === "between" && "min" in match) problems.push(checkNumber(match as NumberMatch));
  }
  if ("occurrence" in c) {
    problems.push(checkCount(c.occurrence, c.count));
    problems.push(checkWindow(c.window));
  }
  if ((c.type === "order_count" || c.type === "total_spent") && c.window) problems.push(checkWindow(c.window));
  switch (c.type) {
    case "custom_attribute": {
      const type = catalog.attributes.get(c.key);
      if (!type) problems.push(`Unknown custom attribute “${c.key}” for this shop`);
      else if (type !== c.valueType) problems.push(`The attribute “${c.key}” holds ${type} values, not ${c.valueType}`);
      break;
    }
    case "purchased_product":
      problems.push(checkIds(c.productIds, catalog.productIds, "product"));
      if (c.match === "all" && c.count) problems.push("“All of the products” cannot also have a number of times");
      break;
    case "purchased_category":
      problems.push(checkIds(c.categoryIds, catalog.categoryIds, "category"));
      if (c.match === "all" && c.count) problems.push("“All of the categories” cannot also have a number of times");
      break;
    case "product_views":
    case "added_to_cart":
      problems.push(checkIds(c.productIds, catalog.productIds, "product"));
      problems.push(checkIds(c.categoryIds, catalog.categoryIds, "category"));
      break;
    case "collection_views":
      problems.push(checkIds(c.categoryIds, catalog.categoryIds, "collection"));
      break;
    case "email_activity":
    case "sms_activity":
      problems.push(checkIds(c.campaignIds, catalog.campaignIds, "campaign"));
      break;
    case "coupon_activity":
      problems.push(checkIds(c.couponIds, catalog.couponIds, "coupon"));
      problems.push(checkIds(c.campaignIds, catalog.campaignIds, "campaign"));
      break;
  }
  return problems;
}

/** Semantic validation of a parsed definition against the shop: contradictions and unknown references. */
export function validateDefinition(definition: SegmentDefinition, catalog: ShopCatalog): DefinitionIssue[] {
  return conditionsOf(definition.root).flatMap((c) =>
    conditionProblems(c, catalog)
      .filter((p): p is string => p !== null)
      .map((message) => ({ nodeId: c.id, message })),
  );
}

/** Parse + validate: the one gate before a definition is stored or compiled. */
export function checkDefinition(
  raw: unknown,
  catalog: ShopCatalog,
): { ok: true; definition: SegmentDefinition } | { ok: false; issues: DefinitionIssue[] } {
  const parsed = parseSegmentDefinition(raw);
  if (!parsed.ok) return parsed;
  const issues = validateDefinition(parsed.definition, catalog);
  return issues.length ? { ok: false, issues } : parsed;
}

