/** What the webhook measurements read from (and set up in) the store file, always scoped by shop. */
import { existsSync } from "node:fs";
import { openDatabase, type Db } from "../../db/client.server";
import { createAutomation, listAutomations } from "../../app/automations/automations.server";
import { COMPUTE_SEGMENT_JOB, createSegment, listSegments } from "../../app/models/segments.server";
import type { BenchContact } from "./payloads";

export function openStore(dbPath: string, options: { readonly?: boolean } = {}): Db {
  if (!existsSync(dbPath)) throw new Error(`no store at ${dbPath}: generate one with npm run seed -- --db ${dbPath} --scale 1`);
  return openDatabase(dbPath, options);
}

export function shopIdOf(db: Db, shopDomain: string): number {
  const id = db.$client.prepare(`SELECT id FROM shops WHERE platform = 'shopify' AND domain = ?`).pluck().get(shopDomain) as number | undefined;
  if (id === undefined) throw new Error(`the store has no Shopify shop ${shopDomain}`);
  return id;
}

export type StoreFacts = { contacts: number; liveSegments: number; activeAutomations: number };

export function storeFacts(db: Db, shopId: number): StoreFacts {
  const one = (sqlText: string) => db.$client.prepare(sqlText).pluck().get(shopId) as number;
  return {
    contacts: one(`SELECT count(*) FROM contacts WHERE shop_id = ?`),
    liveSegments: one(`SELECT count(*) FROM segments WHERE shop_id = ? AND status = 'ready'`),
    activeAutomations: one(`SELECT count(*) FROM automations WHERE shop_id = ? AND status = 'active'`),
  };
}

/**
 * Up to `limit` live customers with a numeric platform id, spread over the store (every k-th by
 * id), with their platform tags; `exceptMembersOf` leaves out a segment's current members.
 */
export function benchContacts(db: Db, { shopId, limit, exceptMembersOf }: { shopId: number; limit: number; exceptMembersOf?: number }): BenchContact[] {
  const sqlite = db.$client;
  const live = `shop_id = ? AND platform_id IS NOT NULL AND platform_id <> '' AND platform_id NOT GLOB '*[^0-9]*' AND deleted_at IS NULL AND redacted_at IS NULL
    AND id NOT IN (SELECT contact_id FROM segment_members WHERE segment_id = ?)`;
  const total = sqlite.prepare(`SELECT count(*) FROM contacts WHERE ${live}`).pluck().get(shopId, exceptMembersOf ?? 0) as number;
  const step = Math.max(1, Math.floor(total / Math.max(1, limit)));
  const rows = sqlite
    .prepare(
      `SELECT id, platform_id, email, first_name, last_name, created_at FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM contacts WHERE ${live})
        WHERE (n - 1) % ? = 0 ORDER BY id LIMIT ?`,
    )
    .all(shopId, exceptMembersOf ?? 0, step, limit) as { id: number; platform_id: string; email: string | null; first_name: string | null; last_name: string | null; created_at: number }[];
  const tagsOf = sqlite.prepare(`SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ? AND ct.shop_id = ? AND ct.source = 'platform' ORDER BY t.name`).pluck();
  return rows.map((r) => ({
    platformId: r.platform_id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    createdAt: r.created_at,
    tags: tagsOf.all(r.id, shopId) as string[],
  }));
}

export const BENCH_SEGMENT_NAME = "Benchmark: webhook-tagged";
export const BENCH_TAG = "bench-webhook";
export const BENCH_AUTOMATION_NAME = "Benchmark: on entering webhook-tagged";

/**
 * The live segment "tag is bench-webhook" and an active automation on entering it, created
 * through the product's own models (found again on a later run). A new segment is computed by the
 * server's own job (`segmentReady` tells when).
 */
export function ensureBenchSegment(db: Db, { shopId, now }: { shopId: number; now: number }): { segmentId: number; automationId: number } {
  let segment = listSegments(db, { shopId }).find((s) => s.name === BENCH_SEGMENT_NAME);
  if (!segment) {
    const definition = { version: 1, root: { id: "root", type: "group", match: "all", children: [{ id: "c1", type: "tag", operator: "has_any", tags: [BENCH_TAG] }] } };
    const created = createSegment(db, { shopId, name: BENCH_SEGMENT_NAME, definition, now });
    if (!created.ok) throw new Error(`benchmark segment: ${JSON.stringify(created.issues)}`);
    segment = created.segment;
  }
  let automation = listAutomations(db, { shopId, segmentId: segment.id }).find((a) => a.name === BENCH_AUTOMATION_NAME && a.status === "active");
  if (!automation) {
    // the Flow trigger step is skipped in demo mode, so a run ends at once and the next entry enrols again
    const created = createAutomation(db, {
      shopId,
      now,
      input: { name: BENCH_AUTOMATION_NAME, segmentId: segment.id, trigger: "entered", steps: [{ type: "flow_trigger" }], reentry: "every_time", flapWindowMs: 0, status: "active" },
    });
    if (!created.ok) throw new Error(`benchmark automation: ${JSON.stringify(created.errors)}`);
    return { segmentId: segment.id, automationId: created.automation.id };
  }
  return { segmentId: segment.id, automationId: automation.id };
}

/** The segment is `ready` and no full computation of the shop is queued or running. */
export function segmentReady(db: Db, { shopId, segmentId }: { shopId: number; segmentId: number }): boolean {
  const sqlite = db.$client;
  const ready = sqlite.prepare(`SELECT status = 'ready' FROM segments WHERE id = ? AND shop_id = ?`).pluck().get(segmentId, shopId) === 1;
  const computing = sqlite.prepare(`SELECT count(*) FROM jobs WHERE shop_id = ? AND type = ? AND status IN ('queued', 'running')`).pluck().get(shopId, COMPUTE_SEGMENT_JOB) as number;
  return ready && computing === 0;
}
