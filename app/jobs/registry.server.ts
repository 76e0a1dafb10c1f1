import { AUTOMATION_JOBS, enrolSweepJob } from "./automation-jobs.server";
import { CAMPAIGN_JOBS } from "./campaign-jobs.server";
import { DATA_SYNC_JOBS, heartbeatJob, reconcileJob } from "./data-sync-jobs.server";
import type { JobDefinition } from "./define-job";
import { IMPORT_JOBS } from "./import-jobs.server";
import { checkpointJob, pruneJob } from "./maintenance.server";
import { MESSAGING_JOBS } from "./messaging-jobs.server";
import { POPUP_JOBS } from "./popup-jobs.server";
import type { Schedule } from "./scheduler.server";
import { computeSegmentJob, lifecycleJob, timeTickJob } from "./segment-jobs.server";
import { SHOPLINE_JOBS, shoplineTokenRefreshJob } from "./shopline-jobs.server";
import { abandonedCheckoutsJob } from "./sync-jobs.server";

/** Every job type the runner executes. */
export const JOB_DEFINITIONS: JobDefinition[] = [computeSegmentJob, timeTickJob, lifecycleJob, abandonedCheckoutsJob, pruneJob, checkpointJob];
JOB_DEFINITIONS.push(...DATA_SYNC_JOBS); // backfill, reconciliation, outage heartbeat
JOB_DEFINITIONS.push(...MESSAGING_JOBS); // message sends and retries, consent write-backs
JOB_DEFINITIONS.push(...CAMPAIGN_JOBS, ...AUTOMATION_JOBS); // campaign sends; enrolment, run steps, Flow triggers, "trigger all"
JOB_DEFINITIONS.push(...SHOPLINE_JOBS); // SHOPLINE token refresh
JOB_DEFINITIONS.push(...POPUP_JOBS); // popup signups written to the store
JOB_DEFINITIONS.push(...IMPORT_JOBS); // CSV imports of contacts, in slices

const HOUR = 3_600_000;

/** Periodic jobs the scheduler enqueues; the time-window tick runs every `tickMs` (default 60 s). */
export function schedules(tickMs: number): Schedule[] {
  return [
    { type: timeTickJob.type, everyMs: tickMs },
    { type: lifecycleJob.type, everyMs: 24 * HOUR, offsetMs: 5 * HOUR },
    { type: abandonedCheckoutsJob.type, everyMs: 60_000 },
    { type: pruneJob.type, everyMs: 24 * HOUR, offsetMs: 3 * HOUR },
    { type: checkpointJob.type, everyMs: HOUR },
    { type: reconcileJob.type, everyMs: HOUR, offsetMs: 20 * 60_000 },
    { type: heartbeatJob.type, everyMs: 60_000 },
    { type: enrolSweepJob.type, everyMs: 60_000, offsetMs: 30_000 },
    { type: shoplineTokenRefreshJob.type, everyMs: tickMs },
  ];
}
