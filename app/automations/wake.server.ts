import type { Db } from "../../db/client.server";
import { prepared } from "../../db/statement-cache";
import { enqueueEnrolment } from "./queue.server";

const HAS_ACTIVE = `SELECT 1 FROM automations WHERE segment_id = ? AND status = 'active' LIMIT 1`;

/**
 * Called where membership changes are written, in the same transaction: when the segment has an
 * active automation, a job to enrol the new changes is queued (keyed by the newest change, so each
 * batch of changes queues one). The enrolment itself reads `membership_changes` after each
 * automation's cursor, so a lost wake-up only delays it until the periodic sweep.
 */
export function wakeEnrolment(db: Db, { shopId, segmentId, lastChangeId, at }: { shopId: number; segmentId: number; lastChangeId: number; at: number }): void {
  if (!prepared(db.$client, HAS_ACTIVE).get(segmentId)) return;
  enqueueEnrolment(db, { shopId, key: String(lastChangeId), now: at });
}
