import { IndexTable, Link, Text, TextField, type IndexTableProps } from "@shopify/polaris";
import type { ReactNode } from "react";

/** The search box above a list: a labelled (visually hidden) search input with a clear button. */
export function SearchField({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextField
      label={label}
      labelHidden
      placeholder={placeholder}
      value={value}
      onChange={onChange}
      clearButton
      onClearButtonClick={() => onChange("")}
      autoComplete="off"
      type="search"
    />
  );
}

type ListTableProps = Pick<IndexTableProps, "resourceName" | "headings" | "pagination" | "children"> & {
  itemCount: number;
  loading: boolean;
  /** What the table says when there are no rows. */
  emptyText: string;
};

/** A read-only (not selectable) list table whose empty state is one subdued line. */
export function ListTable({ emptyText, ...props }: ListTableProps) {
  return (
    <IndexTable
      {...props}
      selectable={false}
      emptyState={
        <Text as="p" alignment="center" tone="subdued">
          {emptyText}
        </Text>
      }
    />
  );
}

/** The first cell of a row: its name, bold, linking to its page. */
export function NameLinkCell({ url, name, dataPrimaryLink }: { url: string; name: string; dataPrimaryLink?: boolean }) {
  return (
    <IndexTable.Cell>
      <Link url={url} removeUnderline dataPrimaryLink={dataPrimaryLink}>
        <Text as="span" fontWeight="semibold">
          {name}
        </Text>
      </Link>
    </IndexTable.Cell>
  );
}

/** A right-aligned number cell. */
export function NumericCell({ children }: { children: ReactNode }) {
  return (
    <IndexTable.Cell>
      <Text as="span" alignment="end" numeric>
        {children}
      </Text>
    </IndexTable.Cell>
  );
}
