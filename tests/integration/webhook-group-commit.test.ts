import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GroupCommit } from "../../webhooks/group-commit.server";
import { createTempDir } from "../helpers/test-db";

/** Intake stores the deliveries of one event-loop turn in one transaction and answers each only once it is committed. */
describe("group commit of webhook intake", () => {
  const tmp = createTempDir();
  afterAll(() => tmp.cleanup());
  const open = (name: string) => {
    const file = join(tmp.dir, name);
    const writer = new Database(file);
    writer.pragma("journal_mode = WAL");
    writer.exec(`CREATE TABLE inbox (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)`);
    return { writer, reader: new Database(file, { readonly: true }) };
  };
  const committedBodies = (reader: Database.Database) => reader.prepare(`SELECT body FROM inbox ORDER BY id`).pluck().all();

  it("answers every delivery of a turn after their one commit, each already readable by another connection", async () => {
    const { writer, reader } = open("turn.sqlite");
    const group = new GroupCommit(writer);
    const seenAtAnswer: string[][] = [];
    const answered = new Promise<void>((resolve) => {
      let left = 3;
      for (const body of ["a", "b", "c"]) {
        group.run(
          () => writer.prepare(`INSERT INTO inbox (body) VALUES (?)`).run(body).changes,
          (outcome) => {
            expect(outcome.committed).toBe(true);
            seenAtAnswer.push(committedBodies(reader) as string[]);
            if (--left === 0) resolve();
          },
        );
      }
    });
    // nothing is answered (or visible to others) before the turn ends
    expect(seenAtAnswer).toEqual([]);
    expect(committedBodies(reader)).toEqual([]);
    await answered;
    expect(seenAtAnswer).toEqual([["a", "b", "c"], ["a", "b", "c"], ["a", "b", "c"]]);
  });

  it("a delivery that fails rolls back alone and is answered as not stored; the others still commit", async () => {
    const { writer, reader } = open("partial.sqlite");
    const group = new GroupCommit(writer);
    const outcomes: boolean[] = [];
    await new Promise<void>((resolve) => {
      let left = 3;
      const finish = (ok: boolean) => {
        outcomes.push(ok);
        if (--left === 0) resolve();
      };
      group.run(() => writer.prepare(`INSERT INTO inbox (body) VALUES ('x')`).run(), (o) => finish(o.committed));
      group.run(() => {
        writer.prepare(`INSERT INTO inbox (body) VALUES ('half-written')`).run();
        writer.prepare(`INSERT INTO inbox (body) VALUES ('x')`).run(); // UNIQUE: throws
      }, (o) => finish(o.committed));
      group.run(() => writer.prepare(`INSERT INTO inbox (body) VALUES ('y')`).run(), (o) => finish(o.committed));
    });
    expect(outcomes).toEqual([false, true, true]); // the failure is answered at once, the others after the commit
    expect(committedBodies(reader)).toEqual(["x", "y"]);
  });
});
