import { z } from "zod";

/**
 * An automation's steps, stored as JSON in `automations.steps` and validated on every read. The
 * same schema checks the editor's draft in the browser and the saved JSON on the server.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const SendEmailStep = z.object({
  type: z.literal("send_email"),
  subject: z.string().trim().min(1, "Give the email a subject").max(300),
  body: z.string().trim().min(1, "Write the email").max(200_000),
  couponId: z.number().int().positive().nullable().default(null),
});
export const SendSmsStep = z.object({
  type: z.literal("send_sms"),
  body: z.string().trim().min(1, "Write the text message").max(1_600),
});
export const WaitStep = z.object({
  type: z.literal("wait"),
  durationMs: z.number().int().min(MINUTE, "Wait at least a minute").max(365 * DAY, "Wait at most a year"),
});
/** Fires the Shopify Flow trigger of the automation's kind ("Customer entered/left segment"). */
export const FlowTriggerStep = z.object({ type: z.literal("flow_trigger") });

export const StepSchema = z.discriminatedUnion("type", [SendEmailStep, SendSmsStep, WaitStep, FlowTriggerStep]);
export type AutomationStep = z.infer<typeof StepSchema>;
export type StepType = AutomationStep["type"];

export const MAX_STEPS = 20;

export const StepsSchema = z
  .array(StepSchema)
  .min(1, "Add at least one step")
  .max(MAX_STEPS, `At most ${MAX_STEPS} steps`)
  .refine((steps) => steps.some((s) => s.type !== "wait"), "Add a step that does something (a message or the Flow trigger), not only waits");

export const STEP_LABELS: Record<StepType, string> = {
  send_email: "Send email",
  send_sms: "Send SMS",
  wait: "Wait",
  flow_trigger: "Fire Shopify Flow trigger",
};

/** The steps stored for an automation; `null` when the JSON no longer parses (shown, never run). */
export function parseSteps(json: string): AutomationStep[] | null {
  try {
    const parsed = StepsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** "3 days", "2 hours", "90 minutes". */
export function formatDuration(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (ms % DAY === 0) return plural(ms / DAY, "day");
  if (ms % HOUR === 0) return plural(ms / HOUR, "hour");
  return plural(Math.round(ms / MINUTE), "minute");
}

/** One line per step, for lists and the run log. */
export function describeStep(step: AutomationStep): string {
  switch (step.type) {
    case "send_email":
      return `Send email “${step.subject}”`;
    case "send_sms":
      return `Send SMS “${step.body.length > 40 ? `${step.body.slice(0, 39)}…` : step.body}”`;
    case "wait":
      return `Wait ${formatDuration(step.durationMs)}`;
    case "flow_trigger":
      return "Fire the Shopify Flow trigger";
  }
}

/** The message channels the steps from `from` on would use (a run exits after a wait when none is reachable). */
export function channelsFrom(steps: AutomationStep[], from: number): Set<"email" | "sms"> {
  const channels = new Set<"email" | "sms">();
  for (const step of steps.slice(from)) {
    if (step.type === "send_email") channels.add("email");
    if (step.type === "send_sms") channels.add("sms");
  }
  return channels;
}
