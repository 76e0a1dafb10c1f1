import type { Condition } from "../../app/segments/conditions/catalogue";
import type { DefinitionNode, SegmentDefinition } from "../../app/segments/definition";
import type { Clock } from "./calendar";
import { eventPredicate, orderAggregatePredicate, purchasePredicate, unitsPredicate } from "./behaviour";
import type { ContactRow, ReferenceStore } from "./load-store";
import {
  averageOrderValuePredicate,
  b2bCompanyPredicate,
  birthdayPredicate,
  dateFieldPredicate,
  memberStatusPredicate,
  setFieldPredicate,
  textFieldPredicate,
  validityPredicate,
  type ContactPredicate,
} from "./properties";
import { customAttributePredicate, tagPredicate } from "./tags-attributes";

/**
 * The reference evaluator: what a segment means, computed over plain rows in memory, written from
 * the documented semantics and independently of the SQL compiler (no import of app/segments/sql.ts,
 * compile.ts or time.ts). The differential test holds the compiled SQL to it.
 */

/** Contacts that can be members: the shop's, neither deleted nor redacted. */
export function eligibleContacts(store: ReferenceStore): ContactRow[] {
  return store.contacts.filter((c) => c.shop_id === store.shopId && c.deleted_at === null && c.redacted_at === null);
}

function conditionPredicate(condition: Condition, store: ReferenceStore, clock: Clock): ContactPredicate {
  switch (condition.type) {
    case "first_name":
    case "last_name":
    case "email":
    case "email_domain":
    case "phone":
    case "country":
    case "region":
    case "city":
    case "zip":
    case "language":
    case "member_tier":
      return textFieldPredicate(condition.type, condition);
    case "gender":
    case "registration_source":
    case "email_subscription":
    case "sms_subscription":
    case "lifecycle_stage":
    case "account_state":
      return setFieldPredicate(condition.type, condition);
    case "signed_up_at":
    case "first_order_at":
    case "last_order_at":
    case "last_visit_at":
      return dateFieldPredicate(condition.type, condition, clock);
    case "birthday":
      return birthdayPredicate(condition, clock);
    case "custom_attribute":
      return customAttributePredicate(condition, store, clock);
    case "member_status":
      return memberStatusPredicate(condition);
    case "b2b_company":
      return b2bCompanyPredicate(condition, store.companyContacts);
    case "email_validity":
    case "phone_validity":
      return validityPredicate(condition);
    case "email_activity":
    case "sms_activity":
    case "page_views":
    case "product_views":
    case "collection_views":
    case "added_to_cart":
    case "checkout_activity":
    case "coupon_activity":
    case "subscription":
      return eventPredicate(condition, store, clock);
    case "order_count":
    case "total_spent":
      return orderAggregatePredicate(condition, store, clock);
    case "average_order_value":
      return averageOrderValuePredicate(condition);
    case "purchased_product":
    case "purchased_category":
      return purchasePredicate(condition, store, clock);
    case "units_purchased":
      return unitsPredicate(condition, store, clock);
    case "tag":
      return tagPredicate(condition, store);
    default: {
      const unknown: never = condition;
      throw new Error(`the reference does not know condition ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The members of every node of a tree (each condition and each group), keyed by node id: each
 * condition is evaluated once, each group combines its children's members.
 */
export function evaluateNodes(root: DefinitionNode, store: ReferenceStore, clock: Clock): Map<string, Set<number>> {
  const eligible = eligibleContacts(store);
  const members = new Map<string, Set<number>>();
  const visit = (node: DefinitionNode): Set<number> => {
    let selected: Set<number>;
    if (node.type === "group") {
      const children = node.children.map(visit);
      const inChild = (id: number) => (child: Set<number>) => child.has(id);
      selected = new Set(eligible.map((c) => c.id).filter((id) => (node.match === "all" ? children.every(inChild(id)) : children.some(inChild(id)))));
    } else {
      selected = new Set(eligible.filter(conditionPredicate(node, store, clock)).map((c) => c.id));
    }
    members.set(node.id, selected);
    return selected;
  };
  visit(root);
  return members;
}

/** The eligible contacts one node (a condition or a group) selects. */
export function evaluateNode(node: DefinitionNode, store: ReferenceStore, clock: Clock): Set<number> {
  return evaluateNodes(node, store, clock).get(node.id)!;
}

/** The members of a segment: contact ids of the shop, at `clock.now`, days counted in `clock.timeZone`. */
export function evaluateDefinition(definition: SegmentDefinition, store: ReferenceStore, clock: Clock): Set<number> {
  return evaluateNode(definition.root, store, clock);
}
