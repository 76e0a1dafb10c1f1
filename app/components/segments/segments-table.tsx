import { Form } from "@remix-run/react";
import { Button, ButtonGroup, IndexTable, InlineStack, Select } from "@shopify/polaris";
import { SEGMENT_SORTS } from "../../models/segment-sorts";
import { ListTable, NameLinkCell, NumericCell, SearchField } from "../searchable-table";
import type { DeleteTarget } from "./delete-segment-modal";
import { SegmentFreshness, type Freshness } from "./segment-freshness";

export type SegmentRow = DeleteTarget & {
  members: string;
  email: string;
  sms: string;
  updated: string;
  freshness: Freshness;
};

const SORT_OPTIONS = Object.entries(SEGMENT_SORTS).map(([value, label]) => ({ value, label }));

type Props = {
  rows: SegmentRow[];
  search: string;
  query: string;
  sort: string;
  page: number;
  pageCount: number;
  loading: boolean;
  onSearchChange: (value: string) => void;
  onSortChange: (value: string) => void;
  onPageChange: (page: number) => void;
  onDelete: (row: SegmentRow) => void;
};

/** Edit (the builder), Copy (posts to the list's action, which opens the copy) and Delete (asks first). */
function RowActions({ row, onDelete }: { row: SegmentRow; onDelete: (row: SegmentRow) => void }) {
  return (
    <ButtonGroup>
      <Button url={`/app/segments/${row.id}/edit`} size="slim" accessibilityLabel={`Edit ${row.name}`}>
        Edit
      </Button>
      <Form method="post" style={{ display: "inline" }}>
        <input type="hidden" name="intent" value="copy" />
        <input type="hidden" name="segmentId" value={row.id} />
        <Button submit size="slim" accessibilityLabel={`Copy ${row.name}`}>
          Copy
        </Button>
      </Form>
      <Button size="slim" tone="critical" variant="plain" onClick={() => onDelete(row)} accessibilityLabel={`Delete ${row.name}`}>
        Delete
      </Button>
    </ButtonGroup>
  );
}

/** The segments list: search by name, sort, pages, and a row per segment with its counts and freshness. */
export function SegmentsTable({ rows, search, query, sort, page, pageCount, loading, onSearchChange, onSortChange, onPageChange, onDelete }: Props) {
  return (
    <>
      <div style={{ padding: "var(--p-space-300)" }}>
        <InlineStack gap="300" wrap={false} blockAlign="center">
          <div style={{ flex: 1 }}>
            <SearchField label="Search segments" placeholder="Search by name" value={search} onChange={onSearchChange} />
          </div>
          <Select label="Sort by" labelInline options={SORT_OPTIONS} value={sort} onChange={onSortChange} />
        </InlineStack>
      </div>
      <ListTable
        resourceName={{ singular: "segment", plural: "segments" }}
        itemCount={rows.length}
        loading={loading}
        emptyText={`No segments match “${query}”.`}
        headings={[
          { title: "Name" },
          { title: "Contacts", alignment: "end" },
          { title: "Reachable by email", alignment: "end" },
          { title: "Reachable by SMS", alignment: "end" },
          { title: "Last updated" },
          { title: "Freshness" },
          { title: "Actions", hidden: true },
        ]}
        pagination={{
          hasNext: page < pageCount,
          hasPrevious: page > 1,
          onNext: () => onPageChange(page + 1),
          onPrevious: () => onPageChange(page - 1),
          label: `Page ${page} of ${pageCount}`,
        }}
      >
        {rows.map((row, index) => (
          <IndexTable.Row id={String(row.id)} key={row.id} position={index}>
            <NameLinkCell url={`/app/segments/${row.id}`} name={row.name} />
            <NumericCell>{row.members}</NumericCell>
            <NumericCell>{row.email}</NumericCell>
            <NumericCell>{row.sms}</NumericCell>
            <IndexTable.Cell>{row.updated}</IndexTable.Cell>
            <IndexTable.Cell>
              <SegmentFreshness freshness={row.freshness} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <RowActions row={row} onDelete={onDelete} />
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </ListTable>
    </>
  );
}
