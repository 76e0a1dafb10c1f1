import { Banner, BlockStack, Card, InlineGrid, Spinner, Text } from "@shopify/polaris";
import { CHANNEL_NAMES, count } from "./labels";

export type AudienceSummary = {
  included: number;
  excluded: number;
  unreachable: number;
  audience: number;
  /** What is left of the email quota or SMS balance for this channel. */
  remaining: number;
  channel: "email" | "sms";
};

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg">
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}

/** The audience before sending: the union, minus exclusions, minus who cannot be reached; and the quota check. */
export function AudienceCard({ summary, loading, title = "Audience" }: { summary: AudienceSummary | null; loading?: boolean; title?: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title} {loading ? <Spinner size="small" accessibilityLabel="Counting" /> : null}
        </Text>
        {!summary ? (
          <Text as="p" tone="subdued">
            Choose at least one segment to send to.
          </Text>
        ) : (
          <>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              <Figure label="In the segments" value={count(summary.included)} />
              <Figure label="Excluded" value={`−${count(summary.excluded)}`} />
              <Figure label={`Not reachable by ${CHANNEL_NAMES[summary.channel]}`} value={`−${count(summary.unreachable)}`} />
              <Figure label="Will receive it" value={count(summary.audience)} testId="audience-count" />
            </InlineGrid>
            <Text as="p" tone="subdued">
              Each contact is counted once, however many segments they are in. Only contacts subscribed to {CHANNEL_NAMES[summary.channel]} marketing with a valid address
              receive it; consent is checked again when each message is sent.
            </Text>
            {summary.audience > summary.remaining ? (
              <Banner tone="warning" title={summary.channel === "email" ? "Not enough email quota" : "Not enough SMS balance"}>
                <p>
                  {count(summary.audience)} messages would go out but only {count(summary.remaining)} {summary.channel === "email" ? "emails are left in this month's quota" : "SMS credits are left"}.
                  The rest would be skipped. Raise the limit in Settings, or narrow the audience.
                </p>
              </Banner>
            ) : null}
          </>
        )}
      </BlockStack>
    </Card>
  );
}
