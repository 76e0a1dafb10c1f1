import { describe, expect, it } from "vitest";
import { currencyExponent, formatMoney, toMinorUnits } from "../../app/money/money";

describe("money in minor units", () => {
  it("knows each currency's minor unit", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
  });

  it("converts platform decimal strings exactly, without float drift", () => {
    expect(toMinorUnits("199.00", "USD")).toBe(19900);
    expect(toMinorUnits("0.29", "USD")).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(toMinorUnits("1234.5", "USD")).toBe(123450);
    expect(toMinorUnits("598", "JPY")).toBe(598);
    expect(toMinorUnits("1.2345", "KWD")).toBe(1235);
    expect(toMinorUnits("-5.10", "EUR")).toBe(-510);
    expect(toMinorUnits(12.3, "USD")).toBe(1230);
  });

  it("rejects what is not an amount", () => {
    expect(() => toMinorUnits("12,30", "EUR")).toThrow(/not a decimal amount: "12,30"/);
    expect(() => toMinorUnits("", "USD")).toThrow(/not a decimal amount/);
  });

  it("formats for display", () => {
    expect(formatMoney(123456, "USD")).toBe("$1,234.56");
    expect(formatMoney(598, "JPY")).toBe("¥598");
  });
});
