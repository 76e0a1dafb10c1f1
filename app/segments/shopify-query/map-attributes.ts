import type { DateMatch } from "../matches";
import type { Comparison } from "./ast";
import { RFM_GROUPS } from "./attributes";
import { combine, condition, type Part } from "./build";
import type { CheckedClause } from "./check";
import { fail } from "./errors";
import { comparedNumber, datePart, noEquivalent, plainNumber, stringValue, textComparison, toMinor, type Mapper } from "./map-values";
import { abandonedCheckoutPart } from "./map-abandoned";
import type { ShopReferences } from "./references";

/**
 * Plain attributes (`attribute operator value`), anniversary and customer metafields onto the
 * catalogue's conditions. List values are case-insensitive (as Segmentflow's text rules are by
 * default), text and enum values case-sensitive.
 */

/** rfm_group onto lifecycle stages: an approximation (the groups are computed differently), said as a warning. */
export const RFM_TO_STAGE: Record<(typeof RFM_GROUPS)[number], "loyal" | "high_potential" | "nurture_needed" | "dormant" | "churned" | null> = {
  CHAMPIONS: "loyal",
  LOYAL: "loyal",
  ACTIVE: "high_potential",
  NEW: "high_potential",
  PROMISING: "high_potential",
  NEEDS_ATTENTION: "nurture_needed",
  AT_RISK: "dormant",
  ALMOST_LOST: "dormant",
  PREVIOUSLY_LOYAL: "dormant",
  DORMANT: "churned",
  PROSPECTS: null,
};

const DATE_FIELDS = { customer_added_date: "signed_up_at", first_order_date: "first_order_at", last_order_date: "last_order_at" } as const;

export function mapAttribute(checked: Extract<CheckedClause, { kind: "attribute" }>, m: Mapper, refs: ShopReferences): Part {
  const { clause, name, spec } = checked;
  const cmp = clause.comparison;
  const pos = clause.pos;
  if (spec.unsupported) noEquivalent(pos, name, spec.unsupported);
  switch (name) {
    case "customer_added_date":
    case "first_order_date":
    case "last_order_date": {
      const type = DATE_FIELDS[name];
      return datePart(cmp, (match: DateMatch) => ({ type, match }), m, true, pos);
    }
    case "abandoned_checkout_date":
      return abandonedCheckoutPart(cmp, m, pos);
    case "amount_spent":
      return condition({ type: "total_spent", match: comparedNumber(cmp, (v) => toMinor(v, m.ctx.currencyExponent)) }, pos);
    case "number_of_orders":
      return condition({ type: "order_count", match: comparedNumber(cmp, plainNumber) }, pos);
    case "customer_account_status": {
      // ENABLED is membership (a member has an enabled account); the other states are the account state itself
      const value = stringValue(cmp);
      if (value === "ENABLED") return condition({ type: "member_status", value: cmp.op === "=" ? "member" : "non_member" }, pos);
      const state = value.toLowerCase() as "disabled" | "invited" | "declined";
      return condition({ type: "account_state", match: { operator: cmp.op === "=" ? "is_any_of" : "is_none_of", values: [state] } }, pos);
    }
    case "email_subscription_status":
    case "sms_subscription_status": {
      const type = name === "email_subscription_status" ? "email_subscription" : "sms_subscription";
      const values = [stringValue(cmp).toLowerCase()] as never[];
      return condition({ type, match: { operator: cmp.op === "=" ? "is_any_of" : "is_none_of", values } }, pos);
    }
    case "rfm_group":
      return rfmPart(cmp, m, pos);
    case "customer_email_domain":
    case "customer_language": {
      const type = name === "customer_email_domain" ? "email_domain" : "language";
      const match = textComparison(cmp);
      return condition("value" in match ? { type, match, caseSensitive: true } : { type, match }, pos);
    }
    case "customer_tags": {
      if (cmp.op === "is_null" || cmp.op === "is_not_null") {
        noEquivalent(pos, `customer_tags ${cmp.op === "is_null" ? "IS NULL" : "IS NOT NULL"}`, "Segmentflow's tag rules name the tags they look for");
      }
      return condition({ type: "tag", operator: cmp.op === "contains" ? "has_any" : "has_none", tags: [stringValue(cmp)] }, pos);
    }
    case "customer_countries":
    case "customer_regions":
    case "customer_cities":
      return placePart(name, cmp, refs, m);
    case "companies":
      if (cmp.op !== "is_null" && cmp.op !== "is_not_null") {
        noEquivalent(pos, `companies ${cmp.op === "contains" ? "CONTAINS" : "NOT CONTAINS"}`, "Segmentflow knows whether a contact belongs to a B2B company, not which one: use companies IS NOT NULL");
      }
      return condition({ type: "b2b_company", value: cmp.op === "is_not_null" ? "in_company" : "no_company" }, pos);
    default:
      return fail(pos, `${name} is not supported yet`);
  }
}

