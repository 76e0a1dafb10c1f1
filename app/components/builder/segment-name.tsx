import { BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

/** The segment's name, shown as a heading with "Edit" next to it, edited in place. */
export function SegmentName({ name, onChange, error }: { name: string; onChange: (name: string) => void; error: string | null }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(name);
  const editButton = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (error) setEditing(true);
  }, [error]);

  const finish = (save: boolean) => {
    if (save) onChange(text.trim());
    else setText(name);
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.querySelector("button")?.focus());
  };

  return (
    <Card>
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            finish(true);
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") finish(false);
          }}
        >
          <BlockStack gap="200">
            <TextField
              label="Segment name"
              value={text}
              onChange={setText}
              autoComplete="off"
              autoFocus
              maxLength={120}
              error={error ?? undefined}
              helpText="A clear name helps you find it when choosing the audience of a campaign or automation."
              connectedRight={<Button submit>Done</Button>}
            />
          </BlockStack>
        </form>
      ) : (
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingLg">
            {name || "Untitled segment"}
          </Text>
          <div ref={editButton}>
            <Button
              variant="plain"
              onClick={() => {
                setText(name);
                setEditing(true);
              }}
              accessibilityLabel="Edit segment name"
            >
              Edit
            </Button>
          </div>
        </InlineStack>
      )}
    </Card>
  );
}
