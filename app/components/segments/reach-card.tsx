import { BlockStack, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { Section } from "./section";

export type Reach = { members: number; email: number; sms: number };

function Channel({ label, reachable, members }: { label: string; reachable: number; members: number }) {
  const percent = members > 0 ? Math.round((reachable / members) * 100) : 0;
  return (
    <BlockStack gap="100">
      <InlineStack align="space-between">
        <Text as="span">{label}</Text>
        <Text as="span" numeric>
          {`${reachable.toLocaleString("en-US")} (${percent}%)`}
        </Text>
      </InlineStack>
      <ProgressBar progress={percent} size="small" tone="primary" />
    </BlockStack>
  );
}

/** Members who can be messaged on each channel: subscribed, with an address that has not bounced. */
export function ReachCard({ reach }: { reach: Reach }) {
  return (
    <Section title="Reachable by channel">
      <Channel label="Email" reachable={reach.email} members={reach.members} />
      <Channel label="SMS" reachable={reach.sms} members={reach.members} />
    </Section>
  );
}
