import { TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useBuilder } from "./builder-context";
import { decimalToMinor, minorToDecimal, parseNumber } from "./values";

type Props = {
  label: string;
  value: unknown;
  onChange: (value: number | null) => void;
  integer: boolean;
  min: number | null;
  max: number | null;
  /** Money: typed as a decimal in the shop currency, held in minor units (cents). */
  money: boolean;
};

/**
 * A number (or an amount of money). The merchant's text is kept as typed ("12." while typing
 * "12.5"); the condition gets the parsed value, or null while the text is not a number.
 */
export function NumberInput({ label, value, onChange, integer, min, max, money }: Props) {
  const { money: format } = useBuilder();
  const toText = (v: unknown) => (typeof v === "number" ? (money ? minorToDecimal(v, format.exponent) : String(v)) : "");
  const parse = (text: string) => (money ? decimalToMinor(text, format.exponent) : parseNumber(text));
  const [text, setText] = useState(() => toText(value));

  // follow changes made elsewhere (another operator, a duplicate) without fighting the typing
  useEffect(() => {
    if (parse(text) !== value) setText(toText(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  return (
    <div style={{ width: money ? 150 : 110 }}>
      <TextField
        label={label}
        labelHidden
        type={money ? "text" : "number"}
        inputMode={money || !integer ? "decimal" : "numeric"}
        prefix={money ? format.symbol : undefined}
        value={text}
        min={min ?? undefined}
        max={max ?? undefined}
        step={integer ? 1 : undefined}
        autoComplete="off"
        onChange={(next) => {
          setText(next);
          onChange(parse(next));
        }}
      />
    </div>
  );
}
