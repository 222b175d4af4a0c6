import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify, type Options } from 'csv-stringify/sync';

/**
 * Values are data, and a spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a
 * formula: a list's "=HYPERLINK(...)" would be a live link in the coordinator's Excel. Such a value
 * is written after a "'" (as csv-stringify's escape_formulas does), and so is one that already
 * starts with "'" before such a sign, so that `fromSheet` gives back every value as it was.
 */
const FORMULA = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const SAFE: Options = { cast: { string: (value) => (FORMULA.test(value) ? `'${value}` : value) } };

/** A whole CSV file's text: a BOM, so Excel on Windows shows Cyrillic and accents, and no formulas. */
export function csvText(rows: unknown[], options: Options = {}): string {
  return `\uFEFF${stringify(rows, { ...options, ...SAFE })}`;
}

/** A value of a CSV we wrote, without the "'" that kept a spreadsheet from reading it as a formula. */
export function fromSheet(value: string): string {
  return value.startsWith("'") && FORMULA.test(value) ? value.slice(1) : value;
}

/**
 * A CSV written a batch of rows at a time as a run goes, never held whole (a BOM, no formulas:
 * see csvText).
 */
export class CsvWriter<T extends object> {
  private fd: number | undefined;

  constructor(
    readonly file: string,
    /** Each column: a property of the rows, or a property and its header. */
    private readonly columns: readonly (string | { key: string; header: string })[],
  ) {
    this.fd = openSync(file, 'w');
    writeSync(this.fd, csvText([], { header: true, columns: [...columns] }));
  }

  add(rows: T[]): void {
    if (rows.length === 0) return;
    writeSync(this.fd!, stringify(rows, { columns: [...this.columns], ...SAFE }));
  }

  /** Safe to call twice. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
