import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createTestDb } from "../helpers/test-db";

const doc = readFileSync(new URL("../../db/DATA-MODEL.md", import.meta.url), "utf8");

describe("db/DATA-MODEL.md", () => {
  const db = createTestDb();
  const references = [...new Set([...doc.matchAll(/`([a-z_]+)\.([a-zA-Z_]+)`/g)].map((m) => `${m[1]}.${m[2]}`))];

  it("names the columns of every family of the condition catalogue", () => {
    for (const family of ["Properties", "Membership status", "Email channel", "SMS channel", "Consumer behaviour",
      "Active behaviour", "Customer lifecycle", "App events", "Others", "Subscriptions"]) {
      expect(doc).toMatch(new RegExp(`^\\| ${family} \\|`, "m"));
    }
    expect(references.length).toBeGreaterThan(80);
  });

  it("names only columns that exist after migrating a fresh database", () => {
    const missing = references.filter((ref) => {
      const [table, column] = ref.split(".");
      const columns = db.$client.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all() as { name: string }[];
      return !columns.some((c) => c.name === column);
    });
    expect(missing).toEqual([]);
  });
});
