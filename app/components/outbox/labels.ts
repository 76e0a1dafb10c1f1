import type { SendStatus } from "../../../db/schema";

type Tone = "success" | "info" | "attention" | "warning" | "critical" | undefined;

export const STATUS_LABELS: Record<SendStatus, { label: string; tone: Tone }> = {
  queued: { label: "Queued", tone: "info" },
  deferred: { label: "Quiet hours", tone: "info" },
  sending: { label: "Sending", tone: "attention" },
  sent: { label: "Sent", tone: "success" },
  skipped: { label: "Skipped", tone: "warning" },
  failed: { label: "Failed", tone: "critical" },
  dead: { label: "Dead letter", tone: "critical" },
};

export const CHANNEL_LABELS = { email: "Email", sms: "SMS" } as const;
