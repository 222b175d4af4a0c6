import { writeFile } from 'node:fs/promises';
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

/** `manifest.csv`: one row per letter made, so a coordinator knows what is in the folder. */
export async function writeManifest(file: string, rows: ManifestRow[]): Promise<void> {
  const csv = stringify(rows, { header: true, columns: ['number', 'recipient', 'position', 'country', 'file', 'pages'] });
  await writeAtomically(file, (tmp) => writeFile(tmp, csv));
}
