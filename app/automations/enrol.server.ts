import type { Db } from "../../db/client.server";
import { MEMBERSHIP_CHANGE_KINDS } from "../../db/enums";
import type { ReentryPolicy } from "../../db/schema";
import { prepared } from "../../db/statement-cache";
import { enqueueRunStep } from "./queue.server";

/**
 * Enrolment: automations start from `membership_changes` rows, never from memory. Each active
 * automation keeps a cursor (the last change id it processed) and reads its segment's enters (or
 * leaves) after it. A change becomes exactly one `automation_runs` row — a run, or a `skipped`
 * row saying why not (re-entry rule, flapping) — unique on (automation, change), so a change
 * processed twice (a retried job, "trigger all" racing the scan) enrols once.
 */

export type EnrolAutomation = {
  id: number;
  shopId: number;
  segmentId: number;
  trigger: "entered" | "left";
  reentry: ReentryPolicy;
  reentryCooldownMs: number | null;
  flapWindowMs: number;
};

export type ChangeToEnrol = { id: number | null; contactId: number; kind: number; at: number };

export type SkipReason = "contact_gone" | "in_progress" | "reentry_once" | "reentry_cooldown" | "flapping";
export type EnrolOutcome = "enrolled" | "duplicate" | SkipReason;

export const ENROL_SKIP_LABELS: Record<SkipReason, string> = {
  contact_gone: "Contact deleted or erased",
  in_progress: "Already in this automation",
  reentry_once: "Re-entry rule: once per contact",
  reentry_cooldown: "Re-entry rule: too soon after the last run",
  flapping: "Flapping: entered and left again too quickly",
};

const IN_PROGRESS = `SELECT 1 FROM automation_runs WHERE automation_id = ? AND contact_id = ? AND status IN ('running', 'waiting', 'held') LIMIT 1`;
const LAST_RUN = `SELECT max(started_at) FROM automation_runs WHERE automation_id = ? AND contact_id = ? AND status <> 'skipped'`;
const PREVIOUS_SAME = `SELECT at FROM membership_changes WHERE contact_id = ? AND segment_id = ? AND kind = ? AND id < ? ORDER BY id DESC LIMIT 1`;
const CONTACT_LIVE = `SELECT deleted_at IS NULL AND redacted_at IS NULL FROM contacts WHERE id = ? AND shop_id = ?`;

function skipReason(db: Db, automation: EnrolAutomation, change: ChangeToEnrol, now: number): SkipReason | null {
  const sqlite = db.$client;
  if (prepared(sqlite, CONTACT_LIVE).pluck().get(change.contactId, automation.shopId) !== 1) return "contact_gone";
  if (prepared(sqlite, IN_PROGRESS).get(automation.id, change.contactId)) return "in_progress";
  const lastRun = prepared(sqlite, LAST_RUN).pluck().get(automation.id, change.contactId) as number | null;
  if (lastRun !== null) {
    if (automation.reentry === "once") return "reentry_once";
    if (automation.reentry === "cooldown" && now - lastRun < (automation.reentryCooldownMs ?? 0)) return "reentry_cooldown";
  }
  if (automation.flapWindowMs > 0 && change.id !== null) {
    // enter/leave/enter: the previous change of the same kind (before the opposite one) was too recent
    const previous = prepared(sqlite, PREVIOUS_SAME).pluck().get(change.contactId, automation.segmentId, change.kind, change.id) as number | undefined;
    if (previous !== undefined && change.at - previous < automation.flapWindowMs) return "flapping";
  }
  return null;
}

const INSERT_RUN = `INSERT INTO automation_runs (shop_id, automation_id, contact_id, membership_change_id, status, step_index, exit_reason, started_at, finished_at)
  VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`;
const RUN_FOR_CHANGE = `SELECT 1 FROM automation_runs WHERE automation_id = ? AND membership_change_id = ?`;

