import { z } from "zod";
import { EVENT_TYPES } from "../../../db/enums";
import { idList } from "../matches";
import { compileEventRule, defaultEventRule, eventRuleIndexedRows, describeEventRule, EVENT_RULE_OPERATORS, eventRuleDependencies, eventRuleEdges, eventRuleFields, eventRuleOperator, type EventFilter } from "./event-rule";
import { dateField, NodeId } from "./field-rules";
import { defineCondition, type Family, type Picker } from "./spec";

/**
 * Conditions over one kind of event: storefront behaviour (web pixel), coupons and subscriptions.
 * `actions` maps the condition's `action` to event types; `subjects` names the optional id filter.
 */
function eventCondition<T extends string, A extends Record<string, number>, S extends "productIds" | "couponIds" | "categoryIds" | null>(options: {
  type: T;
  family: Family;
  label: string;
  description: string;
  actions: A;
  /** What each action reads as ("viewed a product"). */
  participles: Record<keyof A & string, string>;
  subjects: S;
  picker?: Picker;
  /** Coupons can also be narrowed to the campaign that gave them (events.detail_id). */
  withCampaign?: boolean;
  /** Product events can also be narrowed to products in chosen categories (`categoryIds`). */
  byProductCategory?: boolean;
}) {
  const names = Object.keys(options.actions) as [keyof A & string, ...(keyof A & string)[]];
  const schema = z.object({
    id: NodeId,
    type: z.literal(options.type),
    action: z.enum(names),
    ...(options.subjects ? { [options.subjects]: idList({ productIds: "product", couponIds: "coupon", categoryIds: "collection" }[options.subjects]).optional() } : {}),
    ...(options.byProductCategory ? { categoryIds: idList("category").optional() } : {}),
    ...(options.withCampaign ? { campaignIds: idList("campaign").optional() } : {}),
    ...eventRuleFields,
  });
  type C = z.infer<typeof schema> & { productIds?: number[]; couponIds?: number[]; categoryIds?: number[]; campaignIds?: number[] };
  const filter = (c: C): EventFilter => ({
    type: options.actions[c.action] as EventFilter["type"],
    subjectIds: options.subjects ? c[options.subjects] : undefined,
    subjectCategoryIds: options.byProductCategory ? c.categoryIds : undefined,
    detailIds: options.withCampaign ? c.campaignIds : undefined,
  });
  return defineCondition<C>({
    type: options.type,
    family: options.family,
    label: options.label,
    description: options.description,
    valueType: "event",
    picker: options.picker,
    operators: EVENT_RULE_OPERATORS,
    schema: schema as unknown as z.ZodType<C>,
    example: () => ({ type: options.type, action: names[0], ...defaultEventRule() }) as unknown as Omit<C, "id">,
    operatorOf: (c) => eventRuleOperator(c),
    compile: (c, ctx) => compileEventRule(c, filter(c), ctx),
    indexedRows: (c, ctx) => eventRuleIndexedRows(c, filter(c), ctx),
    eventFilter: filter,
    dependencies: (c) => eventRuleDependencies(filter(c)),
    timeEdges: (c, span) => eventRuleEdges(c, filter(c), span),
    describe: (c) => {
      const ids = (options.subjects && c[options.subjects]) as number[] | undefined;
      const inCategories = options.byProductCategory && c.categoryIds ? ` in categories ${c.categoryIds.map((id) => `#${id}`).join(", ")}` : "";
      return describeEventRule(`${options.participles[c.action]}${ids ? ` ${ids.map((id) => `#${id}`).join(", ")}` : ""}${inCategories}`, c);
    },
  });
}

export const pageViews = eventCondition({
  type: "page_views", family: "active", label: "Page views", description: "Storefront pages viewed",
  actions: { viewed: EVENT_TYPES.page_viewed }, participles: { viewed: "viewed a page" }, subjects: null,
});

export const productViews = eventCondition({
  type: "product_views", family: "active", label: "Product views", description: "Products viewed (any, or chosen ones)",
  actions: { viewed: EVENT_TYPES.product_viewed }, participles: { viewed: "viewed a product" }, subjects: "productIds", picker: "product",
  byProductCategory: true,
});

export const collectionViews = eventCondition({
  type: "collection_views", family: "active", label: "Collection views", description: "Collections viewed (any, or chosen ones)",
  actions: { viewed: EVENT_TYPES.collection_viewed }, participles: { viewed: "viewed a collection" }, subjects: "categoryIds", picker: "category",
});

export const addedToCart = eventCondition({
  type: "added_to_cart", family: "active", label: "Added to cart", description: "Products added to the cart (any, or chosen ones)",
  actions: { added: EVENT_TYPES.added_to_cart }, participles: { added: "added a product to the cart" }, subjects: "productIds", picker: "product",
  byProductCategory: true,
});

export const checkoutActivity = eventCondition({
  type: "checkout_activity", family: "active", label: "Checkout", description: "Checkouts started, completed or abandoned",
  actions: { started: EVENT_TYPES.checkout_started, completed: EVENT_TYPES.checkout_completed, abandoned: EVENT_TYPES.checkout_abandoned },
  participles: { started: "started a checkout", completed: "completed a checkout", abandoned: "abandoned a checkout" },
  subjects: null,
});

export const lastVisitAt = dateField({
  type: "last_visit_at", family: "active", label: "Last visit", description: "The latest storefront visit (web pixel)",
  field: "last_visit_at", indexed: true, example: { operator: "in_last", amount: 7, unit: "days" },
});

export const couponActivity = eventCondition({
  type: "coupon_activity", family: "app_events", label: "Coupon", description: "Coupons received or clicked (any, or chosen coupons or campaigns)",
  actions: { received: EVENT_TYPES.coupon_received, clicked: EVENT_TYPES.coupon_clicked },
  participles: { received: "received a coupon", clicked: "clicked a coupon" },
  subjects: "couponIds", picker: "coupon", withCampaign: true,
});

export const subscription = eventCondition({
  type: "subscription", family: "subscriptions", label: "Subscription", description: "Subscriptions started or cancelled",
  actions: { cancelled: EVENT_TYPES.subscription_cancelled, started: EVENT_TYPES.subscription_started },
  participles: { cancelled: "cancelled a subscription", started: "started a subscription" },
  subjects: null,
});
