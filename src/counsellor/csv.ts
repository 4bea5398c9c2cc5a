/**
 * CSV for spreadsheets, safe against CSV (formula) injection: a text cell that a spreadsheet could read as
 * a formula gets a leading apostrophe, and every text cell is quoted (RFC 4180).
 */

/** One cell: numbers are written as they are; text is neutralised and quoted. */
export type CsvCell = string | number | null | undefined;

// =, +, -, @ start formulas; tab and carriage return can hide one behind a leading "blank";
// the full-width forms are folded to ASCII by some spreadsheets.
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** A text cell a spreadsheet shows as text, never evaluates. */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) || /^[\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One cell. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return csvText(value);
}

/** One record, CRLF-terminated. */
export function csvRow(cells: CsvCell[], delimiter: "," | ";" = ","): string {
  return `${cells.map(csvCell).join(delimiter)}\r\n`;
}

/** The byte-order mark that makes Excel read UTF-8. */
export const CSV_BOM = "\ufeff";
