import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README_BEGIN, README_END, renderSection, withResultsInReadme, type Results } from "../../bench/results";

const readme = readFileSync("README.md", "utf8");

describe("the README's benchmark table", () => {
  it("is exactly the table rendered from bench/results.json (the latest full-scale run)", () => {
    expect(existsSync("bench/results.json")).toBe(true);
    const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
    const section = readme.slice(readme.indexOf(README_BEGIN) + README_BEGIN.length, readme.indexOf(README_END)).trim();
    expect(section).toBe(renderSection(results).trim());
  });

  it("has one row per metric with its value, floor, ratio, target and whether it was met", () => {
    const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
    expect(results.scale).toBe(1);
    expect(results.rows.length).toBeGreaterThan(20);
    for (const row of results.rows) {
      expect(Object.keys(row).sort()).toEqual(["floor", "met", "metric", "ratio", "target", "unit", "value"]);
      expect(Number.isFinite(row.value)).toBe(true);
      if (row.floor !== null && row.ratio !== null) expect(row.ratio).toBeGreaterThan(0);
    }
    expect(new Set(results.rows.map((r) => r.metric)).size).toBe(results.rows.length);
  });

  it("a README without the markers is refused with a message naming them", () => {
    const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
    expect(() => withResultsInReadme("# no table here", results)).toThrow(README_BEGIN);
  });
});
