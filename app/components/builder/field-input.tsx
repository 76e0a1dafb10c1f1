import { Checkbox, Select } from "@shopify/polaris";
import type { BuilderCondition, BuilderField } from "../../segments/builder-fields";
import { AttributeInput } from "./attribute-input";
import { useBuilder } from "./builder-context";
import type { DraftCondition } from "./definition-editing";
import { OptionPicker } from "./option-picker";
import { UnionInput } from "./union-input";
import { switchShape, withField, withOccurrence } from "./values";

type Props = {
  field: BuilderField;
  condition: DraftCondition;
  description: BuilderCondition;
  /** The condition's name in labels ("Operator for Country"). */
  name: string;
  onChange: (condition: DraftCondition) => void;
};

/** Pickers take a line of their own; everything else sits in the condition's sentence. */
export function isBlockField(field: BuilderField): boolean {
  return field.kind === "id_list" || field.kind === "tag_list";
}

/** Whether a field is shown at all for the condition's current values. */
export function isFieldShown(field: BuilderField, condition: DraftCondition): boolean {
  // "has not" takes no number of times
  if (field.kind === "count") return condition.occurrence !== "has_not_done";
  // "match case" only means something when comparing typed text
  if (field.kind === "flag" && field.key === "caseSensitive") {
    const match = condition.match as { value?: unknown } | undefined;
    return typeof match?.value === "string" || condition.caseSensitive === true;
  }
  // a choice with a single value (the only action of "Page views") says nothing
  if (field.kind === "choice") return field.optional || field.options.length > 1;
  return true;
}

/** One field of a condition, rendered from its builder description. */
export function FieldInput({ field, condition, description, name, onChange }: Props) {
  const { today } = useBuilder();
  const value = condition[field.key];
  const set = (next: unknown) => onChange(withField(condition, field.key, next));
  const label = `${field.label} for ${name}`;

  switch (field.kind) {
    case "match":
    case "count":
    case "window":
      return <UnionInput field={field} value={value} onChange={set} name={name} />;
    case "occurrence":
      return <Select label={label} labelHidden options={field.options} value={String(value ?? "")} onChange={(v) => onChange(withOccurrence(condition, field.key, v))} />;
    case "choice":
      return (
        <Select
          label={label}
          labelHidden
          options={[...(field.optional ? [{ value: "", label: field.key === "source" ? "from any source" : "Any" }] : []), ...field.options]}
          value={typeof value === "string" ? value : ""}
          onChange={(v) => set(v === "" ? undefined : v)}
        />
      );
    case "id_list": {
      const ids = Array.isArray(value) ? value.map(String) : [];
      return (
        <OptionPicker
          kind={field.picker}
          label={label}
          selected={ids}
          // an optional list left empty means "any": the key is dropped, never sent as []
          onChange={(values) => set(values.length === 0 && field.optional ? undefined : values.map(Number))}
        />
      );
    }
    case "tag_list":
      return <OptionPicker kind="tag" label={label} selected={Array.isArray(value) ? value.map(String) : []} onChange={set} allowCustom />;
    case "attribute_key":
      return (
        <AttributeInput
          label={label}
          value={value}
          onPick={(key, valueType) => {
            const keyed = withField(condition, field.key, key);
            // another attribute of the same type keeps the rule; another type starts that type's rule
            onChange(description.shapes && condition[description.shapes.key] !== valueType ? switchShape(keyed, description, valueType, today) : keyed);
          }}
        />
      );
    case "flag":
      return <Checkbox label={field.label} checked={value === true} onChange={(checked) => set(checked ? true : undefined)} />;
  }
}
