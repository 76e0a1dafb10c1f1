/**
 * Benchmark results as data: one row per metric with the raw-SQLite floor measured in the same
 * run, the ratio to it, the SPEC §10 target and whether it was met. The README's table is rendered
 * from these rows (a test keeps the two equal).
 */
export type ResultRow = {
  metric: string;
  /** The measured figure, in `unit`. */
  value: number;
  unit: string;
  /** The same question answered by hand-written SQL / raw SQLite in the same run; null where performance.md has none. */
  floor: number | null;
  /** value / floor (for rates: floor / value, so > 1 is always "slower than the floor"). */
  ratio: number | null;
  /** The SPEC §10 target in words, e.g. "<= 1.5x floor" or ">= 2,000/s". */
  target: string;
  met: boolean;
};

export type Results = {
  scale: number;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; sqlite: string };
  store: { contacts: number; orders: number; orderLines: number; events: number; segments: number; generateSeconds: number };
  rows: ResultRow[];
};

const round = (x: number, digits = 3) => {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A "lower is better" row: met when value <= max (and, when given, ratio <= maxRatio). */
export function atMost(metric: string, unit: string, value: number, floor: number | null, max: number | null, options: { maxRatio?: number; target?: string } = {}): ResultRow {
  const ratio = floor ? value / floor : null;
  const met = (max === null || value <= max) && (options.maxRatio === undefined || (ratio !== null && ratio <= options.maxRatio));
  const words = [max !== null ? `<= ${max.toLocaleString("en-US")} ${unit}` : null, options.maxRatio !== undefined ? `<= ${options.maxRatio}x floor` : null].filter(Boolean).join(" and ");
  return { metric, value: round(value), unit, floor: floor === null ? null : round(floor), ratio: ratio === null ? null : round(ratio, 2), target: options.target ?? words, met };
}

/** A "higher is better" rate row: met when value >= min; ratio is floor / value. */
export function atLeast(metric: string, unit: string, value: number, floor: number | null, min: number, options: { target?: string } = {}): ResultRow {
  const ratio = floor ? floor / value : null;
  return { metric, value: round(value), unit, floor: floor === null ? null : round(floor), ratio: ratio === null ? null : round(ratio, 2), target: options.target ?? `>= ${min.toLocaleString("en-US")} ${unit}`, met: value >= min };
}

const cell = (x: number | null) => (x === null ? "—" : x.toLocaleString("en-US", { maximumFractionDigits: x >= 100 ? 0 : x >= 10 ? 1 : 2 }));

/** The README table (Markdown), exactly as `npm run bench -- --scale 1` writes it. */
export function renderTable(results: Results): string {
  const lines = [
    "| Metric | Value | Floor | Ratio | Target | Met |",
    "| --- | ---: | ---: | ---: | --- | :-: |",
    ...results.rows.map((r) => `| ${r.metric} | ${cell(r.value)} ${r.unit} | ${r.floor === null ? "—" : `${cell(r.floor)} ${r.unit}`} | ${r.ratio === null ? "—" : `${r.ratio}x`} | ${r.target} | ${r.met ? "yes" : "**no**"} |`),
  ];
  return lines.join("\n");
}

export const README_BEGIN = "<!-- bench:results:begin -->";
export const README_END = "<!-- bench:results:end -->";

/** The README with the section between the markers replaced by the table and its provenance. */
export function withResultsInReadme(readme: string, results: Results): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${README_BEGIN} … ${README_END} section`);
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${renderSection(results)}\n${readme.slice(end)}`;
}

export function renderSection(results: Results): string {
  const m = results.machine;
  const s = results.store;
  return [
    `Measured ${results.date} at scale ${results.scale} (${s.contacts.toLocaleString("en-US")} contacts, ${s.orders.toLocaleString("en-US")} orders, ${s.orderLines.toLocaleString("en-US")} lines, ${s.events.toLocaleString("en-US")} events, ${s.segments} live segments; store generated in ${s.generateSeconds} s) on ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, SQLite ${m.sqlite}. Source: \`bench/results.json\`.`,
    "",
    renderTable(results),
  ].join("\n");
}
