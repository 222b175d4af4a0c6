import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes a template (and its partials) into a fresh folder; returns the template's path. */
export function writeTemplate(text: string, partials: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-tpl-'));
  if (Object.keys(partials).length) {
    mkdirSync(path.join(dir, 'partials'));
    for (const [n, t] of Object.entries(partials)) writeFileSync(path.join(dir, 'partials', `${n}.hbs`), t);
  }
  const file = path.join(dir, 'letter.hbs');
  writeFileSync(file, text);
  return file;
}
