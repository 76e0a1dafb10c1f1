import { BlockStack, Checkbox, InlineError, Scrollable, Text } from "@shopify/polaris";

export type SegmentOption = { id: number; name: string; memberCount: number };

/**
 * A checkbox per segment (include or exclude). `disabledIds` are chosen on the other side: a
 * segment cannot be both included and excluded.
 */
export function SegmentPicker({ title, help, segments, selected, disabledIds, error, name, onChange }: {
  title: string;
  help: string;
  segments: SegmentOption[];
  selected: number[];
  disabledIds: number[];
  error?: string;
  /** Form field name: one hidden input per chosen segment. */
  name: string;
  onChange: (ids: number[]) => void;
}) {
  const toggle = (id: number, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {title}
      </Text>
      <Text as="p" tone="subdued">
        {help}
      </Text>
      <Scrollable style={{ maxHeight: 220 }}>
        <BlockStack gap="100">
          {segments.length === 0 ? <Text as="p">No segments yet.</Text> : null}
          {segments.map((s) => (
            <Checkbox
              key={s.id}
              label={`${s.name} (${s.memberCount.toLocaleString("en-US")})`}
              checked={selected.includes(s.id)}
              disabled={disabledIds.includes(s.id)}
              onChange={(on) => toggle(s.id, on)}
            />
          ))}
        </BlockStack>
      </Scrollable>
      {selected.map((id) => (
        <input key={id} type="hidden" name={name} value={id} />
      ))}
      {error ? <InlineError message={error} fieldID={name} /> : null}
    </BlockStack>
  );
}
