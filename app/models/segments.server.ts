import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { attributeDefinitions, campaigns, categories, coupons, products, segments, type SegmentStatus } from "../../db/schema";
import { enqueueJob } from "../jobs/queue.server";
import { DEFINITION_VERSION, parseSegmentDefinition, type DefinitionIssue, type SegmentDefinition } from "../segments/definition";
import { checkDefinition, type ShopCatalog } from "../segments/validate";

export const COMPUTE_SEGMENT_JOB = "segments.compute";

/** What exists in the shop, for validating definitions (attributes, products, categories, campaigns, coupons). */
export function loadShopCatalog(db: Db, shopId: number): ShopCatalog {
  const ids = (rows: { id: number }[]) => new Set(rows.map((r) => r.id));
  return {
    attributes: new Map(
      db.select({ key: attributeDefinitions.key, type: attributeDefinitions.type }).from(attributeDefinitions).where(eq(attributeDefinitions.shopId, shopId)).all().map((r) => [r.key, r.type]),
    ),
    productIds: ids(db.select({ id: products.id }).from(products).where(eq(products.shopId, shopId)).all()),
    categoryIds: ids(db.select({ id: categories.id }).from(categories).where(eq(categories.shopId, shopId)).all()),
    campaignIds: ids(db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.shopId, shopId)).all()),
    couponIds: ids(db.select({ id: coupons.id }).from(coupons).where(eq(coupons.shopId, shopId)).all()),
  };
}

export type SegmentRecord = Omit<typeof segments.$inferSelect, "definition"> & {
  /** Re-validated on read; null when the stored JSON no longer parses (shown as an error). */
  definition: SegmentDefinition | null;
  definitionIssues: DefinitionIssue[];
};

function toRecord(row: typeof segments.$inferSelect): SegmentRecord {
  const parsed = parseSegmentDefinition(row.definition);
  return { ...row, definition: parsed.ok ? parsed.definition : null, definitionIssues: parsed.ok ? [] : parsed.issues };
}

export type SaveResult = { ok: true; segment: SegmentRecord } | { ok: false; issues: DefinitionIssue[] };

function validName(name: string): DefinitionIssue[] {
  const trimmed = name.trim();
  if (!trimmed) return [{ nodeId: null, message: "Give the segment a name" }];
  if (trimmed.length > 120) return [{ nodeId: null, message: "Segment names are at most 120 characters" }];
  return [];
}

function enqueueCompute(db: Db, segment: { id: number; shopId: number; revision: number }, now: number): void {
  enqueueJob(
    db,
    { type: COMPUTE_SEGMENT_JOB, shopId: segment.shopId, payload: { segmentId: segment.id, revision: segment.revision }, uniqueKey: `${COMPUTE_SEGMENT_JOB}:${segment.id}:${segment.revision}`, priority: 50 },
    now,
  );
}

/**
 * Creates a segment: validates the definition against the shop (invalid definitions are never
 * stored), stores it as `computing` and enqueues its full computation.
 */
export function createSegment(
  db: Db,
  input: { shopId: number; name: string; description?: string | null; definition: unknown; suggestionKey?: string | null; now: number },
): SaveResult {
  const nameIssues = validName(input.name);
  const checked = checkDefinition(input.definition, loadShopCatalog(db, input.shopId));
  if (nameIssues.length || !checked.ok) return { ok: false, issues: [...nameIssues, ...(checked.ok ? [] : checked.issues)] };
  const row = db.transaction((tx) => {
    const created = tx
      .insert(segments)
      .values({
        shopId: input.shopId,
        name: input.name.trim(),
        description: input.description ?? null,
        definition: JSON.stringify(checked.definition),
        definitionVersion: DEFINITION_VERSION,
        suggestionKey: input.suggestionKey ?? null,
        status: "computing",
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning()
      .get();
    enqueueCompute(db, created, input.now); // same connection, so inside this transaction
    return created;
  });
  return { ok: true, segment: toRecord(row) };
}

/** Renames and/or redefines a segment; a new definition bumps the revision and recomputes the members. */
export function updateSegment(
  db: Db,
  input: { shopId: number; segmentId: number; name?: string; description?: string | null; definition?: unknown; now: number },
): SaveResult | null {
  const existing = findSegment(db, { shopId: input.shopId, segmentId: input.segmentId });
  if (!existing) return null;
  const issues = input.name !== undefined ? validName(input.name) : [];
  let definition: SegmentDefinition | undefined;
  if (input.definition !== undefined) {
    const checked = checkDefinition(input.definition, loadShopCatalog(db, input.shopId));
    if (!checked.ok) issues.push(...checked.issues);
    else definition = checked.definition;
  }
  if (issues.length) return { ok: false, issues };
  const redefined = definition !== undefined && JSON.stringify(definition) !== JSON.stringify(existing.definition);
  const row = db.transaction((tx) => {
    const updated = tx
      .update(segments)
      .set({
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(redefined ? { definition: JSON.stringify(definition), definitionVersion: DEFINITION_VERSION, revision: sql`${segments.revision} + 1`, status: "computing" as SegmentStatus } : {}),
        updatedAt: input.now,
      })
      .where(and(eq(segments.id, input.segmentId), eq(segments.shopId, input.shopId)))
      .returning()
      .get()!;
    if (redefined) enqueueCompute(db, updated, input.now); // same connection, so inside this transaction
    return updated;
  });
  return { ok: true, segment: toRecord(row) };
}

/** Recomputes a segment in full now (e.g. from the command line); no change to its definition. */
export function requestRecompute(db: Db, { shopId, segmentId, now }: { shopId: number; segmentId: number; now: number }): boolean {
  const segment = findSegment(db, { shopId, segmentId });
  if (!segment) return false;
  enqueueJob(db, { type: COMPUTE_SEGMENT_JOB, shopId, payload: { segmentId, revision: segment.revision }, priority: 50 }, now);
  return true;
}

export function deleteSegment(db: Db, { shopId, segmentId }: { shopId: number; segmentId: number }): boolean {
  return db.delete(segments).where(and(eq(segments.id, segmentId), eq(segments.shopId, shopId))).run().changes === 1;
}

export function findSegment(db: Db, { shopId, segmentId }: { shopId: number; segmentId: number }): SegmentRecord | null {
  const row = db.select().from(segments).where(and(eq(segments.id, segmentId), eq(segments.shopId, shopId))).get();
  return row ? toRecord(row) : null;
}

export function listSegments(db: Db, { shopId }: { shopId: number }): SegmentRecord[] {
  return db.select().from(segments).where(eq(segments.shopId, shopId)).orderBy(desc(segments.updatedAt)).all().map(toRecord);
}
