import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { dateHint, oneDay, parseDate } from './campaign/dates.js';
import type { AssignmentRow } from './batch/batch.js';
import { AS_UTF8, sniffDelimiter } from './campaign/recipients.js';
import { InputError, ProblemList } from './errors.js';
import { MARKS, type MarkKind } from './mark-kinds.js';
import { csvText, fromSheet } from './output/csvfile.js';
import { writeAtomically } from './output/files.js';
import { takeLock } from './send/ledger.js';

export { MARKS, type MarkKind };

/**
 * Which letter a mark is of: a letter batch dealt out by its official and volunteer (keys as
 * assignments.csv keeps them; its packet's Message-ID too, which stays when a volunteer's name is
 * corrected), a letter of `letters email` by its Message-ID. The names as written are for people
 * reading the file.
 */
export interface LetterRef {
  volunteer: string;
  official: string;
  volunteer_key: string;
  official_key: string;
  packet_message_id: string;
  message_id: string;
}

export interface Mark extends LetterRef {
  what: MarkKind;
  /** The day it happened (YYYY-MM-DD). */
  on: string;
  note: string;
  /** When it was recorded (ISO time). */
  recorded_at: string;
  /**
   * Of a letter batch dealt out, marked posted or returned: the address it went to, or came back
   * from, as a key (assignments.csv's official_address_key then). A letter that came back is made
   * again with the address corrected since (batch), and is posted again: the marks of its old
   * address stay, as what happened then. Empty in marks recorded before the column (2026-11-30,
   * late), and for other marks: those are of the letter at its address now.
   */
  address_key: string;
  /** Columns a coordinator added to the file ("comments"), by their header: kept as they are. */
  extra?: Record<string, string>;
}

const COLUMNS = ['what', 'on', 'volunteer', 'official', 'note', 'recorded_at', 'volunteer_key', 'official_key', 'packet_message_id', 'message_id', 'address_key'] as const;

/** The marks that go with the address a letter went to: posted and returned (see Mark.address_key). */
const BY_ADDRESS: ReadonlySet<MarkKind> = new Set(['posted', 'returned']);

/**
 * The marks recorded for a case (marks.csv in its folder); none when there is no file. A file a
 * coordinator opened and saved in a spreadsheet is read as it comes back: `;` between values, the
 * headers in capitals, rows of empty cells, a day written "02.12.2026" (when it can be only one
 * day). One that is not UTF-8 any more is refused: its names would no longer match.
 */
export function readMarks(file: string): Mark[] {
  if (!existsSync(file)) return [];
  const hint = 'letters mark writes this file: correct the line, or delete it and mark those letters again';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)).replace(/^\uFEFF/, '');
  } catch {
    throw new InputError({ location: { file }, message: 'the recorded marks are not in UTF-8 (saved by a spreadsheet in another encoding?)', hint: `save it ${AS_UTF8}, or undo the save` });
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  const added: [column: string, header: string][] = []; // columns of the coordinator's own
  try {
    records = parse(text, {
      columns: (names: string[]) =>
        names.map((n) => {
          const column = n.trim().toLowerCase().replace(/\s+/g, '_');
          if (column && !(COLUMNS as readonly string[]).includes(column)) added.push([column, n.trim()]);
          return column;
        }),
      delimiter: sniffDelimiter(text),
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      cast: fromSheet,
    }) as unknown as typeof records;
  } catch (err) {
    throw new InputError({ location: { file }, message: `cannot read the recorded marks: ${(err as Error).message}`, hint });
  }
  const problems = new ProblemList();
  const marks: Mark[] = [];
  for (const { record, info } of records) {
    if (Object.values(record).every((v) => (v ?? '').trim() === '')) continue; // a row of empty cells
    const m = Object.fromEntries(COLUMNS.map((c) => [c, (record[c] ?? '').trim()])) as unknown as Mark;
    if (added.length) m.extra = Object.fromEntries(added.map(([column, header]) => [header, record[column] ?? '']));
    const at = { file, line: info.lines };
    m.on = oneDay(m.on) ?? m.on;
    if (!(MARKS as readonly string[]).includes(m.what)) problems.add({ location: at, message: `"${m.what}" is not a mark (${MARKS.join(', ')})`, hint });
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(m.on) || !parseDate(m.on)) problems.add({ location: at, message: `"${m.on}" is not a day`, hint: m.on ? `${dateHint(m.on)}; ${hint}` : hint });
    else if (!m.message_id && !(m.official_key && (m.volunteer_key || m.packet_message_id))) problems.add({ location: at, message: 'this mark does not say which letter it is of', hint });
    marks.push(m);
  }
  problems.throwIfAny();
  return marks;
}

