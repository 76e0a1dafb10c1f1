import { LIFECYCLE_STAGES, type LifecycleStage } from "../../db/enums";
import { formatMoney, toMinorUnits } from "../money/money";
import type { Condition } from "./conditions/catalogue";
import { parseSegmentDefinition, type DefinitionNode, type GroupNode, type SegmentDefinition } from "./definition";

/**
 * Suggested segments (SPEC §5): ready-made definitions the Suggestions tab offers. "Create" opens
 * the builder pre-filled with one, so the merchant can rename and review it before generating.
 * Pure: built only from catalogue conditions, checked by `parseSegmentDefinition` when built.
 */

export type SuggestedSegment = {
  /** Stable identifier of the suggestion (not a segment id). */
  key: string;
  name: string;
  /** One or two merchant-facing sentences. */
  description: string;
  definition: SegmentDefinition;
};

export type SuggestionParams = {
  /** ISO 3166 code of the country of "high spenders from a country". */
  country: string;
  /** The shop currency (ISO 4217): spend thresholds are in its units. */
  currency: string;
  /** Lifetime spend, net of refunds, that makes a high-value customer (whole units of `currency`). */
  minSpent: number;
};

export const DEFAULT_SUGGESTION_PARAMS: SuggestionParams = { country: "US", currency: "USD", minSpent: 1000 };

function resolve(params: Partial<SuggestionParams>): SuggestionParams & { minSpentMinor: number; spend: string } {
  const resolved = { ...DEFAULT_SUGGESTION_PARAMS, ...params };
  const minSpentMinor = toMinorUnits(resolved.minSpent, resolved.currency);
  return { ...resolved, minSpentMinor, spend: formatMoney(minSpentMinor, resolved.currency) };
}

type Node = DefinitionNode;
type Days = { kind: "in_last"; amount: number; unit: "days" };
const lastDays = (amount: number): Days => ({ kind: "in_last", amount, unit: "days" });

const all = (id: string, ...children: Node[]): GroupNode => ({ id, type: "group", match: "all", children });
const any = (id: string, ...children: Node[]): GroupNode => ({ id, type: "group", match: "any", children });
const condition = <C extends Condition>(c: C): C => c;

/** A definition from its root group; a suggestion that does not parse is a bug, so it throws. */
function define(root: GroupNode): SegmentDefinition {
  const parsed = parseSegmentDefinition({ version: 1, root });
  if (!parsed.ok) throw new Error(`invalid suggested segment: ${parsed.issues.map((i) => `${i.nodeId ?? "-"}: ${i.message}`).join("; ")}`);
  return parsed.definition;
}

// ---- building blocks (each a catalogue condition) ----

const emailSubscribed = (id = "email_subscribed") =>
  condition({ id, type: "email_subscription", match: { operator: "is_any_of", values: ["subscribed"] } });
const emailDeliverable = () => condition({ id: "email_valid", type: "email_validity", value: "valid" });
const smsSubscribed = (id = "sms_subscribed") =>
  condition({ id, type: "sms_subscription", match: { operator: "is_any_of", values: ["subscribed"] } });
const orders = (id: string, match: { operator: "eq" | "gte"; value: number }) => condition({ id, type: "order_count", match });
const noOrdersIn = (id: string, days: number) => condition({ id, type: "order_count", match: { operator: "eq", value: 0 }, window: lastDays(days) });
const viewedProducts = (id: string, days: number) =>
  condition({ id, type: "product_views", action: "viewed", occurrence: "has_done", window: lastDays(days) });
const spentAtLeast = (id: string, minor: number) => condition({ id, type: "total_spent", match: { operator: "gte", value: minor } });

const STAGE_TEXT: Record<LifecycleStage, { name: string; description: string }> = {
  loyal: {
    name: "Loyal customers",
    description: "Customers who order again and again and have ordered recently. Thank them, and offer early access or rewards.",
  },
  high_potential: {
    name: "High-potential customers",
    description: "Recent customers with few orders but a high spend. A good moment to turn them into regulars.",
  },
  nurture_needed: {
    name: "Customers to nurture",
    description: "Customers who are neither loyal nor lapsed yet. Keep them engaged with recommendations and content.",
  },
  dormant: {
    name: "Dormant customers",
    description: "Customers who have not ordered for a while, though not long enough to count as churned. Remind them what they liked before they drift away.",
  },
  churned: {
    name: "Churned customers",
    description: "Customers who have not ordered for a long time (a year, unless you changed the lifecycle settings). Try a last win-back offer, or leave them out of regular sends.",
  },
};

function countryName(code: string): string {
  return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
}

/** "High spenders from <country>": lifetime spend of at least `minSpentMinor`, living in `country`. */
export function highSpendersFromCountry(params: Partial<SuggestionParams> = {}): SuggestedSegment {
  const { country, minSpentMinor, spend } = resolve(params);
  const code = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw new Error(`a country is a two-letter ISO 3166 code, not ${JSON.stringify(country)}`);
  return {
    key: "high_spenders_country",
    name: `High spenders (${countryName(code)})`,
    description: `Customers in the chosen country (${countryName(code)}) who have spent ${spend} or more in total, net of refunds. Pick another country to target a different market.`,
    definition: define(all("root", condition({ id: "country", type: "country", match: { operator: "is_any_of", values: [code] } }), spentAtLeast("spent", minSpentMinor))),
  };
}

