import { useNavigate } from "@remix-run/react";
import { Badge, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { CHANNEL_LABELS } from "./labels";

export type OutboxRow = { id: number; channel: "email" | "sms"; to: string; summary: string; deliveries: number; isTest: boolean; received: string };

/** Messages the built-in outbox received, newest first; a row opens the message below the table. */
export function OutboxTable({ rows, selectedId }: { rows: OutboxRow[]; selectedId: number | null }) {
  const navigate = useNavigate();
  return (
    <IndexTable
      resourceName={{ singular: "message", plural: "messages" }}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: "Received" }, { title: "Channel" }, { title: "To" }, { title: "Message" }, { title: "Requests" }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={String(row.id)} key={row.id} position={index} selected={row.id === selectedId} onClick={() => navigate(`?tab=outbox&message=${row.id}`, { preventScrollReset: true })}>
          <IndexTable.Cell>{row.received}</IndexTable.Cell>
          <IndexTable.Cell>
            <InlineStack gap="100">
              <Badge>{CHANNEL_LABELS[row.channel]}</Badge>
              {row.isTest ? <Badge tone="info">Test</Badge> : null}
            </InlineStack>
          </IndexTable.Cell>
          <IndexTable.Cell>{row.to}</IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" truncate>
              {row.summary}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            {/* a repeat is a retry or a resend after a crash, received with the same key: still one message */}
            {row.deliveries > 1 ? <Badge tone="attention">{`${row.deliveries} (deduplicated)`}</Badge> : "1"}
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
