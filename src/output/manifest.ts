import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { writeAtomically } from './files.js';

export interface ManifestRow {
  number: number;
  recipient: string;
  position: string;
  country: string;
  file: string;
  pages: number;
}

const COLUMNS = ['number', 'recipient', 'position', 'country', 'file', 'pages'] as const;

/**
 * `manifest.csv`: one row per letter in the folder, so a coordinator knows what is there. With a
 * BOM, so Excel on Windows shows Cyrillic and accents.
 */
export async function writeManifest(file: string, rows: ManifestRow[]): Promise<void> {
  const csv = `\uFEFF${stringify(rows, { header: true, columns: [...COLUMNS] })}`;
  await writeAtomically(file, (tmp) => writeFile(tmp, csv));
}

/** The manifest an earlier run left, or none; a file that is not ours reads as none. */
export function readManifest(file: string): ManifestRow[] {
  if (!existsSync(file)) return [];
  try {
    const records = parse(readFileSync(file, 'utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
    return records
      .filter((r) => /^\d+$/.test(r.number ?? '') && r.file && path.basename(r.file) === r.file)
      .map((r) => ({
        number: Number(r.number),
        recipient: r.recipient ?? '',
        position: r.position ?? '',
        country: r.country ?? '',
        file: r.file!,
        pages: Number(r.pages) || 0,
      }));
  } catch {
    return [];
  }
}
