/**
 * `node --import tsx bench/render.ts <measurements-1.json> [<hand-written.json>]`: rebuilds the
 * result rows of the last full-scale run from its measurements (after a change to how a target is
 * judged, without measuring again) and rewrites bench/results.json and the README table. A second
 * file (`bench/hand-written/cli.ts --json` on the same store) replaces the suggested-segment
 * comparison, e.g. after a fix to the comparison itself.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { buildRows, type Measured } from "./rows";
import { renderTable, withResultsInReadme, type Results } from "./results";

const file = process.argv[2];
if (!file) throw new Error("usage: node --import tsx bench/render.ts <folder>/measurements-1.json");
const measured = JSON.parse(readFileSync(file, "utf8")) as Measured;
if (process.argv[3]) measured.handWritten = (JSON.parse(readFileSync(process.argv[3], "utf8")) as { rows: Measured["handWritten"] }).rows;
if (measured.scale !== 1) throw new Error(`${file} is from a scale ${measured.scale} run; bench/results.json holds the scale 1 run`);
const previous = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
const results: Results = { ...previous, rows: buildRows(measured) };
writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
writeFileSync("README.md", withResultsInReadme(readFileSync("README.md", "utf8"), results));
console.log(renderTable(results));
