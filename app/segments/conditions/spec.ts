import { sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { EventTypeCode } from "../../../db/enums";
import type { EventFilter } from "./event-rule";

/** The condition families of SPEC §3, in the order the builder lists them. */
export const FAMILIES = {
  properties: { label: "Properties", description: "Who the contact is: name, location, birthday, custom attributes" },
  membership: { label: "Membership status", description: "Customer account and member tier" },
  email: { label: "Email channel", description: "Email subscription, validity and engagement" },
  sms: { label: "SMS channel", description: "SMS subscription, phone validity and engagement" },
  consumer: { label: "Consumer behaviour", description: "Orders, spend and purchased products" },
  active: { label: "Active behaviour", description: "Storefront visits, product views and carts" },
  lifecycle: { label: "Customer lifecycle", description: "Lifecycle stage, recomputed daily" },
  app_events: { label: "App events", description: "Coupons received and clicked" },
  tags: { label: "Tags", description: "Tags from the store, imports and the signup popup" },
  subscriptions: { label: "Subscriptions", description: "Subscriptions started and cancelled" },
} as const;
export type Family = keyof typeof FAMILIES;

export type CompileMode = "bulk" | "contact";

/**
 * Everything a condition compiles against. The contact row is aliased `c`; in `bulk` mode event and
 * order rules become semi-joins from their indexes, in `contact` mode correlated lookups for `c`.
 */
export type CompileContext = {
  shopId: number;
  now: number;
  timeZone: string;
  mode: CompileMode;
  /** Or groups (node ids) to run as one scan of contacts in bulk mode (see app/membership/bulk-plan.server.ts). */
  scanOrs?: ReadonlySet<string>;
};

/** The contact columns conditions read (names are code, never user input). */
export const CONTACT_FIELDS = [
  "first_name", "last_name", "email", "phone", "gender", "country_code", "region_code", "city", "zip", "birthday_md",
  "language", "registration_source", "created_at", "account_state", "is_member", "member_tier", "email_consent",
  "email_validity", "sms_consent", "phone_validity", "lifecycle_stage", "orders_count", "total_spent_minor",
  "avg_order_minor", "first_order_at", "last_order_at", "last_visit_at", "company_count",
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export function column(field: ContactField): SQL {
  return sql.raw(`c.${field}`);
}

/** What data a condition reads: a change elsewhere cannot change its result. */
export type Dependency =
  | { kind: "contact"; fields: ContactField[] }
  | { kind: "event"; type: EventTypeCode; subjectIds?: number[] }
  | { kind: "orders" }
  | { kind: "tags" }
  | { kind: "attribute"; key: string };

/** A tick of the clock for one shop: conditions list the contacts whose data crosses a window edge in it. */
export type TimeSpan = { shopId: number; timeZone: string; from: number; to: number };

export type ValueType = "text" | "set" | "number" | "money" | "date" | "birthday" | "boolean" | "event" | "tags" | "attribute";
export type Picker = "country" | "language" | "product" | "category" | "tag" | "campaign" | "coupon" | "attribute";

export type ConditionBase = { id: string; type: string };

/** One entry of the condition catalogue: everything the builder, validator, compiler and scheduler need. */
export type ConditionSpec<C extends ConditionBase = ConditionBase> = {
  type: C["type"];
  family: Family;
  label: string;
  description: string;
  valueType: ValueType;
  picker?: Picker;
  /** Every operator this condition offers (the differential test covers each). */
  operators: readonly string[];
  schema: z.ZodType<C>;
  /** A sensible starting value for the builder. */
  example: () => Omit<C, "id">;
  operatorOf: (condition: C) => string;
  compile: (condition: C, ctx: CompileContext) => SQL;
  dependencies: (condition: C) => Dependency[];
  /** For conditions over the event log: which events they count (explanations read the same rows). */
  eventFilter?: (condition: C) => EventFilter;
  /** Selects of contact ids whose data crosses one of this condition's moving window edges in `span`. */
  timeEdges: (condition: C, span: TimeSpan) => SQL[];
  /**
   * True when the compiled predicate can range-scan a `(shop_id, column…)` index. A segment whose
   * top-level And has no such term is compiled with the shop term un-indexed (`+c.shop_id`), so
   * SQLite scans the table instead of walking a shop-only index prefix (4–9× slower, measured).
   */
  shopIndexed?: (condition: C) => boolean;
  /**
   * `SELECT 1 FROM …`: the rows an index read for this condition alone yields in bulk mode (each
   * costs one contact lookup when SQLite runs an Or group index by index). Absent or null when the
   * condition cannot drive such a read (a NOT IN, an un-indexed column).
   */
  indexedRows?: (condition: C, ctx: CompileContext) => SQL | null;
  /** The condition as a sentence ("Last order date is in the last 30 days"). */
  describe: (condition: C) => string;
};

export function defineCondition<C extends ConditionBase>(spec: ConditionSpec<C>): ConditionSpec<C> {
  return spec;
}