/** Which letter an assignment of batch is, as marks.csv says it. */
export function assignmentRef(r: AssignmentRow): LetterRef {
  return { volunteer: r.volunteer, official: r.official, volunteer_key: r.volunteer_key, official_key: r.official_key, packet_message_id: r.packet_message_id ?? '', message_id: '' };
}

/** Whether a mark is of this letter: by Message-ID for `letters email`, else by official and volunteer (or packet). */
export function sameLetter(m: LetterRef, ref: LetterRef): boolean {
  if (ref.message_id || m.message_id) return m.message_id === ref.message_id;
  return m.official_key === ref.official_key && ((m.packet_message_id !== '' && m.packet_message_id === ref.packet_message_id) || m.volunteer_key === ref.volunteer_key);
}

/**
 * Whether a mark is of a letter as it is now, made with `address` (its official_address_key): a
 * posted or returned mark of another address is of the letter before it was made again with a
 * corrected one. Without an address on either side, it is.
 */
export function atAddress(m: Pick<Mark, 'what' | 'address_key'>, address: string | undefined): boolean {
  return !BY_ADDRESS.has(m.what) || !m.address_key || !address || m.address_key === address;
}

/**
 * The marks of one letter: the last recorded of each kind, in the order of MARKS; given the
 * address the letter is made with now, those of that address (see atAddress).
 */
export function marksFor(marks: readonly Mark[], ref: LetterRef, address?: string): Mark[] {
  const last = new Map<MarkKind, Mark>();
  for (const m of marks) if (sameLetter(m, ref) && atAddress(m, address)) last.set(m.what, m);
  return MARKS.flatMap((k) => last.get(k) ?? []);
}

/** The marks of one letter at addresses it had before `address` (posted there, came back from there), in the order they happened. */
export function earlierMarks(marks: readonly Mark[], ref: LetterRef, address: string | undefined): Mark[] {
  return marks.filter((m) => sameLetter(m, ref) && !atAddress(m, address)).sort((a, b) => a.on.localeCompare(b.on) || MARKS.indexOf(a.what) - MARKS.indexOf(b.what));
}

/**
 * The marks, those of a letter made again with a corrected address (batch) that say no address
 * given the address it had (`was`): they are of it as it was, not of the letter made again.
 * Undefined when none is.
 */
export function stampAddress(marks: Mark[], ref: LetterRef, was: string): Mark[] | undefined {
  const of = (m: Mark) => BY_ADDRESS.has(m.what) && !m.address_key && sameLetter(m, ref);
  if (!marks.some(of)) return undefined;
  return marks.map((m) => (of(m) ? { ...m, address_key: was } : m));
}

/**
 * One run at a time records marks of a case (mark; batch, which reads them and may move a renamed
 * volunteer's): released by the function returned. Another run's lock is waited for a few seconds.
 */
export function lockMarks(file: string): () => void {
  return takeLock(`${file}.lock`, { doing: 'is recording marks of this case', why: 'one would write over what the other recorded', waitMs: 3000 });
}

/** Records these marks, all a case has (a temporary file renamed: never half written). */
export async function writeMarks(file: string, marks: Mark[]): Promise<void> {
  const added = [...new Set(marks.flatMap((m) => Object.keys(m.extra ?? {})))];
  const rows = marks.map(({ extra, ...m }) => [...COLUMNS.map((c) => m[c]), ...added.map((h) => extra?.[h] ?? '')]);
  await writeAtomically(file, (tmp) => writeFile(tmp, csvText([[...COLUMNS, ...added], ...rows])));
}

/**
 * The marks, those of volunteers recorded under a name corrected since (batch's volunteersNow)
 * moved to their key now, so what was marked of their letters stays theirs; undefined when none
 * moves.
 */
export function renameVolunteers(marks: Mark[], keys: ReadonlyMap<string, { key: string; name: string }>): Mark[] | undefined {
  if (!marks.some((m) => keys.has(m.volunteer_key))) return undefined;
  return marks.map((m) => {
    const now = keys.get(m.volunteer_key);
    return now ? { ...m, volunteer_key: now.key, volunteer: now.name } : m;
  });
}
