import type { DateMatch } from "../matches";
import { combine, condition, type Part } from "./build";
import type { CheckedClause } from "./check";
import { fail } from "./errors";
import { datePart, numberMatch, plainNumber, textComparison, type Mapper } from "./map-values";
import type { ShopReferences } from "./references";

/**
 * `customer.metafields.<namespace>.<key>` onto the custom attribute the metafield feeds, with the
 * operators of its type: text (case-sensitive, as Shopify's strings), number, true/false, date.
 */
export function mapMetafield(checked: Extract<CheckedClause, { kind: "metafield" }>, m: Mapper, refs: ShopReferences): Part {
  const { clause, namespaceKey, type } = checked;
  const attribute = refs.attributeOfMetafield(namespaceKey);
  if (!attribute) return fail(clause.pos, `No custom attribute of this shop comes from the metafield ${namespaceKey}`);
  const { key } = attribute;
  const cmp = clause.comparison;
  const pos = clause.pos;
  switch (type) {
    case "string": {
      const match = textComparison(cmp);
      return condition({ type: "custom_attribute", key, valueType: "text", match, ...("value" in match ? { caseSensitive: true } : {}) }, pos);
    }
    case "float":
    case "integer":
      return condition({ type: "custom_attribute", key, valueType: "number", match: numberMatch(cmp, plainNumber) }, pos);
    case "boolean": {
      const make = (operator: "is_true" | "is_false" | "is_set" | "is_not_set") => condition({ type: "custom_attribute", key, valueType: "boolean", match: { operator } }, pos);
      if (cmp.op === "is_null") return make("is_not_set");
      if (cmp.op === "is_not_null") return make("is_set");
      if (cmp.op !== "=" && cmp.op !== "!=") return fail(cmp.pos, "Expected = or !=");
      const truth = cmp.value.kind === "boolean" && cmp.value.value;
      if (cmp.op === "=") return make(truth ? "is_true" : "is_false");
      // not true: false or no value
      return combine("any", [make(truth ? "is_false" : "is_true"), make("is_not_set")], pos);
    }
    case "date":
      return datePart(cmp, (match: DateMatch) => ({ type: "custom_attribute", key, valueType: "date", match }), m, false, pos);
    default:
      return fail(pos, `Metafields of type ${type} are not supported`);
  }
}
