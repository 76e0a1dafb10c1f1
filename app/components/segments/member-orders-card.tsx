import { InlineGrid, BlockStack, Text } from "@shopify/polaris";
import { Section } from "./section";

export type MemberOrdersView = { orders: string; buyers: string; revenue: string };

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span" variant="headingMd" numeric>
        {value}
      </Text>
    </BlockStack>
  );
}

/** What the current members ordered in the last 30 days (revenue net of refunds, in the shop currency). */
export function MemberOrdersCard({ orders }: { orders: MemberOrdersView }) {
  return (
    <Section title="Orders in the last 30 days">
      <InlineGrid columns={3} gap="300">
        <Metric label="Orders" value={orders.orders} />
        <Metric label="Buyers" value={orders.buyers} />
        <Metric label="Revenue" value={orders.revenue} />
      </InlineGrid>
    </Section>
  );
}
