import { sql } from "drizzle-orm";
import { z } from "zod";
import { LIFECYCLE_STAGES, TAG_SOURCES } from "../../../db/enums";
import { setField, NodeId } from "./field-rules";
import { defineCondition } from "./spec";

export const lifecycleStage = setField({
  type: "lifecycle_stage", family: "lifecycle", label: "Lifecycle stage", description: "The contact's stage, recomputed daily from recency, frequency and spend",
  field: "lifecycle_stage", values: LIFECYCLE_STAGES, indexed: true,
  valueLabels: { loyal: "Loyal", high_potential: "High potential", nurture_needed: "Needs nurturing", dormant: "Dormant", churned: "Churned" },
  example: ["loyal"],
});

const tagName = z.string().trim().min(1, "Enter a tag").max(255, "Tags are at most 255 characters");

/** Tags by name (case-insensitive), optionally only from one source (store, import, popup). */
export const tag = defineCondition({
  type: "tag" as const,
  family: "tags",
  label: "Tag",
  description: "Has any, all or none of the chosen tags, from any source or one",
  valueType: "tags",
  picker: "tag",
  operators: ["has_any", "has_all", "has_none"],
  schema: z.object({
    id: NodeId,
    type: z.literal("tag"),
    operator: z.enum(["has_any", "has_all", "has_none"]),
    tags: z.array(tagName).min(1, "Pick at least one tag").max(100, "At most 100 tags"),
    source: z.enum(TAG_SOURCES).optional(),
  }),
  example: () => ({ type: "tag" as const, operator: "has_any" as const, tags: ["vip"] }),
  operatorOf: (c) => c.operator,
  compile: (c, ctx) => {
    const keys = [...new Set(c.tags.map((t) => t.toLowerCase()))];
    const source = c.source ? sql` AND ct.source = ${c.source}` : sql``;
    const tagIds = sql`SELECT t.id FROM tags t WHERE t.shop_id = ${ctx.shopId} AND t.name_key IN ${keys}`;
    if (ctx.mode === "contact") {
      const held = sql`(SELECT count(DISTINCT ct.tag_id) FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.shop_id = ${ctx.shopId} AND ct.tag_id IN (${tagIds})${source})`;
      if (c.operator === "has_all") return sql`${held} = ${keys.length}`;
      return c.operator === "has_any" ? sql`${held} > 0` : sql`${held} = 0`;
    }
    const holders = sql`SELECT ct.contact_id FROM contact_tags ct WHERE ct.tag_id IN (${tagIds})${source}`;
    if (c.operator === "has_any") return sql`c.id IN (${holders})`;
    if (c.operator === "has_none") return sql`c.id NOT IN (${holders})`;
    return sql`c.id IN (${holders} GROUP BY ct.contact_id HAVING count(DISTINCT ct.tag_id) = ${keys.length})`;
  },
  dependencies: () => [{ kind: "tags" }],
  timeEdges: () => [],
  describe: (c) =>
    `Has ${{ has_any: "any of", has_all: "all of", has_none: "none of" }[c.operator]} the tags ${c.tags.map((t) => `“${t}”`).join(", ")}${c.source ? ` (from ${c.source})` : ""}`,
});
