import { sql, type SQL } from "drizzle-orm";
import { specOf, type Condition } from "./conditions/catalogue";
import type { CompileContext, CompileMode } from "./conditions/spec";
import type { DefinitionNode, SegmentDefinition } from "./definition";
import { and, or } from "./sql";

/**
 * The SQL compiler: definition + { shop, now, time zone } → parameterised SQL (drizzle's `sql`
 * tag; every value bound). Shop scoping is added once, here at the root, never by conditions.
 * Pure: it returns SQL and never runs it.
 */

/** What a segment compiles against: the shop, the clock, its zone, and (bulk) which Or groups scan (CompileContext without the mode). */
export type SegmentContext = Omit<CompileContext, "mode">;

function compileCondition(condition: Condition, ctx: CompileContext): SQL {
  const spec = specOf(condition);
  if (!spec) throw new Error(`no compiler for condition type ${condition.type}`);
  return spec.compile(condition, ctx);
}

/** A node as a boolean expression on the contact row `c`. */
export function compileNode(node: DefinitionNode, ctx: CompileContext): SQL {
  if (node.type !== "group") return compileCondition(node, ctx);
  const parts = node.children.map((child) => compileNode(child, ctx));
  if (node.match === "all") return and(parts);
  // `+(…)` hides the disjunction from SQLite's OR-by-union: every contact is read once, in order,
  // and each IN list is built once and probed, instead of one random contact lookup per listed row
  return ctx.mode === "bulk" && ctx.scanOrs?.has(node.id) ? sql`+${or(parts)}` : or(parts);
}

/** Whether the root And has a term that range-scans a (shop_id, …) index (see ConditionSpec.shopIndexed). */
function hasShopIndexedTerm(definition: SegmentDefinition): boolean {
  if (definition.root.match !== "all") return false;
  return definition.root.children.some((child) => child.type !== "group" && Boolean(specOf(child)?.shopIndexed?.(child as never)));
}

/** The contacts a segment's rules can see: this shop's, neither deleted nor redacted. */
function scope(shopId: number, indexShop: boolean): SQL {
  const shop = indexShop ? sql`c.shop_id = ${shopId}` : sql`+c.shop_id = ${shopId}`;
  return sql`${shop} AND c.deleted_at IS NULL AND c.redacted_at IS NULL`;
}

function where(definition: SegmentDefinition, ctx: SegmentContext, mode: CompileMode): SQL {
  return compileNode(definition.root, { ...ctx, mode });
}

/** SELECT c.id of every member: event and order rules run event-first as semi-joins. */
export function membersQuery(definition: SegmentDefinition, ctx: SegmentContext): SQL {
  return sql`SELECT c.id FROM contacts c WHERE ${scope(ctx.shopId, hasShopIndexedTerm(definition))} AND ${where(definition, ctx, "bulk")}`;
}

/** SELECT count(*) of the members (the builder's live count). */
export function countQuery(definition: SegmentDefinition, ctx: SegmentContext): SQL {
  return sql`SELECT count(*) AS n FROM contacts c WHERE ${scope(ctx.shopId, hasShopIndexedTerm(definition))} AND ${where(definition, ctx, "bulk")}`;
}

/** SELECT 1 when contact `contactId` is a member: correlated per-contact lookups, for real-time updates. */
export function contactQuery(definition: SegmentDefinition, ctx: SegmentContext, contactId: number): SQL {
  return sql`SELECT 1 AS hit FROM contacts c WHERE c.id = ${contactId} AND c.shop_id = ${ctx.shopId} AND c.deleted_at IS NULL AND c.redacted_at IS NULL AND ${where(definition, ctx, "contact")}`;
}

/**
 * SELECT c.id of the listed contacts (`contactIdsJson`, a JSON array) that are members: the
 * per-contact form run once for a batch (the time tick's edge candidates), one statement instead of
 * one per contact.
 */
export function listedMembersQuery(definition: SegmentDefinition, ctx: SegmentContext, contactIdsJson: string): SQL {
  return sql`SELECT c.id FROM contacts c WHERE c.id IN (SELECT value FROM json_each(${contactIdsJson})) AND c.shop_id = ${ctx.shopId} AND c.deleted_at IS NULL AND c.redacted_at IS NULL AND ${where(definition, ctx, "contact")}`;
}

/** SELECT 1 when contact `contactId` satisfies one node (explanations). */
export function nodeContactQuery(node: DefinitionNode, ctx: SegmentContext, contactId: number): SQL {
  return sql`SELECT 1 AS hit FROM contacts c WHERE c.id = ${contactId} AND c.shop_id = ${ctx.shopId} AND ${compileNode(node, { ...ctx, mode: "contact" })}`;
}

