import { sql } from "drizzle-orm";
import { z } from "zod";
import { pruneImports } from "../imports/retention.server";
import { defineJob } from "./define-job";

export const INBOX_RETENTION_MS = 7 * 86_400_000;
export const JOB_RETENTION_MS = 14 * 86_400_000;
/** Pixel event ids are remembered 48 hours (re-sent events arrive within seconds). */
export const PIXEL_EVENT_ID_RETENTION_MS = 48 * 3_600_000;

/**
 * Retention across all shops (operational data, not tenant reads): processed webhook bodies are
 * kept 7 days (they hold personal data), finished jobs 14 days, pixel event ids (dedupe) 48 hours,
 * imports as `pruneImports` says (unstarted uploads a day, rejected-row reports 30 days).
 */
export const pruneJob = defineJob({
  type: "maintenance.prune",
  payload: z.object({}),
  run: (_payload, { db, now }) => {
    const t = now();
    db.run(sql`DELETE FROM webhook_inbox WHERE status <> 'pending' AND processed_at < ${t - INBOX_RETENTION_MS}`);
    db.run(sql`DELETE FROM jobs WHERE status IN ('succeeded', 'failed') AND finished_at < ${t - JOB_RETENTION_MS}`);
    db.run(sql`DELETE FROM pixel_event_ids WHERE seen_at < ${t - PIXEL_EVENT_ID_RETENTION_MS}`);
    pruneImports(db, t);
  },
});

/**
 * Folds the WAL back into the database file so it does not grow without bound, and lets SQLite
 * refresh the planner statistics the segment queries rely on (cheap when nothing changed).
 */
export const checkpointJob = defineJob({
  type: "maintenance.checkpoint",
  payload: z.object({}),
  run: (_payload, { db }) => {
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.pragma("analysis_limit = 1000");
    db.$client.pragma("optimize");
  },
});
