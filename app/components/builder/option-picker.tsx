import { Autocomplete, BlockStack, InlineStack, Tag, Text } from "@shopify/polaris";
import { useState } from "react";
import type { PickerKind } from "../../models/segment-builder.server";
import { usePickerOptions } from "./use-picker-options";

const PLACEHOLDERS: Record<PickerKind, string> = {
  product: "Search products",
  category: "Search product types and collections",
  coupon: "Search coupons",
  campaign: "Search campaigns",
  tag: "Search or add tags",
  country: "Search or add a country code",
  language: "Search or add a language code",
  attribute: "Search attributes",
};

/** What a value typed by hand must look like to be offered ("Add “FR”"): codes for countries and languages. */
const CUSTOM_SHAPES: Record<PickerKind, RegExp> = {
  country: /^[A-Z]{2}$/,
  language: /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/i,
  tag: /^.{1,255}$/,
  product: /^$/,
  category: /^$/,
  coupon: /^$/,
  campaign: /^$/,
  attribute: /^$/,
};

type Props = {
  kind: PickerKind;
  label: string;
  selected: string[];
  onChange: (values: string[]) => void;
  /** Values need not be in the shop's list (a tag to be, a country code nobody has yet). */
  allowCustom?: boolean;
};

/**
 * Several values from the shop's own data (products, categories, coupons, campaigns, tags,
 * countries, languages): search, arrow keys and Enter to choose; chosen values show as tags.
 */
export function OptionPicker({ kind, label, selected, onChange, allowCustom = false }: Props) {
  const [query, setQuery] = useState("");
  const { options, loading, error, labelOf } = usePickerOptions(kind, query, selected);
  const typed = query.trim();
  const candidate = kind === "country" ? typed.toUpperCase() : typed;
  const known = options.some((o) => o.value.toLowerCase() === candidate.toLowerCase() || o.label.toLowerCase() === candidate.toLowerCase());
  const custom = allowCustom && candidate && CUSTOM_SHAPES[kind].test(candidate) && !known && !selected.includes(candidate) ? candidate : null;

  return (
    <BlockStack gap="100">
      <div style={{ minWidth: 280, maxWidth: 420 }}>
        <Autocomplete
          allowMultiple
          options={options.map((o) => ({ value: o.value, label: o.detail ? `${o.label} · ${o.detail}` : o.label }))}
          selected={selected}
          onSelect={(values) => {
            onChange(values);
            setQuery("");
          }}
          loading={loading}
          actionBefore={
            custom
              ? {
                  content: `Add “${custom}”`,
                  onAction: () => {
                    onChange([...selected, custom]);
                    setQuery("");
                  },
                }
              : undefined
          }
          emptyState={
            <div style={{ padding: "var(--p-space-200)" }}>
              <Text as="p" tone={error ? "critical" : "subdued"}>
                {error ?? (typed ? `Nothing matches “${typed}”` : "Nothing to choose from yet")}
              </Text>
            </div>
          }
          textField={<Autocomplete.TextField label={label} labelHidden value={query} onChange={setQuery} placeholder={PLACEHOLDERS[kind]} autoComplete="off" />}
        />
      </div>
      {selected.length > 0 && (
        <InlineStack gap="100" wrap>
          {selected.map((value) => (
            <Tag key={value} onRemove={() => onChange(selected.filter((v) => v !== value))}>
              {labelOf(value)}
            </Tag>
          ))}
        </InlineStack>
      )}
    </BlockStack>
  );
}
