import { useFetcher, useRevalidator } from "@remix-run/react";
import { BlockStack, Card, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { formatCount } from "./labels";

const POLL_MS = 1_500;

type Status = { status: string; percent: number; rowsDone: number };

/**
 * A running import's progress bar, polling the import's status endpoint; when the import ends the
 * page's data is reloaded and the summary replaces the bar.
 */
export function ImportProgress({ importId, initial }: { importId: number; initial: Status }) {
  const fetcher = useFetcher<Status>();
  const { revalidate } = useRevalidator();
  const current = fetcher.data ?? initial;
  const running = current.status === "queued" || current.status === "running";
  useEffect(() => {
    if (!running) {
      revalidate();
      return;
    }
    const timer = setTimeout(() => fetcher.load(`/app/contacts/imports/${importId}/status`), POLL_MS);
    return () => clearTimeout(timer);
    // each answer schedules the next poll
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, running, importId]);

  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm" id="import-progress-title">
          {current.status === "queued" ? "Waiting to start…" : "Importing contacts"}
        </Text>
        <ProgressBar progress={current.percent} size="small" tone="primary" ariaLabelledBy="import-progress-title" />
        <Text as="p" tone="subdued">
          {formatCount(current.rowsDone)} rows read ({current.percent}%). You can leave this page: the import goes on.
        </Text>
      </BlockStack>
    </Card>
  );
}
