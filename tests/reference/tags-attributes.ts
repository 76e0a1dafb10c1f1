import type { ConditionOf } from "../../app/segments/conditions/catalogue";
import { dateRule, type Clock } from "./calendar";
import type { ContactAttributeRow, ReferenceStore } from "./load-store";
import type { ContactPredicate } from "./properties";
import { numberMatches, textMatches } from "./values";

/**
 * Tags, by name whatever its case ("VIP" = "vip": the shop's tag dictionary keeps a lower-case
 * key), held from any source or from the chosen one.
 */
export function tagPredicate(condition: ConditionOf<"tag">, store: ReferenceStore): ContactPredicate {
  const wanted = new Set(condition.tags.map((name) => name.toLowerCase()));
  const tagKeys = new Map(store.tags.map((t) => [t.id, t.name_key]));
  const held = new Map<number, Set<string>>();
  for (const ct of store.contactTags) {
    if (condition.source && ct.source !== condition.source) continue;
    const key = tagKeys.get(ct.tag_id);
    if (key === undefined || !wanted.has(key)) continue;
    if (!held.has(ct.contact_id)) held.set(ct.contact_id, new Set());
    held.get(ct.contact_id)!.add(key);
  }
  const count = (id: number) => held.get(id)?.size ?? 0;
  switch (condition.operator) {
    case "has_any":
      return (c) => count(c.id) > 0;
    case "has_all":
      return (c) => count(c.id) === wanted.size;
    case "has_none":
      return (c) => count(c.id) === 0;
  }
}

/**
 * A shop-defined attribute, found by its exact key; values are typed (text in `text_value`;
 * numbers, yes/no as 1/0 and dates as epoch ms in `number_value`). A contact without the attribute
 * has no value: the negative text rules and "is not set" match them, nothing else does.
 */
export function customAttributePredicate(condition: ConditionOf<"custom_attribute">, store: ReferenceStore, clock: Clock): ContactPredicate {
  const definition = store.attributeDefinitions.find((d) => d.key === condition.key);
  const values = new Map<number, ContactAttributeRow>();
  if (definition) for (const row of store.contactAttributes) if (row.attribute_id === definition.id) values.set(row.contact_id, row);
  const text = (id: number) => values.get(id)?.text_value ?? null;
  const number = (id: number) => values.get(id)?.number_value ?? null;
  switch (condition.valueType) {
    case "text":
      return (c) => textMatches(text(c.id), condition.match, condition.caseSensitive ?? false);
    case "number":
      return (c) => numberMatches(number(c.id), condition.match);
    case "date": {
      const matches = dateRule(condition.match, clock);
      return (c) => matches(number(c.id));
    }
    case "boolean": {
      const operator = condition.match.operator;
      return (c) => {
        const v = number(c.id);
        if (operator === "is_true") return v === 1;
        if (operator === "is_false") return v === 0;
        return operator === "is_set" ? v !== null : v === null;
      };
    }
  }
}
