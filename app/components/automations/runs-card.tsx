import { Link } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, InlineStack, List, Text } from "@shopify/polaris";
import type { AutomationRunStatus, RunLogStatus } from "../../../db/schema";
import { LOG_STATUS, RUN_STATUS } from "./labels";

export type RunRow = { id: number; contactId: number; contact: string; status: AutomationRunStatus; step: string; started: string; detail: string | null };
export type LogRow = { step: string; status: RunLogStatus; detail: string | null; at: string; sendId: number | null };

/** The latest runs (who, where they are, why they ended) and, for the chosen run, what each step did. */
export function RunsCard({ runs, counts, selected, log }: { runs: RunRow[]; counts: Record<AutomationRunStatus, number>; selected: number | null; log: LogRow[] | null }) {
  const summary = (Object.keys(counts) as AutomationRunStatus[]).filter((s) => counts[s] > 0);
  return (
    <Card padding="0">
      <BlockStack gap="0">
        <div style={{ padding: "var(--p-space-400)" }}>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Runs
            </Text>
            <InlineStack gap="200">
              {summary.length === 0 ? <Text as="p" tone="subdued">Nobody has been enrolled yet.</Text> : null}
              {summary.map((status) => (
                <Badge key={status} tone={RUN_STATUS[status].tone}>{`${RUN_STATUS[status].label}: ${counts[status].toLocaleString("en-US")}`}</Badge>
              ))}
            </InlineStack>
          </BlockStack>
        </div>
        {runs.length > 0 ? (
          <IndexTable resourceName={{ singular: "run", plural: "runs" }} itemCount={runs.length} selectable={false} headings={[{ title: "Contact" }, { title: "Status" }, { title: "Step" }, { title: "Started" }, { title: "" }]}>
            {runs.map((run, index) => (
              <IndexTable.Row id={String(run.id)} key={run.id} position={index} selected={run.id === selected}>
                <IndexTable.Cell>
                  <Link to={`/app/contacts/${run.contactId}`}>{run.contact}</Link>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={RUN_STATUS[run.status].tone}>{RUN_STATUS[run.status].label}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>{run.detail ?? run.step}</IndexTable.Cell>
                <IndexTable.Cell>{run.started}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Link to={`?run=${run.id}`} preventScrollReset>
                    Log
                  </Link>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        ) : null}
        {log ? (
          <div style={{ padding: "var(--p-space-400)" }} data-testid="run-log">
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                Run log
              </Text>
              {log.length === 0 ? <Text as="p" tone="subdued">No step has run yet.</Text> : null}
              <List type="number">
                {log.map((entry, i) => (
                  <List.Item key={i}>
                    {`${entry.step}: ${LOG_STATUS[entry.status]}`}
                    {entry.detail ? ` — ${entry.detail}` : ""}
                    {entry.sendId ? (
                      <>
                        {" "}
                        (<Link to={`/app/outbox?tab=log&message=${entry.sendId}`}>message</Link>)
                      </>
                    ) : null}
                    <Text as="span" tone="subdued">{` · ${entry.at}`}</Text>
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </div>
        ) : null}
      </BlockStack>
    </Card>
  );
}
