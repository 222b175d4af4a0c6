// npm run bench: letters per second and peak memory, printed as a table. Not a test: figures vary
// by machine; the README records what they were on ours.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCampaign } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const rows = [];
for (const n of sizes) {
  for (const mode of ['files', 'bundle', 'print']) {
    const dir = generateCampaign(mkdtempSync(path.join(tmpdir(), 'letters-bench-')), n);
    const out = execFileSync(process.execPath, [path.join(here, 'run-one.mjs'), mode, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const r = JSON.parse(out.trim().split('\n').pop());
    rows.push({ letters: n, output: { files: 'one PDF per letter', bundle: 'one bundle PDF', print: 'print: letters + envelopes + labels' }[mode], seconds: r.seconds, perSecond: r.letters / r.seconds, peakMB: r.maxRssMB });
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write('.');
  }
}
process.stderr.write('\n');
const header = ['letters', 'output', 'seconds', 'letters/s', 'peak RSS (MB)'];
const body = rows.map((r) => [String(r.letters), r.output, r.seconds.toFixed(2), r.perSecond.toFixed(0), r.peakMB.toFixed(0)]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const b of body) console.log(line(b));
