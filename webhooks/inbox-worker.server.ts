import type { Db } from "../db/client.server";
import { logger } from "../app/logger.server";
import { processInbox, type HandlerRegistry } from "./process.server";
import { onWakeInbox } from "./wake";

/**
 * Time one batch of the inbox may take before it commits and lets the event loop serve requests
 * (a burst of webhooks is answered first and applied right after; the inbox is the buffer).
 */
export const BATCH_BUDGET_MS = 10;
/**
 * Pause between two batches while deliveries keep arriving: a request takes several event-loop
 * turns (body, HMAC, insert), and a batch in every turn would stretch each of them.
 */
export const INTAKE_GAP_MS = 10;

/** Drains the webhook inbox continuously in this process (started once by the server). */
export class InboxWorker {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private busy = false;
  /** Waiting for the idle poll (a wake-up starts a batch at once) rather than a gap between batches. */
  private idle = true;
  /** Deliveries stored since the last batch started. */
  private arrivals = 0;

  constructor(private readonly options: { db: Db; handlers: HandlerRegistry; pollMs?: number; now?: () => number; batchBudgetMs?: number }) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    onWakeInbox(() => {
      this.arrivals++;
      if (this.idle) this.schedule(0);
    });
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    onWakeInbox(undefined);
  }

  private schedule(delay: number, idle = false): void {
    if (!this.running || this.busy) return;
    this.idle = idle;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.drain(), delay);
  }

  private drain(): void {
    this.timer = null;
    this.busy = true;
    this.arrivals = 0;
    let more = false;
    let erasureFlush: Promise<unknown> | undefined;
    try {
      // short batches: between two, the event loop answers the webhooks that arrived meanwhile
      const report = processInbox(this.options.db, {
        now: (this.options.now ?? Date.now)(),
        handlers: this.options.handlers,
        limit: 50,
        budgetMs: this.options.batchBudgetMs ?? BATCH_BUDGET_MS,
      });
      more = report.processed + report.failed + report.retried + report.skipped > 0;
      erasureFlush = report.erasureFlush;
    } catch (error) {
      logger.error({ err: error }, "inbox processing failed");
    }
    const next = () => {
      this.busy = false;
      if (more) this.schedule(this.arrivals > 0 ? INTAKE_GAP_MS : 0);
      else this.schedule(this.options.pollMs ?? 1_000, true);
    };
    // an erasure's byte scan (and VACUUM) finishes before the next batch (it never rejects)
    if (erasureFlush) void erasureFlush.then(next, next);
    else next();
  }
}
