// The command line: argv -> options -> library call. The only place that prints or sets the exit
// code. Heavy modules (pdfkit, fonts) load inside the command handlers; cli.ts loads this module
// only when the stored help will not do.
import { readFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { formatProblem, InputError, writeFailure, type Problem } from './errors.js';
import { suggest } from './suggest.js';
import { EMAIL_WORD, MARKS } from './mark-kinds.js';
import { formForWindow, parseLength } from './layout/geometry.js';
import { removeOwnTemporaries } from './output/files.js';
import { finishedAnyway, isNewsAfterStop, isStopping, stop, stopExitCode } from './stop.js';
import type { ServerAnswer } from './send/smtp.js';

/** An option of a few values, as typed in any case: `--paper Letter` is letter, `--paper us-letter` too. */
const choice = <T extends string>(values: readonly T[]) => ({ choices: values, coerce: (v: unknown) => (OTHER_NAMES[String(v).toLowerCase()] ?? String(v).toLowerCase()) as T });
// ("mark sent": status says an e-mail letter a volunteer sent was "sent"; mark records it as posted.)
const OTHER_NAMES: Record<string, string> = { 'us-letter': 'letter', 'us letter': 'letter', usletter: 'letter', '#10': 'us10', no10: 'us10', sent: 'posted' };

const MAX_PROBLEMS_SHOWN = 30;

const LABELS = ['l7160', '5160', 'l7163', '5163'] as const; // (LABEL_NAMES, without loading the layout)
/** --labels: a sheet by name, in any case ("L7160"), and "5160" as the name it is, not a number. */
const labelsOption = (describe: string) =>
  ({ type: 'string', ...choice(LABELS), requiresArg: true, describe }) as const;

function offsetOptions<T>(y: Argv<T>) {
  return y
    .option('offset-x', { type: 'string', requiresArg: true, coerce: millimetres('--offset-x'), describe: 'shift everything right by this much: mm (2, -1.5) or inches (0.1in, 1/16in); negative: left' })
    .option('offset-y', { type: 'string', requiresArg: true, coerce: millimetres('--offset-y'), describe: 'shift everything down by this much: mm or inches; negative: up' });
}

/** The offsets given as a number alone (millimetres), which on US Letter, ruled in inches, is not said. */
const unitless = new Set<string>();

/** A length in millimetres or inches (see parseLength), as millimetres. */
function millimetres(flag: string) {
  return (v: unknown): number => {
    if (Array.isArray(v)) throw new Error(`${flag} is given ${v.length} times; give it once`);
    const mm = parseLength(String(v));
    if (/^\s*[+-]?\s*[\d.,]+\s*$/.test(String(v)) && Number(String(v).replace(',', '.').replace(/\s/g, '')) !== 0) unitless.add(flag);
    if (mm === undefined || Math.abs(mm) > 50.8) throw new Error(`${flag} must be a length from -50.8 to 50.8 mm (-2 to 2 in), with "in" for inches: 2, -1.5, 0.1in or 1/16in`);
    return Math.round(mm * 1000) / 1000;
  };
}

function countFromZero(flag: string) {
  return (v: unknown): number => {
    if (Array.isArray(v)) throw new Error(`${flag} is given ${v.length} times; give it once`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`${flag} must be a whole number, 0 or more`);
    return v;
  };
}

/** A yargs coercion: one whole number of at least 1, or a usage error. */
function wholeNumber(flag: string) {
  return (v: unknown): number => {
    if (Array.isArray(v)) throw new Error(`${flag} is given ${v.length} times; give it once`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new Error(`${flag} must be a whole number of at least 1${Number.isNaN(v) ? '' : `, not ${String(v)}`}`);
    }
    return v;
  };
}

function campaignOptions<T>(y: Argv<T>) {
  return y
    .positional('case', { type: 'string', describe: 'case file (YAML or JSON)', demandOption: true })
    .option('recipients', { type: 'string', requiresArg: true, describe: "recipients CSV (default: the case file's)" })
    .option('template', { type: 'string', requiresArg: true, describe: "letter template (default: the case file's)" })
    .option('signer', { type: 'string', requiresArg: true, describe: 'YAML file of the volunteer who signs (name, address, ...)' })
    .option('paper', { ...choice(['a4', 'letter'] as const), requiresArg: true, describe: 'paper size (default: the template\'s, else a4)' })
    .option('din-form', { ...choice(['a', 'b'] as const), requiresArg: true, describe: 'A4 window position, DIN 5008 form A (27 mm) or B (45 mm, default)' })
    .option('window', { ...choice(['left', 'right'] as const), requiresArg: true, describe: "side of the A4 envelope window: left (DIN 5008, default) or right (France, Switzerland, Belgium); default: the template's \"window:\"" })
    .check(windowAndForm)
    .option('where', { type: 'string', array: true, requiresArg: true, describe: 'only rows where column=value (repeatable)' })
    .option('limit', { type: 'number', requiresArg: true, coerce: wholeNumber('--limit'), describe: 'only the first N selected rows' })
    .option('encoding', { type: 'string', requiresArg: true, describe: 'CSV encoding (default: utf-8, or for the CSV the case file names, its "encoding:"): utf-8, windows-1252 (latin1 is read as windows-1252), windows-1251 (Cyrillic), windows-1254 (Turkish), macintosh (Excel on a Mac), utf-16' })
    .option('date', { type: 'string', requiresArg: true, describe: "the letters' date, YYYY-MM-DD, or written another way that can be only one day (30.11.2026); default: today" })
    .option('force', { type: 'boolean', default: false, describe: 'write letters of concern for a released case' });
}

/** --din-form places DIN 5008's window, on the left: with --window right it says two things. */
function windowAndForm(a: { window?: string; dinForm?: string }): true {
  if (a.window === 'right' && a.dinForm) throw new Error(`--din-form ${a.dinForm} places the window on the left (DIN 5008), and --window right on the right: give one of them`);
  return true;
}

interface CampaignArgs {
  case: string;
  recipients?: string;
  template?: string;
  signer?: string;
  paper?: 'a4' | 'letter';
  dinForm?: 'a' | 'b';
  window?: 'left' | 'right';
  where?: string[];
  limit?: number;
  encoding?: string;
  date?: string;
  force: boolean;
}

function campaignArgs(a: CampaignArgs) {
  return {
    casePath: a.case,
    recipients: a.recipients,
    template: a.template,
    signer: a.signer,
    paper: a.paper,
    dinForm: formForWindow(a.window, a.dinForm),
    where: a.where,
    limit: a.limit,
    encoding: a.encoding,
    date: a.date,
    force: a.force,
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function main(argv: string[]): Promise<number> {
  // Help for a command there is not ("letters init --help"): said as the command would be, not
  // with the program's help (yargs shows it, and a user trial took it for the command's).
  // (The first word only: "--paper letter render --help" names the command after an option's value.)
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && !COMMANDS.includes(first) && argv.some((a) => a === '--help' || a === '-h')) {
    throw new UsageError(unknownCommand(first));
  }
  let exitCode = 0;
  const cli = yargs(argv)
    .scriptName('letters')
    .usage('$0 <command> [options]\n\nLetters of concern for prisoners of conscience: a case file, a CSV of officials and a template become PDF letters ready to sign and post, or e-mails.')
    .command(
      'render <case>',
      'write one PDF letter per official, and a manifest',
      (y) =>
        offsetOptions(campaignOptions(y))
          .option('out', { type: 'string', requiresArg: true, describe: 'output folder (default: out/ beside the case file, or beside its cases/ folder); letters go to OUT/<case id>/' })
          .option('bundle', { type: 'boolean', describe: 'also write bundle.pdf with every letter, for printing' })
          .option('simplex', { type: 'boolean', describe: 'bundle for one-sided printing (no blank back pages)' })
          .option('bundle-only', { type: 'boolean', describe: 'write only bundle.pdf (the fastest way to print a large campaign)' })
          .check((a) => {
            if (a.simplex && !a.bundle && !a['bundle-only']) throw new Error('--simplex only makes sense with --bundle or --bundle-only');
            return true;
          })
          .strict()
          .example('$0 render cases/yusuf-dzhumaev.yaml', 'letters to every official in out/yusuf-dzhumaev/')
          .example('$0 render cases/national.yaml --bundle-only --simplex', 'one PDF of every letter, to print one-sided')
          .example('$0 render cases/yusuf-dzhumaev.yaml --signer me.yaml --bundle', 'signed with your name and address, plus one PDF to print')
          .example('$0 render cases/yusuf-dzhumaev.yaml --where country=Uzbekistan --limit 2', 'only some officials')
          .example('$0 render cases/yusuf-dzhumaev.yaml --paper letter --recipients my.csv', 'US Letter, another list'),
      async (args) => {
        const { renderCampaign } = await import('./render.js');
        const progress = await progressBar();
        const result = await renderCampaign({
          ...campaignArgs(args),
          outDir: args.out,
          offsetX: args.offsetX,
          offsetY: args.offsetY,
          bundle: args.bundle || args.bundleOnly,
          bundleOnly: args.bundleOnly,
          duplex: !args.simplex,
          onProgress: progress?.update,
        });
        progress?.stop();
        const n = result.letters;
        const what = `${n} letter${n === 1 ? '' : 's'} (${result.pages} page${result.pages === 1 ? '' : 's'})`;
        process.stdout.write(
          args.bundleOnly
            ? `Wrote ${what} to ${result.bundle} in ${result.seconds.toFixed(1)} s\n`
            : `Wrote ${what} to ${result.folder}/ in ${result.seconds.toFixed(1)} s${result.bundle ? `; all in one PDF, in the list's order: ${result.bundle} (letters print makes letters with envelopes and labels, in postal order)` : ''}\n`,
        );
        sayWarnings(result.warnings, args.case);
        const old = result.outdated;
        if (old.length) {
          const named = old.slice(0, 3).join(', ') + (old.length > 3 ? ` and ${old.length - 3} more` : '');
          process.stderr.write(
            `note: ${old.length === 1 ? 'a letter' : `${old.length} letters`} this run left in the folder ${old.length === 1 ? 'was' : 'were'} made from an earlier version of ${old.length === 1 ? 'its row' : 'their rows'}, the template, the case or the signer (${named}): run without --where/--limit to make them again\n`,
          );
        }
        for (const pack of result.olderPacks) {
          process.stderr.write(
            pack.endsWith('.pdf')
              ? `note: ${pack} was made before the officials' list, the case, the template or the signer last changed: letters render ${args.case} --bundle (without --where/--limit) makes it again, before printing it\n`
              : `note: the print pack in ${pack}/ was made before the officials' list, the case, the template or the signer last changed: make it again (letters print ${args.case}) before printing it\n`,
          );
        }
      },
    )
    .command(
      'check <case>',
      'check everything a run would read, write nothing, and report errors and warnings',
      (y) =>
        campaignOptions(y)
          .option('channel', { ...choice(['post', 'email'] as const), default: 'post' as const, describe: 'what the letters are for: post needs addresses, email needs e-mail addresses' })
          .option('attach-pdf', { type: 'boolean', describe: 'with --channel email: the letters go as PDFs too, so check their layout and font as for post' })
          .option('volunteers', { type: 'string', requiresArg: true, describe: 'the volunteers CSV a batch would read' })
          .option('envelope', { ...choice(['dl', 'c5', 'c4', 'us10'] as const), requiresArg: true, describe: 'check that every address fits this envelope, as print will' })
          .option('labels', labelsOption('check that every address fits these labels'))
          .option('json', { type: 'boolean', default: false, describe: 'print the findings as JSON' })
          .option('strict', { type: 'boolean', default: false, describe: 'warnings fail too (exit 1)' })
          .option('out', { type: 'string', requiresArg: true, describe: 'taken, so that a render or print command can be checked as it is: check writes nothing' })
          .strict()
          .example('$0 check cases/yusuf-dzhumaev.yaml', 'errors and warnings, each with file:line and what to do')
          .example('$0 check cases/yusuf-dzhumaev.yaml --signer me.yaml --strict', 'as a signed run would read it; warnings fail')
          .example('$0 check cases/yusuf-dzhumaev.yaml --volunteers volunteers.csv --channel email', 'for a batch of e-mailed letters')
          .example('$0 check cases/yusuf-dzhumaev.yaml --json', 'the same findings for a script')
          .epilogue('Exit status: 0 no errors (warnings allowed), 1 errors found (or warnings with --strict), 2 bad usage.'),
      async (args) => {
        const { checkCampaignFiles } = await import('./check.js');
        const report = await checkCampaignFiles({ ...campaignArgs(args), channel: args.channel, attachPdf: args.attachPdf, volunteers: args.volunteers, envelope: args.envelope, labels: args.labels });
        const errors = report.findings.filter((f) => f.severity === 'error').length;
        const warnings = report.findings.length - errors;
        if (args.json) {
          process.stdout.write(
            `${JSON.stringify(
              {
                errors,
                warnings,
                rows: report.rows,
                letters: report.letters,
                findings: report.findings.map((f) => ({ severity: f.severity, code: f.code, file: f.location?.file, line: f.location?.line, message: f.message, hint: f.hint })),
              },
              null,
              2,
            )}\n`,
          );
        } else {
          for (const severity of ['error', 'warning'] as const) {
            const list = report.findings.filter((f) => f.severity === severity);
            if (list.length === 0) continue;
            process.stdout.write(`${severity === 'error' ? 'Errors' : 'Warnings'} (${list.length})\n`);
            for (const f of list) process.stdout.write(`  ${formatProblem(f).replace(/\n/g, '\n  ')}\n`);
            process.stdout.write('\n');
          }
          const verdict = errors ? 'not ready' : warnings ? 'ready, with warnings' : 'ready';
          const made = plural(report.letters, args.channel === 'email' ? 'message' : 'letter');
          process.stdout.write(
            `${args.case}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; ${plural(report.rows, 'row')} checked, ` +
              // A run with an error makes no letter at all.
              `${errors ? `${made} good, none made until the errors are fixed` : `${made} would be made`} — ${verdict}\n`,
          );
        }
        exitCode = errors > 0 || (args.strict && warnings > 0) ? 1 : 0;
      },
    )
    .command(
      'preview <case>',
      'show one letter as it will print: text on the terminal, or --pdf / --png',
      (y) =>
        campaignOptions(y)
          .option('row', { type: 'number', requiresArg: true, coerce: wholeNumber('--row'), describe: 'the CSV row to show (1 = first official, as in the file numbers)' })
          .option('pdf', { type: 'boolean', default: false, describe: 'also write the letter as PDF and print its path' })
          .option('png', { type: 'boolean', default: false, describe: 'also write page 1 as PNG (needs pdftoppm)' })
          .option('out', { type: 'string', requiresArg: true, describe: 'PDF/PNG go to OUT/<case id>/preview/' })
          .strict()
          .example('$0 preview cases/yusuf-dzhumaev.yaml', 'the first letter, as text')
          .example('$0 preview cases/yusuf-dzhumaev.yaml --row 5 --png', 'the fifth official\'s letter, as text and as a PNG image')
          .example('$0 preview cases/yusuf-dzhumaev.yaml --where last_name=Inoyatov --signer me.yaml', 'the first match, signed'),
      async (args) => {
        const { previewLetter } = await import('./preview.js');
        const r = await previewLetter({ ...campaignArgs(args), row: args.row, pdf: args.pdf, png: args.png, outDir: args.out, columns: Math.min(100, process.stdout.columns || 80) });
        // (Said before the letter: one that looks ready to post, of which render and print make none.)
        if (r.emailOnly) process.stdout.write('[This official has only an e-mail address: render and print make no letter on paper for them; letters email sends them this message.]\n\n');
        process.stdout.write(r.text);
        const l = r.laid.letter;
        const notes = [`row ${l.number} (${l.recipient.line ? `line ${l.recipient.line}` : ''}), ${plural(r.laid.pages.length, 'page')}`];
        if (r.matched > 1) notes.push(`${r.matched} rows match; showing the first`);
        process.stdout.write(`\n[${notes.join('; ')}]\n`);
        if (r.pdf) process.stdout.write(`PDF: ${r.pdf}\n`);
        if (r.png) process.stdout.write(`PNG: ${r.png}\n`);
        sayWarnings(r.warnings, args.case, 'preview');
      },
    )
    .command(
      'print <case>',
      'print-room files: letters.pdf, envelopes.pdf and labels.pdf in one order, and print-list.csv',
      (y) =>
        offsetOptions(campaignOptions(y))
          .option('envelope', { ...choice(['dl', 'c5', 'c4', 'us10', 'none'] as const), requiresArg: true, describe: 'envelope size (default: dl for A4, us10 for Letter); none: no envelopes.pdf (window envelopes)' })
          .option('labels', { type: 'string', ...choice([...LABELS, 'none'] as const), requiresArg: true, describe: 'label sheet (default: l7160 for A4, 5160 for Letter); none: no labels.pdf' })
          .option('skip', { type: 'number', requiresArg: true, coerce: countFromZero('--skip'), describe: 'labels already used on the first sheet' })
          .option('sort', { type: 'string', requiresArg: true, describe: 'sort by this column (default: country, then postcode)' })
          .option('simplex', { type: 'boolean', describe: 'one-sided printing: no blank back pages' })
          .option('airmail', { type: 'boolean', describe: 'print "PAR AVION / BY AIR MAIL" on the envelopes' })
          .option('out', { type: 'string', requiresArg: true, describe: 'files go to OUT/<case id>/print/' })
          .strict()
          .example('$0 print cases/yusuf-dzhumaev.yaml --signer me.yaml', 'A4 letters, DL envelopes, L7160 labels, duplex-safe')
          .example('$0 print cases/yusuf-dzhumaev.yaml --paper letter --envelope us10 --labels 5160 --airmail', 'for US Letter')
          .example('$0 print cases/yusuf-dzhumaev.yaml --labels l7160 --skip 5 --offset-x 1.5', 'a part-used label sheet, printer 1.5 mm off')
          .example('$0 print cases/yusuf-dzhumaev.yaml --envelope none --labels none', 'letters only, for window envelopes'),
      async (args) => {
        const { printCampaign } = await import('./print.js');
        const progress = await progressBar();
        const r = await printCampaign({
          ...campaignArgs(args),
          envelope: args.envelope,
          labels: args.labels,
          skip: args.skip,
          sort: args.sort,
          simplex: args.simplex,
          airmail: args.airmail,
          offsetX: args.offsetX,
          offsetY: args.offsetY,
          outDir: args.out,
          onProgress: progress?.update,
        });
        progress?.stop();
        process.stdout.write(
          `Printed ${plural(r.letters, 'letter')} (${plural(r.pages, 'page')}, ${plural(r.sheets, 'sheet')}${args.simplex ? '' : ' double-sided'}), ` +
            `${[r.envelope && `${r.envelope} envelopes`, r.labels && `${r.labels} labels (${plural(r.labelSheets, 'sheet')}${r.nextSkip ? `; next time --skip ${r.nextSkip}` : ''})`].filter(Boolean).join(' and ') || 'no envelopes or labels'} to ${r.folder}/ in ${r.seconds.toFixed(1)} s\n`,
        );
        if (r.replaced) {
          process.stderr.write(`note: this replaced the print pack an earlier run left in ${r.folder}/ (${plural(r.replaced, 'letter')}): if it was not printed yet, the same command without --where/--limit makes it again; --out another folder keeps both next time\n`);
        }
        sayWarnings(r.warnings, args.case);
      },
    )
    .command(
      'email <case>',
      'one message per official with an e-mail address: an outbox of .eml files, or with --smtp and --send, sent',
      (y) =>
        campaignOptions(y)
          .option('to-me', { type: 'string', requiresArg: true, describe: 'address every message to this address instead, to check them (each subject starts "[TEST for <address>]", the address it is a copy for)' })
          .option('from-group', { type: 'boolean', describe: "From: the case's sender, Reply-To: the signer" })
          .option('attach-pdf', { type: 'boolean', describe: 'attach the letter as PDF (the same layout as render)' })
          .option('smtp', { type: 'string', requiresArg: true, describe: 'SMTP server, smtp://user@host:587 (or LETTERS_SMTP_URL; password in LETTERS_SMTP_PASSWORD)' })
          .option('config', { type: 'string', requiresArg: true, describe: 'YAML file with an smtp: block (url, rate, per_day)' })
          .option('send', { type: 'boolean', describe: 'really send over --smtp (without --send: a dry run); the outbox is left as it is' })
          .option('rate', { type: 'string', requiresArg: true, describe: 'at most this many messages, e.g. 20/min' })
          .option('per-day', { type: 'number', requiresArg: true, coerce: wholeNumber('--per-day'), describe: 'at most this many messages in 24 hours' })
          .option('resend-uncertain', { type: 'boolean', describe: 'send again messages whose outcome is unknown (the run died while sending)' })
          .option('uncertain-arrived', { type: 'boolean', describe: 'record the messages whose outcome is unknown as sent: you found them in your sent mail, or they arrived' })
          .conflicts('resend-uncertain', 'uncertain-arrived')
          .option('send-held', { type: 'boolean', describe: "send messages held back because an earlier run sent this case's letter to the same official, or from the same row to the same address (a row corrected since): when it is in fact another official (choose with --where)" })
          .option('drop-held', { type: 'boolean', describe: 'record the messages held back as not to be sent: later runs do not hold or list them again' })
          .conflicts('send-held', 'drop-held')
          .option('out', { type: 'string', requiresArg: true, describe: 'the outbox is OUT/<case id>/outbox/, the ledger of what was sent OUT/<case id>/ledger.jsonl' })
          .strict()
          .example('$0 email cases/yusuf-dzhumaev.yaml --signer me.yaml', 'messages from you, to open in any mail client')
          .example('$0 email cases/yusuf-dzhumaev.yaml --signer me.yaml --to-me me@example.org --attach-pdf', 'every message to yourself first, with the PDF')
          .example('$0 email cases/yusuf-dzhumaev.yaml --signer me.yaml --smtp smtp://me@mail.example.org:587', 'a dry run: what would be sent')
          .example('$0 email cases/yusuf-dzhumaev.yaml --signer me.yaml --smtp smtp://me@mail.example.org:587 --send --rate 20/min', 'send; run it again to send what is left'),
      async (args) => {
        const { emailCampaign, stoppedSending } = await import('./email.js');
        const progress = args.send ? await progressBar() : undefined;
        const r = await emailCampaign({
          ...campaignArgs(args),
          toMe: args.toMe,
          fromGroup: args.fromGroup,
          attachPdf: args.attachPdf,
          outDir: args.out,
          smtp: args.smtp,
          config: args.config,
          send: args.send,
          rate: args.rate,
          perDay: args.perDay,
          resendUncertain: args.resendUncertain,
          uncertainArrived: args.uncertainArrived,
          sendHeld: args.sendHeld,
          dropHeld: args.dropHeld,
          retryBaseMs: process.env.LETTERS_RETRY_BASE_MS ? Number(process.env.LETTERS_RETRY_BASE_MS) : undefined,
          onProgress: progress?.update,
        });
        progress?.stop();
        if (r.fromSender) process.stderr.write(`note: the signer file has no email: the messages are from the case's sender, ${r.fromSender}\n`);
        const postal = r.skipped
          ? `; ${r.skipped} official${r.skipped === 1 ? ' has' : 's have'} no e-mail address: post ${r.skipped === 1 ? 'that letter' : 'those letters'} (letters print ${args.case} --where email= makes only ${r.skipped === 1 ? 'it' : 'them'})`
          : '';
        if (r.dryRun) {
          const server = r.dryRun.server;
          if (!sayServer(r.dryRun)) exitCode = 1;
          process.stdout.write(
            `Dry run: would send ${plural(r.dryRun.toSend, 'message')} via ${r.smtp}${server === 'answered' ? ' (the server answered)' : ''}` +
              `${r.dryRun.alreadySent ? `; ${r.dryRun.alreadySent} already sent` : ''}${r.dryRun.uncertain ? `; ${r.dryRun.uncertain} uncertain (--resend-uncertain)` : ''}` +
              `${r.dryRun.held ? `; ${r.dryRun.held} held back: their official or address had this case's letter before (--send-held, or --drop-held)` : ''}` +
              `${r.dryRun.dropped ? `; ${r.dryRun.dropped} dropped before` : ''}` +
              `${r.dryRun.overQuota ? `; ${r.dryRun.overQuota} left for later (--per-day)` : ''}` +
              `${r.dryRun.rate && r.dryRun.toSend > 1 ? `; at ${r.dryRun.rate.rate} that takes ${r.dryRun.rate.takes}${r.dryRun.rate.ms >= 60_000 ? ' (keep the computer on and the run open; if it stops, run it again to send the rest)' : ''}` : ''}` +
              `; messages in ${r.folder}/${args.toMe ? ` (test copies, all to ${args.toMe})` : ''}${postal}. Add --send to send.\n`,
          );
        } else if (r.sent) {
          const s = r.sent;
          process.stdout.write(
            `Sent ${plural(s.sent, 'message')}${args.toMe ? ` (test copies, all to ${args.toMe})` : ''} via ${r.smtp}` +
              `${s.alreadySent ? `; ${s.alreadySent} already sent before` : ''}` +
              `${s.failed.length ? `; ${s.failed.length} failed (see ${r.failedCsv})` : ''}` +
              `${s.uncertain.length ? `; ${s.uncertain.length} uncertain, not resent (an earlier run did not hear whether the server took them; look in your sent mail, then --resend-uncertain, or --uncertain-arrived)` : ''}` +
              `${s.arrived ? `; ${s.arrived} uncertain recorded as sent` : ''}` +
              `${s.unanswered.length ? `; ${s.unanswered.length} not answered by the server after it had the whole message (check whether ${s.unanswered.length === 1 ? 'it' : 'they'} arrived: not sent again without --resend-uncertain)` : ''}` +
              `${s.held.length ? `; ${s.held.length} held back (their official or address had this case's letter before)` : ''}` +
              `${s.dropped ? `; ${s.dropped} held back and dropped (recorded as not to be sent)` : ''}${s.droppedBefore ? `; ${s.droppedBefore} dropped before` : ''}` +
              `${s.overQuota ? `; ${s.overQuota} left for tomorrow (--per-day)` : ''}` +
              `${s.stopped ? `; ${s.stopped} not sent, stopped (the same command sends them)` : ''}${postal}\n`,
          );
          for (const f of s.failed) process.stderr.write(`failed: line ${f.message.line} <${f.message.to}>: ${f.answer}\n`);
          for (const f of s.unanswered) process.stderr.write(`unanswered: line ${f.message.line} <${f.message.to}>: ${f.answer}; it may have arrived\n`);
          if (s.abandoned) process.stderr.write(`${stoppedSending(s.abandoned)}\n`);
          for (const m of s.uncertain.slice(0, MAX_PROBLEMS_SHOWN)) process.stderr.write(`uncertain: line ${m.line} <${m.to}>: ${UNCERTAIN_ADVICE}\n`);
          if (s.uncertain.length > MAX_PROBLEMS_SHOWN) process.stderr.write(`... and ${s.uncertain.length - MAX_PROBLEMS_SHOWN} more uncertain\n`);
          for (const h of s.held.slice(0, MAX_PROBLEMS_SHOWN)) {
            const e = h.earlier;
            const otherSigner = e.signer !== undefined && h.message.signer !== undefined && e.signer !== h.message.signer;
            const where = `${e.official !== undefined && e.official !== h.message.official ? `${e.name ?? e.official} at ` : ''}${e.to === h.message.to ? 'this address' : `<${e.to}>`} as letter ${e.number} on ${e.at.slice(0, 10)}${otherSigner ? ` from <${e.signer!.split('|')[0]}>` : ''}`;
            const why = otherSigner ? 'another signer (or a corrected signer address) does not send it again' : 'a corrected row does not send it again';
            process.stderr.write(
              e.uncertain
                ? `held: line ${h.message.line} <${h.message.to}>: this case's letter may have gone to ${where}: the server did not answer it; ${why}: look for it in your sent mail or ask: if it did not arrive (or this is another official), run again with --send-held; if it did, with --drop-held\n`
                : `held: line ${h.message.line} <${h.message.to}>: this case's letter went to ${where}; ${why}: if that one did not reach them (a wrong address) or this is another official, run again with --send-held; if it did, with --drop-held\n`,
            );
          }
          if (s.held.length > MAX_PROBLEMS_SHOWN) process.stderr.write(`... and ${s.held.length - MAX_PROBLEMS_SHOWN} more held\n`);
          // What is not sent and needs a person (uncertain, held, failed) is not a finished run.
          if (s.failed.length || s.unanswered.length || s.abandoned || s.uncertain.length || s.held.length) exitCode = 1;
        } else {
          const copies = args.toMe ? ` (test copies, each addressed to ${args.toMe}, not to its official)` : '';
          const out = r.leftOut;
          const written = r.messages - (out ? out.sent + out.uncertain + out.dropped + out.held : 0);
          const notIn =
            out &&
            [
              out.sent && `${out.sent} sent before`,
              out.uncertain && `${out.uncertain} whose arrival is unknown`,
              out.dropped && `${out.dropped} dropped before`,
              out.held &&
                `${out.held} held back (${out.held === 1 ? 'line' : 'lines'} ${out.heldLines.join(', ')}${out.held > out.heldLines.length ? ', ...' : ''}), as their official or address had this case's letter before (--send-held puts ${out.held === 1 ? 'it' : 'them'} in)`,
            ]
              .filter(Boolean)
              .join(', ');
          process.stdout.write(
            `Wrote ${plural(written, 'message')}${copies} to ${r.folder}/ (nothing was sent)` +
              `${notIn ? `; not in it, as the ledger records them (letters status lists them): ${notIn}` : ''}${postal}\n`,
          );
        }
        sayWarnings(r.warnings, args.case, 'messages');
      },
    )
    .command(
      'batch <case>',
      "a signing packet per volunteer: who writes to whom, each letter worded differently; assignments are kept between runs",
      (y) =>
        campaignOptions(y)
          .option('volunteers', { type: 'string', requiresArg: true, demandOption: true, describe: 'volunteers CSV: name, address lines, city, postcode, country, email, language, max_letters, signature, personal_note' })
          .option('each', { type: 'boolean', describe: 'every volunteer writes to every official' })
          .option('per-volunteer', { type: 'number', requiresArg: true, coerce: wholeNumber('--per-volunteer'), describe: 'each volunteer writes to K different officials' })
          .option('per-official', { type: 'number', requiresArg: true, coerce: wholeNumber('--per-official'), describe: 'each official gets N letters from different volunteers' })
          .conflicts('each', ['per-volunteer', 'per-official'])
          .conflicts('per-volunteer', 'per-official')
          .option('envelope', { ...choice(['dl', 'c5', 'c4', 'us10'] as const), requiresArg: true, describe: 'envelopes printed in each packet (default: dl, or us10 for Letter)' })
          .option('labels', labelsOption('address labels in each packet instead of envelopes'))
          .conflicts('labels', 'envelope')
          .option('email-packets', { type: 'boolean', describe: "e-mail each volunteer their packet from the case's sender (packet.eml; sent with --smtp and --send)" })
          .option('smtp', { type: 'string', requiresArg: true, describe: 'SMTP server for --email-packets (or LETTERS_SMTP_URL)' })
          .option('send', { type: 'boolean', describe: 'really send the packets (without it: written, not sent)' })
          .option('rate', { type: 'string', requiresArg: true, describe: 'at most this many messages, e.g. 20/min' })
          .option('resend-uncertain', { type: 'boolean', describe: 'send again packets whose outcome is unknown (a run did not hear whether the server took them)' })
          .option('uncertain-arrived', { type: 'boolean', describe: 'record the packets whose outcome is unknown as sent: the volunteer has them' })
          .conflicts('resend-uncertain', 'uncertain-arrived')
          .option('simplex', { type: 'boolean', describe: 'packets for one-sided printing (no blank back pages)' })
          .option('out', { type: 'string', requiresArg: true, describe: 'packets go to OUT/<case id>/volunteers/<volunteer>/' })
          // Each letter is signed by its volunteer, and a packet holds all of theirs.
          .hide('signer')
          .hide('where')
          .hide('limit')
          .strict()
          .example('$0 batch cases/yusuf-dzhumaev.yaml --volunteers volunteers.csv --per-volunteer 3', 'three officials for each volunteer, spread evenly')
          .example('$0 batch cases/yusuf-dzhumaev.yaml --volunteers volunteers.csv --per-official 20 --labels l7160', 'twenty letters to each official, with label sheets')
          .example('$0 batch cases/yusuf-dzhumaev.yaml --volunteers volunteers.csv --each --email-packets --smtp smtp://group@mail.example.org:587 --send', 'everyone writes to everyone; packets e-mailed'),
      async (args) => {
        if (args.signer) throw new UsageError('batch: each letter is signed by its volunteer (--volunteers); --signer is for render, print and email', 'batch');
        const mode = args.each
          ? ({ kind: 'each' } as const)
          : args.perVolunteer !== undefined
            ? ({ kind: 'perVolunteer', k: args.perVolunteer } as const)
            : args.perOfficial !== undefined
              ? ({ kind: 'perOfficial', n: args.perOfficial } as const)
              : undefined;
        if (!mode) throw new UsageError('batch: say how to share the letters: --each, --per-volunteer K or --per-official N', 'batch');
        const { batchCampaign } = await import('./batch/batch.js');
        const progress = await progressBar();
        const r = await batchCampaign({
          ...campaignArgs(args),
          volunteers: args.volunteers,
          mode,
          envelope: args.envelope,
          labels: args.labels,
          duplex: !args.simplex,
          emailPackets: args.emailPackets,
          smtp: args.smtp,
          send: args.send,
          rate: args.rate,
          resendUncertain: args.resendUncertain,
          uncertainArrived: args.uncertainArrived,
          outDir: args.out,
          onProgress: progress?.update,
        });
        progress?.stop();
        const lines = [
          `${plural(r.letters, 'letter')} for ${plural(r.packets.length, 'volunteer')} (${r.added} new): ${r.post} to post, ${r.email} by e-mail; packets in ${r.folder}/, the list in ${r.assignmentsCsv}`,
        ];
        for (const off of r.officials) {
          // Each group of volunteers whose letters read alike: "Anna, Kenji and Zoë".
          const groups = off.identical.slice(0, 3).map((names) => `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
          if (off.identical.length > 3) groups.push(`${plural(off.identical.length - 3, 'more group')}`);
          const same = groups.length ? `; the same wording: ${groups.join('; ')}` : '';
          const byEmail = off.emailOnly ? ' (e-mail only: from the volunteers with an e-mail address)' : '';
          lines.push(`  ${off.official}: ${plural(off.letters, 'letter')}, ${off.versions} different${byEmail}${same}`);
        }
        const identical = r.officials.filter((off) => off.identical.length).length;
        lines.push(
          identical
            ? `${plural(identical, 'official')} would get letters that read the same: add {{#vary}} alternatives to the template`
            : 'No two letters to the same official read the same.',
        );
        for (const s of r.shortfall) lines.push(`${s.official}: ${plural(s.missing, 'letter')} short (not enough volunteers${s.emailOnly ? ' with an e-mail address' : ''} or max_letters)`);
        // Named when there are few; the whole list is in assignments.csv.
        if (r.newWork.length > 10) lines.push(`New letters for ${plural(r.newWork.length, 'volunteer')} (see ${r.assignmentsCsv})`);
        else if (r.newWork.length) lines.push(`New letters for: ${r.newWork.map((w) => `${w.volunteer} (${w.letters})`).join(', ')}`);
        for (const d of r.dropped) {
          const holders =
            (d.holders?.length ? `; given to ${someNames(d.holders)}: tell them not to post it if it is not to go` : '') +
            (d.drafts?.length ? `; an e-mail for ${someNames(d.drafts)} to send: tell them not to send it if it is not to go` : '');
          const posted = d.posted?.length ? `; posted already by ${someNames(d.posted)} (marks.csv)` : '';
          const sent = d.sent ? `; ${d.sent === d.letters ? (d.letters === 1 ? 'it was' : 'all were') : `${d.sent} ${d.sent === 1 ? 'was' : 'were'}`} posted (marks.csv): ${d.sent === 1 ? 'it' : 'they'} reached ${d.sent === 1 ? 'its official' : 'their officials'}, and no one is dealt ${d.sent === 1 ? 'it' : 'them'} again` : '';
          const out = d.wentOut ? `; ${d.wentOut === d.letters ? (d.letters === 1 ? 'it' : 'all') : `${d.wentOut}${d.sent ? ' more' : ''}`} had gone out to them` : '';
          const what = d.maybe?.by === 'address' ? 'their recorded address' : 'a name close to theirs';
          const renamed = d.maybe
            ? `; ${someNames(d.maybe.names)}, new in the list, ${d.maybe.names.length === 1 ? `has ${what}: if that is` : `have ${what}: if one of them is`} ${d.who} renamed, write the name as it was in the volunteers CSV (else the letters they hold and their new ones may go to the same officials)`
            : '';
          // (An official listed in the same position whose name may be theirs in other letters: not dealt to their volunteers.)
          const perhaps = d.perhaps?.length
            ? `; ${someNames(d.perhaps)}, in the same position, may be ${d.perhaps.length === 1 ? 'them' : 'one of them'}, the name written in other letters: the volunteers who had these letters are dealt no letters to ${d.perhaps.length === 1 ? d.perhaps[0] : 'them'} (no one writes to one official twice)`
            : '';
          lines.push(`Set aside ${plural(d.letters, 'recorded letter')} of ${d.who}: not in the lists any more (kept in assignments.csv: listed again, they are theirs again)${holders}${posted}${sent}${out}${renamed}${perhaps}`);
        }
        for (const h of r.heldWithOldAddress) {
          lines.push(`${h.official}: the address in the list has changed since ${someNames(h.holders)} ${h.holders.length === 1 ? 'was' : 'were'} given a letter to them, not marked posted: give ${h.holders.length === 1 ? 'them' : 'each'} the letter in their packet folder now, which has the new one, before the old is posted or sent`);
        }
        for (const m of r.madeAgain) {
          const one = m.holders.length === 1;
          const go = m.how === 'post' ? 'post' : m.how === 'email' ? 'send' : 'post or send';
          const done = m.how === 'email' ? 'sent' : 'posted';
          lines.push(
            `${m.official}: the address in the list has changed since the letter${one ? '' : 's'} of ${someNames(m.holders)} to them came back: ${one ? 'it is' : 'they are'} made again with the new one in their packet folder${one ? '' : 's'} (${m.where.join('; ')}): ` +
              `give ${one ? 'it to them' : 'each theirs'} to ${go} again (then letters mark ${args.case} ${done} ${one ? `--volunteer "${m.holders[0]}"` : '--volunteer NAME'} --official "${m.official}")`,
          );
        }
        for (const b of r.notDealtAfterReturn) {
          lines.push(`${b.official}: no new letters: a letter to them came back (returned ${b.on}${b.note ? `: ${b.note}` : ''}) from the address the list still has; correct it, then run batch again`);
        }
        for (const b of r.returnedBefore) {
          lines.push(`${b.official}: ${plural(b.letters, 'new letter')}, but a letter to them came back (returned ${b.on}${b.note ? `: ${b.note}` : ''}): check the address in the list before they are posted (corrected since? the new letters have it)`);
        }
        if (r.inEnglish.length) {
          lines.push(`Cover sheets and e-mails in English for ${r.inEnglish.map((n) => `${n.volunteer} (${n.language})`).join(', ')}: letters has no words in ${r.inEnglish.length === 1 ? 'that language' : 'those languages'}`);
        }
        if (r.notesLeftOut.length) {
          lines.push(`Personal notes left out of letters in another language than theirs: ${r.notesLeftOut.map((n) => `${n.volunteer} (${plural(n.letters, 'letter')})`).join(', ')}`);
        }
        for (const h of r.heldAfterReturn) {
          lines.push(
            `${h.official}: a letter to them came back (returned ${h.on}${h.note ? `: ${h.note}` : ''}), and ${someNames(h.holders)} ${h.holders.length === 1 ? 'holds a letter' : 'hold letters'} to them made before, not marked posted: ` +
              `if the address is corrected in the list, their packets on disk have it now (give them the new letter); if not, ask them to hold ${h.holders.length === 1 ? 'it' : 'theirs'}`,
          );
        }
        for (const n of r.respelt) lines.push(`${n.now} is ${n.was} as recorded (${n.why}): the letters dealt out to them stay theirs (if this is another official, delete the rows of ${n.was} from assignments.csv: the next run deals them letters of their own)`);
        for (const b of r.reinstated) lines.push(`Listed again: ${plural(b.letters, 'letter')} to ${b.who}, set aside before, whose packets went without them: in new packets, to post now`);
        for (const b of r.restored) {
          lines.push(`Listed again: ${plural(b.volunteers.length, 'letter')} to ${b.who}, set aside before: theirs again in the packets they were in (if you told ${someNames(b.volunteers)} not to post it, tell them to post it after all)`);
        }
        if (r.writtenBefore) lines.push(`Not dealt out: ${plural(r.writtenBefore, 'letter')} a volunteer sent before with letters email (ledger.jsonl): nobody writes to an official twice`);
        for (const n of r.renamed) lines.push(`${n.now} is ${n.was} as recorded (${n.why}): the letters dealt out to them stay theirs`);
        if (r.sent) {
          const s = r.sent;
          lines.push(
            `Packets: sent ${plural(s.sent, 'message')} via ${r.smtp}${s.alreadySent ? `, ${s.alreadySent} already sent before` : ''}${s.failed.length ? `, ${s.failed.length} failed` : ''}` +
              `${s.stopped ? `, ${s.stopped} not sent, stopped` : ''}${s.unanswered.length ? `, ${s.unanswered.length} not answered (ask whether ${s.unanswered.length === 1 ? 'it' : 'they'} arrived: not sent again without --resend-uncertain)` : ''}` +
              `${s.uncertain.length ? `, ${s.uncertain.length} uncertain, not resent (ask the volunteer, then --resend-uncertain, or --uncertain-arrived)` : ''}${s.arrived ? `, ${s.arrived} uncertain recorded as sent` : ''}`,
          );
          const whose = (to: string) => `${r.packetsFor?.get(to.toLowerCase()) ?? 'a volunteer'} <${to}>`;
          for (const f of s.failed) process.stderr.write(`failed: packet for ${whose(f.message.to)}: ${f.answer}\n`);
          for (const f of s.unanswered) process.stderr.write(`unanswered: packet for ${whose(f.message.to)}: ${f.answer}; it may have arrived\n`);
          for (const m of s.uncertain.slice(0, MAX_PROBLEMS_SHOWN)) process.stderr.write(`uncertain: packet for ${whose(m.to)}: ${UNCERTAIN_ADVICE}\n`);
          if (s.uncertain.length > MAX_PROBLEMS_SHOWN) process.stderr.write(`... and ${s.uncertain.length - MAX_PROBLEMS_SHOWN} more uncertain\n`);
          if (r.sent.abandoned) process.stderr.write(`letters: sending stopped: ${r.sent.abandoned.reason}; ${plural(r.sent.abandoned.left, 'more packet')} not sent: the same command sends ${r.sent.abandoned.left === 1 ? 'it' : 'them'}\n`);
        } else if (r.packetsUnsent !== undefined) {
          const toSend = r.packetsToSend;
          const server = toSend?.server;
          const would = toSend
            ? `: ${plural(toSend.toSend, 'packet')} to send${toSend.sentBefore ? `, ${toSend.sentBefore} sent before` : ''}${server === 'answered' ? ` via ${r.smtp} (the server answered)` : ''}`
            : '';
          lines.push(`Packets written as packet.eml in each folder (not sent: add ${r.smtp ? '' : '--smtp and '}--send)${would}`);
          if (server !== undefined && !sayServer({ server, loginUnchecked: !!toSend?.loginUnchecked })) exitCode = 1;
        }
        // (After sending too: new packets for volunteers without an address are handed over.)
        if (r.packetsUnsent?.length) lines.push(`To hand over (no e-mail address): ${r.packetsUnsent.join(', ')}`);
        if (r.packetsByHand?.length) lines.push(`Not e-mailed, as they are to hand over or went by hand (dealt out before the volunteer had an e-mail address, or a letter in them marked since): ${r.packetsByHand.join(', ')}`);
        if (r.sent?.failed.length || r.sent?.unanswered.length || r.sent?.uncertain.length || r.sent?.abandoned) exitCode = 1;
        process.stdout.write(lines.join('\n') + '\n');
        sayWarnings(r.warnings, args.case, 'letters', ` --volunteers ${args.volunteers}`);
      },
    )
    .command(
      'status <case>',
      'what went where: the letters batch dealt out and their packets, and the e-mails sent, from the records of the case',
      (y) =>
        y
          .positional('case', { type: 'string', demandOption: true, describe: 'case file (YAML or JSON)' })
          .option('official', { type: 'string', requiresArg: true, describe: 'only the letters to officials whose name or position holds this' })
          .option('volunteer', { type: 'string', requiresArg: true, describe: 'only the letters of volunteers (or signers) whose name holds this' })
          .option('out', { type: 'string', requiresArg: true, describe: 'the records are in OUT/<case id>/' })
          .strict()
          .example('$0 status cases/yusuf-dzhumaev.yaml', 'each official: how many letters, by post and e-mail; packets still to go out')
          .example('$0 status cases/yusuf-dzhumaev.yaml --official Karimov', 'who wrote to him, how and when')
          .example('$0 status cases/yusuf-dzhumaev.yaml --volunteer "Anna Smith"', 'her letters and packets'),
      async (args) => {
        const { caseStatus, cameBack, marksSaid, officialLabel } = await import('./status.js');
        const r = caseStatus({ casePath: args.case, outDir: args.out, official: args.official, volunteer: args.volunteer });
        const lines: string[] = [];
        if (r.several) {
          // (A name read in Arabic letters that several people's names read: asked, not all shown.)
          const flag = `--${r.several.who}`;
          lines.push(
            `${r.caseName}: ${flag} "${args[r.several.who]}" may be any of ${r.several.names.length} ${r.several.who}s in the records, whose names are written in other letters: ${r.several.names.slice(0, 8).join('; ')}${r.several.names.length > 8 ? '; ...' : ''}`,
            `Say which with more of the name${r.several.who === 'official' ? ', or the position' : ''} (letters status ${args.case} ${flag} "...").`,
          );
        } else if (r.letters.length === 0) {
          lines.push(`${r.caseName}: no letters in the records${args.official || args.volunteer ? ' that match' : ''} (${r.folder}/assignments.csv, ledger.jsonl)`);
          const some = (names: string[]) => `${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}`;
          if (r.near) lines.push(`Closest to "${args[r.near.who]}": ${some(r.near.names)}`);
          if (r.named && args.official !== undefined) lines.push(`The officials in the records: ${some(r.named.officials)}`);
          if (r.named && args.volunteer !== undefined) lines.push(`The volunteers in the records: ${some(r.named.volunteers)}`);
        } else {
          const unsent = r.letters.filter((l) => l.unsent).length;
          lines.push(`${r.caseName}: ${plural(r.letters.length - unsent, 'letter')} in the records${unsent ? `, and ${plural(unsent, 'e-mail')} that did not go` : ''} (${r.folder}/)`);
          if (r.respelt) lines.push(`(No name in the records holds "${args.official ?? args.volunteer}" as written: these are to names written another way${r.byConsonants ? ', in Arabic letters, read by their consonants' : ''}.)`);
          // Each official once, in the order of the officials' list (those only e-mailed with letters
          // email after); two of one name, or two known only as "Ambassador", each with what tells them apart.
          const listed = [...r.letters].sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
          const byId = new Map<string, typeof r.letters>();
          for (const l of listed) byId.set(l.officialId, [...(byId.get(l.officialId) ?? []), l]);
          const named = (ls: typeof r.letters) => ls[0]!.official;
          const shared = new Set([...byId.values()].map(named).filter((n, i, all) => all.indexOf(n) !== i));
          // (A list, not a map by label: two namesakes in one post have one label, and both are said.)
          const byOfficial = [...byId.values()].map((ls) => [shared.has(named(ls)) ? officialLabel(ls[0]!) : named(ls), ls] as const);
          const detail = !!(args.official || args.volunteer);
          // (What was marked of a letter at an address it had before counts: it was posted, it came back.)
          const marked = (ls: typeof r.letters, what: string) => ls.filter((l) => [...l.marks, ...(l.earlier ?? [])].some((m) => m.what === what));
          for (const [official, ls] of byOfficial) {
            // (Letters set aside count for no one: said apart; so do e-mails that did not go.)
            const live = ls.filter((l) => l.stage !== 'set aside' && !l.unsent);
            const post = live.filter((l) => l.how === 'post').length;
            const aside = ls.filter((l) => l.stage === 'set aside').length;
            const unknown = live.filter((l) => l.uncertain).length;
            const unsent = (['dropped', 'failed'] as const).map((w) => [ls.filter((l) => l.unsent === w).length, w] as const).filter(([n]) => n > 0).map(([n, w]) => `${plural(n, 'e-mail')} ${w}`);
            // (Set aside after they went, letters may have been posted, returned or answered all the same.)
            // (An e-mail letter is said in e-mail's words: posted is sent, returned bounced; see EMAIL_WORD.)
            const since = ([['posted', 'post'], ['posted', 'email'], ['returned', 'post'], ['returned', 'email']] as const)
              .map(([what, how]) => {
                const of = (xs: typeof ls) => xs.filter((l) => l.how === how);
                const w = how === 'email' ? EMAIL_WORD[what]! : what;
                return [marked(of(ls), what).length, w, marked(of(ls), what).length - marked(of(live), what).length] as const;
              })
              .filter(([n]) => n > 0)
              .map(([n, w, asideToo]) => `${n} ${w}${asideToo ? ` (${asideToo === n ? '' : `${asideToo} `}set aside since)` : ''}`);
            // An answer is the official's, said once: the day of the last.
            const answered = ls.flatMap((l) => l.marks.filter((m) => m.what === 'replied').map((m) => m.on)).sort().at(-1);
            if (answered) since.push(`replied ${answered}`);
            lines.push(
              `${official}: ${live.length ? `${plural(live.length, 'letter')} (${post} to post, ${live.length - post} by e-mail${unknown ? `, ${unknown} of them not known to have arrived` : ''})` : 'no letters'}` +
                `${aside ? `; ${aside} set aside` : ''}${unsent.length ? `; ${unsent.join(', ')}` : ''}${since.length ? `; ${since.join(', ')}` : ''}`,
            );
            // (A letter that came back and was made again with a corrected address: what happened at the old one, then at the new.)
            const before = (l: (typeof ls)[number]) => (l.earlier ? `${marksSaid(l.earlier, l.how)}${l.earlier.some((m) => m.what === 'returned') ? '; made again with a corrected address' : ''}` : '');
            if (detail) for (const l of ls) lines.push(`  ${l.signer}: ${l.how === 'post' ? 'post' : 'e-mail'}${l.round ? `, round ${l.round}` : ''}${l.on ? ` (${l.on})` : ''}: ${l.state}${before(l)}${marksSaid(l.marks, l.how)}`);
          }
          // Packets that have not gone out: the coordinator's list.
          const waiting = [...new Set(r.letters.filter((l) => l.stage === 'waiting').map((l) => `${l.signer}: ${l.state}`))];
          if (!detail && waiting.length) {
            lines.push('Packets not out yet:', ...waiting.map((w) => `  ${w}`));
            lines.push(`  (one given by hand: letters mark ${args.case} handed-over --volunteer NAME)`);
          }
          // Letters that came back: their addresses to check before anyone writes again, unless a
          // letter made with another address since is in the records (to post; once posted, said no more).
          const { check, madeAgain } = cameBack(r.letters);
          const back = (b: (typeof check)[number]) => `  ${b.letter.official}, from ${b.letter.signer}${marksSaid([b.returned], b.letter.how).replace(/^;/, ':')}`;
          // (A letter back from the post, an e-mail bounced: the heading says which the list holds.)
          const cameBackAs = (bs: typeof check) => {
            const ways = new Set(bs.map((b) => b.letter.how));
            return ways.size > 1 ? 'Returned or bounced' : ways.has('email') ? 'Bounced' : 'Returned';
          };
          if (!detail && check.length) {
            lines.push(`${cameBackAs(check)} (check the ${check.every((b) => b.letter.how === 'email') ? 'e-mail address before sending' : 'address before writing'} again):`, ...check.map(back));
            // (status reads no CSV: a corrected address is in the records once batch has made a letter with it.)
            if (check.some((b) => b.letter.addressKey)) lines.push('  (status reads the records, not the officials list: once the address is corrected there, letters batch makes these letters again with it)');
          }
          if (!detail && madeAgain.length) {
            const ways = new Set(madeAgain.flatMap((b) => b.since.map((n) => n.how)));
            lines.push(
              `${cameBackAs(madeAgain)} from an old address, made again with the address corrected since (${ways.size > 1 ? 'to post or send' : ways.has('post') ? 'to post' : 'to send'}):`,
              ...madeAgain.map((b) => `${back(b)}; made again with the new address ${b.since[0] === b.letter ? 'in their packet folder' : `for ${b.since.map((n) => `${n.signer}${n.round ? ` (round ${n.round})` : ''}`).join(', ')}`}`),
            );
          }
        }
        process.stdout.write(lines.join('\n') + '\n');
      },
    )
    .command(
      'mark <case> <what>',
      'record what happened to letters after they were made: a packet handed over, letters posted, returned, or answered',
      (y) =>
        y
          .positional('case', { type: 'string', demandOption: true, describe: 'case file (YAML or JSON)' })
          .positional('what', { ...choice(MARKS), demandOption: true, describe: 'handed-over (a volunteer\'s packet), posted (or, for an e-mail letter in a packet, sent by the volunteer: "sent" says the same), returned (by the post, or bounced), replied (the official answered)' })
          .option('volunteer', { type: 'string', requiresArg: true, describe: 'the letters of this volunteer (the whole name, or a part only they have)' })
          .option('official', { type: 'string', requiresArg: true, describe: 'the letters to this official (name or position, whole or a part only they have)' })
          .option('round', { type: 'number', requiresArg: true, describe: 'only the letters of this round of batch (packet-2 is round 2)' })
          .option('on', { type: 'string', requiresArg: true, describe: 'the day it happened, YYYY-MM-DD (default: today)' })
          .option('note', { type: 'string', requiresArg: true, describe: 'a note kept with it: why it came back, what the answer said' })
          .option('undo', { type: 'boolean', describe: 'take the mark off those letters' })
          .option('out', { type: 'string', requiresArg: true, describe: 'the records are in OUT/<case id>/' })
          .strict()
          .example('$0 mark cases/yusuf-dzhumaev.yaml handed-over --volunteer "Ben Jones"', 'his packet was given to him: no longer "to hand over"')
          .example('$0 mark cases/yusuf-dzhumaev.yaml posted --volunteer "Anna Smith" --on 2026-12-02', 'she posted all her letters')
          .example('$0 mark cases/yusuf-dzhumaev.yaml returned --official Karimov --note "addressee unknown"', 'his letters came back: status lists them to check the address')
          .example('$0 mark cases/yusuf-dzhumaev.yaml replied --official "Prosecutor General" --note "case under review"', 'an answer came')
          .example('$0 mark cases/yusuf-dzhumaev.yaml posted --volunteer "Anna Smith" --undo', 'a mark made by mistake'),
      async (args) => {
        if (args.round !== undefined && !(Number.isInteger(args.round) && args.round >= 1)) throw new UsageError('--round takes the number of a round of batch: 1, 2, ... (packet-2.pdf holds round 2)', 'mark');
        const { markLetters } = await import('./status.js');
        const r = await markLetters({ casePath: args.case, outDir: args.out, what: args.what, volunteer: args.volunteer, official: args.official, round: args.round, on: args.on, note: args.note, undo: args.undo });
        const which = r.letters.map((l) => `  ${l.signer} to ${l.official}${l.round && l.round > 1 ? ` (round ${l.round})` : ''}`);
        // (A letter sent by e-mail is marked posted, and said sent, as status says it.)
        const emailed = r.letters.filter((l) => l.how === 'email').length;
        const inEmail = EMAIL_WORD[args.what];
        const done = !inEmail || emailed === 0 ? args.what : emailed === r.letters.length ? inEmail : `${args.what} or ${inEmail}`;
        const lines = args.undo
          ? [`Took the ${args.what} mark off ${plural(r.letters.length, 'letter')} (${r.file}):`, ...which]
          : [`Marked ${plural(r.letters.length, 'letter')} ${done}${args.on !== undefined || r.again < r.letters.length ? ` on ${r.on}` : ''}${r.again ? ` (${r.again} marked so before: ${againSaid(args.on, args.note, r.changed)})` : ''} (${r.file}):`, ...which];
        if (r.notFor.length) lines.push(`Not marked, ${plural(r.notFor.length, 'letter')}:`, ...r.notFor.map(({ letter, why }) => `  ${letter.signer} to ${letter.official}: ${why}`));
        process.stdout.write(lines.join('\n') + '\n');
      },
    )
    .command(
      'calibrate',
      'one page with the envelope window, fold marks and rulers, to find the printer\'s offset',
      (y) =>
        offsetOptions(y)
          .option('envelope', { ...choice(['dl', 'c5', 'c4', 'us10'] as const), requiresArg: true, describe: 'the window envelope (default: dl, or us10 for Letter)' })
          .option('paper', { ...choice(['a4', 'letter'] as const), requiresArg: true, describe: 'paper size (default: a4, or letter for us10)' })
          .option('din-form', { ...choice(['a', 'b'] as const), requiresArg: true, describe: 'A4 window position, DIN 5008 form A or B (default)' })
          .option('window', { ...choice(['left', 'right'] as const), requiresArg: true, describe: 'side of the A4 envelope window: left (DIN 5008, default) or right (France, Switzerland, Belgium)' })
          .check(windowAndForm)
          .option('out', { type: 'string', requiresArg: true, default: 'out', describe: 'the page goes to OUT/calibrate/' })
          .strict()
          .example('$0 calibrate --envelope dl', 'print it, fold it, hold it against a DL window envelope')
          .example('$0 calibrate --envelope dl --offset-x 1.5 --offset-y -2', 'try a correction (mm), then pass the same offsets to print')
          .example('$0 calibrate --window right', 'for French or Swiss window envelopes, the window on the right')
          .example('$0 calibrate --envelope us10 --offset-x 1/16in', 'on US Letter: inch rulers, and offsets in inches'),
      async (args) => {
        // The page for US Letter is ruled in inches: a number alone would be millimetres, which a user reading its rulers does not mean.
        const flags = [...unitless];
        if ((args.paper ?? (args.envelope === 'us10' ? 'letter' : 'a4')) === 'letter' && flags.length) {
          throw new UsageError(`${flags.join(' and ')}: say the unit on US Letter, where the rulers are in inches: 0.1in, 1/16in, or 2mm`, 'calibrate');
        }
        const { writeCalibrationPage } = await import('./calibrate.js');
        const file = await writeCalibrationPage({ envelope: args.envelope, paper: args.paper, dinForm: formForWindow(args.window, args.dinForm), offsetX: args.offsetX, offsetY: args.offsetY, outDir: args.out });
        process.stdout.write(`Calibration page: ${file}\nPrint it at 100 %, fold it and hold it against the envelope.\n`);
      },
    )
    .demandCommand(1, 'say which command to run: letters render CASE')
    .example('$0 check cases/yusuf-dzhumaev.yaml', 'find the campaign\'s mistakes before anything is made')
    .example('$0 preview cases/yusuf-dzhumaev.yaml --row 2', 'see one letter as it will print')
    .example('$0 render cases/yusuf-dzhumaev.yaml', 'one PDF letter per official in out/yusuf-dzhumaev/')
    .example('$0 print cases/yusuf-dzhumaev.yaml --signer me.yaml', 'letters, envelopes and labels for the print room')
    .example('$0 render --help', 'options of the render command')
    .middleware((args) => givenOnce(args, COMMANDS.find((c) => c === argv[0])))
    .strict()
    .help()
    .alias('h', 'help')
    // Ours, from package.json: yargs looks for it from the running file, which in the bundle it
    // does not find (it printed "unknown", or another package's version).
    .version((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, err) => {
      // Throwing (not returning) is what stops yargs from running the command anyway.
      if (err && !(err.message && message === err.message)) throw err;
      throw new UsageError(usageMessage(message ?? err?.message ?? 'bad usage', argv), COMMANDS.find((c) => c === argv[0]));
    });
  skipHelpCache(cli);
  await cli.parseAsync();
  return exitCode;
}

/**
 * yargs writes out a command's whole help as its handler starts, in case the handler asks for it
 * (20 ms, and its text-width module's setting up, 20 ms more, in every run). Ours never do: a
 * usage error says which `--help` to run, and help is printed by yargs' own --help, which makes it
 * then. (`getInternalMethods` is yargs' own; its version is pinned. Without it nothing changes.)
 */
function skipHelpCache(cli: Argv): void {
  const usage = (cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.().getUsageInstance?.();
  if (usage?.cacheHelpMessage) usage.cacheHelpMessage = () => {};
}

/** What marking again did to the earlier marks: what was given replaced (or the same), the rest kept. */
function againSaid(on: string | undefined, note: string | undefined, changed: { day: number; note: number }): string {
  if (on === undefined && note === undefined) return 'their day and note kept';
  const said = (what: 'day' | 'note', given: boolean) => (!given ? `${what} kept` : changed[what] ? `${what} replaced` : `the same ${what}`);
  return `${said('day', on !== undefined)}, ${said('note', note !== undefined)}`;
}

/** Options that take a list: the others, given twice, are a mistake (yargs makes a list of them, which crashed or read "a,b" as a path). */
const LISTS = new Set(['where']);

/** An option that takes one value, given more than once, is a mistake to say. */
function givenOnce(args: Record<string, unknown>, command: string | undefined): void {
  const twice = [...new Set(Object.keys(args).filter((k) => k !== '_' && !LISTS.has(k) && Array.isArray(args[k])).map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)))];
  if (twice.length) throw new UsageError(`${twice.map((n) => `--${n}`).join(', ')} given more than once: give ${twice.length > 1 ? 'each' : 'it'} once`, command);
}

class UsageError extends Error {
  /** The command the arguments were for, whose help to point to. */
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** The commands, as `letters --help` lists them (help.ts stores each one's help at build time). */
export const COMMANDS = ['render', 'check', 'preview', 'print', 'email', 'batch', 'status', 'mark', 'calibrate'];

const unknownCommand = (word: string) => `unknown command "${word}"${suggest(word, COMMANDS)}: the commands are ${COMMANDS.join(', ')}`;

/** The options a command's help lists (stored at build time, see help.ts), to suggest one. */
function commandOptions(command: string): string[] {
  try {
    const stored = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as Record<string, string>;
    return [...new Set(Array.from((stored[command] ?? '').matchAll(/--([a-z][a-z0-9-]*)/g), (m) => m[1]!))];
  } catch {
    return []; // while the help itself is being stored
  }
}

/** yargs' messages, said for this program. */
function usageMessage(message: string, argv: string[]): string {
  const first = argv.find((a) => !a.startsWith('-'));
  if (first && !COMMANDS.includes(first) && /^Unknown argument/.test(message)) return unknownCommand(first);
  /** An option's name as written in camelCase ("dinForm"), as its kebab-case name ("din-form"). */
  const kebab = (n: string) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown) {
    // yargs names each unknown option twice, as written and in camelCase: the first is said.
    const listed = unknown[1]!.split(', ');
    const names = listed.filter((n) => !(/[A-Z]/.test(n) && n !== kebab(n) && listed.includes(kebab(n))));
    const options = commandOptions(first && COMMANDS.includes(first) ? first : '');
    const said = (n: string) => {
      const written = argv.find((a) => a === `--${n}` || a.startsWith(`--${n}=`) || a === `--no-${n}` || (n.length === 1 && /^-[^-]/.test(a) && a.includes(n)));
      if (!written) return `one argument too many: "${n}"`;
      const dashes = written.startsWith('--') ? (written.startsWith(`--no-${n}`) ? '--no-' : '--') : '-';
      const as = dashes === '-' ? '--' : dashes;
      const near = options.includes(n.toLowerCase()) ? ` (did you mean "${as}${n.toLowerCase()}"? options are in small letters)` : suggest(n, options).replace('"', `"${as}`);
      return `unknown option ${dashes}${n}${near}`;
    };
    if (names.length) return names.map(said).join('; ');
  }
  // "Invalid values:\n  Argument: paper, Given: "carta", Choices: "a4", "letter"": one line per option.
  const invalid = [...message.matchAll(/Argument: (\S+), Given: "([^"]*)", Choices: (.+)/g)];
  if (/^Invalid values?:/.test(message) && invalid.length) {
    return invalid
      .map(([, name, given, listed]) => {
        const choices = [...listed!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
        // (yargs joins an option given twice: "--paper a4 --paper letter" is "a4,letter".)
        if (given!.split(',').every((g) => choices.includes(g))) return `--${name} given more than once: give it once`;
        // (A positional's name is no option: "mark ... enviado" is not one of the marks. An option
        // written in camelCase, "--dinForm", is said as its name is.)
        const option = argv.some((a) => kebab(/^--([^=]+)/.exec(a)?.[1] ?? '') === name);
        const what = option ? `--${name} "${given}"` : `"${given}"`;
        const shown = name === 'what' ? choices.map((c) => (c === 'posted' ? 'posted (or sent)' : c)) : choices;
        // (A did-you-mean of the same first letter: "a5" is "a4", "dll" "dl"; "c" is not "a".)
        return `${what} is not one of ${shown.join(', ')}${suggest(given!, choices.filter((c) => c[0] === given![0]))}`;
      })
      .join('; ');
  }
  const missingValue = /^Not enough arguments following: (\S+)/.exec(message);
  if (missingValue) return `--${missingValue[1]} needs a value`;
  if (/^Not enough non-option arguments/.test(message)) return `say which case file: letters ${first ?? 'render'} cases/CASE.yaml`;
  const implied = /(\S+) -> (\S+)/.exec(message);
  if (/^(Implications failed|Missing dependent arguments)/.test(message) && implied) return `--${implied[1]} only makes sense with --${implied[2]}`;
  return message;
}


/** A progress bar on a terminal; nothing when output goes to a file or a pipe. */
/**
 * Without a terminal (a log, cron): a line every this many ms of a long run, so a slow one
 * (--rate) is seen to go on. (LETTERS_LOG_EVERY_MS: for the tests.)
 */
const LOG_EVERY_MS = Number(process.env.LETTERS_LOG_EVERY_MS ?? 30_000);

async function progressBar() {
  if (!process.stderr.isTTY) {
    let last = performance.now();
    return {
      update: (done: number, total: number) => {
        const now = performance.now();
        if (now - last < LOG_EVERY_MS || done === total) return;
        last = now;
        process.stderr.write(`letters: ${done} of ${total} done\n`);
      },
      stop: () => {},
    };
  }
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

/** Commands that only read: their refusals do not say that nothing was written. */
const READ_ONLY = new Set(['check', 'status']);

function report(err: unknown, command: string | undefined): number {
  if (err instanceof UsageError) {
    process.stderr.write(`letters: ${err.message}\nRun "letters ${err.command ? `${err.command} ` : ''}--help" for usage.\n`);
    return 2;
  }
  if (err instanceof InputError) {
    const shown = err.problems.slice(0, MAX_PROBLEMS_SHOWN);
    for (const p of shown) process.stderr.write(`${formatProblem(p)}\n`);
    const more = err.problems.length - shown.length;
    if (more > 0) process.stderr.write(`... and ${more} more problem${more === 1 ? '' : 's'}\n`);
    const count = `${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}`;
    process.stderr.write(command && READ_ONLY.has(command) ? `(${count})\n` : `Nothing was written (${count}).\n`);
    return 2;
  }
  const e = err as Error;
  if (e?.name === 'MissingToolError' || e?.name === 'OutputError') {
    process.stderr.write(`letters: ${e.message}\n`);
    return 1;
  }
  const failure = writeFailure(err);
  if (failure) {
    process.stderr.write(`letters: ${failure}\n`);
    return 1;
  }
  process.stderr.write(`letters: unexpected error: ${e?.message ?? String(err)}\n`);
  if (process.env.LETTERS_DEBUG) process.stderr.write(`${e?.stack}\n`);
  else process.stderr.write('Run again with LETTERS_DEBUG=1 for details, and report it if it persists.\n');
  return 1;
}

/** Runs one command line (without `node` and the script) and sets the process's exit code. */
export async function run(argv: string[]): Promise<void> {
  // Ctrl-C (or a kill) leaves nothing half-written: the worker threads are stopped and the files
  // not yet finished removed; sending (and putting finished files in place) stops by itself, with
  // its summary. A second Ctrl-C stops at once.
  // (SIGHUP: the terminal was closed, an SSH session dropped: stopped as cleanly, where nobody
  // may be left to read what is said.)
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      if (signal === 'SIGHUP') for (const out of [process.stdout, process.stderr]) out.on('error', () => undefined);
      process.stderr.write(`\nletters: stopping (${signal === 'SIGINT' ? 'Ctrl-C again to stop at once' : signal})…\n`);
      // A second one: at once, what is unfinished removed all the same (a worker may still be
      // writing one; the next run removes it).
      process.once(signal, () => {
        removeOwnTemporaries();
        process.stderr.write('letters: stopped at once; messages being sent may be uncertain\n');
        process.exit(code);
      });
      void stop(code, 10_000).then((how) => {
        if (how === 'finish') return; // the run ends by itself, below
        stopped();
        process.exit(code);
      });
    });
  }
  let completed = false;
  try {
    process.exitCode = await main(argv);
    completed = true;
  } catch (err) {
    if (!isStopping() || isNewsAfterStop(err)) process.exitCode = report(err, argv[0]);
  }
  const code = stopExitCode();
  if (code !== undefined && completed && finishedAnyway()) {
    process.stderr.write('letters: the stop came as the files were being put in place: the run finished\n');
  } else if (code !== undefined) {
    stopped();
    process.exit(code); // a --rate turn or a retry's back-off would keep the process waiting
  }
}

/** What a dry run heard from the server, said on stderr when it is news; false when it did not answer or refused the login. */
function sayServer(a: ServerAnswer): boolean {
  if (a.server !== 'answered') process.stderr.write(`letters: ${a.server}\n`);
  else if (a.loginUnchecked) process.stderr.write('note: the login was not checked: no password given (LETTERS_SMTP_PASSWORD)\n');
  return a.server === 'answered';
}

/** What to do about a message an earlier run did not hear the end of. */
const UNCERTAIN_ADVICE =
  'an earlier run did not hear whether the server took it (the run stopped, or the connection was lost); look for it in your sent mail or ask: if it did not arrive, run again with --resend-uncertain; if it did, with --uncertain-arrived';

/** The warnings of a run that made its letters anyway: the first few, on stderr, and where to see them all. */
function sayWarnings(w: { first: Problem[]; count: number }, casePath: string, made: 'letters' | 'messages' | 'preview' = 'letters', checkOptions = ''): void {
  if (w.count === 0) return;
  const lines = w.first.map((p) => `  ${formatProblem(p).replace(/\n/g, '\n  ')}\n`).join('');
  const more = w.count > w.first.length ? `  … and ${w.count - w.first.length} more\n` : '';
  const check = `letters check ${casePath}${made === 'messages' ? ' --channel email' : ''}${checkOptions}`;
  const said = made === 'preview' ? `for this letter; ${check} lists those of every row` : `the ${made} were made; ${check}, with the same options, lists ${w.count === 1 ? 'it' : 'them all'}`;
  process.stderr.write(`${plural(w.count, 'warning')} (${said}):\n${lines}${more}`);
}

/** Names in a line: the first eight, and how many more. */
const someNames = (names: string[]): string => (names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', '));

let saidStopped = false;

/** After a stop: this process's unfinished files removed, and said once. */
function stopped(): void {
  removeOwnTemporaries();
  if (!saidStopped) process.stderr.write('letters: stopped; nothing half-written was left\n');
  saidStopped = true;
}
