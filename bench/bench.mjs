// npm run bench: letters per second and peak memory, printed as a table. Not a test: figures vary
// by machine; the README records what they were on ours.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCampaign } from './generate.mjs';
import { hasPdflatex, pdflatexSeconds } from './latex.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').filter(Boolean).map(Number);
const rows = [];
/**
 * The runs' folders, removed when the bench ends: removing 100,000 files slows the disk for a
 * while after (the file system discards their blocks), and the next run would pay for it.
 */
const made = [];
process.on('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
/** One measured run in a child process (its own peak memory), on a generated campaign of n letters. */
function run(mode, n, env = {}) {
  return new Promise((resolve, reject) => {
    const dir = generateCampaign(mkdtempSync(path.join(tmpdir(), 'letters-bench-')), n);
    made.push(dir);
    // Asynchronous: the loopback SMTP server below runs in this process and must keep answering.
    execFile(process.execPath, [path.join(here, 'run-one.mjs'), mode, dir], { encoding: 'utf8', env: { ...process.env, ...env } }, (err, out) => {
      process.stderr.write('.');
      if (err) reject(err);
      else resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}
const OUTPUTS = { files: 'one PDF per letter', bundle: 'one bundle PDF (render --bundle-only)', print: 'print: letters + envelopes + labels' };
// pdflatex typesetting the same letters into one PDF, when it is installed (texlive-latex-base).
const latex = hasPdflatex();
const notes = latex ? [] : ['pdflatex is not installed (Debian: texlive-latex-base): no comparison column'];
for (const n of sizes) {
  for (const mode of (process.env.BENCH_MODES ?? Object.keys(OUTPUTS).join(',')).split(',')) {
    const r = await run(mode, n);
    const row = { letters: n, output: OUTPUTS[mode], seconds: r.seconds, perSecond: r.letters / r.seconds, peakMB: r.maxRssMB };
    if (mode === 'bundle' && latex && n <= 10000) row.vsLatex = row.perSecond / (n / pdflatexSeconds(n));
    rows.push(row);
  }
}

// E-mail: to the outbox, and over SMTP to a real server on loopback (its own cost included).
if (process.env.BENCH_EMAIL !== '0') {
  const { SMTPServer } = await import('smtp-server');
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData(stream, _s, cb) { stream.on('end', () => cb()); stream.resume(); } });
  server.on('error', () => undefined);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `smtp://127.0.0.1:${server.server.address().port}`;
  const n = Number(process.env.BENCH_EMAILS ?? 2000);
  for (const [mode, label] of [['outbox', 'e-mail: .eml to the outbox'], ['outbox-pdf', 'e-mail: outbox, PDF attached'], ['smtp', 'e-mail: SMTP on loopback'], ['smtp-pdf', 'e-mail: SMTP, PDF attached']]) {
    const r = await run(mode, n, { BENCH_SMTP_URL: url });
    rows.push({ letters: n, output: label, seconds: r.seconds, perSecond: r.letters / r.seconds, peakMB: r.maxRssMB });
  }
  server.close();
}
// Start-up: `letters --help` against `node -e 0`, the best of ten runs each.
const startup = [];
if (process.env.BENCH_STARTUP !== '0') {
  const { execFileSync } = await import('node:child_process');
  const best = (args) => {
    let min = Infinity;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      execFileSync(process.execPath, args, { stdio: 'ignore' });
      min = Math.min(min, performance.now() - t);
    }
    return min;
  };
  const node = best(['-e', '0']);
  const help = best([path.join(here, '..', 'dist', 'cli.js'), '--help']);
  startup.push(`letters --help: ${help.toFixed(0)} ms; node -e 0: ${node.toFixed(0)} ms (${(help / node).toFixed(2)}×)`);
}
process.stderr.write('\n');
const header = ['letters', 'output', 'seconds', 'letters/s', 'peak RSS (MB)', ...(latex ? ['× pdflatex'] : [])];
const body = rows.map((r) => [String(r.letters), r.output, r.seconds.toFixed(2), r.perSecond.toFixed(0), r.peakMB.toFixed(0), ...(latex ? [r.vsLatex ? `${r.vsLatex.toFixed(2)}×` : ''] : [])]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const b of body) console.log(line(b));
for (const n of notes) console.log(`(${n})`);
for (const s of startup) console.log(s);
