import type { Problem } from '../errors.js';
import { caseBroken, caseDateOrder, type CaseFile } from './case.js';
import type { Contact } from './contact.js';
import { headerKey, normaliseColumn, type Recipient, type RecipientList } from './recipients.js';
import { dateHint, parseDate, readDate, showOrder, type OrderShown } from './dates.js';
import { placeholderProblem } from './campaign.js';
import type { FieldUse } from './template.js';
import { nearest, suggest } from '../suggest.js';
import { valueAt } from './yamlfile.js';

export interface FieldData {
  caseFile: CaseFile;
  recipients: RecipientList;
  rows: Recipient[];
  signer?: Contact;
  signerFile?: string;
}

/** No value: nothing, blank text or an empty list. */
export const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);


/**
 * The problems of a template that reads a column the file lacks (a misspelt one): a run does not
 * make its rows into letters, which would only say again what the mistake makes of them ("Dear ,").
 */
export const unknownColumns = new WeakSet<Problem>();

/**
 * Every field the template reads, checked against the data before any letter is made: a column
 * the CSV lacks, a case field that is not there, and each row where a printed value is empty
 * (the "Dear ," letter). Values used as conditions (`{{#if}}`) may be empty. A case field that
 * is wrong (said as the case file was read), the sender when it is, and the signer when its file
 * could not be read, are not checked again here: each use would only repeat that.
 */
