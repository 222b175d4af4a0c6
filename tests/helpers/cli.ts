import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in `cwd`. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LETTERS_DEBUG: '', ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'letters-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A copy of the sample campaign (cases/, recipients/, letter-templates/) in a fresh folder. */
export function sampleCampaign(): string {
  const dir = tempDir();
  for (const sub of ['cases', 'recipients', 'letter-templates']) {
    cpSync(path.join(ROOT, sub), path.join(dir, sub), { recursive: true });
  }
  return dir;
}

export interface CampaignFiles {
  case?: string;
  csv?: string | Buffer;
  template?: string;
  partials?: Record<string, string>;
  signer?: string;
}

export const BASE_CASE = `id: test-case
name: Yusuf Dzhumaev
country: Uzbekistan
detained: 2001-10-23
charges: undermining the constitutional order
ask: Release him.
status: active
recipients: officials.csv
template: letter.hbs
sender:
  name: Letters Group
  address: [12 Chapel Street]
  city: Oxford
  postcode: OX1 1AA
  country: United Kingdom
`;

export const BASE_CSV = `title,first_name,last_name,position,salutation,address_1,city,postcode,country
H.E.,Islam,Karimov,President,Your Excellency,Uzbekistanskaya 43,Tashkent,700163,Uzbekistan
`;

export const BASE_TEMPLATE = `---
subject: Concerning {{case.name}}
---
I write about **{{case.name}}**, detained on {{date case.detained "long"}}.

{{case.ask}}
`;

/** Writes a small campaign into a fresh folder: case.yaml, officials.csv, letter.hbs. */
export function makeCampaign(files: CampaignFiles = {}): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'case.yaml'), files.case ?? BASE_CASE);
  writeFileSync(path.join(dir, 'officials.csv'), files.csv ?? BASE_CSV);
  writeFileSync(path.join(dir, 'letter.hbs'), files.template ?? BASE_TEMPLATE);
  if (files.partials) {
    mkdirSync(path.join(dir, 'partials'));
    for (const [name, text] of Object.entries(files.partials)) writeFileSync(path.join(dir, 'partials', `${name}.hbs`), text);
  }
  if (files.signer) writeFileSync(path.join(dir, 'me.yaml'), files.signer);
  return dir;
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  try {
    walk(dir);
  } catch {
    return [];
  }
  return out.sort();
}

/** Runs the built CLI without blocking this process (a test's SMTP server must keep answering). */
export function runCliAsync(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, LETTERS_DEBUG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * What a run said on stderr apart from its warnings of officials abroad (the fixtures have some),
 * for tests of something else that expect nothing more. Any other warning is left in, so the test
 * sees it.
 */
export function withoutWarnings(stderr: string, expected = /: .+ is in .+, but the case is in /): string {
  const block = /^\d+ warnings? \(the (?:letters|messages) were made;[^\n]*\n((?: {2}[^\n]*\n)*)/m.exec(stderr);
  if (!block) return stderr;
  const said = block[1]!.split('\n').filter((l) => l.startsWith('  ') && !l.startsWith('    hint:') && !/^ {2}… and \d+ more$/.test(l));
  return said.every((l) => expected.test(l)) ? stderr.replace(block[0], '') : stderr;
}
