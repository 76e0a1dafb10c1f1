import { Button, IndexTable } from "@shopify/polaris";
import { CONSENT_HEADINGS, ConsentCells } from "../contact/consent-badge";
import { ListTable, NameLinkCell, NumericCell, SearchField } from "../searchable-table";
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
      toolbar={<SearchField label="Search members" placeholder="Search by name or email" value={search} onChange={onSearchChange} />}
    >
      <ListTable
        resourceName={{ singular: "member", plural: "members" }}
        itemCount={rows.length}
        loading={loading}
        emptyText={query ? `No members match “${query}”.` : "This segment has no members right now."}
        headings={[
          { title: "Name" },
          { title: "Email" },
          ...CONSENT_HEADINGS,
          { title: "Orders", alignment: "end" },
          { title: "Total spent", alignment: "end" },
          { title: "Entered" },
        ]}
        pagination={{ ...page, onNext, onPrevious }}
      >
        {rows.map((row, index) => (
          <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
            <NameLinkCell url={`/app/contacts/${row.id}`} name={row.name} />
            <IndexTable.Cell>{row.email}</IndexTable.Cell>
            <ConsentCells email={row.emailConsent} sms={row.smsConsent} />
            <NumericCell>{row.orders}</NumericCell>
            <NumericCell>{row.spent}</NumericCell>
            <IndexTable.Cell>{row.entered}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </ListTable>
    </Section>
  );
}
