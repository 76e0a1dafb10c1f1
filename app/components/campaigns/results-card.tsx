import { BlockStack, Card, InlineGrid, ProgressBar, Text } from "@shopify/polaris";
import type { CampaignResults } from "../../campaigns/results.server";
import { count } from "./labels";

const SKIP_LABELS: Record<string, string> = {
  contact_gone: "contact deleted or erased",
  not_subscribed: "no longer subscribed",
  no_address: "no address",
  invalid_address: "address invalid or bounced",
  quota: "quota or balance used up",
  shop_uninstalled: "app uninstalled",
};

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        <span data-testid={testId}>{count(value)}</span>
      </Text>
    </BlockStack>
  );
}

/** Progress (queued → delivered) and results: sent, failed, skipped and why, opened, clicked. */
export function ResultsCard({ results, channel }: { results: CampaignResults; channel: "email" | "sms" }) {
  const audience = results.audience ?? results.enqueued;
  const settled = results.sent + results.failed + results.skipped;
  const done = audience > 0 ? Math.round((settled / audience) * 100) : 100;
  const skips = Object.entries(results.skippedBy);
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Results
        </Text>
        {results.audience === null && !results.fromEvents ? (
          <Text as="p" tone="subdued">
            Freezing the audience…
          </Text>
        ) : null}
        {results.pending > 0 || results.enqueued < audience ? (
          <BlockStack gap="100">
            <ProgressBar progress={done} size="small" tone="primary" />
            <Text as="p" tone="subdued">
              {count(settled)} of {count(audience)} messages handled; {count(results.pending)} on their way.
            </Text>
          </BlockStack>
        ) : null}
        <InlineGrid columns={{ xs: 2, md: channel === "email" ? 5 : 4 }} gap="300">
          <Figure label="Sent" value={results.sent} testId="result-sent" />
          <Figure label="Failed" value={results.failed} testId="result-failed" />
          <Figure label="Skipped" value={results.skipped} testId="result-skipped" />
          {channel === "email" ? <Figure label="Opened" value={results.opened} testId="result-opened" /> : null}
          <Figure label="Clicked" value={results.clicked} testId="result-clicked" />
        </InlineGrid>
        {skips.length > 0 ? (
          <Text as="p" tone="subdued">
            Skipped at send time: {skips.map(([reason, n]) => `${count(n)} ${SKIP_LABELS[reason] ?? reason}`).join(", ")}.
          </Text>
        ) : null}
        {results.fromEvents ? (
          <Text as="p" tone="subdued">
            Sent before messages were kept: counted from the contacts' events.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
