import { valueText, type Clause, type Comparison, type Value } from "./ast";
import {
  ANNIVERSARY, ATTRIBUTES, closestName, FUNCTIONS, METAFIELD_PREFIX, OPERATOR_NAMES, operatorsFor,
  type AttributeSpec, type AttributeType, type FunctionSpec, type ParamType,
} from "./attributes";
import { fail, shown } from "./errors";

/**
 * Type checking: each clause against the documented attribute or function — the operators its
 * type allows, and values of that type (enum values are case-sensitive; dates must exist). A
 * metafield's type is the custom attribute's it feeds (`metafieldType`, from the shop).
 */

const TYPE_NAMES: Record<AttributeType | ParamType, string> = {
  date: "a date", enum: "an enum", integer: "a whole number", float: "a number", string: "text", list: "a list", boolean: "true or false", id: "an id",
};

export type CheckedClause =
  | { kind: "attribute"; clause: Extract<Clause, { kind: "clause" }>; name: string; spec: AttributeSpec }
  | { kind: "metafield"; clause: Extract<Clause, { kind: "clause" }>; namespaceKey: string; type: AttributeType }
  | { kind: "function"; clause: Extract<Clause, { kind: "function" }>; name: string; spec: FunctionSpec }
  | { kind: "anniversary"; clause: Extract<Clause, { kind: "anniversary" }> };

export function checkClause(clause: Clause, metafieldType: (namespaceKey: string) => AttributeType | null): CheckedClause {
  if (clause.kind === "anniversary") {
    checkComparison(clause.comparison, "date", ["=", "between"], ANNIVERSARY);
    return { kind: "anniversary", clause };
  }
  if (clause.kind === "function") return checkFunction(clause);
  const name = clause.attribute;
  const spec = ATTRIBUTES[name];
  if (spec) {
    checkComparison(clause.comparison, spec.type, operatorsFor(spec.type, { nullable: spec.nullable }), name, spec.values);
    return { kind: "attribute", clause, name, spec };
  }
  if (name.startsWith(METAFIELD_PREFIX)) {
    const namespaceKey = name.slice(METAFIELD_PREFIX.length);
    if (!/^[\w-]+\.[\w-]+$/.test(namespaceKey)) fail(clause.pos, `${shown(name)} is not a metafield: write customer.metafields.<namespace>.<key>`);
    const type = metafieldType(namespaceKey);
    if (!type) fail(clause.pos, `No custom attribute of this shop comes from the metafield ${namespaceKey}, so ${name} has no equivalent here`);
    checkComparison(clause.comparison, type, operatorsFor(type, { nullable: true }), name);
    return { kind: "metafield", clause, namespaceKey, type };
  }
  if (FUNCTIONS[name]) fail(clause.pos, `${name} is a function: write ${name} MATCHES (…) or ${name} NOT MATCHES (…)`);
  if (name.toLowerCase() === ANNIVERSARY) fail(clause.pos, "anniversary needs its date field: anniversary('metafields.facts.birth_date') = today");
  return unknownName(name, clause.pos);
}

function unknownName(name: string, pos: Clause["pos"]): never {
  const hint = closestName(name);
  return fail(pos, `Unknown attribute ${shown(name)}${hint ? `: did you mean ${hint}?` : ""}`);
}

function checkFunction(clause: Extract<Clause, { kind: "function" }>): CheckedClause {
  const spec = FUNCTIONS[clause.name];
  if (clause.name.toLowerCase() === ANNIVERSARY) fail(clause.pos, "anniversary takes its date field in parentheses: anniversary('metafields.facts.birth_date') = today");
  if (!spec) {
    if (ATTRIBUTES[clause.name] || clause.name.startsWith(METAFIELD_PREFIX)) {
      fail(clause.pos, `${clause.name} is not a function: compare it with an operator, e.g. ${clause.name} = …`);
    }
    unknownName(clause.name, clause.pos);
  }
  for (const param of clause.params) {
    const paramSpec = spec.params[param.name];
    if (!paramSpec || (paramSpec.legacyOnly && clause.syntax === "matches")) {
      const names = Object.entries(spec.params).filter(([, p]) => !p.legacyOnly || clause.syntax === "legacy").map(([n]) => n);
      fail(param.pos, `${clause.name} has no parameter ${shown(param.name)}: its parameters are ${names.join(", ")}`);
    }
    const allowed = operatorsFor(paramSpec.type, { parameter: true });
    checkComparison(param.comparison, paramSpec.type, allowed, `the parameter ${param.name}`);
  }
  return { kind: "function", clause, name: spec.aliasOf ?? clause.name, spec };
}

