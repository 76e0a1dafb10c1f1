import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { automations, campaigns, campaignSegments, segments, type SegmentStatus } from "../../db/schema";
import { plannedCountQuery } from "../membership/bulk-plan.server";
import type { SuggestedSegment } from "../segments/suggested";
import type { SegmentSort } from "./segment-sorts";
import { createSegment, findSegment, type SaveResult } from "./segments.server";

/** The segments list (SPEC §6): search, sort and pages, Copy, and the Suggestions tab's live counts. */

export type { SegmentSort } from "./segment-sorts";

export const SEGMENTS_PAGE_SIZE = 20;

export type SegmentListItem = {
  id: number;
  name: string;
  status: SegmentStatus;
  memberCount: number;
  emailReachableCount: number;
  smsReachableCount: number;
  updatedAt: number;
  computedAt: number | null;
  computeDone: number;
  computeTotal: number;
  /** What would lose its audience if the segment were deleted (SPEC §6: say so before deletion). */
  usedBy: { activeAutomations: string[]; scheduledCampaigns: string[] };
};

export type SegmentListPage = {
  segments: SegmentListItem[];
  /** Segments matching the search. */
  total: number;
  /** 1-based, clamped to the last page. */
  page: number;
  pageCount: number;
};

const ORDER: Record<SegmentSort, SQL[]> = {
  updated_desc: [desc(segments.updatedAt), desc(segments.id)],
  updated_asc: [asc(segments.updatedAt), asc(segments.id)],
  name_asc: [sql`${segments.name} COLLATE NOCASE ASC`, asc(segments.id)],
  name_desc: [sql`${segments.name} COLLATE NOCASE DESC`, desc(segments.id)],
  count_desc: [desc(segments.memberCount), desc(segments.id)],
  count_asc: [asc(segments.memberCount), asc(segments.id)],
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function listFilter(shopId: number, query: string | undefined): SQL {
  const term = (query ?? "").trim();
  const shop = eq(segments.shopId, shopId);
  // LIKE is case-insensitive for ASCII letters in SQLite, like the rest of the admin's searches
  return term ? and(shop, sql`${segments.name} LIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`)! : shop;
}

/** How many segments the shop has (the list's empty state shows when none). */
export function countShopSegments(db: Db, { shopId }: { shopId: number }): number {
  return db.select({ n: sql<number>`count(*)` }).from(segments).where(eq(segments.shopId, shopId)).get()?.n ?? 0;
}

/** One page of the shop's segments, filtered by name and sorted; page numbers past the end show the last page. */
export function listSegmentPage(
  db: Db,
  { shopId, query, sort = "updated_desc", page = 1, pageSize = SEGMENTS_PAGE_SIZE }: { shopId: number; query?: string; sort?: SegmentSort; page?: number; pageSize?: number },
): SegmentListPage {
  const where = listFilter(shopId, query);
  const total = db.select({ n: sql<number>`count(*)` }).from(segments).where(where).get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const rows = db
    .select({
      id: segments.id,
      name: segments.name,
      status: segments.status,
      memberCount: segments.memberCount,
      emailReachableCount: segments.emailReachableCount,
      smsReachableCount: segments.smsReachableCount,
      updatedAt: segments.updatedAt,
      computedAt: segments.computedAt,
      computeDone: segments.computeDone,
      computeTotal: segments.computeTotal,
    })
    .from(segments)
    .where(where)
    .orderBy(...ORDER[sort])
    .limit(pageSize)
    .offset((current - 1) * pageSize)
    .all();
  const usage = segmentUsage(db, { shopId, segmentIds: rows.map((r) => r.id) });
  return {
    segments: rows.map((row) => ({ ...row, usedBy: usage.get(row.id) ?? { activeAutomations: [], scheduledCampaigns: [] } })),
    total,
    page: current,
    pageCount,
  };
}

/** Active automations and scheduled (or sending) campaigns that use each segment, by name. */
export function segmentUsage(db: Db, { shopId, segmentIds }: { shopId: number; segmentIds: number[] }): Map<number, SegmentListItem["usedBy"]> {
  const usage = new Map<number, SegmentListItem["usedBy"]>();
  if (segmentIds.length === 0) return usage;
  const entry = (id: number) => {
    let found = usage.get(id);
    if (!found) usage.set(id, (found = { activeAutomations: [], scheduledCampaigns: [] }));
    return found;
  };
  const activeAutomations = db
    .select({ segmentId: automations.segmentId, name: automations.name })
    .from(automations)
    .where(and(eq(automations.shopId, shopId), inArray(automations.segmentId, segmentIds), eq(automations.status, "active")))
    .orderBy(desc(automations.updatedAt))
    .all();
  for (const a of activeAutomations) entry(a.segmentId).activeAutomations.push(a.name);
  const scheduled = db
    .select({ segmentId: campaignSegments.segmentId, name: campaigns.name })
    .from(campaignSegments)
    .innerJoin(campaigns, eq(campaigns.id, campaignSegments.campaignId))
    .where(and(eq(campaignSegments.shopId, shopId), inArray(campaignSegments.segmentId, segmentIds), inArray(campaigns.status, ["scheduled", "sending"])))
    .orderBy(asc(campaigns.scheduledAt))
    .all();
  for (const c of scheduled) entry(c.segmentId).scheduledCampaigns.push(c.name);
  return usage;
}

const MAX_NAME = 120;

/** "Copy of <name>", within the 120-character limit on names. */
export function copyName(name: string): string {
  const full = `Copy of ${name}`;
  return full.length <= MAX_NAME ? full : `${full.slice(0, MAX_NAME - 1)}…`;
}

/**
 * Copies a segment: a new segment with the same definition and description, named "Copy of …",
 * computed from scratch (it has no history of its own). Null when the shop has no such segment.
 */
export function copySegment(db: Db, { shopId, segmentId, now }: { shopId: number; segmentId: number; now: number }): SaveResult | null {
  const source = findSegment(db, { shopId, segmentId });
  if (!source) return null;
  if (!source.definition) return { ok: false, issues: source.definitionIssues };
  return createSegment(db, {
    shopId,
    name: copyName(source.name),
    description: source.description,
    definition: source.definition,
    suggestionKey: source.suggestionKey,
    now,
  });
}

export type SuggestionWithCount = { key: string; name: string; description: string; count: number };

/**
 * Each suggested segment with the number of contacts it would hold now, from the engine's own
 * count query (so it equals what "Create" would compute). Identical definitions are counted once.
 */
export function suggestionCounts(
  db: Db,
  { shopId, now, timeZone, suggestions }: { shopId: number; now: number; timeZone: string; suggestions: readonly SuggestedSegment[] },
): SuggestionWithCount[] {
  const counted = new Map<string, number>();
  return suggestions.map((suggestion) => {
    const key = JSON.stringify(suggestion.definition);
    let count = counted.get(key);
    if (count === undefined) {
      count = db.get<{ n: number }>(plannedCountQuery(db, suggestion.definition, { shopId, now, timeZone })).n;
      counted.set(key, count);
    }
    return { key: suggestion.key, name: suggestion.name, description: suggestion.description, count };
  });
}
