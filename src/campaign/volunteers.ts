import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { InputError, type Problem } from '../errors.js';
import { lacksCountry, NO_COUNTRY, withCountry, type Contact } from './contact.js';
import type { FieldUse, PaperName } from './template.js';
import { languageTag } from './case.js';
import { baseLanguage } from '../render/helpers.js';
import { isEmpty } from './fields.js';
import { valueAt } from './yamlfile.js';
import { suggest } from '../suggest.js';
import { SIGNER_FIELDS } from './signer.js';
import { nameKey, officialKeyOf, officialName, personalName, streetLines } from '../render/address.js';
import { rowValueProblem, postcodeProblem } from './campaign.js';
import { emailFinding } from './email.js';
import { columnsLookingLike, loadRecipients, misspeltColumns, signerFieldInAnyLanguage, type ReadCsvOptions, type Recipient } from './recipients.js';

/** A volunteer who signs letters: one row of `volunteers.csv`. */
export interface Volunteer {
  /** 1-based position in the CSV. */
  index: number;
  line: number;
  contact: Contact;
  language?: string;
  /** The paper they print on (the `paper` column), when it is not the run's. */
  paper?: PaperName;
  /** At most this many letters; undefined: no limit. */
  maxLetters?: number;
  /** Their letters go by post even to officials with an e-mail address (`letters_by: post`): their e-mail address is for their packet. */
  postOnly?: boolean;
  /** A PNG of the signature (for e-mailed letters), resolved against the CSV's folder. */
  signature?: string;
  personalNote?: string;
  /** Every column, for templates (`signer.<column>`). */
  values: Record<string, string>;
}

/** A volunteer who can send letters by e-mail: with an address, and not one who posts them all (`letters_by: post`). */
export const writesByEmail = (v: Volunteer): boolean => !!v.contact.email && !v.postOnly;

/** How many volunteers can write to an official who has only an e-mail address: by e-mail, with room for a letter. */
export const emailWriters = (volunteers: readonly Volunteer[]): number => volunteers.filter((v) => writesByEmail(v) && v.maxLetters !== 0).length;

/** Whether every template asks whether there is a note (`{{#if signer.personal_note}}`): only then is one left out of a letter. */
export function noteOptional(templates: readonly { uses: readonly FieldUse[] }[]): boolean {
  return templates.every((t) => t.uses.every((u) => u.root !== 'signer' || u.field !== 'personal_note' || u.guarded));
}

/**
 * Whether a volunteer's note is left out of their letter in `language`: one in another language
 * than theirs (a trial's Spanish note stood in French letters), unless the note is plainly in the
 * letter's language whatever theirs (a Belgian volunteer's Dutch cover sheet, and a note in
 * French for French letters); and one plainly in another language than the letter's, theirs
 * being the letter's or not said. A language written so that no tag is read from it ("EN/FR")
 * keeps the note in every letter. For batch, and check as batch.
 */
export function noteLeftOut(v: Volunteer, language: string, optional: boolean): boolean {
  if (!optional || !v.personalNote) return false;
  if (v.language && !languageTag(v.language)) return false;
  const letter = baseLanguage(language);
  const own = textLanguage(v.personalNote);
  if (v.language && baseLanguage(v.language) !== letter) return own !== letter;
  // In the letter's language, or none said: left out when plainly in another, one of SMALL_WORDS',
  // or, in none of them, in letters the letter's language does not write (a US trial's Vietnamese
  // note stood in English letters to senators; an English note naming "Андрей" is English).
  // (Its words in small letters: a name is in its own letters, "Best wishes from Nguyễn Thị Hương", a review's.)
  return own ? own !== letter : letter in SMALL_WORDS && OTHER_LETTERS.test(v.personalNote.split(/\s+/).filter((w) => !/^\p{Lu}/u.test(w)).join(' '));
}

