import { isSafeNumber, parse } from "lossless-json";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePayload } from "../../app/platforms/json";

/** The parser webhook payloads used to go through: lossless-json, unsafe numbers kept as text. */
const lossless = (raw: string) => parse(raw, null, (value: string) => (isSafeNumber(value) ? Number(value) : value));

const FIXTURES = join(__dirname, "../fixtures/webhooks");
const fixtures = (readdirSync(FIXTURES, { recursive: true }) as string[]).filter((f) => f.endsWith(".json")).map((f) => join(FIXTURES, f));

describe("parsePayload (native JSON.parse with unsafe numbers quoted first)", () => {
  it("reads every published webhook payload exactly as lossless-json reads it", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    for (const file of fixtures) {
      const raw = readFileSync(file, "utf8");
      expect(parsePayload(raw), file).toStrictEqual(lossless(raw));
    }
  });

  it("keeps every number a JavaScript number cannot hold as its text, and only those", () => {
    const raw = `{"id":706405506930370084,"text":"706405506930370084 \\" 12345678901234567890","max":9007199254740991,"over":9007199254740993,
      "neg":-9007199254740993,"big":1.5e999,"tiny":1e-400,"float":0.30000000000000004,"long":1234567.123456789,"price":2.50,"exp":1e2,
      "zero":-0,"list":[12345678901234567890,3.25,"x"],"nested":{"ids":[100000000000000001,100000000000000002]},
      "path\\\\":123456789012345678,"date":"2026-11-28T12:00:00.123456789012345678Z","hex":"5e100"}`;
    const parsed = parsePayload(raw) as Record<string, unknown>;
    expect(parsed).toStrictEqual(lossless(raw));
    expect(parsed).toMatchObject({ id: "706405506930370084", text: '706405506930370084 " 12345678901234567890', max: 9007199254740991, over: "9007199254740993", price: 2.5, exp: 100 });
    expect(parsed["path\\"]).toBe("123456789012345678");
  });

  it("refuses what is not JSON, quoted digits or not", () => {
    for (const bad of ['{"a":0123}', '{"a":01234567890123456789}', '{"a":1 2}', "[1,]", '{"a":--12345678901234567890}', "", '{"a":12345678901234567890']) {
      expect(() => parsePayload(bad), bad).toThrow();
      expect(() => lossless(bad), bad).toThrow();
    }
  });
});
