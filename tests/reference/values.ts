import type { NumberMatch, TextMatch } from "../../app/segments/matches";

/**
 * Text and number rules on one value, as a merchant reads them (README, the condition catalogue):
 *
 * - Case-insensitive by default, folding exactly what SQLite's NOCASE and LIKE fold: the ASCII
 *   letters A–Z. "É" and "é" are different letters; "E" and "e" are not.
 * - Negative rules (is not, does not contain, is none of) also match a missing value (NULL or '').
 * - "Is set" means neither NULL nor ''. Positive rules never match NULL.
 * - Numbers: NULL matches no comparison, only "is not set"; "between" includes both ends.
 */

export function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

export function isTextSet(value: string | null): boolean {
  return value !== null && value !== "";
}

const NEGATED = { is_not: "is", not_contains: "contains", is_none_of: "is_any_of", is_not_set: "is_set" } as const;

function positive(value: string, match: TextMatch, caseSensitive: boolean): boolean {
  const fold = caseSensitive ? (s: string) => s : foldAscii;
  const v = fold(value);
  switch (match.operator) {
    case "is":
      return v === fold(match.value);
    case "contains":
      return v.includes(fold(match.value));
    case "starts_with":
      return v.startsWith(fold(match.value));
    case "ends_with":
      return v.endsWith(fold(match.value));
    case "is_any_of":
      return match.values.some((candidate) => v === fold(candidate));
    case "is_set":
      return value !== "";
    default:
      throw new Error(`not a positive text operator: ${match.operator}`);
  }
}

export function textMatches(value: string | null, match: TextMatch, caseSensitive = false): boolean {
  if (match.operator in NEGATED) {
    const opposite = { ...match, operator: NEGATED[match.operator as keyof typeof NEGATED] } as TextMatch;
    return !textMatches(value, opposite, caseSensitive);
  }
  return value !== null && positive(value, match, caseSensitive);
}

/**
 * A field stored in one case (country codes upper, emails lower, phones as E.164): a
 * case-insensitive rule folds the merchant's value to that case and compares exactly.
 */
export function storedTextMatches(value: string | null, match: TextMatch, storedAs: "upper" | "lower" | "exact", caseSensitive = false): boolean {
  if (caseSensitive || storedAs === "exact") return textMatches(value, match, true);
  const fold = (s: string) => (storedAs === "upper" ? s.toUpperCase() : s.toLowerCase());
  const folded: TextMatch =
    "values" in match ? { ...match, values: match.values.map(fold) } : "value" in match ? { ...match, value: fold(match.value) } : match;
  return textMatches(value, folded, true);
}

export function numberMatches(value: number | null, match: NumberMatch): boolean {
  if (match.operator === "is_set") return value !== null;
  if (match.operator === "is_not_set") return value === null;
  if (value === null) return false;
  switch (match.operator) {
    case "eq":
      return value === match.value;
    case "neq":
      return value !== match.value;
    case "gt":
      return value > match.value;
    case "gte":
      return value >= match.value;
    case "lt":
      return value < match.value;
    case "lte":
      return value <= match.value;
    case "between":
      return value >= match.min && value <= match.max;
  }
}

/** "Is any of" / "is none of" a closed set of stored codes (gender, consent, lifecycle stage…); none-of includes unset. */
export function setMatches(value: string | null, match: { operator: "is_any_of" | "is_none_of"; values: readonly string[] }): boolean {
  const hit = value !== null && match.values.includes(value);
  return match.operator === "is_any_of" ? hit : !hit;
}
