import type { Condition } from "../conditions/catalogue";
import { specOf } from "../conditions/catalogue";
import type { DefinitionNode, SegmentDefinition } from "../definition";
import { printAbandoned, printAbandonedRange, printDateField, printEmailActivity, printOrders, printPurchase, printUnits, printViews } from "./print-behaviour";
import { printCountry, printCustomAttribute, printProperty } from "./print-properties";
import { any, clause, PrintProblem, quote, type PExpr, type PrintContext } from "./print-values";
import { cityCode, type ShopifyQueryContext } from "./references";


type Of<T extends Condition["type"]> = Extract<Condition, { type: T }>;
/**
 * Definition → Shopify segment query in the newer (2026-10) syntax. Conditions the language can
 * say are written clause by clause (a country, region and city in a row are one customer_cities
 * clause; "has abandoned" then "has not since" is one abandoned_checkout_date range); every
 * condition it cannot say is reported on its node with the reason. Imports print back to the
 * query they mean, and that query imports to the same definition.
 */

export type ExportContext = Pick<ShopifyQueryContext, "currencyExponent" | "birthdayMetafield" | "references">;
export type ExportResult = { ok: true; query: string; warnings: string[] } | { ok: false; problems: { nodeId: string; message: string }[] };

export function exportShopifyQuery(definition: SegmentDefinition, context: ExportContext): ExportResult {
  const warnings: string[] = [];
  const problems: { nodeId: string; message: string }[] = [];
  const x: PrintContext = { ...context, warn: (message) => warnings.includes(message) || warnings.push(message) };
  const expr = printGroup(definition.root, x, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, query: serialize(expr), warnings };
}

function printGroup(group: Extract<DefinitionNode, { type: "group" }>, x: PrintContext, problems: { nodeId: string; message: string }[]): PExpr {
  const items: PExpr[] = [];
  const children = group.children;
  for (let i = 0; i < children.length; i++) {
    const run = recognise(children, i, group.match);
    if (run) {
      items.push(run.expr);
      i += run.length - 1;
      continue;
    }
    const child = children[i];
    if (child.type === "group") {
      items.push(printGroup(child, x, problems));
      continue;
    }
    try {
      items.push(printCondition(child, x));
    } catch (error) {
      if (!(error instanceof PrintProblem)) throw error;
      problems.push({ nodeId: child.id, message: `${specOf(child)?.label ?? child.type}: ${error.message}` });
    }
  }
  return group.match === "all" ? (items.length === 1 ? items[0] : { kind: "and", items }) : any(items);
}

/** One value of a place rule (`is any of` / `is none of` one value), or null. */
function single(node: DefinitionNode | undefined, type: "country" | "region" | "city", operator: "is_any_of" | "is_none_of"): string | null {
  if (!node || node.type !== type) return null;
  const c = node as Of<"country" | "region" | "city">;
  if (c.caseSensitive || c.match.operator !== operator || c.match.values.length !== 1) return null;
  return c.match.values[0];
}

/** Runs of conditions that are one Shopify clause: country+region(+city), an abandoned-checkout range. */
function recognise(children: DefinitionNode[], i: number, match: "all" | "any"): { expr: PExpr; length: number } | null {
  const operator = match === "all" ? "is_any_of" : "is_none_of";
  const country = single(children[i], "country", operator);
  const region = single(children[i + 1], "region", operator);
  if (country && region && /^[A-Za-z]{2}$/.test(country) && /^[A-Za-z0-9]{1,3}$/.test(region)) {
    const verb = match === "all" ? "CONTAINS" : "NOT CONTAINS";
    const city = single(children[i + 2], "city", operator);
    const place = `${country.toUpperCase()}-${region.toUpperCase()}`;
    if (city && cityCode(city)) return { expr: clause(`customer_cities ${verb} ${quote(`${place}-${cityCode(city)}`)}`), length: 3 };
    return { expr: clause(`customer_regions ${verb} ${quote(place)}`), length: 2 };
  }
  const [first, second] = [children[i], children[i + 1]];
  if (match === "all" && first?.type === "checkout_activity" && second?.type === "checkout_activity") {
    const range = printAbandonedRange(first, second);
    if (range) return { expr: range, length: 2 };
  }
  return null;
}

const NO_EQUIVALENT = "Shopify's segment query language has no filter for it";

function printCondition(c: Condition, x: PrintContext): PExpr {
  switch (c.type) {
    case "country": return printCountry(c);
    case "region":
    case "city":
    case "email_domain":
    case "language":
    case "email_subscription":
    case "sms_subscription":
    case "member_status":
    case "account_state":
    case "b2b_company":
    case "lifecycle_stage":
    case "tag":
    case "birthday":
      return printProperty(c, x);
    case "custom_attribute": return printCustomAttribute(c, x);
    case "order_count":
    case "total_spent":
      return printOrders(c, x);
    case "purchased_product":
    case "purchased_category":
      return printPurchase(c, x);
    case "units_purchased": return printUnits(c, x);
    case "email_activity": return printEmailActivity(c, x);
    case "product_views":
    case "collection_views":
      return printViews(c, x);
    case "signed_up_at":
    case "first_order_at":
    case "last_order_at":
      return printDateField(c, x);
    case "checkout_activity": return printAbandoned(c);
    default: throw new PrintProblem(NO_EQUIVALENT);
  }
}

/** AND binds tighter than OR: an Or inside an And needs parentheses; an And inside an Or gets them for clarity. */
export function serialize(expr: PExpr): string {
  if (expr.kind === "clause") return expr.text;
  const flatten = (items: PExpr[]): PExpr[] => items.flatMap((item) => (item.kind === expr.kind ? flatten((item as { items: PExpr[] }).items) : [item]));
  const flat = flatten(expr.items);
  const parts = flat.map((item) => (item.kind !== "clause" ? `(${serialize(item)})` : item.text));
  return parts.join(expr.kind === "and" ? " AND " : " OR ");
}
