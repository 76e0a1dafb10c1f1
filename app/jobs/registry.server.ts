import type { JobDefinition } from "./define-job";
import { checkpointJob, pruneJob } from "./maintenance.server";
import type { Schedule } from "./scheduler.server";

/** Every job type the runner executes. */
export const JOB_DEFINITIONS: JobDefinition[] = [pruneJob, checkpointJob];

const HOUR = 3_600_000;

/** Periodic jobs the scheduler enqueues. */
export const SCHEDULES: Schedule[] = [
  { type: pruneJob.type, everyMs: 24 * HOUR, offsetMs: 3 * HOUR },
  { type: checkpointJob.type, everyMs: HOUR },
];
