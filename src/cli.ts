#!/usr/bin/env node
// The command line: argv -> options -> library call. The only place that prints or exits.
// Heavy modules (pdfkit, fonts) load inside the command handlers, so `--help` starts fast.
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatProblem, InputError } from './errors.js';

const MAX_PROBLEMS_SHOWN = 30;

function campaignOptions<T>(y: Argv<T>) {
  return y
    .positional('case', { type: 'string', describe: 'case file (YAML or JSON)', demandOption: true })
    .option('recipients', { type: 'string', describe: "recipients CSV (default: the case file's)" })
    .option('template', { type: 'string', describe: "letter template (default: the case file's)" })
    .option('signer', { type: 'string', describe: 'YAML file of the volunteer who signs (name, address, ...)' })
    .option('paper', { choices: ['a4', 'letter'] as const, describe: 'paper size (default: the template\'s, else a4)' })
    .option('where', { type: 'string', array: true, describe: 'only rows where column=value (repeatable)' })
    .option('limit', { type: 'number', describe: 'only the first N selected rows' })
    .option('encoding', { type: 'string', default: 'utf-8', describe: 'CSV encoding: utf-8, windows-1252, latin1' })
    .option('date', { type: 'string', describe: "the letters' date, YYYY-MM-DD (default: today)" })
    .option('force', { type: 'boolean', default: false, describe: 'write letters of concern for a released case' });
}

export async function main(argv: string[]): Promise<number> {
  await yargs(argv)
    .scriptName('letters')
    .usage('$0 <command> [options]\n\nLetters of concern for prisoners of conscience: a case file, a CSV of officials and a template become PDF letters ready to sign and post.')
    .command(
      'render <case>',
      'write one PDF letter per official, and a manifest',
      (y) =>
        campaignOptions(y)
          .option('out', { type: 'string', default: 'out', describe: 'output folder; letters go to OUT/<case id>/' })
          .option('bundle', { type: 'boolean', default: false, describe: 'also write bundle.pdf with every letter, for printing' })
          .option('simplex', { type: 'boolean', default: false, describe: 'bundle for one-sided printing (no blank back pages)' })
          .strict()
          .example('$0 render cases/yusuf-dzhumaev.yaml', 'letters to every official in out/yusuf-dzhumaev/')
          .example('$0 render cases/yusuf-dzhumaev.yaml --signer me.yaml --bundle', 'signed with your name and address, plus one PDF to print')
          .example('$0 render cases/yusuf-dzhumaev.yaml --where country=Uzbekistan --limit 2', 'only some officials')
          .example('$0 render cases/yusuf-dzhumaev.yaml --paper letter --recipients my.csv', 'US Letter, another list'),
      async (args) => {
        const { renderCampaign } = await import('./render.js');
        const progress = await progressBar();
        const result = await renderCampaign({
          casePath: args.case,
          recipients: args.recipients,
          template: args.template,
          signer: args.signer,
          paper: args.paper,
          where: args.where,
          limit: args.limit,
          encoding: args.encoding,
          date: args.date,
          force: args.force,
          outDir: args.out,
          bundle: args.bundle,
          duplex: !args.simplex,
          onProgress: progress?.update,
        });
        progress?.stop();
        const n = result.letters.length;
        process.stdout.write(
          `Wrote ${n} letter${n === 1 ? '' : 's'} (${result.pages} page${result.pages === 1 ? '' : 's'}) to ${result.folder}/ in ${result.seconds.toFixed(1)} s` +
            `${result.bundle ? `; print bundle: ${result.bundle}` : ''}\n`,
        );
      },
    )
    .demandCommand(1, 'say which command to run: letters render CASE')
    .example('$0 render cases/yusuf-dzhumaev.yaml', 'one PDF letter per official in out/yusuf-dzhumaev/')
    .example('$0 render --help', 'options of the render command')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, err) => {
      // Throwing (not returning) is what stops yargs from running the command anyway.
      throw err ?? new UsageError(message);
    })
    .parseAsync();
  return 0;
}

class UsageError extends Error {}

/** A progress bar on a terminal; nothing when output goes to a file or a pipe. */
async function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ stream: process.stderr, format: 'letters [{bar}] {value}/{total}', clearOnComplete: true }, Presets.shades_classic);
  let started = false;
  return {
    update: (done: number, total: number) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`letters: ${err.message}\nRun "letters --help" for usage.\n`);
    return 2;
  }
  if (err instanceof InputError) {
    const shown = err.problems.slice(0, MAX_PROBLEMS_SHOWN);
    for (const p of shown) process.stderr.write(`${formatProblem(p)}\n`);
    const more = err.problems.length - shown.length;
    if (more > 0) process.stderr.write(`... and ${more} more problem${more === 1 ? '' : 's'}\n`);
    process.stderr.write(`Nothing was written (${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}).\n`);
    return 2;
  }
  const e = err as Error;
  process.stderr.write(`letters: unexpected error: ${e?.message ?? String(err)}\n`);
  if (process.env.LETTERS_DEBUG) process.stderr.write(`${e?.stack}\n`);
  else process.stderr.write('Run again with LETTERS_DEBUG=1 for details, and report it if it persists.\n');
  return 1;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = report(err);
  },
);
