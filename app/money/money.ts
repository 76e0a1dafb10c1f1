/** Money is stored as integers in the currency's minor unit (cents, yen, fils…). */

const exponentCache = new Map<string, number>();

/** Number of decimals of a currency's minor unit (USD 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  let exp = exponentCache.get(currency);
  if (exp === undefined) {
    exp = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(currency, exp);
  }
  return exp;
}

/**
 * Converts a decimal amount as platforms send it ("12.30", "0", 12.3) to minor units, without
 * going through floating-point multiplication of the whole value.
 */
export function toMinorUnits(amount: string | number, currency: string): number {
  const text = typeof amount === "number" ? amount.toFixed(currencyExponent(currency)) : amount.trim();
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, fraction = ""] = match;
  const exp = currencyExponent(currency);
  const padded = (fraction + "0".repeat(exp)).slice(0, exp);
  const roundUp = fraction.length > exp && Number(fraction[exp]) >= 5 ? 1 : 0;
  const minor = Number(whole) * 10 ** exp + (exp > 0 ? Number(padded) : 0) + roundUp;
  return sign ? -minor : minor;
}

/** Formats minor units for display, e.g. 123456 USD → "$1,234.56". */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const exp = currencyExponent(currency);
  return new Intl.NumberFormat(locale, { style: "currency", currency }).format(minor / 10 ** exp);
}
