#!/usr/bin/env node
// The entry point. `letters --help` and `letters <command> --help` print the help stored at build
// time (help.ts writes it with the full command line), so asking for help does not wait for yargs
// to load; everything else runs the full command line, from the bundle the build makes.
import { readFileSync } from 'node:fs';

// Output piped into a program that stops reading (`letters preview ... | head`) ends the run
// quietly, as in other command-line tools, instead of with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}

const args = process.argv.slice(2);
const help = storedHelp(args);
if (help !== undefined) process.stdout.write(help);
else {
  // The command line is in the bundle, compiled from its code cache (load.ts).
  const { loadBundle } = await import('./load.js');
  await (await loadBundle().commandLine()).run(args);
}

/** The stored help for these arguments, when they ask for help only and it was made for this width. */
function storedHelp(argv: string[]): string | undefined {
  if (process.env.LETTERS_STORED_HELP === '0') return undefined;
  if ((process.stdout.columns || 100) < 100) return undefined; // stored for 100 columns
  const asks = argv.length > 0 && argv.every((a) => a === '--help' || a === '-h' || !a.startsWith('-'));
  const words = argv.filter((a) => !a.startsWith('-'));
  if (!asks || words.length > 1 || words.length === argv.length) return undefined;
  try {
    const stored = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as Record<string, string>;
    const command = words[0] ?? '';
    return Object.hasOwn(stored, command) ? stored[command] : undefined;
  } catch {
    return undefined; // not built: the full command line says it
  }
}
