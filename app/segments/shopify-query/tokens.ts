import { fail, positionAt, shown, type Position } from "./errors";

/**
 * The tokenizer of Shopify's segment query language: words (attribute names, with dots, and
 * keywords), single-quoted text, numbers, dates (yyyy-mm-dd), date-times (yyyy-mm-ddThh:mm:ss),
 * offsets (-30d, +2w), operators and punctuation. Values the language does not have (a time
 * without a date, a date without leading zeros, double quotes) are refused here, where they are.
 */

export type OffsetUnit = "d" | "w" | "m" | "y";
export type Token =
  | { kind: "word"; text: string; pos: Position }
  | { kind: "string"; text: string; value: string; pos: Position }
  | { kind: "number"; text: string; value: number; pos: Position }
  | { kind: "date"; text: string; pos: Position }
  | { kind: "datetime"; text: string; pos: Position }
  | { kind: "offset"; text: string; sign: 1 | -1; amount: number; unit: OffsetUnit; pos: Position }
  | { kind: "op"; text: "=" | "!=" | ">" | ">=" | "<" | "<="; pos: Position }
  | { kind: "punct"; text: "(" | ")" | "," | ":"; pos: Position }
  | { kind: "eof"; text: ""; pos: Position };

/** Longest query the bridge reads (a segment has at most 100 conditions; this is far beyond). */
export const MAX_QUERY_LENGTH = 50_000;

const WORD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*/;
/** The deprecated named dates start with digits: 30_days_ago, 12_months_ago. */
const AGO_WORD = /^\d+_[A-Za-z_]+/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?![\w:.])/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\w:.])/;
const DATE_LIKE = /^\d{4}-\d{1,2}-\d{1,2}/;
const OFFSET = /^([+-])(\d+)([dwmy])(?![\w.])/;
const NUMBER = /^[+-]?\d+(?:\.\d+)?(?![\w.:])/;
const TIME_ONLY = /^\d{1,2}(?::\d{2}){0,2}\s*(?:am|pm)\b|^\d{1,2}:\d{2}(?::\d{2})?/i;
const OPERATORS = [">=", "<=", "!=", "=", ">", "<"] as const;

export function tokenize(query: string): Token[] {
  if (query.length > MAX_QUERY_LENGTH) {
    fail(positionAt(query, MAX_QUERY_LENGTH), `A query can be at most ${MAX_QUERY_LENGTH.toLocaleString("en-US")} characters long`);
  }
  const tokens: Token[] = [];
  let i = 0;
  const at = (offset: number) => positionAt(query, offset);
  while (i < query.length) {
    const ch = query[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = query.slice(i);
    const pos = at(i);
    if (ch === "'") {
      const { value, end } = readString(query, i);
      tokens.push({ kind: "string", text: query.slice(i, end), value, pos });
      i = end;
      continue;
    }
    if (ch === '"') fail(pos, "Text goes in single quotes ('like this'), not double quotes");
    if (ch === "(" || ch === ")" || ch === "," || ch === ":") {
      tokens.push({ kind: "punct", text: ch, pos });
      i++;
      continue;
    }
    if (rest.startsWith("<>")) fail(pos, "“<>” is not an operator here: use !=");
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ kind: "op", text: op, pos });
      i += op.length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ kind: "word", text: word[0], pos });
      i += word[0].length;
      continue;
    }
    if (/[\d+-]/.test(ch)) {
      const token = readValue(rest, pos);
      tokens.push(token);
      i += token.text.length;
      continue;
    }
    fail(pos, `Unexpected character ${shown(ch)}`);
  }
  tokens.push({ kind: "eof", text: "", pos: at(query.length) });
  return tokens;
}

/** A single-quoted text: \' is a quote, \\ a backslash; nothing else is escaped. */
function readString(query: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  while (i < query.length) {
    const ch = query[i];
    if (ch === "'") return { value, end: i + 1 };
    if (ch === "\\") {
      const next = query[i + 1];
      if (next !== "'" && next !== "\\") {
        fail(positionAt(query, i), `Unknown escape ${shown(`\\${next ?? ""}`)} in text: only \\' (a quote) and \\\\ (a backslash) are escapes`);
      }
      value += next;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  return fail(positionAt(query, start), "This text is never closed: add a ' at its end");
}

/** A value starting with a digit or a sign: date-time, date, offset, number or deprecated named date. */
function readValue(rest: string, pos: Position): Token {
  const datetime = DATETIME.exec(rest);
  if (datetime) return { kind: "datetime", text: datetime[0], pos };
  const date = DATE.exec(rest);
  if (date) return { kind: "date", text: date[0], pos };
  if (DATE_LIKE.test(rest)) {
    const text = /^[\dT:.-]+/.exec(rest)![0];
    if (/T/.test(text)) fail(pos, `${shown(text)} is not a date and time: write it as yyyy-mm-ddThh:mm:ss (24-hour clock, leading zeros), e.g. 2020-05-30T16:00:00`);
    fail(pos, `${shown(text)} is not a date: write dates as yyyy-mm-dd with leading zeros, e.g. 2020-05-30`);
  }
  const offset = OFFSET.exec(rest);
  if (offset) {
    return { kind: "offset", text: offset[0], sign: offset[1] === "-" ? -1 : 1, amount: Number(offset[2]), unit: offset[3] as OffsetUnit, pos };
  }
  const ago = AGO_WORD.exec(rest);
  if (ago) return { kind: "word", text: ago[0], pos };
  const number = NUMBER.exec(rest);
  if (number) return { kind: "number", text: number[0], value: Number(number[0]), pos };
  const word = /^[+-]?[\w.:]+/.exec(rest)?.[0] ?? rest[0];
  if (TIME_ONLY.test(rest)) {
    fail(pos, `${shown(word)} is a time without a date, which the language does not allow: use a date (2020-05-30) or a date and time (2020-05-30T13:00:00)`);
  }
  if (/^\d+[dwmy]$/.test(word)) fail(pos, `${shown(word)} is not a value: a date offset needs a sign, e.g. -${word} or +${word}`);
  return fail(pos, `${shown(word)} is not a value: expected a number (10.99), a date (2020-05-30), an offset (-30d) or text in single quotes`);
}
