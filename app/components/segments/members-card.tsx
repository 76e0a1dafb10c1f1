import { Badge, Button, IndexTable, Link, Text, TextField } from "@shopify/polaris";
import { CONSENT_LABELS } from "../../contacts/labels";
import { Section } from "./section";

export type MemberRow = { id: number; name: string; email: string; emailConsent: string; smsConsent: string; orders: number; spent: string; entered: string };

type Props = {
  rows: MemberRow[];
  total: string;
  search: string;
  query: string;
  loading: boolean;
  csvUrl: string;
  csvFileName: string;
  page: { hasNext: boolean; hasPrevious: boolean };
  onSearchChange: (value: string) => void;
  onNext: () => void;
  onPrevious: () => void;
};

function Consent({ state }: { state: string }) {
  const label = CONSENT_LABELS[state];
  return <Badge tone={label?.tone}>{label?.label ?? state}</Badge>;
}

/** The segment's members: searchable by name or email, paged, each linking to the contact; exported as CSV. */
export function MembersCard({ rows, total, search, query, loading, csvUrl, csvFileName, page, onSearchChange, onNext, onPrevious }: Props) {
  return (
    <Section
      title={`Members (${total}${query ? " matching" : ""})`}
      flush
      actions={
        <Button url={csvUrl} download={csvFileName}>
          Export CSV
        </Button>
      }
      toolbar={
        <TextField
          label="Search members"
          labelHidden
          placeholder="Search by name or email"
          value={search}
          onChange={onSearchChange}
          clearButton
          onClearButtonClick={() => onSearchChange("")}
          autoComplete="off"
          type="search"
        />
      }
    >
      <IndexTable
        resourceName={{ singular: "member", plural: "members" }}
        itemCount={rows.length}
        selectable={false}
        loading={loading}
        emptyState={
          <Text as="p" alignment="center" tone="subdued">
            {query ? `No members match “${query}”.` : "This segment has no members right now."}
          </Text>
        }
        headings={[
          { title: "Name" },
          { title: "Email" },
          { title: "Email marketing" },
          { title: "SMS marketing" },
          { title: "Orders", alignment: "end" },
          { title: "Total spent", alignment: "end" },
          { title: "Entered" },
        ]}
        pagination={{ ...page, onNext, onPrevious }}
      >
        {rows.map((row, index) => (
          <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
            <IndexTable.Cell>
              <Link url={`/app/contacts/${row.id}`} removeUnderline>
                <Text as="span" fontWeight="semibold">
                  {row.name}
                </Text>
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>{row.email}</IndexTable.Cell>
            <IndexTable.Cell>
              <Consent state={row.emailConsent} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Consent state={row.smsConsent} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {row.orders}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {row.spent}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{row.entered}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Section>
  );
}
