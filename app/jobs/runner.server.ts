import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import type { JobDefinition } from "./define-job";
import { claimNextJob, completeJob, failJob, reportJobProgress, type Job } from "./queue.server";

export type RunnerOptions = {
  db: Db;
  definitions: JobDefinition[];
  now?: () => number;
  /** How long a claimed job is ours before another runner may take it over. */
  leaseMs?: number;
  /** Idle poll interval; an enqueue wakes the runner earlier. */
  pollMs?: number;
  owner?: string;
};

/**
 * Runs queued jobs one at a time in this process. Durable: jobs live in SQLite, a crash leaves a
 * lease that expires, and the job runs again (handlers are written to be idempotent).
 * Heavy work is handed to worker threads by the handlers themselves, so this loop stays light.
 */
export class JobRunner {
  private readonly db: Db;
  private readonly definitions: Map<string, JobDefinition>;
  private readonly now: () => number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  readonly owner: string;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<boolean> | null = null;
  private abort = new AbortController();

  constructor(options: RunnerOptions) {
    this.db = options.db;
    this.definitions = new Map(options.definitions.map((d) => [d.type, d]));
    this.now = options.now ?? Date.now;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 500;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    globalThis.__segmentflowWakeRunner = () => this.schedule(0);
    this.schedule(0);
  }

  /** Stops polling and waits for the job in progress (its handler sees the abort signal). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    globalThis.__segmentflowWakeRunner = undefined;
    this.abort.abort();
    await this.current;
  }

  /** Claims and runs one due job; returns whether there was one. */
  async runOnce(): Promise<boolean> {
    const job = claimNextJob(this.db, {
      owner: this.owner,
      now: this.now(),
      leaseMs: this.leaseMs,
      types: [...this.definitions.keys()],
    });
    if (!job) return false;
    await this.execute(job);
    return true;
  }

  /** Runs due jobs until none is left (tests, and the demo's start-up). */
  async drain(limit = 10_000): Promise<number> {
    let ran = 0;
    while (ran < limit && (await this.runOnce())) ran++;
    return ran;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), delay);
  }

  private async loop(): Promise<void> {
    this.timer = null;
    if (!this.running || this.current) return;
    let ran = false;
    try {
      this.current = this.runOnce();
      ran = await this.current;
    } catch (error) {
      logger.error({ err: error }, "job runner loop failed");
    } finally {
      this.current = null;
    }
    this.schedule(ran ? 0 : this.pollMs);
  }

  private async execute(job: Job): Promise<void> {
    const definition = this.definitions.get(job.type)!;
    const log = logger.child({ job: job.id, type: job.type, attempt: job.attempts });
    const parsed = definition.payload.safeParse(JSON.parse(job.payload));
    if (!parsed.success) {
      failJob(this.db, { id: job.id, owner: this.owner, now: this.now(), error: `invalid payload: ${parsed.error.message}`, permanent: true });
      log.error({ issues: parsed.error.issues }, "job payload invalid; marked failed");
      return;
    }
    const started = performance.now();
    try {
      await definition.run(parsed.data, {
        db: this.db,
        jobId: job.id,
        shopId: job.shopId,
        attempt: job.attempts,
        now: this.now,
        signal: this.abort.signal,
        reportProgress: (done, total) =>
          reportJobProgress(this.db, { id: job.id, owner: this.owner, now: this.now(), leaseMs: this.leaseMs, done, total }),
      });
      completeJob(this.db, { id: job.id, owner: this.owner, now: this.now() });
      log.debug({ ms: Math.round(performance.now() - started) }, "job done");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = failJob(this.db, { id: job.id, owner: this.owner, now: this.now(), error: message, maxAttempts: definition.maxAttempts });
      log.warn({ err: error, outcome }, "job failed");
    }
  }
}
