import { Banner, BlockStack, Card, InlineStack, ProgressBar, Spinner, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { SegmentProgress } from "../../models/segment-builder.server";

const POLL_MS = 500;
const count = (n: number) => n.toLocaleString("en-US");

/** After saving: polls the segment's computation and reports it, then hands over once it is ready. */
export function ComputeProgress({ segmentId, onReady }: { segmentId: number; onReady: (progress: SegmentProgress) => void }) {
  const [progress, setProgress] = useState<SegmentProgress | null>(null);
  const [unreachable, setUnreachable] = useState(false);
  const ready = useRef(onReady);
  ready.current = onReady;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const response = await fetch(`/app/segments/${segmentId}/status`, { headers: { Accept: "application/json" } });
        if (!response.ok) throw new Error(`status answered ${response.status}`);
        const next = (await response.json()) as SegmentProgress;
        if (stopped) return;
        setProgress(next);
        setUnreachable(false);
        if (next.status === "ready") return ready.current(next);
        if (next.status === "failed") return;
      } catch {
        if (!stopped) setUnreachable(true);
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [segmentId]);

  if (progress?.status === "failed") {
    return (
      <Banner tone="critical" title="The members could not be computed">
        <p>{progress.error ?? "Something went wrong."} The segment is saved: open it to try again.</p>
      </Banner>
    );
  }
  const total = progress?.total ?? 0;
  const done = progress?.done ?? 0;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Spinner size="small" accessibilityLabel="Computing members" />
          <Text as="h2" variant="headingSm" id="compute-progress-title">
            {progress?.status === "ready" ? "Members computed. Opening the segment…" : "Computing the members of this segment…"}
          </Text>
        </InlineStack>
        <ProgressBar progress={total ? Math.round((done / total) * 100) : 0} size="small" ariaLabelledBy="compute-progress-title" />
        <Text as="p" tone="subdued" aria-live="polite">
          {unreachable
            ? "Waiting for the server…"
            : total
              ? `Recording membership changes: ${count(done)} of ${count(total)}`
              : "Finding the contacts who match. On a large store this can take a minute."}
        </Text>
      </BlockStack>
    </Card>
  );
}
