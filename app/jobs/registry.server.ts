import type { JobDefinition } from "./define-job";
import { checkpointJob, pruneJob } from "./maintenance.server";
import type { Schedule } from "./scheduler.server";
import { computeSegmentJob, lifecycleJob, timeTickJob } from "./segment-jobs.server";

/** Every job type the runner executes. */
export const JOB_DEFINITIONS: JobDefinition[] = [computeSegmentJob, timeTickJob, lifecycleJob, pruneJob, checkpointJob];

const HOUR = 3_600_000;

/** Periodic jobs the scheduler enqueues; the time-window tick runs every `tickMs` (default 60 s). */
export function schedules(tickMs: number): Schedule[] {
  return [
    { type: timeTickJob.type, everyMs: tickMs },
    { type: lifecycleJob.type, everyMs: 24 * HOUR, offsetMs: 5 * HOUR },
    { type: pruneJob.type, everyMs: 24 * HOUR, offsetMs: 3 * HOUR },
    { type: checkpointJob.type, everyMs: HOUR },
  ];
}
