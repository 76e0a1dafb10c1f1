import { Banner, BlockStack, Button, Card, InlineGrid, Text } from "@shopify/polaris";
import type { ImportCounts } from "../../imports/apply.server";
import { formatCount } from "./labels";

const LINES: [keyof ImportCounts, string][] = [
  ["rows", "Rows read"],
  ["imported", "Rows imported"],
  ["rejected", "Rows rejected"],
  ["duplicates", "Duplicate rows skipped"],
  ["created", "Contacts created"],
  ["updated", "Contacts updated"],
  ["unchanged", "Rows that changed nothing"],
  ["tagged", "Contacts given new tags"],
  ["attributes", "Custom attribute values set"],
  ["events", "Events added"],
  ["consentChanged", "Consent changes"],
  ["consentKept", "Consent cells not applied"],
];

/** The counts of a finished (or failed) import and the rejected-rows download. */
export function ImportSummary({ importId, counts, error, problems }: { importId: number; counts: ImportCounts; error: string | null; problems: number }) {
  return (
    <BlockStack gap="400">
      {error ? (
        <Banner tone="critical" title="The import stopped">
          <p>{error}</p>
          <p>Rows before it were imported; fix the file and import it again (rows already imported change nothing).</p>
        </Banner>
      ) : (
        <Banner tone="success" title="Import finished" />
      )}
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Summary
          </Text>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="300">
            {LINES.map(([key, label]) => (
              <BlockStack key={key} gap="050">
                <Text as="p" tone="subdued">
                  {label}
                </Text>
                <Text as="p" variant="headingLg" id={`import-count-${key}`}>
                  {formatCount(counts[key])}
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
          {counts.consentKept > 0 ? (
            <Text as="p" tone="subdued">
              An import never subscribes a contact who unsubscribed, and a store customer's subscription is recorded by the store itself.
            </Text>
          ) : null}
          <div>
            <Button url={`/app/contacts/imports/${importId}/rejected.csv`} disabled={problems === 0} download>
              Download rejected rows
            </Button>
          </div>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
