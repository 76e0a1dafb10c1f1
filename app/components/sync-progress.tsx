import { useFetcher, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";

/** The store import as the Contacts page shows it (from `backfillView` in app/sync/backfill.server.ts). */
export type SyncProgressData =
  | { status: "running"; phase: "customers" | "orders" | "refunds"; done: number; total: number | null }
  | { status: "failed"; error: string; failedAt: number | null };

type Running = Extract<SyncProgressData, { status: "running" }>;

const STEP = { customers: 1, orders: 2, refunds: 3 } as const;
const REFRESH_MS = 5_000;
const count = (n: number) => n.toLocaleString("en-US");

/** "Importing orders: 1,200 of 15,000"; before Shopify has prepared an export, says so. */
export function syncProgressLabel(sync: Running): string {
  if (sync.phase === "refunds") return sync.total ? `Importing refunds: ${count(sync.done)} of ${count(sync.total)} orders` : "Importing refunds";
  if (sync.total === null) return sync.done > 0 ? `Importing ${sync.phase}: ${count(sync.done)}` : `Shopify is preparing the ${sync.phase} export…`;
  return `Importing ${sync.phase}: ${count(sync.done)} of ${count(sync.total)}`;
}

export function syncProgressPercent(sync: Running): number {
  return sync.total ? Math.min(100, Math.round((sync.done / sync.total) * 100)) : 0;
}

/** The form field the page's action reads to start a failed import again. */
export const RETRY_IMPORT_INTENT = "retry-import";

/**
 * The initial import's progress bar (refreshed every few seconds while it runs), or a critical
 * banner with a retry button when it failed. Renders nothing once the import is done.
 */
export function SyncProgress({ sync }: { sync: SyncProgressData | null }) {
  const { revalidate } = useRevalidator();
  const retry = useFetcher();
  const running = sync?.status === "running";
  // each refresh brings new loader data, which schedules the next one
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(revalidate, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [running, sync, revalidate]);

  if (!sync) return null;
  return (
    <div style={{ marginBottom: "var(--p-space-400)" }}>
      {sync.status === "failed" ? <FailedImport error={sync.error} retry={retry} /> : <ImportProgress sync={sync} />}
    </div>
  );
}

function FailedImport({ error, retry }: { error: string; retry: ReturnType<typeof useFetcher> }) {
  return (
    <Banner
      tone="critical"
      title="Importing your store's customers and orders failed"
      action={{
        content: "Retry the import",
        loading: retry.state !== "idle",
        onAction: () => retry.submit({ intent: RETRY_IMPORT_INTENT }, { method: "post" }),
      }}
    >
      <p>{error}</p>
      <p>New customers and orders still arrive as they happen; the import brings in everything from before the app was installed.</p>
    </Banner>
  );
}

function ImportProgress({ sync }: { sync: Running }) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm" id="sync-progress-title">
            Importing your store's customers and orders
          </Text>
          <Text as="span" tone="subdued">
            Step {STEP[sync.phase]} of 3
          </Text>
        </InlineStack>
        <ProgressBar progress={syncProgressPercent(sync)} size="small" tone="primary" ariaLabelledBy="sync-progress-title" />
        <Text as="p" tone="subdued">
          {syncProgressLabel(sync)}
        </Text>
      </BlockStack>
    </Card>
  );
}