function checkComparison(comparison: Comparison, type: AttributeType | ParamType, allowed: string[], subject: string, values?: readonly string[]): void {
  if (!allowed.includes(comparison.op)) {
    const list = allowed.map((op) => OPERATOR_NAMES[op]);
    fail(comparison.pos, `${subject} is ${TYPE_NAMES[type]}: ${OPERATOR_NAMES[comparison.op]} does not apply to it (use ${list.slice(0, -1).join(", ")}${list.length > 1 ? " or " : ""}${list[list.length - 1]})`);
  }
  switch (comparison.op) {
    case "is_null":
    case "is_not_null":
      return;
    case "between":
      checkValue(comparison.low, type, subject, values);
      checkValue(comparison.high, type, subject, values);
      if (comparison.low.kind === "number" && comparison.high.kind === "number" && comparison.low.value > comparison.high.value) {
        fail(comparison.high.pos, `BETWEEN ${comparison.low.text} AND ${comparison.high.text} is empty: the first bound is above the second`);
      }
      if (comparison.low.kind === "date" && comparison.high.kind === "date" && comparison.low.date > comparison.high.date) {
        fail(comparison.high.pos, `BETWEEN ${comparison.low.date} AND ${comparison.high.date} is empty: the first date is after the second`);
      }
      return;
    case "in":
    case "not_in":
      comparison.values.forEach((v) => checkValue(v, type, subject, values));
      return;
    default:
      checkValue(comparison.value, type, subject, values);
  }
}

function checkValue(value: Value, type: AttributeType | ParamType, subject: string, values?: readonly string[]): void {
  const wrong = (expected: string): never => fail(value.pos, `${subject} takes ${expected}, not ${shown(valueText(value))}`);
  switch (type) {
    case "date":
      if (value.kind === "date" || value.kind === "datetime") return checkCalendar(value);
      if (value.kind !== "offset" && value.kind !== "named") wrong("a date (2020-05-30), a date and time (2020-05-30T16:00:00), an offset (-30d) or today/yesterday");
      return;
    case "enum":
      if (value.kind !== "string") return wrong(`one of ${values!.map((v) => `'${v}'`).join(", ")} (in single quotes)`);
      if (!values!.includes(value.value)) {
        const other = values!.find((v) => v.toLowerCase() === value.value.toLowerCase());
        fail(value.pos, `'${value.value}' is not a value of ${subject}${other ? ` (values are case-sensitive: '${other}')` : `: expected one of ${values!.map((v) => `'${v}'`).join(", ")}`}`);
      }
      return;
    case "integer":
      if (value.kind !== "number" || !/^[+-]?\d+$/.test(value.text)) return wrong("a whole number");
      if (!Number.isSafeInteger(value.value)) fail(value.pos, `${value.text} is too large a number`);
      return;
    case "float":
      if (value.kind !== "number") return wrong("a number (a point for decimals, no thousands separators)");
      return;
    case "string":
    case "list":
      if (value.kind !== "string") wrong("text in single quotes");
      return;
    case "boolean":
      if (value.kind !== "boolean") wrong("true or false");
      return;
    case "id":
      if (value.kind === "string" || (value.kind === "number" && /^\d+$/.test(value.text))) return;
      wrong("an id (digits, or text in single quotes)");
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The date exists (no 2020-02-30) and the time is on a 24-hour clock. */
function checkCalendar(value: Extract<Value, { kind: "date" | "datetime" }>): void {
  const [year, month, day] = value.date.split("-").map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1];
  if (month < 1 || month > 12) fail(value.pos, `${value.date} is not a date: there is no month ${month}`);
  if (day < 1 || day > days) fail(value.pos, `${value.date} is not a date: ${value.date.slice(0, 7)} has ${days} days`);
  if (value.kind === "datetime") {
    const [h, m, s] = value.time.split(":").map(Number);
    if (h > 23 || m > 59 || s > 59) fail(value.pos, `${value.time} is not a time: use a 24-hour clock from 00:00:00 to 23:59:59`);
  }
}
