import { z } from "zod";
import { IMPORT_JOB, IMPORT_SLICE_ROWS } from "../imports/imports.server";
import { failImport, runImportSlice } from "../imports/run.server";
import { defineJob, type JobDefinition } from "./define-job";
import { enqueueJob } from "./queue.server";

const IMPORT_ATTEMPTS = 5;

/**
 * Imports a CSV file of contacts, IMPORT_SLICE_ROWS rows a run: when rows remain the job enqueues
 * its continuation (keyed by the committed byte offset) and ends, so other jobs get their turn.
 * After its last attempt the import is marked failed with the reason; committed rows stay.
 */
export const importJob = defineJob({
  type: IMPORT_JOB,
  payload: z.object({ shopId: z.number().int().positive(), importId: z.number().int().positive() }),
  maxAttempts: IMPORT_ATTEMPTS,
  run: async ({ shopId, importId }, ctx) => {
    try {
      const result = await runImportSlice(ctx.db, { shopId, importId, now: ctx.now, maxRows: IMPORT_SLICE_ROWS, signal: ctx.signal, onProgress: ctx.reportProgress });
      if (result === "more") {
        const offset = ctx.db.$client.prepare(`SELECT bytes_done FROM imports WHERE id = ? AND shop_id = ?`).pluck().get(importId, shopId) as number;
        enqueueJob(ctx.db, { type: IMPORT_JOB, shopId, payload: { shopId, importId }, uniqueKey: `${IMPORT_JOB}:${importId}:${offset}`, maxAttempts: IMPORT_ATTEMPTS }, ctx.now());
      }
    } catch (error) {
      if (ctx.attempt >= IMPORT_ATTEMPTS) await failImport(ctx.db, { shopId, importId, error: error instanceof Error ? error.message : String(error), now: ctx.now() });
      throw error;
    }
  },
});

export const IMPORT_JOBS: JobDefinition[] = [importJob];
