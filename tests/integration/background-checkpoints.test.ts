import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stopBackgroundCheckpoints } from "../../db/checkpointer.server";
import { openDatabase } from "../../db/client.server";
import { createTempDir } from "../helpers/test-db";

/** Checkpoints run in a background thread: commits never copy the WAL back, yet the WAL stays small. */
describe("background WAL checkpoints", () => {
  const tmp = createTempDir();
  afterAll(async () => {
    await stopBackgroundCheckpoints();
    tmp.cleanup();
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** Three bursts of 400 small commits, a pause after each; the WAL's size after the last burst. */
  async function walAfterBursts(name: string, background: boolean): Promise<{ wal: number; burst: number }> {
    const file = join(tmp.dir, name);
    const db = openDatabase(file, { backgroundCheckpoints: background });
    if (!background) db.$client.pragma("wal_autocheckpoint = 16384"); // same safety net, no worker
    db.$client.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)`);
    const insert = db.$client.prepare(`INSERT INTO notes (body) VALUES (?)`);
    const sizes: number[] = [];
    for (let burst = 0; burst < 3; burst++) {
      for (let i = 0; i < 400; i++) insert.run("x".repeat(2_000));
      sizes.push(statSync(`${file}-wal`).size);
      await sleep(1_300);
    }
    db.$client.close();
    return { wal: sizes[2], burst: sizes[0] };
  }

  it("keeps the WAL to about one burst, where commit-time-only checkpoints (at 64 MiB) let it grow with every burst", async () => {
    const withWorker = await walAfterBursts("background.sqlite", true);
    const without = await walAfterBursts("commit-only.sqlite", false);
    expect(without.wal).toBeGreaterThan(2.5 * without.burst); // the control: nothing was copied back
    expect(withWorker.wal).toBeLessThan(1.5 * withWorker.burst); // the WAL was checkpointed and reused
  }, 30_000);
});
