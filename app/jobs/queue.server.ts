import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { jobs } from "../../db/schema";
import { prepared } from "../../db/statement-cache";

export type Job = typeof jobs.$inferSelect;

export type EnqueueOptions = {
  type: string;
  payload?: unknown;
  shopId?: number | null;
  /** Idempotency: a second enqueue with the same key is a no-op while the job row exists. */
  uniqueKey?: string;
  runAfter?: number;
  priority?: number;
  maxAttempts?: number;
};

declare global {
  // Lets an enqueue in a route wake the runner at once instead of at its next poll.
  var __segmentflowWakeRunner: (() => void) | undefined;
}

const INSERT_JOB = `INSERT INTO jobs (type, payload, shop_id, unique_key, run_after, priority, max_attempts, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`;

/** Adds a job; returns its id, or null when `uniqueKey` was already taken. */
export function enqueueJob(db: Db, options: EnqueueOptions, now: number): number | null {
  // prepared once per connection: membership changes from every webhook delivery enqueue here
  const id = prepared(db.$client, INSERT_JOB)
    .pluck()
    .get(options.type, JSON.stringify(options.payload ?? {}), options.shopId ?? null, options.uniqueKey ?? null, options.runAfter ?? now, options.priority ?? 100, options.maxAttempts ?? 5, now, now) as
    | number
    | undefined;
  if (id !== undefined) globalThis.__segmentflowWakeRunner?.();
  return id ?? null;
}

/**
 * Claims the next due job by taking a lease, in one IMMEDIATE transaction so two runners never
 * claim the same job. A running job whose lease expired (its runner died) is claimable again.
 */
export function claimNextJob(
  db: Db,
  { owner, now, leaseMs, types }: { owner: string; now: number; leaseMs: number; types: string[] },
): Job | null {
  if (types.length === 0) return null;
  const claim = db.$client.transaction(() => {
    const candidate = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        sql`${jobs.type} IN ${types} AND (
          (${jobs.status} = 'queued' AND ${jobs.runAfter} <= ${now})
          OR (${jobs.status} = 'running' AND ${jobs.leaseUntil} < ${now}))`,
      )
      .orderBy(jobs.priority, jobs.runAfter, jobs.id)
      .limit(1)
      .get();
    if (!candidate) return null;
    return (
      db
        .update(jobs)
        .set({
          status: "running",
          leaseOwner: owner,
          leaseUntil: now + leaseMs,
          attempts: sql`${jobs.attempts} + 1`,
          updatedAt: now,
        })
        .where(eq(jobs.id, candidate.id))
        .returning()
        .get() ?? null
    );
  });
  return claim.immediate();
}

/** Marks a job done, if this runner still holds its lease. */
export function completeJob(db: Db, { id, owner, now }: { id: number; owner: string; now: number }): boolean {
  const result = db
    .update(jobs)
    .set({ status: "succeeded", leaseOwner: null, leaseUntil: null, finishedAt: now, updatedAt: now, lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, "running")))
    .run();
  return result.changes === 1;
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 10 min, each scaled by 0.5–1.0. */
export function retryDelayMs(attempt: number, jitter: number): number {
  const base = Math.min(600_000, 2_000 * 2 ** (attempt - 1));
  return Math.round(base * (0.5 + jitter / 2));
}

/**
 * Records a failure: retried later with backoff, or marked failed after its last attempt (or at
 * once when `permanent`, e.g. a payload that can never be valid). `maxAttempts` (the job type's
 * own limit, from its definition) takes precedence over the row's.
 */
export function failJob(
  db: Db,
  {
    id,
    owner,
    now,
    error,
    permanent = false,
    jitter = Math.random(),
    maxAttempts,
  }: { id: number; owner: string; now: number; error: string; permanent?: boolean; jitter?: number; maxAttempts?: number },
): "retry" | "failed" | "lost" {
  const job = db.select().from(jobs).where(eq(jobs.id, id)).get();
  if (!job || job.leaseOwner !== owner || job.status !== "running") return "lost";
  const finalAttempt = permanent || job.attempts >= (maxAttempts ?? job.maxAttempts);
  db.update(jobs)
    .set(
      finalAttempt
        ? { status: "failed", leaseOwner: null, leaseUntil: null, finishedAt: now, updatedAt: now, lastError: error }
        : {
            status: "queued",
            leaseOwner: null,
            leaseUntil: null,
            runAfter: now + retryDelayMs(job.attempts, jitter),
            updatedAt: now,
            lastError: error,
          },
    )
    .where(eq(jobs.id, id))
    .run();
  return finalAttempt ? "failed" : "retry";
}

/** Stores progress and pushes the lease forward while a long job works. */
export function reportJobProgress(
  db: Db,
  { id, owner, now, leaseMs, done, total }: { id: number; owner: string; now: number; leaseMs: number; done: number; total: number },
): void {
  db.update(jobs)
    .set({ progressDone: done, progressTotal: total, leaseUntil: now + leaseMs, updatedAt: now })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner)))
    .run();
}

export function findJob(db: Db, id: number): Job | null {
  return db.select().from(jobs).where(eq(jobs.id, id)).get() ?? null;
}
