import { BlockStack, Button, InlineStack, Tag, TextField } from "@shopify/polaris";
import { useState } from "react";

/** Free text values ("is any of"): type one and press Enter (or a comma) to add it. */
export function ValueListInput({ label, values, onChange }: { label: string; values: string[]; onChange: (values: string[]) => void }) {
  const [text, setText] = useState("");
  const add = (raw: string) => {
    const added = raw
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v && !values.includes(v));
    if (added.length) onChange([...values, ...added]);
    setText("");
  };
  return (
    <BlockStack gap="100">
      <div
        style={{ width: 280 }}
        onKeyDown={(event) => {
          if (event.key === "Enter") {
            event.preventDefault();
            add(text);
          }
        }}
      >
        <TextField
          label={label}
          labelHidden
          value={text}
          placeholder="Type a value, press Enter"
          autoComplete="off"
          onChange={(next) => (next.endsWith(",") ? add(next) : setText(next))}
          onBlur={() => {
            if (text.trim()) add(text);
          }}
          connectedRight={
            <Button onClick={() => add(text)} disabled={!text.trim()} accessibilityLabel={`Add to ${label}`}>
              Add
            </Button>
          }
        />
      </div>
      {values.length > 0 && (
        <InlineStack gap="100" wrap>
          {values.map((v) => (
            <Tag key={v} onRemove={() => onChange(values.filter((x) => x !== v))}>
              {v}
            </Tag>
          ))}
        </InlineStack>
      )}
    </BlockStack>
  );
}
