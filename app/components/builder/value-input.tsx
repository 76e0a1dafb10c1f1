import { ChoiceList, Select, TextField } from "@shopify/polaris";
import type { ValueInput } from "../../segments/builder-fields";
import { DateInput } from "./date-input";
import { NumberInput } from "./number-input";
import { OptionPicker } from "./option-picker";
import { ValueListInput } from "./value-list-input";

type Props = {
  input: ValueInput;
  /** The accessible label, naming the condition ("Values for Country"). */
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Lists of codes come from the shop's data (countries, languages). */
  picker: "country" | "language" | null;
};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** One input of an operator or window, by its kind. */
export function ValueInputControl({ input, label, value, onChange, picker }: Props) {
  switch (input.input) {
    case "text":
      return (
        <div style={{ width: 240 }}>
          <TextField label={label} labelHidden value={typeof value === "string" ? value : ""} onChange={onChange} autoComplete="off" placeholder="Value" />
        </div>
      );
    case "text_list":
      return picker ? (
        <OptionPicker kind={picker} label={label} selected={strings(value)} onChange={onChange} allowCustom />
      ) : (
        <ValueListInput label={label} values={strings(value)} onChange={onChange} />
      );
    case "choice_list":
      return (
        <ChoiceList
          title={label}
          titleHidden
          allowMultiple
          choices={input.options.map((o) => ({ value: o.value, label: o.label }))}
          selected={strings(value)}
          onChange={onChange}
        />
      );
    case "number":
      return <NumberInput label={label} value={value} onChange={onChange} integer={input.integer} min={input.min} max={input.max} money={input.money} />;
    case "date":
      return <DateInput label={label} value={value} onChange={onChange} />;
    case "time":
      // empty: the whole day; the browser's time field gives HH:MM or HH:MM:SS
      return (
        <div style={{ width: 140 }}>
          <TextField
            label={label}
            labelHidden
            type="time"
            step={1}
            value={typeof value === "string" ? value : ""}
            onChange={(v) => onChange(v === "" ? undefined : v.length === 5 ? `${v}:00` : v)}
            autoComplete="off"
          />
        </div>
      );
    case "choice":
      return (
        <Select
          label={label}
          labelHidden
          options={input.options}
          value={value === undefined || value === null ? "" : String(value)}
          onChange={(v) => onChange(input.numeric ? Number(v) : v)}
        />
      );
  }
}
