import type { AutomationRunStatus, AutomationStatus, ReentryPolicy, RunLogStatus } from "../../../db/schema";

type Tone = "success" | "info" | "attention" | "warning" | "critical" | undefined;

export const AUTOMATION_STATUS: Record<AutomationStatus, { label: string; tone: Tone }> = {
  active: { label: "Active", tone: "success" },
  paused: { label: "Paused", tone: undefined },
};

export const TRIGGER_LABELS = { entered: "Enters the segment", left: "Leaves the segment" } as const;

export const REENTRY_LABELS: Record<ReentryPolicy, string> = {
  once: "Only once per contact, ever",
  every_time: "Every time they enter (or leave) again",
  cooldown: "Again, but not within a number of days",
};

export const RUN_STATUS: Record<AutomationRunStatus, { label: string; tone: Tone }> = {
  running: { label: "Running", tone: "attention" },
  waiting: { label: "Waiting", tone: "info" },
  held: { label: "Held (paused)", tone: "warning" },
  completed: { label: "Completed", tone: "success" },
  exited: { label: "Exited", tone: undefined },
  skipped: { label: "Not enrolled", tone: undefined },
  failed: { label: "Failed", tone: "critical" },
};

export const LOG_STATUS: Record<RunLogStatus, string> = {
  queued: "message queued",
  skipped: "skipped",
  waiting: "waiting",
  pending: "sending to Shopify Flow",
  fired: "fired",
  skipped_demo: "skipped (demo mode)",
  failed: "failed",
  exited: "exited",
};
