import { InlineStack, Select, Text } from "@shopify/polaris";
import { Section } from "./section";
import { SizeChart, type SizePointView } from "./size-chart";

export const PERFORMANCE_RANGES = [30, 90] as const;

/** Size over the chosen range with the contacts who entered and left each day. */
export function PerformanceCard({ points, range, onRangeChange }: { points: SizePointView[]; range: number; onRangeChange: (days: number) => void }) {
  const entered = points.reduce((sum, p) => sum + p.entered, 0);
  const left = points.reduce((sum, p) => sum + p.left, 0);
  return (
    <Section
      title="Size over time"
      actions={
        <Select
          label="Period"
          labelInline
          options={PERFORMANCE_RANGES.map((days) => ({ label: `Last ${days} days`, value: String(days) }))}
          value={String(range)}
          onChange={(value) => onRangeChange(Number(value))}
        />
      }
    >
      <InlineStack gap="400">
        <Text as="span" tone="subdued">
          {`${entered.toLocaleString("en-US")} entered · ${left.toLocaleString("en-US")} left in the last ${range} days`}
        </Text>
      </InlineStack>
      <SizeChart points={points} />
    </Section>
  );
}
