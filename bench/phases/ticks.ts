/**
 * Time-window ticks over the whole store: a typical 60-second tick (no day boundary: calendar
 * windows do not move) and the tick that crosses the shop's midnight (every day window moves).
 * Both re-check edge candidates only; the report says how many.
 */
import { DateTime } from "luxon";
import { runTimeTick, type TickReport } from "../../app/membership/tick.server";
import type { Db } from "../../db/client.server";

export type TickTiming = TickReport & { ms: number };

function tick(db: Db, shopId: number, from: number, to: number): TickTiming {
  db.$client.prepare(`UPDATE shops SET segments_ticked_at = ? WHERE id = ?`).run(from, shopId);
  const started = performance.now();
  const report = runTimeTick(db, { shopId, now: to });
  return { ...report, ms: performance.now() - started };
}

export function measureTicks(db: Db, { shopId, after, timeZone, repeats }: { shopId: number; after: number; timeZone: string; repeats: number }) {
  const midnight = DateTime.fromMillis(after, { zone: timeZone }).plus({ days: 1 }).startOf("day").toMillis();
  // typical ticks: a minute each, in the afternoon before that midnight
  const typical: TickTiming[] = [];
  for (let i = 0; i < repeats; i++) {
    const from = midnight - 6 * 3_600_000 + i * 60_000;
    typical.push(tick(db, shopId, from, from + 60_000));
  }
  const atMidnight = tick(db, shopId, midnight - 30_000, midnight + 30_000);
  return { typical, atMidnight };
}
