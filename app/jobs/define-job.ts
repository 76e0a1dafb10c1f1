import type { z } from "zod";
import type { Db } from "../../db/client.server";

/** What a job handler gets besides its payload. */
export type JobContext = {
  db: Db;
  jobId: number;
  shopId: number | null;
  attempt: number;
  /** The runner's clock (tests drive it). */
  now: () => number;
  /** Records progress (shown in the UI) and extends the lease of a long job. */
  reportProgress: (done: number, total: number) => void;
  signal: AbortSignal;
};

/** A job type: its id, payload schema and handler (documenso's job-definition shape). */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  type: string;
  payload: S;
  /** Attempts before the job is marked failed; when set it overrides the enqueued row's limit (default 5). */
  maxAttempts?: number;
  run: (payload: z.infer<S>, ctx: JobContext) => Promise<void> | void;
};

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
