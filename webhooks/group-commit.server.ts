import type { Sqlite } from "../db/client.server";

type Waiter = (committed: boolean) => void;

/**
 * Group commit for webhook intake: the deliveries that arrive in one turn of the event loop are
 * stored in one transaction (each in its own savepoint, so one failing delivery rolls back alone)
 * and answered after it commits. A commit is most of what storing a delivery costs; sharing it
 * keeps the promise "200 means stored" while intake keeps up with bursts. The transaction is
 * committed in the same turn (`setImmediate`), before any timer, job or worker batch runs.
 */
export class GroupCommit {
  private waiters: Waiter[] | null = null;

  constructor(private readonly sqlite: Sqlite) {}

  /** Runs `work` inside the turn's transaction; `done` learns whether it was committed. */
  run<T>(work: () => T, done: (outcome: { committed: true; value: T } | { committed: false; error: unknown }) => void): void {
    if (!this.waiters) this.open();
    let value: T;
    try {
      value = this.sqlite.transaction(work)(); // a savepoint inside the open transaction
    } catch (error) {
      done({ committed: false, error });
      return;
    }
    this.waiters!.push((committed) => done(committed ? { committed: true, value } : { committed: false, error: new Error("the intake transaction did not commit") }));
  }

  private open(): void {
    this.sqlite.exec("BEGIN IMMEDIATE");
    this.waiters = [];
    setImmediate(() => this.commit());
  }

  private commit(): void {
    const waiters = this.waiters ?? [];
    this.waiters = null;
    let committed = false;
    try {
      this.sqlite.exec("COMMIT");
      committed = true;
    } catch {
      if (this.sqlite.inTransaction) this.sqlite.exec("ROLLBACK");
    }
    for (const waiter of waiters) waiter(committed);
  }
}