/** Every suggested segment, in the order the Suggestions tab lists them. */
export function suggestedSegments(params: Partial<SuggestionParams> = {}): SuggestedSegment[] {
  const { minSpentMinor, spend } = resolve(params);
  return [
    {
      key: "active_email_subscribers",
      name: "Active email subscribers",
      description: "Contacts who agreed to receive your emails and whose address has not bounced. Your main audience for email campaigns.",
      definition: define(all("root", emailSubscribed(), emailDeliverable())),
    },
    {
      key: "potential_converters",
      name: "Potential converters",
      description: "Shoppers who viewed products in the last 14 days but have never placed an order. Nudge them towards a first purchase.",
      definition: define(all("root", viewedProducts("viewed_products", 14), orders("never_ordered", { operator: "eq", value: 0 }))),
    },
    {
      key: "high_value_customers",
      name: "High-value customers",
      description: `Customers who have spent ${spend} or more in total, net of refunds. Reward them and keep them close.`,
      definition: define(all("root", spentAtLeast("spent", minSpentMinor))),
    },
    {
      key: "viewed_not_ordered",
      name: "Viewed a product but did not order",
      description: "Contacts who viewed a product in the last 30 days and placed no order in that time. Follow up with the products they looked at.",
      definition: define(all("root", viewedProducts("viewed_products", 30), noOrdersIn("no_recent_order", 30))),
    },
    {
      key: "last_order_over_30_days",
      name: "Last order more than 30 days ago",
      description: "Customers whose most recent order was placed more than 30 days ago. Invite them back with new arrivals or a reminder.",
      definition: define(all("root", condition({ id: "last_ordered", type: "last_order_at", match: { operator: "more_than_ago", amount: 30, unit: "days" } }))),
    },
    {
      key: "cancelled_subscription",
      name: "Cancelled a subscription",
      description: "Subscribers who cancelled a subscription. Ask them why, or offer a reason to come back.",
      definition: define(all("root", condition({ id: "cancelled", type: "subscription", action: "cancelled", occurrence: "has_done" }))),
    },
    highSpendersFromCountry(params),
    {
      key: "new_subscribers",
      name: "New subscribers",
      description: "Contacts who signed up in the last 7 days and subscribed to your emails or text messages. Welcome them while your store is fresh in their mind.",
      definition: define(
        all(
          "root",
          condition({ id: "signed_up", type: "signed_up_at", match: { operator: "in_last", amount: 7, unit: "days" } }),
          any("subscribed", emailSubscribed(), smsSubscribed()),
        ),
      ),
    },
    {
      key: "first_time_buyers",
      name: "First-time buyers",
      description: "Customers who have placed exactly one order. Thank them and encourage a second purchase.",
      definition: define(all("root", orders("one_order", { operator: "eq", value: 1 }))),
    },
    {
      key: "repeat_buyers",
      name: "Repeat buyers",
      description: "Customers who have placed two or more orders. Your regulars: ideal for new arrivals and loyalty offers.",
      definition: define(all("root", orders("two_or_more_orders", { operator: "gte", value: 2 }))),
    },
    {
      key: "win_back",
      name: "Win-back",
      description: "Customers whose last order was between 90 and 180 days ago. Win them back with a reminder or an offer before they churn.",
      definition: define(
        all(
          "root",
          condition({ id: "ordered_before", type: "last_order_at", match: { operator: "more_than_ago", amount: 90, unit: "days" } }),
          condition({ id: "ordered_since", type: "last_order_at", match: { operator: "in_last", amount: 180, unit: "days" } }),
        ),
      ),
    },
    {
      key: "birthday_this_month",
      name: "Birthday this month",
      description: "Contacts whose birthday falls in the current month. Send them a birthday greeting or gift.",
      definition: define(all("root", condition({ id: "birthday", type: "birthday", match: { operator: "in_current_month" } }))),
    },
    {
      key: "cart_abandoners",
      name: "Cart abandoners",
      description: "Shoppers who added a product to their cart or abandoned a checkout in the last 14 days and have not ordered in that time. Remind them what they left behind.",
      definition: define(
        all(
          "root",
          any(
            "cart_activity",
            condition({ id: "added_to_cart", type: "added_to_cart", action: "added", occurrence: "has_done", window: lastDays(14) }),
            condition({ id: "abandoned_checkout", type: "checkout_activity", action: "abandoned", occurrence: "has_done", window: lastDays(14) }),
          ),
          noOrdersIn("no_recent_order", 14),
        ),
      ),
    },
    {
      key: "sms_subscribers",
      name: "SMS subscribers",
      description: "Contacts who agreed to receive text messages and whose phone number has not been rejected. Your audience for SMS campaigns.",
      definition: define(all("root", smsSubscribed(), condition({ id: "phone_valid", type: "phone_validity", value: "valid" }))),
    },
    {
      key: "engaged_never_purchased",
      name: "Engaged but never purchased",
      description: "Contacts who opened or clicked an email in the last 90 days, or visited your store in the last 30 days, but have never ordered.",
      definition: define(
        all(
          "root",
          orders("never_ordered", { operator: "eq", value: 0 }),
          any(
            "engaged",
            condition({ id: "opened_email", type: "email_activity", action: "opened", occurrence: "has_done", window: lastDays(90) }),
            condition({ id: "clicked_email", type: "email_activity", action: "clicked", occurrence: "has_done", window: lastDays(90) }),
            condition({ id: "visited", type: "last_visit_at", match: { operator: "in_last", amount: 30, unit: "days" } }),
          ),
        ),
      ),
    },
    ...LIFECYCLE_STAGES.map(
      (stage): SuggestedSegment => ({
        key: `lifecycle_${stage}`,
        ...STAGE_TEXT[stage],
        definition: define(all("root", condition({ id: "stage", type: "lifecycle_stage", match: { operator: "is_any_of", values: [stage] } }))),
      }),
    ),
  ];
}

/** The suggestions with the default parameters. */
export const SUGGESTED_SEGMENTS: readonly SuggestedSegment[] = suggestedSegments();
