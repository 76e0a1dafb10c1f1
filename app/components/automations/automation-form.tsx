import { BlockStack, Card, Checkbox, FormLayout, Layout, Select, Text, TextField } from "@shopify/polaris";
import type { ReentryPolicy } from "../../../db/schema";
import { REENTRY_LABELS, TRIGGER_LABELS } from "./labels";
import { StepEditor, toStoredStep, type DraftStep } from "./step-editor";

const DAY = 86_400_000;
const MINUTE = 60_000;

export type AutomationDraft = {
  name: string;
  segmentId: string;
  trigger: "entered" | "left";
  steps: DraftStep[];
  reentry: ReentryPolicy;
  cooldownDays: string;
  flapMinutes: string;
  active: boolean;
};

/** What the route's action receives (JSON), in the model's units. */
export function toAutomationPayload(draft: AutomationDraft) {
  return {
    name: draft.name,
    segmentId: Number(draft.segmentId) || 0,
    trigger: draft.trigger,
    steps: draft.steps.map(toStoredStep),
    reentry: draft.reentry,
    reentryCooldownMs: draft.reentry === "cooldown" ? Math.round(Number(draft.cooldownDays) * DAY) : null,
    flapWindowMs: Math.round((Number(draft.flapMinutes) || 0) * MINUTE),
    status: draft.active ? ("active" as const) : ("paused" as const),
  };
}

/** The automation's settings and steps; the page owns the draft and saves it. */
export function AutomationForm({ draft, segments, coupons, errors, onChange }: {
  draft: AutomationDraft;
  segments: { id: number; name: string }[];
  coupons: { id: number; code: string }[];
  errors: Record<string, string>;
  onChange: (draft: AutomationDraft) => void;
}) {
  const set = <K extends keyof AutomationDraft>(key: K, value: AutomationDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          <Card>
            <FormLayout>
              <TextField label="Automation name" value={draft.name} onChange={(v) => set("name", v)} autoComplete="off" error={errors.name} />
              <FormLayout.Group>
                <Select
                  label="Segment"
                  options={[{ label: "Choose a segment", value: "" }, ...segments.map((s) => ({ label: s.name, value: String(s.id) }))]}
                  value={draft.segmentId}
                  onChange={(v) => set("segmentId", v)}
                  error={errors.segmentId}
                />
                <Select
                  label="Starts when a contact"
                  options={[
                    { label: TRIGGER_LABELS.entered, value: "entered" },
                    { label: TRIGGER_LABELS.left, value: "left" },
                  ]}
                  value={draft.trigger}
                  onChange={(v) => set("trigger", v as "entered" | "left")}
                  error={errors.trigger}
                />
              </FormLayout.Group>
            </FormLayout>
          </Card>
          <Text as="h2" variant="headingMd">
            Steps
          </Text>
          <StepEditor steps={draft.steps} coupons={coupons} trigger={draft.trigger} errors={errors} onChange={(steps) => set("steps", steps)} />
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <Card>
          <FormLayout>
            <Checkbox label="Active" helpText="Paused automations enrol nobody; runs in progress wait until it is active again." checked={draft.active} onChange={(v) => set("active", v)} />
            <Select
              label="A contact can go through it"
              options={(Object.keys(REENTRY_LABELS) as ReentryPolicy[]).map((value) => ({ label: REENTRY_LABELS[value], value }))}
              value={draft.reentry}
              onChange={(v) => set("reentry", v as ReentryPolicy)}
            />
            {draft.reentry === "cooldown" ? (
              <TextField label="Not again within (days)" type="number" min={1} value={draft.cooldownDays} onChange={(v) => set("cooldownDays", v)} autoComplete="off" error={errors.reentryCooldownMs} />
            ) : null}
            <TextField
              label="Ignore flapping within (minutes)"
              type="number"
              min={0}
              value={draft.flapMinutes}
              onChange={(v) => set("flapMinutes", v)}
              autoComplete="off"
              error={errors.flapWindowMs}
              helpText="A contact who enters, leaves and enters again (or leaves, enters and leaves) within this time is not enrolled again. 0 turns it off."
            />
          </FormLayout>
        </Card>
      </Layout.Section>
    </Layout>
  );
}

export function emptyDraft(segmentId = ""): AutomationDraft {
  return { name: "", segmentId, trigger: "entered", steps: [], reentry: "once", cooldownDays: "30", flapMinutes: "0", active: true };
}
