import type { Count, DateMatch, NumberMatch, TextMatch, Window } from "./matches";

/** Conditions as sentences, for the builder summary, explanations and the change log. */

const unitLabel = (amount: number, unit: string) => `${amount} ${amount === 1 ? unit.replace(/s$/, "") : unit}`;
const quote = (value: string) => `“${value}”`;

export function describeText(label: string, match: TextMatch): string {
  switch (match.operator) {
    case "is": return `${label} is ${quote(match.value)}`;
    case "is_not": return `${label} is not ${quote(match.value)}`;
    case "contains": return `${label} contains ${quote(match.value)}`;
    case "not_contains": return `${label} does not contain ${quote(match.value)}`;
    case "starts_with": return `${label} starts with ${quote(match.value)}`;
    case "ends_with": return `${label} ends with ${quote(match.value)}`;
    case "is_any_of": return `${label} is any of ${match.values.map(quote).join(", ")}`;
    case "is_none_of": return `${label} is none of ${match.values.map(quote).join(", ")}`;
    case "is_set": return `${label} is set`;
    case "is_not_set": return `${label} is not set`;
  }
}

export function describeNumber(label: string, match: NumberMatch, format: (n: number) => string = String): string {
  switch (match.operator) {
    case "eq": return `${label} is ${format(match.value)}`;
    case "neq": return `${label} is not ${format(match.value)}`;
    case "gt": return `${label} is more than ${format(match.value)}`;
    case "gte": return `${label} is at least ${format(match.value)}`;
    case "lt": return `${label} is less than ${format(match.value)}`;
    case "lte": return `${label} is at most ${format(match.value)}`;
    case "between": return `${label} is between ${format(match.min)} and ${format(match.max)}`;
    case "is_set": return `${label} is set`;
    case "is_not_set": return `${label} is not set`;
  }
}

export function describeDate(label: string, match: DateMatch): string {
  switch (match.operator) {
    case "before": return `${label} is before ${match.date}${match.time ? ` ${match.time}` : ""}`;
    case "after": return `${label} is after ${match.date}${match.time ? ` ${match.time}` : ""}`;
    case "on": return `${label} is on ${match.date}`;
    case "between": return `${label} is between ${match.start} and ${match.end}`;
    case "in_last": return `${label} is in the last ${unitLabel(match.amount, match.unit)}`;
    case "more_than_ago": return `${label} is more than ${unitLabel(match.amount, match.unit)} ago`;
    case "in_next": return `${label} is in the next ${unitLabel(match.amount, match.unit)}`;
    case "is_set": return `${label} is set`;
    case "is_not_set": return `${label} is not set`;
  }
}

export function describeWindow(window: Window | undefined): string {
  if (!window) return "";
  switch (window.kind) {
    case "in_last": return ` in the last ${unitLabel(window.amount, window.unit)}`;
    case "before": return ` before ${window.date}`;
    case "after": return ` after ${window.date}`;
    case "between": return ` between ${window.start} and ${window.end}`;
  }
}

/** "Has viewed a product at least 2 times in the last 30 days", "Has not placed an order after 2026-01-01". */
export function describeEvent(participle: string, occurrence: "has_done" | "has_not_done", count: Count | undefined, window: Window | undefined): string {
  const times = (n: number) => `${n} ${n === 1 ? "time" : "times"}`;
  let frequency = "";
  if (occurrence === "has_done" && count) {
    if (count.operator === "between") frequency = ` between ${count.min} and ${count.max} times`;
    else frequency = ` ${count.operator.replace("_", " ")} ${times(count.value)}`;
  }
  return `${occurrence === "has_done" ? "Has" : "Has not"} ${participle}${frequency}${describeWindow(window)}`;
}

export function formatMinor(minor: number): string {
  return (minor / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
