// One measured run in its own process, so peak memory (maxRSS) belongs to this run alone.
// Usage: node bench/run-one.mjs <files|bundle|print|outbox|outbox-pdf|smtp|smtp-pdf> <dir>
import path from 'node:path';

const [mode, dir] = process.argv.slice(2);
const casePath = path.join(dir, 'case.yaml');
const started = performance.now();
// The command line's code: the bundle, loaded as `letters` loads it (src/load.ts).
const { loadBundle } = await import('../dist/load.js');
const lib = loadBundle();
let letters;
if (mode === 'outbox' || mode === 'outbox-pdf' || mode === 'smtp' || mode === 'smtp-pdf') {
  const { emailCampaign } = await lib.emailModule();
  const result = await emailCampaign({
    casePath,
    outDir: path.join(dir, 'out'),
    date: '2026-11-28',
    signer: path.join(dir, 'signer.yaml'),
    attachPdf: mode.endsWith('-pdf'),
    ...(mode.startsWith('outbox') ? {} : { smtp: process.env.BENCH_SMTP_URL, send: true }),
  });
  letters = result.sent ? result.sent.sent : result.messages;
} else if (mode === 'print') {
  const { printCampaign } = await lib.printModule();
  const result = await printCampaign({ casePath, outDir: path.join(dir, 'out'), date: '2026-11-28' });
  letters = result.letters;
} else if (mode === 'files') {
  const { renderCampaign } = await lib.renderModule();
  const result = await renderCampaign({ casePath, outDir: path.join(dir, 'out'), date: '2026-11-28' });
  letters = result.letters;
} else {
  // One bundle, as `letters render --bundle` writes it, without the separate files.
  const { renderCampaign } = await lib.renderModule();
  const result = await renderCampaign({ casePath, outDir: path.join(dir, 'out'), date: '2026-11-28', bundle: true, bundleOnly: true });
  letters = result.letters;
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ letters, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