/** Letters none of SMALL_WORDS' languages writes: another alphabet, or Vietnamese's own ("ơ", "ư", "ộ"). */
const OTHER_LETTERS = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Han}\p{Script=Hangul}\p{Script=Thai}\p{Script=Devanagari}\u01a0\u01a1\u01af\u01b0\u1ea4-\u1eb7\u1ebe-\u1ec7\u1ed0-\u1ee3\u1ee8-\u1ef1]/u;

/**
 * Small words of each language a note may be in, that say which it is: a note is in a language
 * when at least three of its words are that language's, and half as many again as any other's.
 */
const SMALL_WORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    en: 'the and i of to is am this that for with my have has been since you his her we are was not it as be',
    fr: "je j nous vous que qui les des est suis pas pour avec dans cette une sur mon ma mes depuis très aussi être il elle ce au aux du et à ne sont le la de en un",
    de: 'ich und der die das nicht mit für ist bin sich auch dem den ein eine seit sehr wir sie habe es zu von im',
    es: 'el la los las y que de en un una es soy por con para desde muy mi este esta su no lo del al yo',
    it: 'il di che e non per una sono con della del mi questo questa anche da molto io ho lo gli al',
    pt: 'o os as de que e não um uma em para com sou eu meu minha desde muito este esta há do da no na',
    nl: 'ik het een van de en dat is niet voor met zijn op te ook mijn wij deze al sinds er maar',
  }).map(([tag, words]) => [tag, new Set(words.split(' '))]),
);

/** The language a text is plainly in (`SMALL_WORDS`), or undefined. */
export function textLanguage(text: string): string | undefined {
  const words = text.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  const scores = Object.entries(SMALL_WORDS)
    .map(([tag, small]) => [tag, words.filter((w) => small.has(w)).length] as const)
    .sort((a, b) => b[1] - a[1]);
  const [[tag, best], [, next]] = [scores[0]!, scores[1]!];
  return best >= 3 && best >= 1.5 * next ? tag : undefined;
}

/** What a volunteer signs as: their contact, and every column of their row for the template. */
export function volunteerSigner(v: Volunteer): Contact {
  return { ...v.values, ...v.contact, personal_note: v.personalNote ?? '' } as Contact;
}

export interface VolunteerList {
  file: string;
  volunteers: Volunteer[];
  /** The CSV's columns (normalised). */
  columns: string[];
  /** What a template may read of a volunteer as `signer.<field>`: the columns, and the contact's fields. */
  fields: string[];
}

/**
 * The template's `signer.<field>`s that no volunteer can have: the volunteers CSV has no such
 * column (a misspelling, "personal_not"). One error at the template line, also where it is only
 * asked (`{{#if signer.personal_not}}`: always false, the note would never print).
 */
export function signerColumnProblems(uses: readonly FieldUse[], list: VolunteerList): Problem[] {
  const said = new Set<string>();
  return uses.flatMap((u) => {
    const field = u.field.split('.')[0]!;
    const at = `${u.location.file}:${u.location.line}:${field}`;
    if (u.root !== 'signer' || !field || list.fields.includes(field) || said.has(at)) return [];
    said.add(at);
    return [{
      location: u.location,
      message: `the template uses signer.${field}, but ${list.file} has no column "${field}"${meantIn(field, list.fields)}`,
      hint: `the volunteers' columns: ${list.columns.join(', ')}`,
    }];
  });
}

/** " (did you mean x?)": a field near one of `fields`, or one of them in another language ("signer.nombre": name). */
function meantIn(field: string, fields: readonly string[]): string {
  const meant = signerFieldInAnyLanguage(field);
  return meant && meant !== field && fields.includes(meant) ? ` (did you mean "${meant}"?)` : suggest(field, [...fields]);
}

/**
 * Values the template prints about the signer, which a volunteer lacks (their columns are there:
 * see signerColumnProblems). Not on the template lines of `misspelt` fields: what
 * `{{#if signer.personal_not}}{{signer.personal_note}}{{/if}}` prints is its misspelling's doing.
 */
