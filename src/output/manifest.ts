import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { openRecipients } from '../campaign/recipients.js';
import { CsvWriter, fromSheet } from './csvfile.js';

export interface ManifestRow {
  number: number;
  recipient: string;
  position: string;
  country: string;
  file: string;
  pages: number;
  /**
   * What the letter was made from besides its date (see render.ts `letterSource`): a later
   * --where run can tell a letter it keeps was made from other data than its row has now.
   */
  madeFrom: string;
}

const COLUMNS = ['number', 'recipient', 'position', 'country', 'file', 'pages', { key: 'madeFrom', header: 'made_from' }] as const;

/**
 * `manifest.csv`: one row per letter in the folder, so a coordinator knows what is there. Written
 * a batch of rows at a time, as the letters are made: a run of 100,000 letters does not keep them.
 */
export class ManifestWriter extends CsvWriter<ManifestRow> {
  constructor(file: string) {
    super(file, COLUMNS);
  }
}

/** The rows of a manifest this run wrote (see ManifestWriter), read a piece at a time. */
export function* manifestRows(file: string): Generator<ManifestRow> {
  for (const batch of openRecipients(file, { what: 'manifest' }).batches()) for (const { values } of batch) yield manifestRow(values);
}

function manifestRow(r: Record<string, string>): ManifestRow {
  return {
    number: Number(r.number),
    recipient: fromSheet(r.recipient ?? ''),
    position: fromSheet(r.position ?? ''),
    country: fromSheet(r.country ?? ''),
    file: r.file!,
    pages: Number(r.pages) || 0,
    madeFrom: r.made_from ?? '', // none in a manifest written before the column was
  };
}

/** The manifest an earlier run left, or none; a file that is not ours reads as none. */
export function readManifest(file: string): ManifestRow[] {
  if (!existsSync(file)) return [];
  try {
    const records = parse(readFileSync(file, 'utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    return records
      .filter((r) => /^\d+$/.test(r.number ?? '') && r.file && path.basename(r.file) === r.file)
      .map(manifestRow);
  } catch {
    return [];
  }
}
