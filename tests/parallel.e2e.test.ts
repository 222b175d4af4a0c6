import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, listFiles, makeCampaign, runCli } from './helpers/cli.js';
import { misplacedObjects, readPdf } from './helpers/pdf.js';

// Names in several scripts, a long paragraph for some rows (two-page letters), a date per row.
const NAMES = ['Zoë Müller', 'Шавкат Мирзиёев', "O'Brien & Sons", 'Oʻtkir Gʻulomov', 'Ηλίας Παπαδόπουλος', 'Ñúñez Peña'];
const rows = (n: number) =>
  [
    'name,position,salutation,address_1,city,postcode,country,appointed,long',
    ...Array.from({ length: n }, (_, i) =>
      [`"${NAMES[i % NAMES.length]} ${i}"`, `Official ${i}`, 'Dear Minister', `${i + 1} Main Street`, 'Tashkent', String(700000 + i), 'Uzbekistan', `20${String(i % 20).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 9}`, i % 7 === 0 ? 'yes' : ''].join(','),
    ),
  ].join('\n');
const TEMPLATE = `---
subject: Concerning {{case.name}}
---
{{#vary}}I write about{{or}}I am writing to you about{{/vary}} **{{case.name}}**, to {{recipient.name}}, appointed on {{date recipient.appointed "long"}}.

{{#if recipient.long}}${'He has been held without trial for many years, and his family has not been allowed to see him. '.repeat(30)}{{/if}}

{{case.ask}}
`;

