import type { Db } from "../../db/client.server";
import type { AutomationRunStatus, RunLogStatus } from "../../db/schema";
import { ENROL_SKIP_LABELS, type SkipReason } from "./enrol.server";
import { EXIT_LABELS, type ExitReason } from "./run-steps.server";

/** An automation's runs for its page: the latest first, with the contact, where the run is, and why it ended. */

export type RunItem = {
  id: number;
  contactId: number;
  contact: string;
  status: AutomationRunStatus;
  stepIndex: number;
  startedAt: number;
  finishedAt: number | null;
  nextStepAt: number | null;
  reason: string | null;
};

export type RunLogEntry = { stepIndex: number; kind: string; status: RunLogStatus; detail: string | null; sendId: number | null; at: number };

export function reasonLabel(reason: string | null): string | null {
  if (reason === null) return null;
  return ENROL_SKIP_LABELS[reason as SkipReason] ?? EXIT_LABELS[reason as ExitReason] ?? reason;
}

export function listRuns(db: Db, { shopId, automationId, limit = 50 }: { shopId: number; automationId: number; limit?: number }): RunItem[] {
  const rows = db.$client
    .prepare(
      `SELECT r.id, r.contact_id AS contactId, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS name, c.email,
         r.status, r.step_index AS stepIndex, r.started_at AS startedAt, r.finished_at AS finishedAt, r.next_step_at AS nextStepAt, r.exit_reason AS reason
       FROM automation_runs r JOIN contacts c ON c.id = r.contact_id
       WHERE r.automation_id = ? AND r.shop_id = ? ORDER BY r.id DESC LIMIT ?`,
    )
    .all(automationId, shopId, limit) as (Omit<RunItem, "contact"> & { name: string; email: string | null })[];
  return rows.map(({ name, email, reason, ...row }) => ({ ...row, contact: name || email || `Contact ${row.contactId}`, reason: reasonLabel(reason) }));
}

export type RunCounts = Record<AutomationRunStatus, number>;

export function runCounts(db: Db, { shopId, automationId }: { shopId: number; automationId: number }): RunCounts {
  const counts: RunCounts = { running: 0, waiting: 0, held: 0, completed: 0, exited: 0, skipped: 0, failed: 0 };
  const rows = db.$client.prepare(`SELECT status, count(*) AS n FROM automation_runs WHERE automation_id = ? AND shop_id = ? GROUP BY status`).all(automationId, shopId) as {
    status: AutomationRunStatus;
    n: number;
  }[];
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export function runLog(db: Db, { shopId, runId }: { shopId: number; runId: number }): RunLogEntry[] {
  return db.$client
    .prepare(`SELECT step_index AS stepIndex, kind, status, detail, send_id AS sendId, at FROM automation_run_log WHERE run_id = ? AND shop_id = ? ORDER BY step_index`)
    .all(runId, shopId) as RunLogEntry[];
}
