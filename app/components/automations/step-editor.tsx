import { BlockStack, Box, Button, ButtonGroup, Card, InlineError, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { STEP_LABELS, type StepType } from "../../automations/steps";

/** A step as the editor holds it: waits as amount + unit (the server stores milliseconds). */
export type DraftStep =
  | { type: "send_email"; subject: string; body: string; couponId: string }
  | { type: "send_sms"; body: string }
  | { type: "wait"; amount: string; unit: "minutes" | "hours" | "days" }
  | { type: "flow_trigger" };

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export function newStep(type: StepType): DraftStep {
  switch (type) {
    case "send_email":
      return { type, subject: "", body: "", couponId: "" };
    case "send_sms":
      return { type, body: "" };
    case "wait":
      return { type, amount: "1", unit: "days" };
    case "flow_trigger":
      return { type };
  }
}

/** The step as the server validates it (`StepSchema`). */
export function toStoredStep(step: DraftStep): Record<string, unknown> {
  if (step.type === "wait") return { type: "wait", durationMs: Math.round(Number(step.amount) * UNIT_MS[step.unit]) };
  if (step.type === "send_email") return { type: step.type, subject: step.subject, body: step.body, couponId: step.couponId ? Number(step.couponId) : null };
  return { ...step };
}

/** A stored step back into the editor. */
export function fromStoredStep(step: { type: StepType; subject?: string; body?: string; couponId?: number | null; durationMs?: number }): DraftStep {
  if (step.type === "wait") {
    const ms = step.durationMs ?? UNIT_MS.days;
    const unit = ms % UNIT_MS.days === 0 ? "days" : ms % UNIT_MS.hours === 0 ? "hours" : "minutes";
    return { type: "wait", amount: String(ms / UNIT_MS[unit]), unit };
  }
  if (step.type === "send_email") return { type: "send_email", subject: step.subject ?? "", body: step.body ?? "", couponId: step.couponId ? String(step.couponId) : "" };
  if (step.type === "send_sms") return { type: "send_sms", body: step.body ?? "" };
  return { type: "flow_trigger" };
}

function StepFields({ step, index, coupons, trigger, onChange }: { step: DraftStep; index: number; coupons: { id: number; code: string }[]; trigger: "entered" | "left"; onChange: (step: DraftStep) => void }) {
  switch (step.type) {
    case "send_email":
      return (
        <BlockStack gap="200">
          <TextField label="Subject" value={step.subject} onChange={(subject) => onChange({ ...step, subject })} autoComplete="off" id={`step-${index}-subject`} />
          <TextField label="Email body (HTML)" value={step.body} onChange={(body) => onChange({ ...step, body })} multiline={5} autoComplete="off" id={`step-${index}-body`} helpText="Merge fields: {{ first_name }}, {{ shop_name }}, {{ coupon_code }}." />
          <Select label="Coupon (optional)" options={[{ label: "No coupon", value: "" }, ...coupons.map((c) => ({ label: c.code, value: String(c.id) }))]} value={step.couponId} onChange={(couponId) => onChange({ ...step, couponId })} />
        </BlockStack>
      );
    case "send_sms":
      return <TextField label="Text message" value={step.body} onChange={(body) => onChange({ ...step, body })} multiline={2} autoComplete="off" id={`step-${index}-sms`} />;
    case "wait":
      return (
        <InlineStack gap="200" blockAlign="end">
          <TextField label="Wait for" type="number" min={1} value={step.amount} onChange={(amount) => onChange({ ...step, amount })} autoComplete="off" id={`step-${index}-wait`} />
          <Select label="Unit" labelHidden options={["minutes", "hours", "days"]} value={step.unit} onChange={(unit) => onChange({ ...step, unit: unit as "minutes" | "hours" | "days" })} />
          <Text as="span" tone="subdued">
            then check the contact is still {trigger === "entered" ? "in" : "out of"} the segment and subscribed
          </Text>
        </InlineStack>
      );
    case "flow_trigger":
      return (
        <Text as="p" tone="subdued">
          Starts the Shopify Flow workflows that begin with “Customer {trigger === "entered" ? "entered" : "left"} segment”, with the customer and this segment.
        </Text>
      );
  }
}

/** The steps, in order: edit, move, remove, and add one of each kind. */
export function StepEditor({ steps, coupons, trigger, errors, onChange }: {
  steps: DraftStep[];
  coupons: { id: number; code: string }[];
  trigger: "entered" | "left";
  errors: Record<string, string>;
  onChange: (steps: DraftStep[]) => void;
}) {
  const replace = (index: number, step: DraftStep) => onChange(steps.map((s, i) => (i === index ? step : s)));
  const move = (index: number, by: number) => {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    next.splice(index + by, 0, step!);
    onChange(next);
  };
  return (
    <BlockStack gap="300">
      {steps.map((step, index) => (
        <Card key={index}>
          <BlockStack gap="200">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {index + 1}. {STEP_LABELS[step.type]}
              </Text>
              <ButtonGroup>
                <Button size="slim" disabled={index === 0} onClick={() => move(index, -1)} accessibilityLabel={`Move step ${index + 1} up`}>
                  ↑
                </Button>
                <Button size="slim" disabled={index === steps.length - 1} onClick={() => move(index, 1)} accessibilityLabel={`Move step ${index + 1} down`}>
                  ↓
                </Button>
                <Button size="slim" tone="critical" variant="plain" onClick={() => onChange(steps.filter((_, i) => i !== index))}>
                  Remove
                </Button>
              </ButtonGroup>
            </InlineStack>
            <StepFields step={step} index={index} coupons={coupons} trigger={trigger} onChange={(s) => replace(index, s)} />
            {errors[`steps.${index}`] ? <InlineError message={errors[`steps.${index}`]!} fieldID={`step-${index}`} /> : null}
          </BlockStack>
        </Card>
      ))}
      {errors.steps ? <InlineError message={errors.steps} fieldID="steps" /> : null}
      <Box>
        <ButtonGroup>
          {(Object.keys(STEP_LABELS) as StepType[]).map((type) => (
            <Button key={type} onClick={() => onChange([...steps, newStep(type)])}>
              {`+ ${STEP_LABELS[type]}`}
            </Button>
          ))}
        </ButtonGroup>
      </Box>
    </BlockStack>
  );
}
