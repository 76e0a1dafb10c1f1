import { Select } from "@shopify/polaris";
import { usePickerOptions } from "./use-picker-options";

/** The custom attribute a condition reads: the shop's attributes, each with its value type. */
export function AttributeInput({ label, value, onPick }: { label: string; value: unknown; onPick: (key: string, valueType: string) => void }) {
  const { options, loading, error } = usePickerOptions("attribute", "", []);
  const key = typeof value === "string" ? value : "";
  const listed = options.map((o) => ({ value: o.value, label: `${o.label} (${o.detail})`, type: o.detail ?? "text" }));
  const choices = [
    { value: "", label: loading ? "Loading attributes…" : error ? "Attributes could not be loaded" : "Choose an attribute", disabled: true },
    ...listed.map(({ value, label }) => ({ value, label })),
    ...(key && !listed.some((o) => o.value === key) ? [{ value: key, label: `${key} (not defined in this shop)` }] : []),
  ];
  return (
    <Select
      label={label}
      labelHidden
      options={choices}
      value={key}
      onChange={(next) => {
        const picked = listed.find((o) => o.value === next);
        if (picked) onPick(picked.value, picked.type);
      }}
    />
  );
}
