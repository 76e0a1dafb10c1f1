import type { Db } from "../../db/client.server";
import { MEMBERSHIP_CHANGE_KINDS } from "../../db/enums";
import { enqueueJob } from "../jobs/queue.server";
import { enrolChange, toEnrolAutomation, type EnrolReport } from "./enrol.server";
import { TRIGGER_ALL_JOB } from "./queue.server";

/**
 * "Trigger all current members" (the segment update modal, SPEC §6): every member of the segment
 * whose current entry (their latest `entered` change) an active "entered" automation has not
 * processed yet is enrolled now, through the same rules as the cursor scan (re-entry, flapping,
 * one run per change). Members it has processed — enrolled or skipped — are left alone. It runs
 * once the segment's new definition has been computed, so "current" means after the update.
 */

const ENTERED = MEMBERSHIP_CHANGE_KINDS.entered;

/** Latest entered change of each member after `after` (contact order), with whether the automation processed it. */
const MEMBERS = `SELECT sm.contact_id AS contactId, mc.id AS changeId, mc.at AS changeAt,
    EXISTS (SELECT 1 FROM automation_runs r WHERE r.automation_id = @automationId
            AND (r.membership_change_id = mc.id OR (mc.id IS NULL AND r.contact_id = sm.contact_id))) AS processed
  FROM segment_members sm
  LEFT JOIN membership_changes mc ON mc.id = (
    SELECT max(x.id) FROM membership_changes x WHERE x.contact_id = sm.contact_id AND x.segment_id = sm.segment_id AND x.kind = ${ENTERED})
  WHERE sm.segment_id = @segmentId AND sm.contact_id > @after
  ORDER BY sm.contact_id LIMIT @limit`;

type MemberRow = { contactId: number; changeId: number | null; changeAt: number | null; processed: 0 | 1 };

/** Enrols the unprocessed members of one automation's segment; a batch per IMMEDIATE transaction. */
export function triggerAllMembers(db: Db, { shopId, automationId, now, batchSize = 500 }: { shopId: number; automationId: number; now: number; batchSize?: number }): EnrolReport {
  const sqlite = db.$client;
  const report: EnrolReport = { automations: 1, changes: 0, enrolled: 0, skipped: 0 };
  let after = 0;
  for (;;) {
    const count = sqlite
      .transaction(() => {
        const row = sqlite.prepare(`SELECT * FROM automations WHERE id = ? AND shop_id = ? AND status = 'active' AND trigger = 'entered'`).get(automationId, shopId);
        if (!row) return 0;
        const automation = toEnrolAutomation(row as Parameters<typeof toEnrolAutomation>[0]);
        const members = sqlite.prepare(MEMBERS).all({ automationId, segmentId: automation.segmentId, after, limit: batchSize }) as MemberRow[];
        for (const member of members) {
          if (member.processed) continue;
          report.changes++;
          const outcome = enrolChange(db, automation, { id: member.changeId, contactId: member.contactId, kind: ENTERED, at: member.changeAt ?? now }, now);
          if (outcome === "enrolled") report.enrolled++;
          else if (outcome !== "duplicate") report.skipped++;
        }
        after = members.at(-1)?.contactId ?? after;
        return members.length;
      })
      .immediate();
    if (count < batchSize) return report;
  }
}

/** Active "entered" automations of a segment (the ones "trigger all" enrols into). */
export function triggerAllTargets(db: Db, { shopId, segmentId }: { shopId: number; segmentId: number }): number[] {
  return db.$client
    .prepare(`SELECT id FROM automations WHERE shop_id = ? AND segment_id = ? AND status = 'active' AND trigger = 'entered' ORDER BY id`)
    .pluck()
    .all(shopId, segmentId) as number[];
}

export type TriggerAllPayload = { shopId: number; segmentId: number; revision: number; polls: number };

/**
 * Asks for "trigger all" after an update: a job that waits for the segment's revision `revision`
 * to be computed, then enrols. Asked twice for one save, it runs once.
 */
export function requestTriggerAll(db: Db, { shopId, segmentId, revision, now }: { shopId: number; segmentId: number; revision: number; now: number }): void {
  enqueueJob(db, { type: TRIGGER_ALL_JOB, shopId, payload: { shopId, segmentId, revision, polls: 0 } satisfies TriggerAllPayload, uniqueKey: `${TRIGGER_ALL_JOB}:${segmentId}:${revision}:0`, runAfter: now }, now);
}

/** How long to wait between looks at a segment still being computed, and for how many looks. */
export const TRIGGER_ALL_POLL_MS = 1_000;
export const TRIGGER_ALL_MAX_POLLS = 6 * 3_600;

/**
 * The job: when the segment is at (or past) the revision and ready, enrols into each target;
 * while it computes, looks again in a second (a new job row, so the wait is durable).
 */
export function runTriggerAll(db: Db, payload: TriggerAllPayload, now: number): { status: "waiting" | "gone" | "done"; reports: EnrolReport[] } {
  const segment = db.$client.prepare(`SELECT revision, status FROM segments WHERE id = ? AND shop_id = ?`).get(payload.segmentId, payload.shopId) as { revision: number; status: string } | undefined;
  if (!segment) return { status: "gone", reports: [] };
  if (segment.revision < payload.revision || segment.status === "computing") {
    if (payload.polls >= TRIGGER_ALL_MAX_POLLS) return { status: "gone", reports: [] };
    const next = { ...payload, polls: payload.polls + 1 };
    enqueueJob(db, { type: TRIGGER_ALL_JOB, shopId: payload.shopId, payload: next, uniqueKey: `${TRIGGER_ALL_JOB}:${payload.segmentId}:${payload.revision}:${next.polls}`, runAfter: now + TRIGGER_ALL_POLL_MS }, now);
    return { status: "waiting", reports: [] };
  }
  const reports = triggerAllTargets(db, payload).map((automationId) => triggerAllMembers(db, { shopId: payload.shopId, automationId, now }));
  return { status: "done", reports };
}
