import type { Condition } from "../conditions/catalogue";
import type { TextMatch } from "../matches";
import { METAFIELD_PREFIX } from "./attributes";
import { all, any, cannot, clause, dateComparison, numberComparison, quote, type PExpr, type PrintContext } from "./print-values";


type Of<T extends Condition["type"]> = Extract<Condition, { type: T }>;
/**
 * Who the contact is, in the newer syntax: places, language and email domain, subscription
 * states, account, lifecycle (as rfm_group, approximately), tags, birthday, custom attributes
 * from metafields.
 */

/** Text equality rules as `=` / `!=` on a string attribute (or CONTAINS on a list); others have no equivalent. */
export function textRule(subject: string, match: TextMatch, options: { list?: boolean; fold?: (v: string) => string } = {}): PExpr {
  const fold = options.fold ?? ((v: string) => v);
  const [yes, no] = options.list ? ["CONTAINS", "NOT CONTAINS"] : ["=", "!="];
  switch (match.operator) {
    case "is": return clause(`${subject} ${yes} ${quote(fold(match.value))}`);
    case "is_not": return clause(`${subject} ${no} ${quote(fold(match.value))}`);
    case "is_any_of": return any(match.values.map((v) => clause(`${subject} ${yes} ${quote(fold(v))}`)));
    case "is_none_of": return all(match.values.map((v) => clause(`${subject} ${no} ${quote(fold(v))}`)));
    case "is_set": return clause(`${subject} IS NOT NULL`);
    case "is_not_set": return clause(`${subject} IS NULL`);
    default: return cannot(`Shopify's ${subject} compares whole values: “${match.operator.replace(/_/g, " ")}” has no equivalent`);
  }
}

const STAGE_TO_RFM = { loyal: "LOYAL", high_potential: "PROMISING", nurture_needed: "NEEDS_ATTENTION", dormant: "AT_RISK", churned: "DORMANT" } as const;

function enumRule(subject: string, match: { operator: "is_any_of" | "is_none_of"; values: readonly string[] }, value: (v: string) => string): PExpr {
  return match.operator === "is_any_of"
    ? any(match.values.map((v) => clause(`${subject} = '${value(v)}'`)))
    : all(match.values.map((v) => clause(`${subject} != '${value(v)}'`)));
}

export function printCountry(c: Of<"country">): PExpr {
  return textRule("customer_countries", c.match, { list: true, fold: (v) => v.toUpperCase() });
}

export function printProperty(c: Of<"email_domain" | "language" | "email_subscription" | "sms_subscription" | "member_status" | "account_state" | "b2b_company" | "lifecycle_stage" | "tag" | "birthday" | "region" | "city">, x: PrintContext): PExpr {
  switch (c.type) {
    case "email_domain":
      return textRule("customer_email_domain", c.match, { fold: (v) => v.toLowerCase() });
    case "language":
      return textRule("customer_language", c.match);
    case "email_subscription":
      return enumRule("email_subscription_status", c.match, (v) => v.toUpperCase());
    case "sms_subscription":
      return enumRule("sms_subscription_status", c.match, (v) => v.toUpperCase());
    case "member_status":
      return clause(`customer_account_status ${c.value === "member" ? "=" : "!="} 'ENABLED'`);
    case "account_state":
      return enumRule("customer_account_status", c.match, (v) => v.toUpperCase());
    case "b2b_company":
      return clause(`companies ${c.value === "in_company" ? "IS NOT NULL" : "IS NULL"}`);
    case "lifecycle_stage":
      x.warn("Lifecycle stages were written as Shopify RFM groups, which Shopify computes differently: the segment is an approximation there");
      return enumRule("rfm_group", c.match, (v) => STAGE_TO_RFM[v as keyof typeof STAGE_TO_RFM]);
    case "tag": {
      if (c.source) cannot(`Shopify's customer_tags has no tag source: remove “from ${c.source}”`);
      const items = c.tags.map((t) => clause(`customer_tags ${c.operator === "has_none" ? "NOT CONTAINS" : "CONTAINS"} ${quote(t)}`));
      return c.operator === "has_any" ? any(items) : all(items);
    }
    case "birthday":
      return printBirthday(c, x);
    case "region":
    case "city": {
      const subject = c.type === "region" ? "customer_regions" : "customer_cities";
      if (c.match.operator === "is_set" || c.match.operator === "is_not_set") return textRule(subject, c.match, { list: true });
      return cannot(
        c.type === "region"
          ? "Shopify's regions include their country ('US-CA'): put a Country (one code) right before the Region (one code) in the same group"
          : "Shopify's cities include country and region ('US-CA-LosAngeles'): put Country, Region and City (one value each) in this order in the same group",
      );
    }
  }
}

const MONTH_ENDS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function printBirthday(c: Of<"birthday">, x: PrintContext): PExpr {
  const subject = `anniversary('metafields.${x.birthdayMetafield}')`;
  switch (c.match.operator) {
    case "in_next_days":
      return clause(c.match.days === 0 ? `${subject} = today` : `${subject} BETWEEN today AND +${c.match.days}d`);
    case "in_month": {
      const month = String(c.match.month).padStart(2, "0");
      return clause(`${subject} BETWEEN 2000-${month}-01 AND 2000-${month}-${MONTH_ENDS[c.match.month - 1]}`);
    }
    default:
      return cannot(`Shopify's anniversary() has no “${c.match.operator.replace(/_/g, " ")}”: use “in the next N days” or “in a month”`);
  }
}

export function printCustomAttribute(c: Of<"custom_attribute">, x: PrintContext): PExpr {
  const metafield = x.references.metafieldOfAttribute(c.key);
  if (!metafield) cannot(`The attribute “${c.key}” does not come from a Shopify customer metafield, so Shopify's segments cannot see it`);
  const subject = `${METAFIELD_PREFIX}${metafield}`;
  switch (c.valueType) {
    case "text":
      if (!c.caseSensitive && (c.match.operator === "is" || c.match.operator === "is_not" || c.match.operator === "is_any_of" || c.match.operator === "is_none_of")) {
        x.warn(`Attribute “${c.key}”: Shopify compares text case-sensitively, Segmentflow's rule did not`);
      }
      return textRule(subject, c.match);
    case "number":
      return clause(numberComparison(subject, c.match));
    case "boolean": {
      const ops = { is_true: "= true", is_false: "= false", is_set: "IS NOT NULL", is_not_set: "IS NULL" } as const;
      return clause(`${subject} ${ops[c.match.operator]}`);
    }
    case "date":
      return dateComparison(subject, c.match, false, x.warn);
  }
}
