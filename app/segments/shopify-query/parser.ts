import { DEFINITION_LIMITS } from "../definition";
import type { Clause, Comparison, Expr, Param, Value } from "./ast";
import { ANNIVERSARY, PARAM_ALIASES } from "./attributes";
import { fail, shown, type Position } from "./errors";
import { tokenize, type Token } from "./tokens";

/**
 * Recursive-descent parser for both syntax generations:
 *
 *   query      := [FROM customers [SHOW names] WHERE] or [ORDER BY name [ASC|DESC]]
 *   or         := and {OR and}            (AND binds tighter than OR)
 *   and        := primary {AND primary}
 *   primary    := "(" or ")" | clause
 *   clause     := name (op value | BETWEEN value AND value | [NOT] CONTAINS value | IS [NOT] NULL
 *                      | [NOT] MATCHES "(" [param {"," param}] ")"              — 2026-10 syntax
 *                      | "(" [name ":" values {"," …}] ")" "=" (true | false)   — legacy syntax
 *                      | anniversary "(" (date ":" text | text) ")" date-comparison)
 *   param      := name (op value | BETWEEN value AND value | [NOT] IN "(" value {"," value} ")")
 *
 * Limits: a parameter once per function, at most 500 values in a list (Shopify's), at most
 * DEFINITION_LIMITS.maxConditions clauses (Segmentflow's). Meaning and types are checked later.
 */

export const MAX_LIST_VALUES = 500;
const MAX_NESTING = 16;
const KEYWORDS = new Set(["AND", "OR", "NOT", "MATCHES", "BETWEEN", "CONTAINS", "IS", "NULL", "IN", "FROM", "WHERE", "SHOW", "ORDER", "BY"]);
const DEPRECATED_DATES: Record<string, { amount: number; unit: "d" | "m" }> = {
  "12_months_ago": { amount: -12, unit: "m" },
  "90_days_ago": { amount: -90, unit: "d" },
  "30_days_ago": { amount: -30, unit: "d" },
  "7_days_ago": { amount: -7, unit: "d" },
};
const COMPARISON_HINT = "=, !=, >, >=, <, <=, BETWEEN, CONTAINS, NOT CONTAINS, IS NULL, IS NOT NULL, MATCHES or NOT MATCHES";

export function parseQuery(query: string): Expr {
  return new Parser(tokenize(query)).query();
}

class Parser {
  private i = 0;
  private clauses = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private atEnd(): boolean {
    return this.tokens[this.i].kind === "eof";
  }

  private isWord(word: string, token = this.token): boolean {
    return token.kind === "word" && token.text.toUpperCase() === word;
  }

  private isPunct(text: string): boolean {
    return this.token.kind === "punct" && this.token.text === text;
  }

  private expectWord(word: string, what: string): Token {
    if (!this.isWord(word)) fail(this.token.pos, `Expected ${what}, found ${shown(this.token.text)}`);
    return this.next();
  }

  private expectPunct(text: string, what: string): Token {
    if (!this.isPunct(text)) fail(this.token.pos, `Expected ${what}, found ${shown(this.token.text)}`);
    return this.next();
  }

  query(): Expr {
    if (this.atEnd()) fail(this.token.pos, "The query is empty: expected a condition such as amount_spent > 100");
    if (this.isWord("FROM")) this.wrapper();
    const expr = this.or();
    if (this.isWord("ORDER")) {
      this.next();
      this.expectWord("BY", "BY after ORDER");
      if (this.token.kind !== "word") fail(this.token.pos, `Expected a column to order by, found ${shown(this.token.text)}`);
      this.next();
      if (this.isWord("ASC") || this.isWord("DESC")) this.next();
    }
    if (!this.atEnd()) {
      if (this.isPunct(")")) fail(this.token.pos, "Unexpected “)”: no ( is open here");
      fail(this.token.pos, `Expected AND, OR or the end of the query, found ${shown(this.token.text)}`);
    }
    return expr;
  }

  /** `FROM customers SHOW a, b WHERE`, as the admin's editor shows a segment. */
  private wrapper(): void {
    this.next();
    if (this.token.kind !== "word" || this.token.text.toLowerCase() !== "customers") fail(this.token.pos, `Expected customers after FROM, found ${shown(this.token.text)}`);
    this.next();
    if (this.isWord("SHOW")) {
      this.next();
      do {
        const column = this.tokens[this.i];
        if (column.kind !== "word") fail(column.pos, `Expected a column name after SHOW, found ${shown(column.text)}`);
        this.next();
      } while (this.isPunct(",") && this.next());
    }
    this.expectWord("WHERE", "WHERE and the segment's conditions");
  }

