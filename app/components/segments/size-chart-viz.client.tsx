import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { BlockStack, Text } from "@shopify/polaris";
import type { SizePointView } from "./size-chart";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-11-28" → "Nov 28" (the key is a calendar date in the shop's zone already). */
function shortDay(value: string | number | null): string {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(String(value ?? ""));
  return match ? `${MONTHS[Number(match[1]) - 1]} ${Number(match[2])}` : String(value ?? "");
}

/**
 * The polaris-viz charts (entered/left as lines too: polaris-viz's bar chart drops every day label
 * at 30 or more days). Client only: polaris-viz measures its container and reads `navigator`,
 * so it cannot render on the server (SizeChart renders a placeholder there).
 */
/** The drawing is for the eye only: hidden from assistive technology and out of the tab order (React 18 has no `inert` prop). */
const inert = (element: HTMLDivElement | null) => element?.setAttribute("inert", "");

/** What the charts show, in words: the charts themselves are hidden from assistive technology. */
export function describeSizeChart(points: SizePointView[]): { size: string; changes: string } {
  if (points.length === 0) return { size: "No data yet.", changes: "No data yet." };
  const first = points[0];
  const last = points[points.length - 1];
  const peak = points.reduce((best, p) => (p.size > best.size ? p : best), first);
  const entered = points.reduce((sum, p) => sum + p.entered, 0);
  const left = points.reduce((sum, p) => sum + p.left, 0);
  const n = (value: number) => value.toLocaleString("en-US");
  return {
    size: `${n(first.size)} members on ${shortDay(first.day)}, ${n(last.size)} on ${shortDay(last.day)}; the most was ${n(peak.size)} on ${shortDay(peak.day)}.`,
    changes: `${n(entered)} entered and ${n(left)} left over these ${points.length} days.`,
  };
}

export default function SizeChartViz({ points }: { points: SizePointView[] }) {
  const xAxisOptions = { labelFormatter: shortDay };
  const summary = describeSizeChart(points);
  return (
    <PolarisVizProvider>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            Members at the end of each day
          </Text>
          <Text as="p" visuallyHidden>
            {summary.size}
          </Text>
          <div style={{ height: 240 }} data-chart="size" aria-hidden="true" ref={inert}>
            <LineChart
              theme="Light"
              isAnimated={false}
              showLegend={false}
              xAxisOptions={xAxisOptions}
              data={[{ name: "Members", data: points.map((p) => ({ key: p.day, value: p.size })) }]}
            />
          </div>
        </BlockStack>
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            Entered and left per day
          </Text>
          <Text as="p" visuallyHidden>
            {summary.changes}
          </Text>
          <div style={{ height: 220 }} data-chart="changes" aria-hidden="true" ref={inert}>
            <LineChart
              theme="Light"
              isAnimated={false}
              xAxisOptions={xAxisOptions}
              data={[
                { name: "Entered", color: "#29845a", data: points.map((p) => ({ key: p.day, value: p.entered })) },
                { name: "Left", color: "#e51c00", data: points.map((p) => ({ key: p.day, value: p.left })) },
              ]}
            />
          </div>
        </BlockStack>
      </BlockStack>
    </PolarisVizProvider>
  );
}
