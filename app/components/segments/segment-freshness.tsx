import { Badge, BlockStack, ProgressBar, Text } from "@shopify/polaris";

export type Freshness = {
  status: "computing" | "ready" | "failed";
  computeDone: number;
  computeTotal: number;
  /** "Nov 28, 2026, 7:00 AM" in the shop's zone, formatted by the loader; null before the first computation. */
  asOf: string | null;
};

/** Percent of a computation done (0 while its size is not known yet). */
export function computePercent({ computeDone, computeTotal }: Pick<Freshness, "computeDone" | "computeTotal">): number {
  return computeTotal > 0 ? Math.min(100, Math.round((computeDone / computeTotal) * 100)) : 0;
}

/** How current a segment's members are: "as of …", a progress bar while computing, or failed. */
export function SegmentFreshness({ freshness, size = "small" }: { freshness: Freshness; size?: "small" | "medium" }) {
  if (freshness.status === "computing") {
    const percent = computePercent(freshness);
    return (
      <BlockStack gap="100">
        <Text as="span" variant="bodySm" tone="subdued">
          Computing… {percent}%
        </Text>
        <div style={{ minWidth: 120 }}>
          <ProgressBar progress={percent} size={size} tone="highlight" />
        </div>
      </BlockStack>
    );
  }
  if (freshness.status === "failed") return <Badge tone="critical">Failed</Badge>;
  return (
    <Text as="span" variant="bodySm" tone="subdued">
      {freshness.asOf ? `as of ${freshness.asOf}` : "Not computed yet"}
    </Text>
  );
}
