import { Badge, Box, IndexTable, Link, Text } from "@shopify/polaris";
import { Section } from "./section";

export type HistoryRow = { id: number; contactId: number; contact: string; kind: "entered" | "left"; cause: string; detail: string; at: string };

/** The latest enters and leaves with their cause, newest first. */
export function HistoryCard({ rows, timeZone }: { rows: HistoryRow[]; timeZone: string }) {
  return (
    <Section title="Change history" flush>
      {rows.length === 0 ? (
        <Box paddingInline="400" paddingBlockEnd="400">
          <Text as="p" tone="subdued">
            No contact has entered or left this segment yet.
          </Text>
        </Box>
      ) : (
        <IndexTable
          resourceName={{ singular: "change", plural: "changes" }}
          itemCount={rows.length}
          selectable={false}
          headings={[{ title: "Contact" }, { title: "Change" }, { title: "Cause" }, { title: "Detail" }, { title: `Time (${timeZone})` }]}
        >
          {rows.map((row, index) => (
            <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
              <IndexTable.Cell>
                <Link url={`/app/contacts/${row.contactId}`} removeUnderline>
                  {row.contact}
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={row.kind === "entered" ? "success" : undefined}>{row.kind === "entered" ? "Entered" : "Left"}</Badge>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.cause}</IndexTable.Cell>
              <IndexTable.Cell>{row.detail}</IndexTable.Cell>
              <IndexTable.Cell>{row.at}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      )}
    </Section>
  );
}
