import type { Clause, Value } from "./ast";
import { condition, type Part } from "./build";
import { fail } from "./errors";
import { noEquivalent } from "./map-values";

/**
 * anniversary() on the shop's birthday metafield is Segmentflow's birthday rule (month and day,
 * the year ignored, in the shop's time zone): `= today` is "today", `BETWEEN today AND +30d` is
 * "in the next 30 days", and a whole calendar month (`BETWEEN 2000-03-01 AND 2000-03-31`) is
 * "in March". Other dates of the customer have no anniversary rule.
 */

const FORMS = "= today, BETWEEN today AND +30d (up to +365d) or a whole month such as BETWEEN 2000-03-01 AND 2000-03-31";

/** `metafields.facts.birth_date` / `customer.metafields.facts.birth_date` → `facts.birth_date`. */
export function anniversaryMetafield(field: string): string | null {
  const match = /^(?:customer\.)?metafields\.([\w-]+\.[\w-]+)$/.exec(field.trim());
  return match ? match[1] : null;
}

const isToday = (v: Value) => (v.kind === "named" && v.name === "today") || (v.kind === "offset" && v.amount === 0);

function daysAhead(v: Value): number | null {
  if (isToday(v)) return 0;
  if (v.kind !== "offset" || v.amount < 0) return null;
  if (v.unit === "d") return v.amount;
  if (v.unit === "w") return 7 * v.amount;
  return null;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function mapAnniversary(clause: Extract<Clause, { kind: "anniversary" }>, birthdayMetafield: string): Part {
  const metafield = anniversaryMetafield(clause.field);
  if (!metafield) fail(clause.fieldPos, `Expected a metafield such as 'metafields.${birthdayMetafield}', found '${clause.field}'`);
  if (metafield !== birthdayMetafield) {
    noEquivalent(clause.fieldPos, `anniversary of ${metafield}`, `the birthday rule reads the shop's birthday metafield (${birthdayMetafield}); other dates have no anniversary rule`);
  }
  const cmp = clause.comparison;
  if (cmp.op === "=" && isToday(cmp.value)) return condition({ type: "birthday", match: { operator: "in_next_days", days: 0 } }, clause.pos);
  if (cmp.op === "between") {
    const { low, high } = cmp;
    if (isToday(low)) {
      const days = daysAhead(high);
      if (days === null) fail(high.pos, "Expected a number of days or weeks ahead, such as +30d or +2w (months have different lengths)");
      if (days > 365) fail(high.pos, "Birthdays can be looked for at most 365 days ahead");
      return condition({ type: "birthday", match: { operator: "in_next_days", days } }, clause.pos);
    }
    if (low.kind === "date" && high.kind === "date") {
      const [year, month, day] = low.date.split("-").map(Number);
      const [endYear, endMonth, endDay] = high.date.split("-").map(Number);
      if (day === 1 && year === endYear && month === endMonth && endDay === lastDayOfMonth(year, month)) {
        return condition({ type: "birthday", match: { operator: "in_month", month } }, clause.pos);
      }
    }
  }
  return noEquivalent(cmp.pos, "This anniversary range", `Segmentflow's birthday rules are ${FORMS}`);
}
