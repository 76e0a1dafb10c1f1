import pino from "pino";

/** The process logger: JSON lines on stdout (one per request/job), level from LOG_LEVEL. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { app: "segmentflow" },
  timestamp: pino.stdTimeFunctions.isoTime,
});
