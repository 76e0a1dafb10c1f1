/**
 * Worker-thread entry for a full segment computation: its own SQLite connection, chunked writes,
 * progress messages. Keeps the HTTP server and webhook intake responsive during big builds.
 */
import { parentPort, workerData } from "node:worker_threads";
import { openDatabase } from "../../db/client.server";
import { computeSegment } from "./compute.server";

type Input = { databasePath: string; segmentId: number; revision?: number };

const input = workerData as Input;
const db = openDatabase(input.databasePath);
computeSegment(db, {
  segmentId: input.segmentId,
  revision: input.revision,
  clock: Date.now,
  onProgress: (done, total) => parentPort?.postMessage({ type: "progress", done, total }),
})
  .then((result) => parentPort?.postMessage({ type: "done", result }))
  .catch((error: unknown) => parentPort?.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) }))
  .finally(() => db.$client.close());
