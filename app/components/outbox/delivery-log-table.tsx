import { Badge, BlockStack, IndexTable, Text } from "@shopify/polaris";
import { CHANNEL_LABELS, STATUS_LABELS } from "./labels";
import type { SendStatus } from "../../../db/schema";

export type LogRow = {
  id: number;
  channel: "email" | "sms";
  status: SendStatus;
  reason: string | null;
  to: string;
  idempotencyKey: string;
  created: string;
  attempts: { attempt: number; at: string; result: string }[];
  lastError: string | null;
  next: string | null;
};

/** The delivery log: each message's state and every HTTP attempt (status or error, time). */
export function DeliveryLogTable({ rows }: { rows: LogRow[] }) {
  return (
    <IndexTable
      resourceName={{ singular: "message", plural: "messages" }}
      itemCount={rows.length}
      selectable={false}
      headings={[{ title: "Created" }, { title: "Channel" }, { title: "To" }, { title: "Status" }, { title: "Attempts" }]}
    >
      {rows.map((row, index) => (
        <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <Text as="span">{row.created}</Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {row.idempotencyKey}
              </Text>
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>{CHANNEL_LABELS[row.channel]}</IndexTable.Cell>
          <IndexTable.Cell>{row.to}</IndexTable.Cell>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <Badge tone={STATUS_LABELS[row.status].tone}>{STATUS_LABELS[row.status].label}</Badge>
              {row.reason ? (
                <Text as="span" variant="bodySm">
                  {row.reason}
                </Text>
              ) : null}
              {row.next ? (
                <Text as="span" variant="bodySm" tone="subdued">
                  Next try {row.next}
                </Text>
              ) : null}
            </BlockStack>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <BlockStack gap="050">
              {row.attempts.length === 0 ? "—" : null}
              {row.attempts.map((a) => (
                <Text as="span" variant="bodySm" key={a.attempt}>
                  #{a.attempt} {a.at}: {a.result}
                </Text>
              ))}
              {row.lastError && row.status !== "sent" ? (
                <Text as="span" variant="bodySm" tone="critical" breakWord>
                  {row.lastError}
                </Text>
              ) : null}
            </BlockStack>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
