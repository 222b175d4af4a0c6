import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/**
 * A CSV written a batch of rows at a time as a run goes, never held whole. With a BOM, so Excel
 * on Windows shows Cyrillic and accents.
 */
export class CsvWriter<T extends object> {
  private fd: number | undefined;

  constructor(
    readonly file: string,
    /** Each column: a property of the rows, or a property and its header. */
    private readonly columns: readonly (string | { key: string; header: string })[],
  ) {
    this.fd = openSync(file, 'w');
    writeSync(this.fd, `\uFEFF${stringify([], { header: true, columns: [...columns] })}`);
  }

  add(rows: T[]): void {
    if (rows.length === 0) return;
    writeSync(this.fd!, stringify(rows, { columns: [...this.columns] }));
  }

  /** Safe to call twice. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
