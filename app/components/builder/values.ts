import type { BuilderCondition, BuilderField, ValueInput, Variant } from "../../segments/builder-fields";

/**
 * Values of the builder's inputs, as pure functions: what a field starts with, what survives a
 * change of operator (the value of "is" becomes the first of "is any of"…), and money typed as a
 * decimal but stored in minor units.
 */

export type Values = Record<string, unknown>;

const NUMBER_DEFAULTS: Record<string, number> = { amount: 30, days: 7 };

function numberDefault(input: Extract<ValueInput, { input: "number" }>, previous: Values): number {
  const old = previous[input.key];
  if (typeof old === "number") return old;
  // a range starts from the single value it replaces, and a single value from the range's start
  if ((input.key === "min" || input.key === "max") && typeof previous.value === "number") return previous.value;
  if (input.key === "value" && typeof previous.min === "number") return previous.min;
  return NUMBER_DEFAULTS[input.key] ?? Math.max(input.min ?? 1, 1);
}

function choiceDefault(input: Extract<ValueInput, { input: "choice" }>, previous: Values, today: string): string | number {
  const old = previous[input.key];
  const fits = (v: string) => input.options.some((o) => o.value === v);
  let value: string;
  if ((typeof old === "string" || typeof old === "number") && fits(String(old))) value = String(old);
  else if (input.key === "month") value = String(Number(today.slice(5, 7)));
  else value = fits("days") ? "days" : input.options[0].value;
  return input.numeric ? Number(value) : value;
}

/** The value of one input after switching variants, keeping what the previous variant held where it fits. */
export function inputDefault(input: ValueInput, previous: Values, today: string): unknown {
  const old = previous[input.key];
  switch (input.input) {
    case "text":
      if (typeof old === "string") return old;
      return Array.isArray(previous.values) && typeof previous.values[0] === "string" ? previous.values[0] : "";
    case "text_list":
      if (Array.isArray(old)) return old;
      return typeof previous.value === "string" && previous.value.trim() ? [previous.value.trim()] : [];
    case "choice_list":
      return Array.isArray(old) ? old.filter((v) => input.options.some((o) => o.value === v)) : [];
    case "number":
      return numberDefault(input, previous);
    case "date":
      if (typeof old === "string") return old;
      if (typeof previous.date === "string") return previous.date;
      return typeof previous.start === "string" ? previous.start : today;
    case "choice":
      return choiceDefault(input, previous, today);
    case "time":
      return typeof old === "string" ? old : undefined;
  }
}

/** `{ operator: "between", min, max }` from a variant, carrying over the previous value's inputs. */
export function variantValue(discriminator: string, variant: Variant, previous: Values | undefined, today: string): Values {
  const value: Values = { [discriminator]: variant.value };
  for (const input of variant.inputs) value[input.key] = inputDefault(input, previous ?? {}, today);
  return value;
}

/** What a field holds in a new condition (or after its shape changed); undefined leaves it out. */
export function fieldDefault(field: BuilderField, today: string): unknown {
  switch (field.kind) {
    case "match":
      return variantValue(field.discriminator, field.variants[0], undefined, today);
    case "count":
    case "window":
      return field.optional ? undefined : variantValue(field.discriminator, field.variants[0], undefined, today);
    case "occurrence":
      return field.options[0].value;
    case "choice":
      return field.defaultValue ?? (field.optional ? undefined : field.options[0].value);
    case "id_list":
      return field.optional ? undefined : [];
    case "tag_list":
      return [];
    case "attribute_key":
      return "";
    case "flag":
      return undefined;
  }
}

/** Sets (or, for undefined, removes) one field of a condition. */
export function withField<T extends Values>(condition: T, key: string, value: unknown): T {
  const next = { ...condition } as Values;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as T;
}

/** The fields a condition shows: common ones, then those of its current shape. */
export function fieldsFor(description: BuilderCondition, condition: Values): BuilderField[] {
  if (!description.shapes) return description.fields;
  const shape = description.shapes.options.find((o) => o.value === condition[description.shapes!.key]) ?? description.shapes.options[0];
  return [...description.fields, ...shape.fields];
}

/** Switches a shaped condition (custom attribute) to another shape, with that shape's default values. */
export function switchShape<T extends Values>(condition: T, description: BuilderCondition, shapeValue: string, today: string): T {
  const shapes = description.shapes;
  if (!shapes) return condition;
  const before = fieldsFor(description, condition).map((f) => f.key);
  let next = withField(condition, shapes.key, shapeValue);
  for (const key of before) if (!description.fields.some((f) => f.key === key)) next = withField(next, key, undefined);
  for (const field of fieldsFor(description, next)) {
    if (!description.fields.includes(field)) next = withField(next, field.key, fieldDefault(field, today));
  }
  return next;
}

/** "Has not" cannot also have a number of times: choosing it drops the count. */
export function withOccurrence<T extends Values>(condition: T, key: string, value: string): T {
  const next = withField(condition, key, value);
  return value === "has_not_done" ? withField(next, "count", undefined) : next;
}

// ---- money ----

export type MoneyFormat = { currency: string; exponent: number; symbol: string };

/** 123456 with 2 decimals → "1234.56" (exact: no floating-point arithmetic). */
export function minorToDecimal(minor: number, exponent: number): string {
  const digits = String(Math.abs(Math.trunc(minor))).padStart(exponent + 1, "0");
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? digits.slice(-exponent).replace(/0+$/, "") : "";
  return `${minor < 0 ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** "1234.5" → 123450 with 2 decimals; null when it is not an amount (or has too many decimals). */
export function decimalToMinor(text: string, exponent: number): number | null {
  const match = /^(-)?(\d+)(?:[.,](\d*))?$/.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > exponent) return null;
  const minor = Number(whole) * 10 ** exponent + Number((fraction + "0".repeat(exponent)).slice(0, exponent) || "0");
  return Number.isSafeInteger(minor) ? (sign ? -minor : minor) : null;
}

/** A typed number: null when empty or not a number (the server then says "Enter a number"). */
export function parseNumber(text: string): number | null {
  if (!text.trim()) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

// ---- messages ----

/**
 * An issue as the condition row shows it: without the condition's label (the row names it) or the
 * schema path the server prefixes ("Country: match.values: Add at least one value" → "Add at least one value").
 */
export function issueText(message: string, conditionLabel: string): string {
  let text = message.startsWith(`${conditionLabel}: `) ? message.slice(conditionLabel.length + 2) : message;
  text = text.replace(/^[A-Za-z]+(?:\.[A-Za-z0-9]+)*: /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
