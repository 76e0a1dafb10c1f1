import { sql } from "drizzle-orm";
import { z } from "zod";
import { ACCOUNT_STATES } from "../../../db/enums";
import { column, defineCondition } from "./spec";
import { NodeId, setField, textField } from "./field-rules";

/** Member = an enabled customer account (Shopify) or a SHOPLINE member. */
export const memberStatus = defineCondition({
  type: "member_status" as const,
  family: "membership",
  label: "Membership status",
  description: "Whether the contact has a customer account (member) or not",
  valueType: "set",
  operators: ["member", "non_member"],
  schema: z.object({ id: NodeId, type: z.literal("member_status"), value: z.enum(["member", "non_member"]) }),
  example: () => ({ type: "member_status" as const, value: "member" as const }),
  operatorOf: (c) => c.value,
  compile: (c) => sql`${column("is_member")} = ${c.value === "member" ? 1 : 0}`,
  dependencies: () => [{ kind: "contact", fields: ["is_member", "account_state"] }],
  timeEdges: () => [],
  describe: (c) => (c.value === "member" ? "Is a member" : "Is not a member"),
});

export const memberTier = textField({
  type: "member_tier", family: "membership", label: "Member tier", description: "The member tier, where the platform has tiers",
  fields: ["member_tier"], example: { operator: "is", value: "Gold" },
});

/** The platform's account state itself (Shopify's ENABLED, INVITED, DISABLED, DECLINED); contacts without an account have none. */
export const accountState = setField({
  type: "account_state", family: "membership", label: "Account state",
  description: "The state of the customer account on the platform: enabled, invited, disabled or declined",
  field: "account_state", values: ACCOUNT_STATES,
  valueLabels: { enabled: "Enabled", invited: "Invited", disabled: "Disabled", declined: "Declined" },
  example: ["disabled"],
});

/** B2B: the contact is a contact of at least one company (Shopify's `companies IS NOT NULL`). */
export const b2bCompany = defineCondition({
  type: "b2b_company" as const,
  family: "membership",
  label: "B2B company",
  description: "Whether the contact belongs to a B2B company (is one of its contacts)",
  valueType: "set",
  operators: ["in_company", "no_company"],
  schema: z.object({ id: NodeId, type: z.literal("b2b_company"), value: z.enum(["in_company", "no_company"]) }),
  example: () => ({ type: "b2b_company" as const, value: "in_company" as const }),
  operatorOf: (c) => c.value,
  // `> 0` is the partial index's own condition (contacts_shop_company_idx)
  compile: (c) => (c.value === "in_company" ? sql`${column("company_count")} > 0` : sql`${column("company_count")} = 0`),
  dependencies: () => [{ kind: "contact", fields: ["company_count"] }],
  shopIndexed: (c) => c.value === "in_company",
  timeEdges: () => [],
  describe: (c) => (c.value === "in_company" ? "Belongs to a B2B company" : "Does not belong to a B2B company"),
});
