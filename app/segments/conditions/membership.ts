import { sql } from "drizzle-orm";
import { z } from "zod";
import { column, defineCondition } from "./spec";
import { NodeId, textField } from "./field-rules";

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
