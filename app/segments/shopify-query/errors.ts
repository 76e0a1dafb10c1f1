/**
 * Positions and problems of the Shopify segment query bridge. Every error names the line and
 * column (1-based) it concerns; warnings say what an import had to change (a relative date fixed
 * to a calendar date, an approximation).
 */

export type Position = { line: number; column: number; offset: number };

export type QueryError = { line: number; column: number; message: string };
export type QueryWarning = { line: number; column: number; message: string };

/** Thrown inside the bridge; turned into `{ ok: false, error }` at its entry points. */
export class QueryFailure extends Error {
  constructor(
    readonly position: Position,
    message: string,
  ) {
    super(message);
  }

  toError(): QueryError {
    return { line: this.position.line, column: this.position.column, message: this.message };
  }
}

export function fail(position: Position, message: string): never {
  throw new QueryFailure(position, message);
}

/** "Line 2, column 14: …" — how the CLI and the UI show an error or a warning. */
export function describeProblem(problem: QueryError | QueryWarning): string {
  return `Line ${problem.line}, column ${problem.column}: ${problem.message}`;
}

/** The position of `offset` in `text`. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}

/** A quoted rendering of what was found, for messages ("“1pm”", "the end of the query"). */
export function shown(text: string): string {
  return text === "" ? "the end of the query" : `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
}

/** The closest of `names` to `word` (edit distance ≤ 3), for "did you mean" hints. */
export function closest(word: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
