import type { CampaignStatus } from "../../../db/schema";

type Tone = "success" | "info" | "attention" | "warning" | "critical" | undefined;

export const CAMPAIGN_STATUS: Record<CampaignStatus, { label: string; tone: Tone }> = {
  draft: { label: "Draft", tone: undefined },
  scheduled: { label: "Scheduled", tone: "info" },
  sending: { label: "Sending", tone: "attention" },
  sent: { label: "Sent", tone: "success" },
  cancelled: { label: "Cancelled", tone: undefined },
  failed: { label: "Failed", tone: "critical" },
};

export const CHANNEL_NAMES = { email: "Email", sms: "SMS" } as const;

export const count = (n: number | null | undefined) => (n ?? 0).toLocaleString("en-US");
