// Run by `npm run build`: stores what `letters --help` and `letters <command> --help` print, so
// that cli.ts can answer them without loading the command line (see docs/decisions.md).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS as ALL_COMMANDS } from './commands.js';

const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
const COMMANDS = ['', ...ALL_COMMANDS]; // '' for `letters --help`
const stored: Record<string, string> = {};
for (const command of COMMANDS) {
  // Through a pipe, as the stored help is printed: yargs lays it out for 100 columns.
  stored[command] = execFileSync(process.execPath, [cli, ...(command ? [command] : []), '--help'], {
    encoding: 'utf8',
    env: { ...process.env, LETTERS_STORED_HELP: '0' },
  });
}
writeFileSync(fileURLToPath(new URL('./help.json', import.meta.url)), JSON.stringify(stored));