/** Enrols one change (or records why not); call inside a transaction. Processing it again changes nothing. */
export function enrolChange(db: Db, automation: EnrolAutomation, change: ChangeToEnrol, now: number): EnrolOutcome {
  const sqlite = db.$client;
  if (change.id !== null && prepared(sqlite, RUN_FOR_CHANGE).get(automation.id, change.id)) return "duplicate";
  const reason = skipReason(db, automation, change, now);
  const run = prepared(sqlite, INSERT_RUN).get(
    automation.shopId,
    automation.id,
    change.contactId,
    change.id,
    reason ? "skipped" : "running",
    reason,
    now,
    reason ? now : null,
  ) as { id: number } | undefined;
  if (!run) return "duplicate";
  if (!reason) enqueueRunStep(db, { shopId: automation.shopId, runId: run.id, stepIndex: 0, runAfter: now, now });
  return reason ?? "enrolled";
}

type AutomationRow = {
  id: number;
  shop_id: number;
  segment_id: number;
  trigger: "entered" | "left";
  status: string;
  reentry: ReentryPolicy;
  reentry_cooldown_ms: number | null;
  flap_window_ms: number;
  change_cursor: number;
};

export function toEnrolAutomation(row: AutomationRow): EnrolAutomation {
  return {
    id: row.id,
    shopId: row.shop_id,
    segmentId: row.segment_id,
    trigger: row.trigger,
    reentry: row.reentry,
    reentryCooldownMs: row.reentry_cooldown_ms,
    flapWindowMs: row.flap_window_ms,
  };
}

export type EnrolReport = { automations: number; changes: number; enrolled: number; skipped: number };

/**
 * Reads every active automation's new changes after its cursor and enrols them, a batch per
 * IMMEDIATE transaction together with the cursor's move, so a crash repeats at most a batch whose
 * runs already exist (and are then duplicates).
 */
export function enrolNewChanges(db: Db, { shopId, now, batchSize = 500 }: { shopId: number; now: number; batchSize?: number }): EnrolReport {
  const sqlite = db.$client;
  const report: EnrolReport = { automations: 0, changes: 0, enrolled: 0, skipped: 0 };
  // an uninstalled shop starts nothing (its data waits for shop/redact or a reinstall)
  if (sqlite.prepare(`SELECT uninstalled_at FROM shops WHERE id = ?`).pluck().get(shopId) !== null) return report;
  const ids = sqlite.prepare(`SELECT id FROM automations WHERE shop_id = ? AND status = 'active' ORDER BY id`).pluck().all(shopId) as number[];
  for (const automationId of ids) {
    report.automations++;
    for (;;) {
      const processed = sqlite
        .transaction(() => {
          const row = sqlite.prepare(`SELECT * FROM automations WHERE id = ? AND shop_id = ? AND status = 'active'`).get(automationId, shopId) as AutomationRow | undefined;
          if (!row) return 0;
          const automation = toEnrolAutomation(row);
          const kind = MEMBERSHIP_CHANGE_KINDS[row.trigger];
          const changes = sqlite
            .prepare(`SELECT id, contact_id AS contactId, kind, at FROM membership_changes WHERE segment_id = ? AND kind = ? AND id > ? ORDER BY id LIMIT ?`)
            .all(row.segment_id, kind, row.change_cursor, batchSize) as ChangeToEnrol[];
          for (const change of changes) {
            const outcome = enrolChange(db, automation, change, now);
            if (outcome === "enrolled") report.enrolled++;
            else if (outcome !== "duplicate") report.skipped++;
          }
          if (changes.length > 0) sqlite.prepare(`UPDATE automations SET change_cursor = ? WHERE id = ?`).run(changes.at(-1)!.id, automationId);
          report.changes += changes.length;
          return changes.length;
        })
        .immediate();
      if (processed < batchSize) break;
    }
  }
  return report;
}

/** Shops with an active automation (the periodic sweep's work list). */
export function shopsWithActiveAutomations(db: Db): number[] {
  return db.$client
    .prepare(`SELECT DISTINCT a.shop_id FROM automations a JOIN shops s ON s.id = a.shop_id WHERE a.status = 'active' AND s.uninstalled_at IS NULL ORDER BY a.shop_id`)
    .pluck()
    .all() as number[];
}
