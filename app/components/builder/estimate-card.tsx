import { BlockStack, Card, InlineStack, Spinner, Text } from "@shopify/polaris";
import type { EstimateState } from "./use-live-estimate";

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The live estimated size. Announced politely to screen readers; `data-state`/`data-count` let the
 * browser tests wait for a settled answer without depending on the wording.
 */
export function EstimateCard({ estimate, totalContacts }: { estimate: EstimateState; totalContacts: number }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Estimated size
        </Text>
        <div aria-live="polite" data-testid="estimate" data-state={estimate.status} data-count={estimate.status === "ready" ? estimate.count : undefined}>
          <EstimateBody estimate={estimate} totalContacts={totalContacts} />
        </div>
      </BlockStack>
    </Card>
  );
}

function EstimateBody({ estimate, totalContacts }: { estimate: EstimateState; totalContacts: number }) {
  switch (estimate.status) {
    case "empty":
      return (
        <Text as="p" tone="subdued">
          Add a condition to see how many contacts match.
        </Text>
      );
    case "counting":
      return (
        <InlineStack gap="200" blockAlign="center">
          <Spinner size="small" accessibilityLabel="Counting contacts" />
          <Text as="p" tone="subdued">
            {estimate.previous === null ? "Counting contacts…" : `${count(estimate.previous)} contacts, updating…`}
          </Text>
        </InlineStack>
      );
    case "ready":
      return (
        <BlockStack gap="100">
          <Text as="p" variant="heading2xl">
            {count(estimate.count)}
          </Text>
          <Text as="p" tone="subdued">
            {estimate.count === 1 ? "contact matches" : "contacts match"} right now, of {count(totalContacts)} in your store.
          </Text>
        </BlockStack>
      );
    case "invalid":
      return (
        <Text as="p" tone="critical">
          Fix the problems marked in the conditions to see how many contacts match.
        </Text>
      );
    case "error":
      return (
        <Text as="p" tone="critical">
          The count could not be loaded. It will try again when you change a condition.
        </Text>
      );
  }
}
