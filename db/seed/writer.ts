import type { Statement } from "better-sqlite3";
import type { Sqlite } from "../client.server";

/**
 * Batched inserts through prepared statements: rows are buffered and written in transactions of
 * `batchSize`, which is what makes a million-contact store take minutes, not hours.
 */
export class BatchWriter {
  private readonly statements = new Map<string, Statement>();
  private pending = 0;
  private open = false;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly batchSize = 20_000,
  ) {}

  /** Runs an INSERT now (inside the current batch transaction) and returns its rowid. */
  insert(sqlText: string, values: unknown[]): number {
    this.begin();
    let statement = this.statements.get(sqlText);
    if (!statement) {
      statement = this.sqlite.prepare(sqlText);
      this.statements.set(sqlText, statement);
    }
    const { lastInsertRowid } = statement.run(...values);
    if (++this.pending >= this.batchSize) this.flush();
    return Number(lastInsertRowid);
  }

  /** Commits the open batch. */
  flush(): void {
    if (this.open) {
      this.sqlite.exec("COMMIT");
      this.open = false;
    }
    this.pending = 0;
  }

  private begin(): void {
    if (!this.open) {
      this.sqlite.exec("BEGIN");
      this.open = true;
    }
  }
}
