import { Worker } from "node:worker_threads";
import type { Db } from "../../db/client.server";
import { computeSegment, type ComputeResult } from "./compute.server";

/**
 * Computes a segment in a worker thread with its own connection when the database is a file;
 * an in-memory database (tests) cannot be shared, so it is computed in this thread.
 */
export function computeSegmentOffThread(
  db: Db,
  { segmentId, revision, clock, onProgress }: { segmentId: number; revision?: number; clock: () => number; onProgress?: (done: number, total: number) => void },
): Promise<ComputeResult> {
  const databasePath = db.$client.name;
  if (!databasePath || databasePath === ":memory:" || db.$client.memory) {
    return computeSegment(db, { segmentId, revision, clock, onProgress });
  }
  return new Promise((resolve, reject) => {
    // the worker registers tsx itself, then loads the TypeScript entry (same loader as the server)
    const entry = JSON.stringify(new URL("./compute-worker.ts", import.meta.url).href);
    const worker = new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${entry}); });`, {
      eval: true,
      workerData: { databasePath, segmentId, revision },
    });
    let settled = false;
    worker.on("message", (message: { type: string; done?: number; total?: number; result?: ComputeResult; message?: string }) => {
      if (message.type === "progress") onProgress?.(message.done!, message.total!);
      if (message.type === "done") {
        settled = true;
        resolve(message.result!);
      }
      if (message.type === "error") {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on("error", (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`segment computation worker exited with code ${code}`));
    });
  });
}