describe('letters in worker threads', () => {
  it('are the same letters, pages and order as in one thread, as files and as a bundle', async () => {
    // 12 batches of 25 for one worker, which takes 4 at a time: the main thread makes the others
    // while the worker starts (the default on two cores).
    const csv = rows(300);
    const serial = makeCampaign({ csv, template: TEMPLATE });
    const parallel = makeCampaign({ csv, template: TEMPLATE });
    const args = ['render', 'case.yaml', '--bundle', '--date', '2026-11-28'];
    const a = runCli(args, serial, { LETTERS_WORKERS: '0' });
    const b = runCli(args, parallel, { LETTERS_WORKERS: '1' });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const folder = (dir: string) => path.join(dir, 'out/test-case');
    expect(listFiles(folder(parallel))).toEqual(listFiles(folder(serial)));
    expect(readFileSync(path.join(folder(parallel), 'manifest.csv'), 'utf8')).toBe(readFileSync(path.join(folder(serial), 'manifest.csv'), 'utf8'));
    const text = async (file: string) => (await readPdf(file)).map((p) => p.text);
    const [bundleA, bundleB] = await Promise.all([text(path.join(folder(serial), 'bundle.pdf')), text(path.join(folder(parallel), 'bundle.pdf'))]);
    expect(bundleB).toEqual(bundleA);
    // Every object where the cross-reference table says (pdfkit's writes are joined in chunks).
    for (const dir of [serial, parallel]) {
      expect(misplacedObjects(path.join(folder(dir), 'bundle.pdf'))).toEqual([]);
      expect(misplacedObjects(path.join(folder(dir), listFiles(folder(dir)).find((f) => /^\d{3}-/.test(f))!))).toEqual([]);
    }
    expect(bundleA.filter((t) => t.includes('He has been held without trial')).length).toBeGreaterThan(7); // some letters run to two pages
    for (const f of listFiles(folder(serial)).filter((f) => /^\d{3}-/.test(f)).filter((_, i) => i % 10 === 0)) {
      expect(await text(path.join(folder(parallel), f))).toEqual(await text(path.join(folder(serial), f)));
    }
    // A bundle made alone draws the lines that repeat from forms, which each thread makes of its
    // own: the same words in the same places as the bundle above, which has none.
    // (The spaces pdfjs puts between runs of a line depend on how they are drawn: words only.)
    const placed = async (file: string) => (await readPdf(file)).map((p) => p.items.filter((i) => i.str.trim()).map((i) => `${i.str} ${i.x.toFixed(2)} ${i.y.toFixed(2)}`));
    const inline = await placed(path.join(folder(serial), 'bundle.pdf'));
    expect(readFileSync(path.join(folder(serial), 'bundle.pdf'), 'latin1')).not.toContain('/Subtype /Form');
    for (const [dir, workers] of [[serial, '0'], [parallel, '1']] as const) {
      expect(runCli(['render', 'case.yaml', '--bundle-only', '--date', '2026-11-28'], dir, { LETTERS_WORKERS: workers }).code).toBe(0);
      const bundle = path.join(folder(dir), 'bundle.pdf');
      expect(readFileSync(bundle, 'latin1')).toContain('/Subtype /Form');
      expect(await placed(bundle)).toEqual(inline);
      expect(misplacedObjects(bundle)).toEqual([]);
    }
  });

  it('find a bad last row before writing any letter', () => {
    const csv = rows(48).replace(/\n([^\n]*)$/, (_, last: string) => `\n${last.replace('Main Street', 'Main Street 漢')}`);
    const dir = makeCampaign({ csv, template: TEMPLATE });
    const r = runCli(['render', 'case.yaml', '--bundle'], dir, { LETTERS_WORKERS: '2' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:49: the font cannot print U+6F22 "漢"');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);

    // Over an earlier run's letters: the folder stays exactly as it was, no temporary file left.
    writeFileSync(path.join(dir, 'officials.csv'), rows(48));
    expect(runCli(['render', 'case.yaml', '--bundle'], dir, { LETTERS_WORKERS: '2' }).code).toBe(0);
    const out = path.join(dir, 'out/test-case');
    const before = listFiles(out).map((f) => [f, readFileSync(path.join(out, f)).length]);
    writeFileSync(path.join(dir, 'officials.csv'), csv);
    expect(runCli(['render', 'case.yaml', '--bundle'], dir, { LETTERS_WORKERS: '2' }).code).toBe(2);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(listFiles(out).map((f) => [f, readFileSync(path.join(out, f)).length])).toEqual(before);

    // A problem found only while the letters are made (text pushed off the page), when several
    // batches are already written under temporary names: all of them go, the folder stays.
    const late = runCli(['render', 'case.yaml', '--bundle', '--offset-x', '-30'], dir, { LETTERS_WORKERS: '2' });
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('off the edge of the page');
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(listFiles(out).map((f) => [f, readFileSync(path.join(out, f)).length])).toEqual(before);
  });

  it('find a CSV syntax error in the last of 2,500 rows (a later piece of the file) before writing any letter', () => {
    const csv = `${rows(2500)}
"Last Official,Nowhere`;
    const dir = makeCampaign({ csv, template: TEMPLATE });
    const r = runCli(['render', 'case.yaml', '--bundle'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('officials.csv:2502: CSV syntax error: a quoted value is never closed');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    // Said with the other problems found before it, not alone.
    writeFileSync(path.join(dir, 'letter.hbs'), `${TEMPLATE}\n{{case.lawyer}}\n`);
    const both = runCli(['render', 'case.yaml'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('officials.csv:2502: CSV syntax error');
    expect(both.stderr).toContain('the template uses case.lawyer, but the case file has no value for "lawyer"');
  });
});

describe('Ctrl-C', () => {
  // With a worker thread (it must stop before the unfinished files are removed, or it writes more)
  // and without (this thread must hear the signal between letters, not at the end).
  it.each(['1', '0'])('stops render at once and leaves no unfinished file (LETTERS_WORKERS=%s)', async (workers) => {
    const dir = makeCampaign({ csv: rows(1500), template: TEMPLATE });
    const folder = path.join(dir, 'out/test-case');
    const child = spawn(process.execPath, [CLI, 'render', 'case.yaml', '--bundle', '--date', '2026-11-28'], { cwd: dir, env: { ...process.env, LETTERS_WORKERS: workers } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const temporary = () => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.tmp')) : []);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (temporary().length >= 20) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 5);
    });
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(130);
    expect(stderr).toBe('\nletters: stopping (Ctrl-C again to stop at once)…\nletters: stopped; nothing half-written was left\n');
    expect(existsSync(path.join(dir, 'out'))).toBe(false); // a first run leaves no empty folder either
  });

  it('stops print while it writes, leaving no file and no empty folder of a first run', async () => {
    const dir = makeCampaign({ csv: rows(3000), template: TEMPLATE });
    const folder = path.join(dir, 'out/test-case/print');
    const child = spawn(process.execPath, [CLI, 'print', 'case.yaml', '--date', '2026-11-28'], { cwd: dir, env: { ...process.env, LETTERS_WORKERS: '0' } });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(folder) && readdirSync(folder).some((f) => f.endsWith('.tmp'))) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 5);
    });
    expect(await new Promise((r) => child.on('close', r))).toBe(130);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('is heard while print checks the rows (its first pass lays every letter out)', async () => {
    // The last row is bad: a pass that ran to its end would say so before it heard the key.
    const csv = rows(20_000).replace(/\n([^\n]*)$/, (_, last: string) => `\n${last.replace('Main Street', 'Main Street 漢')}`);
    const dir = makeCampaign({ csv, template: TEMPLATE });
    const child = spawn(process.execPath, [CLI, 'print', 'case.yaml', '--date', '2026-11-28'], { cwd: dir, env: { ...process.env, LETTERS_WORKERS: '0' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((r) => setTimeout(r, 1500)); // started, and seconds from the end of its first pass
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(130);
    expect(stderr).toContain('letters: stopped; nothing half-written was left');
    expect(stderr).not.toContain('漢'); // stopped before the first pass reached the last row
    expect(existsSync(path.join(dir, 'out/test-case/print'))).toBe(false);
  });

  it('is heard while check lays every letter out', async () => {
    // The last row has a character the font lacks, found only by laying its letter out: a check
    // that ran to its end would name it.
    const csv = rows(20_000).replace(/\n([^\n]*)$/, (_, last: string) => `\n${last.replace('Main Street', 'Main Street 漢')}`);
    const dir = makeCampaign({ csv, template: TEMPLATE });
    const child = spawn(process.execPath, [CLI, 'check', 'case.yaml', '--date', '2026-11-28'], { cwd: dir });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise((r) => child.on('close', r)); // (a check that ended first fails below, not by a time-out)
    await new Promise((r) => setTimeout(r, 2500)); // the rows read, and seconds from the last one laid out
    child.kill('SIGINT');
    const code = await closed;
    expect(code).toBe(130);
    expect(out).toContain('letters: stopped');
    expect(out).not.toContain('漢');
  });
});
