import { sql, type SQL } from "drizzle-orm";
import type { EventTypeCode } from "../../../db/enums";
import { describeEvent } from "../describe";
import { inBands, windowBands } from "../edges";
import { CountSchema, OccurrenceSchema, WindowSchema, type Count, type Occurrence, type Window } from "../matches";
import { aggregatePredicate, and, countRuleToNumberMatch, intervalPredicate, numberMatches, windowInterval } from "../sql";
import type { CompileContext, Dependency, TimeSpan } from "./spec";

/** The fields every "has done X" condition shares. */
export const eventRuleFields = {
  occurrence: OccurrenceSchema,
  count: CountSchema.optional(),
  window: WindowSchema.optional(),
};
export type EventRule = { occurrence: Occurrence; count?: Count; window?: Window };

/** The operator a rule exercises, for coverage: has_done, has_not_done, at_least, at_most, exactly, between. */
export function eventRuleOperator(rule: EventRule): string {
  return rule.occurrence === "has_not_done" ? "has_not_done" : (rule.count?.operator ?? "has_done");
}
export const EVENT_RULE_OPERATORS = ["has_done", "has_not_done", "at_least", "at_most", "exactly", "between"] as const;

/**
 * Which events count: a type, optionally only some subjects (products, campaigns, coupons,
 * collections), only products in some categories, and for coupons only some giving campaigns.
 */
export type EventFilter = { type: EventTypeCode; subjectIds?: number[]; subjectCategoryIds?: number[]; detailIds?: number[] };

function eventFilters(alias: "e", filter: EventFilter, window: Window | undefined, ctx: CompileContext): SQL[] {
  const parts: SQL[] = [sql`${sql.raw(alias)}.type = ${filter.type}`];
  if (filter.subjectIds?.length) parts.push(sql`${sql.raw(alias)}.subject_id IN ${filter.subjectIds}`);
  if (filter.subjectCategoryIds?.length) {
    parts.push(sql`${sql.raw(alias)}.subject_id IN (SELECT pc.product_id FROM product_categories pc WHERE pc.shop_id = ${ctx.shopId} AND pc.category_id IN ${filter.subjectCategoryIds})`);
  }
  if (filter.detailIds?.length) parts.push(sql`${sql.raw(alias)}.detail_id IN ${filter.detailIds}`);
  if (window) parts.push(intervalPredicate(sql`e.occurred_at`, windowInterval(window, ctx)));
  return parts;
}

/**
 * "Has (not) done X [N times] [in a window]" over the event log. Bulk: event-first from the
 * `(shop_id, type, subject_id, occurred_at, contact_id)` index. Contact: the `(contact_id, type, …)` index.
 */
export function compileEventRule(rule: EventRule, filter: EventFilter, ctx: CompileContext): SQL {
  const conditions = eventFilters("e", filter, rule.window, ctx);
  return aggregatePredicate({
    mode: ctx.mode,
    match: countRuleToNumberMatch(rule),
    rowsOf: sql`SELECT e.contact_id FROM events e WHERE e.shop_id = ${ctx.shopId} AND ${and(conditions)}`,
    contactIdColumn: sql`e.contact_id`,
    aggregate: sql`count(*)`,
    correlated: sql`(SELECT count(*) FROM events e WHERE e.contact_id = c.id AND e.shop_id = ${ctx.shopId} AND ${and(conditions)})`,
    exists: sql`EXISTS (SELECT 1 FROM events e WHERE e.contact_id = c.id AND e.shop_id = ${ctx.shopId} AND ${and(conditions)})`,
  });
}

/** The event rows a "has done" rule's IN list reads (null for "has not done": a NOT IN drives no index read). */
export function eventRuleIndexedRows(rule: EventRule, filter: EventFilter, ctx: CompileContext): SQL | null {
  if (numberMatches(0, countRuleToNumberMatch(rule))) return null;
  return sql`SELECT 1 FROM events e WHERE e.shop_id = ${ctx.shopId} AND ${and(eventFilters("e", filter, rule.window, ctx))}`;
}

export function eventRuleDependencies(filter: EventFilter): Dependency[] {
  return [{ kind: "event", type: filter.type, subjectIds: filter.subjectIds?.length ? filter.subjectIds : undefined }];
}

export function eventRuleEdges(rule: EventRule, filter: EventFilter, span: TimeSpan): SQL[] {
  const bands = windowBands(rule.window, span);
  if (bands.length === 0) return [];
  const conditions = eventFilters("e", filter, undefined, { shopId: span.shopId, now: span.to, timeZone: span.timeZone, mode: "bulk" });
  return [sql`SELECT e.contact_id FROM events e WHERE e.shop_id = ${span.shopId} AND ${and(conditions)} AND ${inBands(sql`e.occurred_at`, bands)}`];
}

export function describeEventRule(participle: string, rule: EventRule): string {
  return describeEvent(participle, rule.occurrence, rule.count, rule.window);
}

export const defaultEventRule = (): EventRule => ({ occurrence: "has_done", window: { kind: "in_last", amount: 30, unit: "days" } });

