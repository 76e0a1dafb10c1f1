import type { Db } from "../../db/client.server";
import { logger } from "../logger.server";
import { enqueueJob } from "./queue.server";

/** A periodic job: enqueued once per `everyMs` slot (aligned to the epoch plus `offsetMs`). */
export type Schedule = { type: string; everyMs: number; offsetMs?: number; payload?: unknown };

/**
 * Enqueues periodic jobs. Each slot's job has the unique key `type:slot`, so however many
 * ticks (or server processes) ask, a slot runs exactly once.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: { db: Db; schedules: Schedule[]; tickMs: number; now?: () => number },
  ) {}

  start(): void {
    if (this.timer) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Enqueues the current slot of every schedule; returns how many were new. */
  tick(): number {
    const now = (this.options.now ?? Date.now)();
    let added = 0;
    for (const schedule of this.options.schedules) {
      const offset = schedule.offsetMs ?? 0;
      const slot = Math.floor((now - offset) / schedule.everyMs);
      const id = enqueueJob(
        this.options.db,
        { type: schedule.type, payload: schedule.payload, uniqueKey: `${schedule.type}:${slot}`, runAfter: slot * schedule.everyMs + offset },
        now,
      );
      if (id !== null) added++;
    }
    if (added > 0) logger.debug({ added }, "scheduler enqueued periodic jobs");
    return added;
  }
}
