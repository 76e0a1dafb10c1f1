import type { Db, Sqlite } from "../../db/client.server";
import { MEMBERSHIP_CAUSES, type MembershipCauseName } from "../../db/enums";
import { prepared } from "../../db/statement-cache";
import { isAffectedBy, type ContactChange } from "../segments/dependencies";
import { ContactEvaluator, shopSegments, type LoadedSegment } from "./shop-segments.server";
import { segmentsOfContact, writeMembershipChanges } from "./store.server";

export type ContactChangedInput = {
  shopId: number;
  contactIds: number[];
  /** What changed (fields, events, orders, tags, attributes): only dependent segments are re-evaluated. */
  change: ContactChange;
  now: number;
  cause: MembershipCauseName;
  /** e.g. "orders/create #1001" or "product_viewed". */
  causeDetail?: string | null;
};

/** Fields that decide whether a member can be reached by email or SMS (the cached reachability counts). */
const REACH_FIELDS = new Set(["email", "phone", "email_consent", "sms_consent", "email_validity", "phone_validity"]);

export type ContactChangedResult = { segments: number; evaluated: number; entered: number; left: number; deferred: number };

const evaluators = new WeakMap<Sqlite, ContactEvaluator>();
function evaluatorFor(db: Db): ContactEvaluator {
  let evaluator = evaluators.get(db.$client);
  if (!evaluator) evaluators.set(db.$client, (evaluator = new ContactEvaluator(db)));
  return evaluator;
}

/**
 * The engine's entry point for changed data: re-evaluates the given contacts against the segments
 * whose conditions can depend on the change and records who entered and left, with the cause.
 * Segments being computed in full get the contacts queued for re-checking instead.
 * One IMMEDIATE transaction; calling it again for the same data changes nothing.
 */
export function onContactChanged(db: Db, input: ContactChangedInput): ContactChangedResult {
  if (input.change.everything || input.change.fields?.some((f) => REACH_FIELDS.has(f))) markReachStale(db, input.contactIds);
  const { timeZone, segments } = shopSegments(db, input.shopId);
  const affected = segments.filter((s) => isAffectedBy(s.dependencies, input.change));
  const result: ContactChangedResult = { segments: affected.length, evaluated: 0, entered: 0, left: 0, deferred: 0 };
  if (affected.length === 0 || input.contactIds.length === 0) return result;
  const evaluator = evaluatorFor(db);
  const sqlite = db.$client;

  sqlite
    .transaction(() => {
      // most segments are ready: fetch only the exceptions
      const notReady = new Map(
        (prepared(sqlite, `SELECT id, status FROM segments WHERE shop_id = ? AND status <> 'ready'`).all(input.shopId) as { id: number; status: string }[]).map((r) => [r.id, r.status]),
      );
      const ready: LoadedSegment[] = [];
      const computing: LoadedSegment[] = [];
      for (const segment of affected) {
        const status = notReady.get(segment.id) ?? "ready";
        if (status === "ready") ready.push(segment);
        else if (status === "computing") computing.push(segment);
      }
      const recheck = prepared(
        sqlite,
        `INSERT INTO segment_rechecks (segment_id, contact_id, shop_id, cause, cause_detail, queued_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (segment_id, contact_id) DO UPDATE SET cause = excluded.cause, cause_detail = excluded.cause_detail, queued_at = excluded.queued_at`,
      );
      const changes = new Map<number, { entered: number[]; left: number[] }>();
      for (const contactId of new Set(input.contactIds)) {
        for (const segment of computing) {
          recheck.run(segment.id, contactId, input.shopId, MEMBERSHIP_CAUSES[input.cause], input.causeDetail ?? null, input.now);
          result.deferred++;
        }
        if (ready.length === 0) continue;
        const current = segmentsOfContact(db, contactId);
        for (const segment of ready) {
          result.evaluated++;
          const isMember = evaluator.matches(segment, timeZone, contactId, input.now);
          if (isMember === current.has(segment.id)) continue;
          const entry = changes.get(segment.id) ?? { entered: [], left: [] };
          (isMember ? entry.entered : entry.left).push(contactId);
          changes.set(segment.id, entry);
        }
      }
      for (const segment of ready) {
        const change = changes.get(segment.id);
        if (!change) continue;
        result.entered += change.entered.length;
        result.left += change.left.length;
        writeMembershipChanges(db, {
          shopId: input.shopId,
          segmentId: segment.id,
          revision: segment.revision,
          entered: change.entered,
          left: change.left,
          cause: input.cause,
          causeDetail: input.causeDetail,
          at: input.now,
        });
      }
    })
    .immediate();
  return result;
}

function markReachStale(db: Db, contactIds: number[]): void {
  if (contactIds.length === 0) return;
  const mark = prepared(db.$client, `UPDATE segments SET reach_stale = 1 WHERE reach_stale = 0 AND id IN (SELECT segment_id FROM segment_members WHERE contact_id = ?)`);
  for (const contactId of contactIds) mark.run(contactId);
}
