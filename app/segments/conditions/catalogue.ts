import { z } from "zod";
import { channels } from "./channel-list";
import { customAttribute } from "./custom-attribute";
import { addedToCart, checkoutActivity, collectionViews, couponActivity, lastVisitAt, pageViews, productViews, subscription } from "./events";
import { lifecycleStage, tag } from "./lifecycle-tags";
import { accountState, b2bCompany, memberStatus, memberTier } from "./membership";
import { averageOrderValue, firstOrderAt, lastOrderAt, orderCount, totalSpent } from "./orders";
import { birthday, city, country, email, emailDomain, firstName, gender, language, lastName, phone, region, registrationSource, signedUpAt, zip } from "./properties";
import { purchasedCategory, purchasedProduct } from "./purchases";
import { unitsPurchased } from "./units";
import { FAMILIES, type ConditionSpec, type Family } from "./spec";

/**
 * The condition catalogue: every condition the product offers, keyed by type. The builder renders
 * its "+ Add condition" panel from this list (grouped by family, in this order), the server
 * validates and compiles through it, so adding a condition is one file plus one line here.
 */
export const CONDITIONS = {
  first_name: firstName,
  last_name: lastName,
  email,
  email_domain: emailDomain,
  phone,
  gender,
  country,
  region,
  city,
  zip,
  birthday,
  language,
  registration_source: registrationSource,
  signed_up_at: signedUpAt,
  custom_attribute: customAttribute,
  member_status: memberStatus,
  member_tier: memberTier,
  account_state: accountState,
  b2b_company: b2bCompany,
  ...channels,
  order_count: orderCount,
  first_order_at: firstOrderAt,
  last_order_at: lastOrderAt,
  total_spent: totalSpent,
  average_order_value: averageOrderValue,
  purchased_product: purchasedProduct,
  purchased_category: purchasedCategory,
  units_purchased: unitsPurchased,
  page_views: pageViews,
  product_views: productViews,
  collection_views: collectionViews,
  added_to_cart: addedToCart,
  checkout_activity: checkoutActivity,
  last_visit_at: lastVisitAt,
  lifecycle_stage: lifecycleStage,
  coupon_activity: couponActivity,
  tag,
  subscription,
} as const;

export type ConditionType = keyof typeof CONDITIONS;
type SpecOf<K extends ConditionType> = (typeof CONDITIONS)[K];
export type ConditionOf<K extends ConditionType> = SpecOf<K> extends ConditionSpec<infer C> ? C : never;
export type Condition = { [K in ConditionType]: ConditionOf<K> }[ConditionType];

export const CONDITION_TYPES = Object.keys(CONDITIONS) as ConditionType[];

/** One schema per condition type, joined on `type`. */
export const ConditionSchema = z.union(
  CONDITION_TYPES.map((type) => CONDITIONS[type].schema) as unknown as [z.ZodType<Condition>, z.ZodType<Condition>, ...z.ZodType<Condition>[]],
);

export function specOf(condition: { type: string }): ConditionSpec<Condition> | undefined {
  if (!Object.hasOwn(CONDITIONS, condition.type)) return undefined;
  return (CONDITIONS as unknown as Record<string, ConditionSpec<Condition>>)[condition.type];
}

/** The catalogue grouped for the builder: families in spec order, each with its conditions. */
export function catalogueByFamily(): { family: Family; label: string; description: string; conditions: ConditionSpec<Condition>[] }[] {
  return (Object.keys(FAMILIES) as Family[]).map((family) => ({
    family,
    ...FAMILIES[family],
    conditions: CONDITION_TYPES.map((t) => specOf({ type: t })!).filter((spec) => spec.family === family),
  }));
}
