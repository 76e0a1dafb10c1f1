import type { ImportStatus } from "../../../db/schema";

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  uploaded: "Waiting for its mapping",
  queued: "Queued",
  running: "Importing",
  done: "Imported",
  failed: "Failed",
};

export const IMPORT_STATUS_TONES: Record<ImportStatus, "info" | "attention" | "success" | "critical" | undefined> = {
  uploaded: "attention",
  queued: "info",
  running: "info",
  done: "success",
  failed: "critical",
};

export const formatCount = (n: number) => n.toLocaleString("en-US");
