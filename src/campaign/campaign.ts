import path from 'node:path';
import { InputError, ProblemList, type Problem } from '../errors.js';
import { loadCase, type CaseFile } from './case.js';
import type { Contact } from './contact.js';
import { isoDate, parseDate } from './dates.js';
import { checkFieldUses } from './fields.js';
import { loadRecipients, normaliseColumn, type Recipient, type RecipientList } from './recipients.js';
import { loadSigner } from './signer.js';
import { loadTemplate, suggest, type LetterTemplate, type PaperName } from './template.js';

export interface CampaignOptions {
  /** The case file (YAML or JSON). */
  casePath: string;
  /** Override the case file's recipients CSV / template. */
  recipients?: string;
  template?: string;
  signer?: string;
  encoding?: string;
  paper?: PaperName;
  /** `column=value` filters: the same column repeated means "any of", different columns "all of". */
  where?: string[];
  limit?: number;
  /** Make letters for a released case with a template meant for active cases. */
  force?: boolean;
  /** The letters' date (YYYY-MM-DD); today by default. */
  date?: string;
}

/** Everything one run reads, loaded and checked. */
export interface Campaign {
  caseFile: CaseFile;
  recipients: RecipientList;
  /** The rows selected by --where/--limit, in CSV order. */
  rows: Recipient[];
  template: LetterTemplate;
  signer?: Contact;
  signerFile?: string;
  paper: PaperName;
  today: string;
  /** True when --where/--limit left rows out. */
  filtered: boolean;
}

export function loadCampaign(o: CampaignOptions): Campaign {
  const caseFile = loadCase(o.casePath);
  const csvPath = o.recipients ? path.resolve(o.recipients) : caseFile.recipientsPath;
  const templatePath = o.template ? path.resolve(o.template) : caseFile.templatePath;
  if (!csvPath || !templatePath) {
    const missing = !csvPath ? 'recipients' : 'template';
    throw new InputError({
      location: { file: o.casePath },
      message: `no ${missing} file: the case file has no "${missing}:" and --${missing} was not given`,
      hint: `add "${missing}: path/to/file" to the case file (relative to it), or pass --${missing}`,
    });
  }
  const recipients = loadRecipients(relative(csvPath), { encoding: o.encoding });
  const template = loadTemplate(relative(templatePath));
  const signer = o.signer ? loadSigner(o.signer) : undefined;
  const today = o.date ?? isoDate(localToday());
  if (!parseDate(today)) {
    throw new InputError({ message: `--date "${o.date}" is not a date`, hint: 'write it YYYY-MM-DD' });
  }

  if (!template.statuses.includes(caseFile.status) && !o.force) {
    throw new InputError({
      location: caseFile.locate('status'),
      message:
        caseFile.status === 'released'
          ? `${caseFile.name} is marked released: a letter of concern would ask for the release of a free person`
          : `the template ${template.file} is for ${template.statuses.join('/')} cases, but this case is ${caseFile.status}`,
      hint:
        caseFile.status === 'released'
          ? 'use a template for released cases (front matter "for: released"), or --force if you really mean it'
          : 'pick another --template, or --force',
    });
  }

  const { rows, filtered } = selectRows(recipients, o.where ?? [], o.limit);
  return {
    caseFile,
    recipients,
    rows,
    template,
    signer,
    signerFile: o.signer,
    paper: o.paper ?? template.paper ?? 'a4',
    today,
    filtered,
  };
}

function localToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
}

/** Paths in messages are as the user would type them: relative to where they are. */
function relative(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function selectRows(list: RecipientList, where: string[], limit?: number) {
  const filters = new Map<string, string[]>();
  for (const w of where) {
    const eq = w.indexOf('=');
    const column = normaliseColumn(eq > 0 ? w.slice(0, eq) : '');
    if (eq <= 0 || !list.columns.includes(column)) {
      throw new InputError({
        message: eq <= 0 ? `--where "${w}" is not column=value` : `--where: ${list.file} has no column "${column}"${suggest(column, list.columns)}`,
        hint: `columns: ${list.columns.join(', ')}`,
      });
    }
    filters.set(column, [...(filters.get(column) ?? []), w.slice(eq + 1).trim().toLowerCase()]);
  }
  let rows = list.rows.filter((r) =>
    [...filters].every(([col, values]) => values.includes((r.values[col] ?? '').trim().toLowerCase())),
  );
  if (limit !== undefined) rows = rows.slice(0, limit);
  if (rows.length === 0) {
    throw new InputError({
      location: { file: list.file },
      message: list.rows.length === 0 ? 'the recipients CSV has no rows' : 'no recipient matches --where/--limit',
      hint: list.rows.length === 0 ? 'add one official per row under the header' : 'check the filter values',
    });
  }
  return { rows, filtered: rows.length !== list.rows.length };
}

/** The columns a postal letter needs, and the rows that lack them. */
export function checkPostalRows(c: Campaign): Problem[] {
  const { recipients: list } = c;
  const has = (col: string) => list.columns.includes(col);
  const problems: Problem[] = [];
  const need: [string, boolean][] = [
    ['name (or first_name / last_name)', has('name') || has('first_name') || has('last_name') || has('position') || has('organisation')],
    ['address (or address_1 ... address_6)', has('address') || has('address_1')],
    ['country', has('country')],
  ];
  for (const [column, ok] of need) {
    if (!ok) {
      problems.push({
        location: { file: list.file, line: 1 },
        message: `missing column ${column}`,
        hint: `columns found: ${list.columns.join(', ') || '(none)'}`,
      });
    }
  }
  if (problems.length) return problems;
  for (const row of c.rows) {
    const v = row.values;
    const missing: string[] = [];
    if (![v.name, v.first_name, v.last_name, v.position, v.organisation].some(Boolean)) missing.push('name');
    if (![1, 2, 3, 4, 5, 6].some((n) => v[`address_${n}`]) && !v.address && !v.city) missing.push('address (neither address lines nor a city)');
    if (!v.country) missing.push('country');
    if (missing.length) {
      problems.push({
        location: { file: list.file, line: row.line },
        message: `this official has no ${missing.join(', no ')}`,
        hint: 'a posted letter needs a name, an address and the destination country; fill them in or delete the row',
      });
    }
  }
  return problems;
}

export function checkCampaign(c: Campaign): ProblemList {
  const problems = new ProblemList();
  for (const p of checkPostalRows(c)) problems.add(p);
  for (const p of checkFieldUses(c.template.uses, c)) problems.add(p);
  return problems;
}