function rfmPart(cmp: Comparison, m: Mapper, pos: Comparison["pos"]): Part {
  const group = stringValue(cmp) as (typeof RFM_GROUPS)[number];
  const stage = RFM_TO_STAGE[group];
  const positive = cmp.op === "=";
  const meaning = stage ? `the lifecycle stage ${stage}` : "no orders yet";
  m.warn({ line: pos.line, column: pos.column, message: `rfm_group '${group}' is approximated by ${meaning}: Segmentflow's lifecycle stages are computed from its own recency, frequency and spend thresholds` });
  if (!stage) return condition({ type: "order_count", match: positive ? { operator: "eq", value: 0 } : { operator: "gte", value: 1 } }, pos);
  return condition({ type: "lifecycle_stage", match: { operator: positive ? "is_any_of" : "is_none_of", values: [stage] } }, pos);
}

/** Countries ('CA'), regions ('US-CA') and cities ('US-CA-LosAngeles'): country, region and city conditions together. */
function placePart(name: "customer_countries" | "customer_regions" | "customer_cities", cmp: Comparison, refs: ShopReferences, m: Mapper): Part {
  const pos = "value" in cmp ? cmp.value.pos : cmp.pos;
  const single = { customer_countries: "country", customer_regions: "region", customer_cities: "city" } as const;
  if (cmp.op === "is_null" || cmp.op === "is_not_null") {
    return condition({ type: single[name], match: { operator: cmp.op === "is_null" ? "is_not_set" : "is_set" } }, cmp.pos);
  }
  const code = stringValue(cmp).trim();
  const parts = code.split("-");
  const expected = { customer_countries: ["a country code such as 'CA'", 1], customer_regions: ["countryCode-regionCode such as 'US-CA'", 2], customer_cities: ["countryCode-regionCode-cityCode such as 'US-CA-LosAngeles'", 3] } as const;
  const [description, count] = expected[name];
  const valid = name === "customer_cities" ? parts.length >= 3 && parts[2] !== "" : parts.length === count;
  if (!valid || !/^[A-Za-z]{2}$/.test(parts[0]) || (count > 1 && !/^[A-Za-z0-9]{1,3}$/.test(parts[1]))) {
    fail(pos, `${shownCode(code)} is not a ${{ customer_countries: "country", customer_regions: "region", customer_cities: "city" }[name]} code: expected ${description}`);
  }
  const country = parts[0].toUpperCase();
  const region = parts[1]?.toUpperCase();
  const positive = cmp.op === "contains";
  const operator = positive ? "is_any_of" : "is_none_of";
  const conditions: Part[] = [condition({ type: "country", match: { operator, values: [country] } }, cmp.pos)];
  if (region) conditions.push(condition({ type: "region", match: { operator, values: [region] } }, cmp.pos));
  if (name === "customer_cities") {
    const cityCode = parts.slice(2).join("-");
    let city = refs.cityName(country, region!, cityCode);
    if (!city) {
      city = cityCode.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2");
      m.warn({ line: pos.line, column: pos.column, message: `No contact of this shop lives in ${code} yet, so the city is matched as “${city}”` });
    }
    conditions.push(condition({ type: "city", match: { operator, values: [city] } }, cmp.pos));
  }
  return combine(positive ? "all" : "any", conditions, cmp.pos);
}

const shownCode = (code: string) => `'${code}'`;