export function signerValueProblems(uses: readonly FieldUse[], v: Volunteer, list: VolunteerList, misspelt: readonly Problem[] = []): Problem[] {
  const signer = volunteerSigner(v);
  const skip = new Set(misspelt.map((p) => `${p.location?.file}:${p.location?.line}`));
  const out: Problem[] = [];
  for (const u of uses) {
    if (u.root !== 'signer' || u.guarded || u.role === 'condition' || !list.fields.includes(u.field.split('.')[0]!)) continue;
    if (skip.has(`${u.location.file}:${u.location.line}`)) continue;
    if (isEmpty(valueAt(signer, u.field.split('.')))) {
      out.push({
        location: { file: list.file, line: v.line },
        message: `${v.contact.name || 'this volunteer'} has no "${u.field}", but the template prints {{signer.${u.field}}} (${u.location.file}:${u.location.line})`,
        hint: `fill in the column, or wrap it in {{#if signer.${u.field}}}...{{/if}} in the template`,
      });
    }
  }
  return out;
}

/** The columns of a volunteers CSV that a recipients CSV has not. */
const VOLUNTEER_COLUMNS = ['paper', 'max_letters', 'signature', 'personal_note', 'letters_by'];
/** Columns of a list of officials: a volunteers CSV with a greeting or a government, or a position and another of these, is one. */
const OFFICIAL_COLUMNS = ['salutation', 'government', 'position', 'organisation', 'title'];

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A volunteers CSV with errors, and its volunteers as read: check says their warnings too (one
 * input's errors do not hide another's, nor a row's another row's: a US trial's volunteer without
 * a state was said only once another's ZIP code was mended).
 */
export class VolunteersError extends InputError {
  constructor(
    problems: Problem[],
    readonly volunteers: Volunteer[],
  ) {
    super(problems);
  }
}

/**
 * Reads and checks `volunteers.csv` (name, address lines, city, postcode, country, email,
 * language, paper, max_letters, signature, personal_note); every bad row is reported at once.
 */
export function loadVolunteers(file: string, options: ReadCsvOptions = {}, signerReads: ReadonlySet<string> = new Set()): VolunteerList {
  const table = loadRecipients(file, { ...options, what: 'volunteers CSV', pathHint: 'check --volunteers' });
  // A header misspelt, or one that says it holds the street ("Home address"): read as a column of
  // the user's own, the volunteer's letters would go out with half a return address.
  const own = new Set([...VOLUNTEER_COLUMNS, ...signerReads]);
  const problems: Problem[] = [
    ...misspeltColumns(table, own),
    ...columnsLookingLike(table, own, { severity: 'error', without: 'the volunteers\' letters would go without it in their return address' }),
  ].map((p) => ({ ...p, code: 'volunteer' }));
  // The officials' list given as the volunteers' (a trial's): its officials would sign the letters,
  // and their packets be e-mailed to the officials written to.
  const officials = OFFICIAL_COLUMNS.filter((c) => table.columns.includes(c));
  if (officials.includes('salutation') || officials.includes('government') || (officials.includes('position') && officials.length >= 2)) {
    throw new InputError({
      location: { file, line: table.headerLine ?? 1 },
      message: `this looks like a list of officials, not of volunteers: it has the column${officials.length > 1 ? 's' : ''} ${officials.map((c) => table.headers[c] ?? c).join(', ')}`,
      hint: '--volunteers names the people who sign and post the letters (name, address, e-mail); the officials are the case file\'s recipients',
    });
  }
  if (!table.columns.includes('name') && !table.columns.includes('first_name')) {
    throw new InputError({
      location: { file, line: table.headerLine ?? 1 },
      message: 'missing column name',
      hint: `columns found: ${table.columns.join(', ')}`,
    });
  }
  const volunteers: Volunteer[] = [];
  const noCountryColumn: number[] = []; // lines of volunteers with an address, in a file without the column
  for (const row of table.rows) {
    const v = row.values;
    const at = { file, line: row.line };
    const name = personalName(v);
    if (!name) problems.push({ location: at, message: 'this volunteer has no name', hint: 'every letter is signed by name: fill it in or delete the row' });
    const lost = rowValueProblem(v, table.headers, at);
    if (lost) problems.push({ ...lost, code: 'volunteer' });
    const postcode = postcodeProblem(v, at); // (their return address)
    if (postcode) problems.push({ ...postcode, code: 'volunteer' });
    const email = v.email ?? '';
    const badEmail = emailFinding(email, at);
    if (badEmail) problems.push({ ...badEmail, code: 'volunteer' });
    let maxLetters: number | undefined;
    if (v.max_letters) {
      maxLetters = Number(v.max_letters);
      if (!Number.isInteger(maxLetters) || maxLetters < 0) {
        problems.push({ location: at, message: `max_letters "${v.max_letters}" is not a whole number`, hint: 'leave it empty for no limit' });
      }
    }
    const by = (v.letters_by ?? '').trim().toLowerCase();
    if (by && !['post', 'email', 'e-mail'].includes(by)) problems.push({ location: at, message: `letters_by "${v.letters_by}" is neither post nor email`, hint: 'write post for letters on paper only (the e-mail address is then for the packet), or leave it empty' });
    const paper = paperNamed(v.paper);
    if (paper === null) problems.push({ location: at, message: `paper "${v.paper}" is neither a4 nor letter`, hint: 'write a4, or letter for US Letter; leave it empty for the run\'s paper (--paper)' });
    let signature: string | undefined;
    if (v.signature) {
      signature = path.resolve(path.dirname(file), v.signature);
      const why = pngProblem(signature);
      if (why) problems.push({ location: at, message: `the signature "${v.signature}" ${why}`, hint: 'a PNG image, with a path relative to the volunteers CSV' });
    }
    const place = withCountry({ address: streetLines(v), country: v.country || undefined });
    if (lacksCountry(place)) {
      // A file without the column (a form that never asked) is said once, at its header.
      if (!table.columns.includes('country')) noCountryColumn.push(row.line);
      else problems.push({ location: at, message: `this volunteer ${NO_COUNTRY}`, hint: 'fill in the country column (the country they post from)' });
    }
    volunteers.push({
      index: row.index,
      line: row.line,
      contact: {
        name,
        address: place.address,
        city: v.city || undefined,
        region: v.region || undefined,
        postcode: v.postcode || undefined,
        country: place.country,
        email: email || undefined,
      },
      // A language may be written as its name, as in the officials' list ("Español", "castellano").
      language: languageTag(v.language) ?? (v.language || undefined),
      paper: paper ?? undefined,
      maxLetters,
      postOnly: by === 'post' || undefined,
      signature,
      personalNote: v.personal_note || undefined,
      values: v,
    });
  }
  if (noCountryColumn.length) {
    problems.push({
      location: { file, line: table.headerLine ?? 1 },
      message: `the volunteers CSV has addresses but no country column (${noCountryColumn.length === 1 ? `line ${noCountryColumn[0]}` : `${noCountryColumn.length} volunteers`}): the return addresses would lack it, and every letter would be addressed as going abroad`,
      hint: `add a "country" column: the country each volunteer posts from`,
    });
  }
  problems.push(...duplicateVolunteers(volunteers.filter((v) => v.contact.name), file));
  if (problems.length) throw new VolunteersError(problems, volunteers);
  return { file, volunteers, columns: table.columns, fields: [...new Set([...SIGNER_FIELDS, ...table.columns, ...(table.also ?? [])])] };
}

/** A paper as a volunteer writes it ("A4", "Letter", "US Letter"); undefined when empty, null when it is neither. */
function paperNamed(value: string | undefined): PaperName | undefined | null {
  const v = (value ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (!v) return undefined;
  if (v === 'a4') return 'a4';
  if (v === 'letter' || v === 'us letter' || v === 'us-letter') return 'letter';
  return null;
}

/**
 * A volunteer listed twice: batch would deal them out twice the letters. ("Weissmüller" is
 * "Weißmüller" here; their recorded key, volunteerKey, keeps the ß as it always has.)
 */
function duplicateVolunteers(volunteers: Volunteer[], file: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, Volunteer>();
  const mailboxes = new Map<string, Volunteer>();
  for (const v of volunteers) {
    // ("Schaefer" is "Schäfer", as German writes it without the umlaut; "Meier" is not "Meyer".)
    const key = officialKeyOf(v.contact.name).replace(/([aou])e/g, '$1');
    const first = seen.get(key);
    if (first) {
      problems.push({ code: 'duplicate', location: { file, line: v.line }, message: `${v.contact.name} is listed twice (first at line ${first.line}${first.contact.name === v.contact.name ? '' : `, as ${first.contact.name}`})`, hint: 'delete one of the rows; if they are two people, tell them apart in the name (add an initial)' });
      continue;
    }
    seen.set(key, v);
    // Two volunteers who write from one mailbox: the officials would have two letters from it.
    const email = v.contact.email?.trim().toLowerCase();
    const sharing = email ? mailboxes.get(email) : undefined;
    if (sharing) {
      problems.push({
        code: 'duplicate',
        location: { file, line: v.line },
        message: `${v.contact.name} has the e-mail address of ${sharing.contact.name} (line ${sharing.line}): the officials would have two letters from one mailbox`,
        hint: 'give each volunteer their own address; a volunteer without one writes by post',
      });
    } else if (email) mailboxes.set(email, v);
  }
  return problems;
}

function pngProblem(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(8);
    const n = readSync(fd, head, 0, 8, 0);
    return n === 8 && head.equals(PNG_MAGIC) ? undefined : 'is not a PNG image';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Who is who between runs, for batch's recorded assignments: a volunteer by name, an official by
 * name and position. Addresses and e-mail addresses get corrected; that must not hand a letter on.
 * A volunteer as batch tells them apart: by name, case, spacing and accents aside.
 */
export const volunteerKey = (v: Volunteer) => nameKey(v.contact.name);
/**
 * An official as batch tells them apart: name without the title (a title gets corrected, "Lic."
 * to "Dra."), and position; without a name, position and organisation (the Presidente of the
 * Senado is not the Presidente of the Cámara).
 */
export function officialKey(r: Recipient): string {
  const v = r.values;
  const personal = personalName(v);
  return personal ? `${nameKey(personal)}|${nameKey(v.position)}` : `${nameKey(v.position || v.organisation || v.title)}|${nameKey(v.organisation)}|${nameKey(v.position)}`;
}
/** The key batch recorded before 2026-11-29, with the title: what an earlier assignments.csv may hold. */
export const titledOfficialKey = (r: Recipient) => `${nameKey(officialName(r.values))}|${nameKey(r.values.position)}`;

/**
 * An official listed twice: batch refuses it (each official gets letters from different
 * volunteers), and `check --volunteers` says so as batch would. (A volunteer listed twice is
 * refused when the volunteers are read.)
 */
export function duplicateOfficials(officials: Recipient[], recipientsFile: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, Recipient>();
  for (const r of officials) {
    const key = officialKey(r).toUpperCase().toLowerCase(); // (WEISS is Weiß)
    const first = seen.get(key);
    if (first) problems.push({ location: { file: recipientsFile, line: r.line }, message: `this official is listed twice (first at line ${first.line})`, hint: 'delete one of the rows: each official gets letters from different volunteers' });
    else seen.set(key, r);
  }
  return problems;
}