  private or(): Expr {
    const first = this.and();
    if (!this.isWord("OR")) return first;
    const items = [first];
    while (this.isWord("OR")) {
      this.next();
      items.push(this.and());
    }
    return { kind: "or", items, pos: first.pos };
  }

  private and(): Expr {
    const first = this.primary();
    if (!this.isWord("AND")) return first;
    const items = [first];
    while (this.isWord("AND")) {
      this.next();
      items.push(this.primary());
    }
    return { kind: "and", items, pos: first.pos };
  }

  private primary(): Expr {
    if (this.isPunct("(")) {
      const open = this.next();
      if (++this.depth > MAX_NESTING) fail(open.pos, `Parentheses nest at most ${MAX_NESTING} levels deep`);
      const inner = this.or();
      if (!this.isPunct(")")) {
        fail(this.token.pos, `Expected ) to close the ( at line ${open.pos.line}, column ${open.pos.column}, found ${shown(this.token.text)}`);
      }
      this.next();
      this.depth--;
      return inner;
    }
    return this.clause();
  }

  private clause(): Clause {
    const name = this.token;
    if (name.kind !== "word" || KEYWORDS.has(name.text.toUpperCase())) {
      fail(name.pos, `Expected a condition (an attribute such as amount_spent, or ( ), found ${shown(name.text)}`);
    }
    if (++this.clauses > DEFINITION_LIMITS.maxConditions) {
      fail(name.pos, `A query can have at most ${DEFINITION_LIMITS.maxConditions} conditions (a Segmentflow segment's limit)`);
    }
    this.next();
    const pos = name.pos;
    if (this.isWord("MATCHES") || (this.isWord("NOT") && this.isWord("MATCHES", this.tokens[this.i + 1]))) {
      const negated = this.isWord("NOT");
      if (negated) this.next();
      this.next();
      return { kind: "function", name: name.text, pos, negated, params: this.params(), syntax: "matches" };
    }
    if (this.isPunct("(")) return this.call(name.text, pos);
    return { kind: "clause", attribute: name.text, pos, comparison: this.comparison(name.text, false) };
  }

  /** `name(…)`: the legacy function syntax, or anniversary. */
  private call(name: string, pos: Position): Clause {
    this.next();
    if (name.toLowerCase() === ANNIVERSARY) {
      let fieldToken = this.token;
      if (this.token.kind === "word" && this.tokens[this.i + 1].kind === "punct" && this.tokens[this.i + 1].text === ":") {
        if (this.token.text !== "date") fail(this.token.pos, `anniversary takes one parameter, date, not ${shown(this.token.text)}`);
        this.i += 2;
        fieldToken = this.token;
      }
      if (fieldToken.kind !== "string") fail(fieldToken.pos, `Expected the date field in single quotes, e.g. 'metafields.facts.birth_date', found ${shown(fieldToken.text)}`);
      this.next();
      this.expectPunct(")", "the ) closing anniversary(…)");
      return { kind: "anniversary", field: fieldToken.value, fieldPos: fieldToken.pos, pos, comparison: this.comparison(name, false) };
    }
    const params: Param[] = [];
    const seen = new Map<string, Position>();
    if (!this.isPunct(")")) {
      do {
        const param = this.token;
        if (param.kind !== "word") fail(param.pos, `Expected a parameter name (such as id or date), found ${shown(param.text)}`);
        this.next();
        this.once(param.text, param.pos, seen);
        const colon = this.expectPunct(":", `: after the parameter ${param.text} (the legacy syntax is ${name}(${param.text}: value) = true)`);
        let comparison: Comparison;
        if (this.isPunct("(")) comparison = { op: "in", values: this.list(), pos: colon.pos };
        else comparison = { op: "=", value: this.value(), pos: colon.pos };
        params.push({ name: param.text, pos: param.pos, comparison });
      } while (this.isPunct(",") && this.next());
    }
    this.expectPunct(")", `, or the ) closing ${name}(`);
    if (!(this.token.kind === "op" && this.token.text === "=")) {
      fail(this.token.pos, `Expected = true or = false after ${name}(…), found ${shown(this.token.text)} (or write ${name} MATCHES (…))`);
    }
    this.next();
    const truth = this.token;
    if (!this.isWord("TRUE") && !this.isWord("FALSE")) fail(truth.pos, `Expected true or false, found ${shown(truth.text)}`);
    this.next();
    return { kind: "function", name, pos, negated: truth.text.toUpperCase() === "FALSE", params, syntax: "legacy" };
  }

