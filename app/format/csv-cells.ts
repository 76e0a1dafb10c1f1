/**
 * Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe; phone
 * numbers such as "+1 555 0100" stay as they are (a number is not a formula). For every CSV the
 * app writes from values it did not choose (segment members, rejected import rows).
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !/^\+[\d ()-]+$/.test(value) ? `'${value}` : value;
}
