import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";

export type SuggestionRow = { key: string; name: string; description: string; count: string; share: string };

/** Ready-made segments with how many contacts each would hold now; "Create" opens the builder pre-filled. */
export function SuggestionsList({ suggestions }: { suggestions: SuggestionRow[] }) {
  return (
    <BlockStack gap="300">
      {suggestions.map((s) => (
        <Card key={s.key}>
          <div data-suggestion={s.key}>
            <InlineStack align="space-between" blockAlign="center" gap="400" wrap={false}>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">
                  {s.name}
                </Text>
                <Text as="p" tone="subdued">
                  {s.description}
                </Text>
              </BlockStack>
              <InlineStack gap="400" blockAlign="center" wrap={false}>
                <div style={{ minWidth: "9rem" }}>
                  <BlockStack inlineAlign="end">
                    <Text as="span" variant="headingMd" numeric>
                      <span data-count>{s.count}</span>
                    </Text>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {`contacts · ${s.share}`}
                    </Text>
                  </BlockStack>
                </div>
                <Button url={`/app/segments/new?suggestion=${encodeURIComponent(s.key)}`} accessibilityLabel={`Create ${s.name}`}>
                  Create
                </Button>
              </InlineStack>
            </InlineStack>
          </div>
        </Card>
      ))}
    </BlockStack>
  );
}
