import { Box, Spinner } from "@shopify/polaris";
import { Suspense, lazy, useEffect, useState } from "react";

export type SizePointView = { day: string; size: number; entered: number; left: number };

// loaded in the browser only, as its own chunk (see size-chart-viz.client.tsx)
const SizeChartViz = lazy(() => import("./size-chart-viz.client"));

function Placeholder() {
  return (
    <Box minHeight="470px">
      <Spinner accessibilityLabel="Loading the chart" size="small" />
    </Box>
  );
}

/** Size over time and entered/left per day; rendered after hydration, a placeholder until then. */
export function SizeChart({ points }: { points: SizePointView[] }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return <Placeholder />;
  return (
    <Suspense fallback={<Placeholder />}>
      <SizeChartViz points={points} />
    </Suspense>
  );
}
