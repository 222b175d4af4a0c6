// The build's warm-up (see bundle.mjs): the sample campaign made by each command that makes
// letters, one after the other in this one process, so that the bundle's code cache, written when
// the process ends, holds the code all of them run: rendering with a bundle, printing, e-mail with
// each letter's PDF attached.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const [out] = process.argv.slice(2);
const { loadBundle } = await import('../dist/load.js');
const cli = await loadBundle().commandLine();
const signer = path.join(out, 'signer.yaml');
writeFileSync(signer, 'name: Anna Smith\naddress: 12 Chapel Street\ncity: Oxford\npostcode: OX1 1AA\ncountry: United Kingdom\nemail: anna@example.org\n');
const sample = ['cases/yusuf-dzhumaev.yaml', '--out', out, '--date', '2026-01-01'];
for (const command of [['render', ...sample, '--bundle'], ['print', ...sample], ['email', ...sample, '--signer', signer, '--attach-pdf']]) {
  await cli.run(command);
  if (process.exitCode) throw new Error(`the warm-up's ${command[0]} failed`);
}