export function checkFieldUses(uses: FieldUse[], d: FieldData): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const once = (key: string, p: Problem) => {
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  };
  const where = (u: FieldUse) => `${u.location.file}:${u.location.line}`;
  const mark = (p: Problem) => (unknownColumns.add(p), p);
  const csv = d.recipients.file;
  // The order of day and month the dates of a column show ("28/11/2026" on line 3: the day first).
  const orders = new Map<string, OrderShown>();
  const columnOrder = (column: string): OrderShown => {
    let shown = orders.get(column);
    if (!shown) {
      shown = {};
      for (const row of d.rows) showOrder(shown, row.values[column], `"${(row.values[column] ?? '').trim()}" on line ${row.line}`);
      orders.set(column, shown);
    }
    return shown;
  };

  for (const u of uses) {
    const name = u.field ? `${u.root}.${u.field}` : u.root;
    const key = `${name}@${where(u)}`;
    if (u.root === 'today') continue;
    if (u.root === 'case' && u.field && caseBroken(d.caseFile, u.field.split('.')[0]!)) continue;
    if (u.root === 'sender' && caseBroken(d.caseFile, 'sender')) continue;
    if (u.root === 'signer' && d.signerFile && !d.signer) continue;
    if (!u.field) {
      if (u.role === 'text') {
        once(key, { location: u.location, message: `{{${name}}} would print all the ${u.root} fields at once`, hint: `print one field, e.g. {{${u.root}.name}}` });
      }
      continue;
    }
    const value = u.root === 'case' ? valueAt(d.caseFile.data, u.field.split('.')) : u.root === 'signer' ? valueAt(d.signer, u.field.split('.')) : u.root === 'sender' ? valueAt(d.caseFile.sender, u.field.split('.')) : undefined;
    if (u.role === 'text' && value !== null && typeof value === 'object') {
      once(key, {
        location: u.location,
        message: `{{${name}}} is a list or group of fields and would not print as text`,
        hint: Array.isArray(value) ? `print its lines with {{#each ${name}}}{{this}}{{/each}}` : `print one of its fields, e.g. {{${name}.${Object.keys(value)[0] ?? 'name'}}}`,
      });
      continue;
    }
    // A placeholder in a case field the template prints ("charges: TBD": 'charged with "TBD"').
    const unset = (u.root === 'case' || u.root === 'sender') && typeof value === 'string' ? placeholderProblem(value, `case field "${u.root === 'sender' ? 'sender.' : ''}${u.field}"`, d.caseFile.locate(`${u.root === 'sender' ? 'sender.' : ''}${u.field}`), false, true) : undefined;
    if (unset) {
      once(key, unset);
      continue;
    }
    if (u.role === 'date' && u.root === 'case' && !isEmpty(value) && !parseDate(value)) {
      const twoWays = !!readDate(String(value)).readings;
      once(key, {
        location: d.caseFile.locate(u.field),
        message: `case field "${u.field}" ("${String(value)}") is used as a date (${where(u)}) but ${twoWays ? 'can be read two ways' : 'is not one'}`,
        hint: dateHint(value, twoWays ? caseDateOrder(d.caseFile.data, u.field) : {}),
      });
      continue;
    }
    switch (u.root) {
      case 'case':
        if (!u.guarded && isEmpty(value)) {
          // (Read as a date: the case's fields that are dates are the ones meant.) A field the case
          // has under a name a letter off is most often the template's misspelling, mended there;
          // but it may be another ("ask_es" beside "ask_fr"): both ways are said.
          const meant = nearest(u.field, Object.keys(d.caseFile.data).filter((k) => u.role !== 'date' || !!parseDate(d.caseFile.data[k])));
          const add = `add "${u.field}:" to ${d.caseFile.file}`;
          once(key, {
            location: u.location,
            message: `the template uses ${name}, but the case file has no value for "${u.field}"${meant ? ` (did you mean "${meant}"?)` : ''}`,
            hint: meant ? `if "${meant}" is meant, write case.${meant} in the template; else ${add}, or wrap it in {{#if ${name}}}` : `${add}, or wrap it in {{#if ${name}}}`,
          });
        }
        break;
      case 'recipient': {
        const column = u.field.split('.')[0]!;
        if (!d.recipients.columns.includes(column) && !d.recipients.also?.includes(column)) {
          once(key, mark({
            location: u.location,
            message: `the template uses ${name}, but ${csv} has no column "${column}"${
              // "Anrede" is read as anrede, "PLZ" as postcode: the name letters gives the header.
              d.recipients.columns.includes(normaliseColumn(column)) && normaliseColumn(column) !== column
                ? ` (did you mean "recipient.${normaliseColumn(column)}"? columns are named as letters reads them: small letters, "_" for spaces)`
                : suggest(column, [...d.recipients.columns, ...(d.recipients.also ?? [])])
            }`,
            // (A header read as one of letters' columns is named as the file writes it: "position (Fonction)".)
            hint: `columns found: ${d.recipients.columns.map((c) => (!d.recipients.headers[c] || headerKey(d.recipients.headers[c]) === c ? c : `${c} (${d.recipients.headers[c]})`)).join(', ')}`,
          }));
        } else {
          for (const row of d.rows) {
            const v = row.values[column] ?? '';
            if (u.role === 'date' && v.trim() !== '' && !parseDate(v)) {
              // "02/12/2026" is either of two days; the column's other dates may show which order it is in (a
              // spreadsheet writes a column one way), and the hint says so, but the coordinator chooses.
              const twoWays = !!readDate(v).readings;
              once(`${key}#${row.line}`, {
                location: { file: csv, line: row.line },
                message: twoWays
                  ? `"${d.recipients.headers[column]}" is "${v}", a date that can be read two ways (the template reads it, ${where(u)})`
                  : `"${d.recipients.headers[column]}" is "${v}", but the template reads it as a date (${where(u)})`,
                // A spreadsheet writes a date its own way when it saves ("23/10/2021"), unless the column is text.
                hint: `${dateHint(v, twoWays ? columnOrder(column) : {})}, and keep the column as text when you save the CSV`,
              });
            }
          }
        }
        // (Also a column read by its header's own name: "recipient.formule_d_appel" is the salutation.)
        if ((d.recipients.columns.includes(column) || d.recipients.also?.includes(column)) && !u.guarded) {
          const header = d.recipients.headers[column] ?? Object.values(d.recipients.headers).find((h) => headerKey(h) === column) ?? column;
          for (const row of d.rows) {
            if (isEmpty(row.values[column])) {
              once(`${key}#${row.line}`, {
                location: { file: csv, line: row.line },
                message: `"${header}" is empty, but the template prints ${name} (${where(u)})`,
                hint: `fill it in, or make the template say something else when it is empty: {{#if ${name}}}...{{/if}}`,
              });
            }
          }
        }
        break;
      }
      case 'signer':
      case 'sender': {
        const data = u.root === 'signer' ? d.signer : d.caseFile.sender;
        if (u.guarded || !isEmpty(value)) break;
        const message = !data
          ? u.root === 'signer'
            ? `the template uses ${name}, but no signer was given`
            : `the template uses ${name}, but the case file has no "sender:" block`
          : `the template uses ${name}, but the ${u.root} has no "${u.field}"`;
        once(key, {
          location: u.location,
          message,
          hint:
            u.root === 'signer'
              ? `give --signer FILE${d.signerFile ? ` with "${u.field}:" in ${d.signerFile}` : ''}, or wrap it in {{#if ${name}}}`
              : `add sender.${u.field} to ${d.caseFile.file}, or wrap it in {{#if ${name}}}`,
        });
        break;
      }
    }
  }
  return problems;
}