  private params(): Param[] {
    this.expectPunct("(", "( after MATCHES");
    const params: Param[] = [];
    const seen = new Map<string, Position>();
    if (!this.isPunct(")")) {
      do {
        const param = this.token;
        if (param.kind !== "word" || KEYWORDS.has(param.text.toUpperCase())) fail(param.pos, `Expected a parameter name (such as id or date), found ${shown(param.text)}`);
        this.next();
        this.once(param.text, param.pos, seen);
        params.push({ name: param.text, pos: param.pos, comparison: this.comparison(param.text, true) });
      } while (this.isPunct(",") && this.next());
    }
    this.expectPunct(")", "a comma and another parameter, or the ) closing MATCHES (");
    return params;
  }

  /** A parameter appears once per function (its aliases count as the same parameter). */
  private once(name: string, pos: Position, seen: Map<string, Position>): void {
    const key = PARAM_ALIASES[name] ?? name;
    const first = seen.get(key);
    if (first) {
      fail(pos, `The parameter ${name} is already used at line ${first.line}, column ${first.column}: each parameter may appear once (combine the bounds with BETWEEN)`);
    }
    seen.set(key, pos);
  }

  private comparison(subject: string, parameter: boolean): Comparison {
    const token = this.token;
    const pos = token.pos;
    if (token.kind === "op") {
      this.next();
      return { op: token.text, value: this.value(), pos };
    }
    if (this.isWord("BETWEEN")) {
      this.next();
      const low = this.value();
      this.expectWord("AND", "AND between the two ends of BETWEEN");
      return { op: "between", low, high: this.value(), pos };
    }
    if (this.isWord("CONTAINS")) {
      this.next();
      return { op: "contains", value: this.value(), pos };
    }
    if (this.isWord("IS")) {
      this.next();
      const not = this.isWord("NOT");
      if (not) this.next();
      this.expectWord("NULL", not ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
      return { op: not ? "is_not_null" : "is_null", pos };
    }
    const not = this.isWord("NOT");
    if (not) this.next();
    if (this.isWord("IN")) {
      if (!parameter) fail(this.token.pos, `IN only works on a function's parameters: write ${subject} CONTAINS 'a' OR ${subject} CONTAINS 'b'`);
      this.next();
      return { op: not ? "not_in" : "in", values: this.list(), pos };
    }
    if (not && this.isWord("CONTAINS")) {
      this.next();
      return { op: "not_contains", value: this.value(), pos };
    }
    if (not) fail(this.token.pos, `Expected CONTAINS, MATCHES or IN after NOT, found ${shown(this.token.text)}`);
    return fail(pos, `Expected an operator after ${shown(subject)} (${parameter ? "=, !=, >, >=, <, <=, BETWEEN, IN or NOT IN" : COMPARISON_HINT}), found ${shown(token.text)}`);
  }

  private list(): Value[] {
    const open = this.expectPunct("(", "( and a list of values");
    const values: Value[] = [];
    do {
      if (values.length === MAX_LIST_VALUES) fail(this.token.pos, `A list can hold at most ${MAX_LIST_VALUES} values`);
      values.push(this.value());
    } while (this.isPunct(",") && this.next());
    if (!this.isPunct(")")) {
      fail(this.token.pos, `Expected a comma or the ) closing the list opened at line ${open.pos.line}, column ${open.pos.column}, found ${shown(this.token.text)}`);
    }
    this.next();
    return values;
  }

  private value(): Value {
    const token = this.next();
    switch (token.kind) {
      case "string": return { kind: "string", value: token.value, pos: token.pos };
      case "number": return { kind: "number", value: token.value, text: token.text, pos: token.pos };
      case "date": return { kind: "date", date: token.text, pos: token.pos };
      case "datetime": return { kind: "datetime", date: token.text.slice(0, 10), time: token.text.slice(11), pos: token.pos };
      case "offset": return { kind: "offset", amount: token.sign * token.amount, unit: token.unit, pos: token.pos };
      case "word": {
        const word = token.text.toLowerCase();
        if (word === "true" || word === "false") return { kind: "boolean", value: word === "true", pos: token.pos };
        if (word === "today" || word === "yesterday") return { kind: "named", name: word, pos: token.pos };
        const deprecated = DEPRECATED_DATES[word];
        if (deprecated) return { kind: "offset", ...deprecated, pos: token.pos, deprecated: word };
        const ago = /^(\d+)_(day|week|month|year)s?_ago$/.exec(word);
        if (ago) fail(token.pos, `${shown(token.text)} is not a named date: write the offset -${ago[1]}${ago[2][0]}`);
        return fail(token.pos, `Expected a value, found ${shown(token.text)} (text goes in single quotes: '${token.text}')`);
      }
      default:
        return fail(token.pos, `Expected a value (text in single quotes, a number, a date, an offset such as -30d, today or yesterday), found ${shown(token.text)}`);
    }
  }
}
