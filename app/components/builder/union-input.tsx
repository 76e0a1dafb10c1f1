import { InlineStack, Select } from "@shopify/polaris";
import type { BuilderField } from "../../segments/builder-fields";
import { useBuilder } from "./builder-context";
import { ValueInputControl } from "./value-input";
import { variantValue, type Values } from "./values";

type UnionField = Extract<BuilderField, { kind: "match" | "count" | "window" }>;

/** What an optional count or window reads as when it is left out. */
const NONE_LABELS = { count: "at least once", window: "at any time" } as const;

function selectLabel(field: UnionField, name: string): string {
  if (field.kind === "match") return `Operator for ${name}`;
  return field.kind === "count" ? `How many times for ${name}` : `When for ${name}`;
}

function inputLabel(field: UnionField, inputLabelText: string, name: string): string {
  const prefix = field.kind === "window" ? `Window ${inputLabelText.toLowerCase()}` : inputLabelText;
  return `${prefix} for ${name}`;
}

/**
 * An operator (or a window kind, or a count) and the inputs it takes. Switching operators keeps
 * what still fits: "is US" becomes "is any of US", "after 2026-01-01" becomes "between 2026-01-01 and…".
 */
export function UnionInput({ field, value, onChange, name }: { field: UnionField; value: unknown; onChange: (value: Values | undefined) => void; name: string }) {
  const { today } = useBuilder();
  const current = value && typeof value === "object" ? (value as Values) : undefined;
  const chosen = current ? String(current[field.discriminator]) : "";
  const variant = field.variants.find((v) => v.value === chosen);
  const optional = field.kind !== "match" && field.optional;
  const options = [
    ...(optional ? [{ label: NONE_LABELS[field.kind as "count" | "window"], value: "" }] : []),
    ...field.variants.map((v) => ({ label: v.label, value: v.value })),
  ];

  return (
    <InlineStack gap="200" blockAlign="start" wrap>
      <Select
        label={selectLabel(field, name)}
        labelHidden
        options={options}
        value={chosen}
        onChange={(next) => {
          const picked = field.variants.find((v) => v.value === next);
          onChange(picked ? variantValue(field.discriminator, picked, current, today) : undefined);
        }}
      />
      {variant?.inputs.map((input) => (
        <ValueInputControl
          key={input.key}
          input={input}
          label={inputLabel(field, input.label, name)}
          value={current?.[input.key]}
          picker={field.kind === "match" ? field.picker : null}
          onChange={(next) => onChange({ ...current, [input.key]: next })}
        />
      ))}
    </InlineStack>
  );
}
