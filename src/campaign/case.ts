import { plainLetters } from '../render/names.js';
import path from 'node:path';
import { z } from 'zod';
import { InputError, type Location, type Problem } from '../errors.js';
import { CONTACT_FIELDS, contactFields, contactSchema, lacksCountry, NO_COUNTRY, withCountry, type Contact } from './contact.js';
import { compareDates, dateHint, parseDate, readDate, showOrder, type OrderShown } from './dates.js';
import { readYamlFile, valueAt } from './yamlfile.js';
import { nearest } from '../suggest.js';
import { countryCode, nearestCountry } from '../render/countries.js';
import { nameKey } from '../render/address.js';
import { placeholderIn, postcodeProblem, yamlValueProblem } from './campaign.js';

const dateField = z
  .union([z.string(), z.date()])
  .refine((v) => parseDate(v) !== undefined, 'not a date written YYYY-MM-DD')
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()));

const caseSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/i, 'must be letters, digits, "-", "_" or "." (it names the output folder)'),
    name: z.string().trim().min(1, 'must not be empty'),
    country: z.string().trim().min(1, 'must not be empty'),
    detained: dateField.optional(),
    released: dateField.optional(),
    status: z.enum(['active', 'released'], { error: 'must be "active" or "released"' }).default('active'),
    charges: z.string().optional(),
    summary: z.string().optional(),
    ask: z.string().optional(),
    recipients: z.string().optional(),
    // The recipients CSV's encoding, when it is not UTF-8 (Excel on Windows: windows-1252).
    encoding: z.string().trim().min(1, 'must not be empty').optional(),
    template: z.string().optional(),
    templates: z.record(z.string(), z.string()).optional(),
    // Governments written to besides the case's country and the group's own (a country the
    // prisoner may be sent to, an ally that could press for them).
    other_governments: z
      .union([z.string(), z.array(z.string())], { error: 'must be a country or a list of countries' })
      .optional()
      .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v])).map((c) => c.trim()).filter(Boolean)),
    sender: contactSchema.optional(),
  })
  .passthrough();

export interface CaseFile {
  file: string;
  id: string;
  name: string;
  country: string;
  status: 'active' | 'released';
  /** The recipients CSV and template named by the case, resolved against the case file's folder. */
  recipientsPath?: string;
  /** The encoding of that CSV (`encoding:`), when it is not UTF-8. */
  encoding?: string;
  templatePath?: string;
  /** Templates for the rows of a language (`templates: {de: brief.hbs}`), by lower-case language tag, resolved. */
  templatePaths: Map<string, string>;
  sender?: Contact;
  /** Governments written to besides the case's country and the sender's (`other_governments:`). */
  otherGovernments: string[];
  /** Every field of the case as the template sees it (`case.<field>`). */
  data: Record<string, unknown>;
  /** Line of a field in the case file, for messages. */
  locate(field: string): Location;
  /**
   * The fields that are wrong, by their top-level name (`detained`, `sender`), in a case file read
   * with problems (readCase): left out of `data`, and what depends on them is not checked. None in
   * a case file letters are made with.
   */
  broken?: ReadonlySet<string>;
}

/**
 * The fields letters itself reads when they are there, by the kind of value each holds (the
 * required ones say so when missing; `charges`, `summary`, `ask` are read by the template, whose
 * check names a misspelling of them). A sender's fields are text.
 */
const READ_FIELDS: Record<string, 'text' | 'mapping'> = {
  recipients: 'text', template: 'text', templates: 'mapping', status: 'text', detained: 'text', released: 'text', sender: 'mapping',
  other_governments: 'text', encoding: 'text',
};
const SENDER_FIELDS = Object.fromEntries(Object.keys(contactFields.shape).filter((k) => k !== 'name').map((k) => [k, 'text' as const]));

/**
 * Case fields letters reads, as Spanish, French, German and Portuguese write them (accents taken
 * off; not those that are English words too, "situation", "detention": a field of the user's own):
 * their English names are the ones read.
 */
const TRANSLATED: Record<string, string> = Object.fromEntries(
  Object.entries({
    status: 'estado situacion statut situacao',
    detained: 'detenido detenida detencion fecha_de_detencion detenu detenue date_d_arrestation festgenommen inhaftiert verhaftet detido detida prisao',
    released: 'liberado liberada liberacion libere liberee freigelassen freilassung libertado libertada',
    recipients: 'destinatarios destinataires empfanger empfaenger',
    template: 'plantilla modelo modele vorlage',
    name: 'nombre nom nome',
    country: 'pais pays',
  }).flatMap(([field, words]) => words.split(' ').map((w) => [w, field])),
);
/**
 * What to write for a status written in another language ("ativo", "libertado": a Brazilian
 * trial's), as its field's name is said: the field's words are English.
 */
function statusHint(value: unknown): string {
  const text = plainLetters(String(value ?? '')).toLowerCase();
  const meant = /^(?:liber|libre|released|free|frei|excarcelad|solt|rilasciat)/.test(text) ? 'released' : /^(?:activ|ativ|actif|aktiv|attiv|detenid|detenu|inhaftiert|pres[oa]|encarcelad)/.test(text) ? 'active' : undefined;
  return meant ? `write it "status: ${meant}" (the field's words are English: active, or released)` : 'write "status: active" for a prisoner still held, "status: released" once freed';
}

/**
 * Whether a value is what the field would hold: a status word, a date, a file. "estado: Oaxaca"
 * (a Mexican state) or "prisao: Presidio Central" is a field of the user's own.
 */
function holdsWhat(field: string, value: unknown): boolean {
  const text = plainKey(String(value instanceof Date ? value.toISOString() : value ?? ''));
  if (field === 'status') return /^(?:activ|actif|aktiv|liber|libre|released|free|frei|excarcelad|detenid|detenu|inhaftiert|preso|presa|encarcelad|en_libertad|en_prision)/.test(text);
  if (field === 'detained' || field === 'released') return /\d{4}/.test(text);
  return /\.(?:csv|tsv|txt|hbs)$/.test(text);
}
const plainKey = (key: string) => plainLetters(key).replace(/[\s-]+/g, '_');

/**
 * Fields that look like a misspelling of one letters reads and the file lacks ("recipents" for
 * "recipients", "sender.adress", "Status"): silently, the letters would go without it. One letter
 * off, and holding the kind of value the field holds ("gender: male" is not a sender); a field
 * whose words include a known one ("detained_by") is the user's own.
 */
function misspeltFields(raw: Record<string, unknown>): [string, string][] {
  const found: [string, string][] = [];
  const look = (data: Record<string, unknown>, known: Record<string, 'text' | 'mapping'>, prefix: string) => {
    const names = Object.keys(known);
    for (const [key, value] of Object.entries(data)) {
      if (key in known) continue;
      const kind = value !== null && typeof value === 'object' && !(value instanceof Date) ? (Array.isArray(value) ? 'list' : 'mapping') : 'text';
      const absent = names.filter((k) => data[k] === undefined && (known[k] === kind || (k === 'address' && kind === 'list')));
      const lower = key.toLowerCase();
      const translated = prefix === '' && absent.includes(TRANSLATED[plainKey(key)] ?? '') && holdsWhat(TRANSLATED[plainKey(key)]!, value) ? TRANSLATED[plainKey(key)] : undefined;
      const meant = absent.includes(lower) ? lower : translated ?? (key.split(/[_.\s-]+/).some((w) => w.toLowerCase() in known) ? undefined : nearest(key, absent, 1));
      if (meant) found.push([prefix + key, prefix + meant]);
    }
  };
  look(raw, READ_FIELDS, '');
  const sender = raw.sender;
  if (sender && typeof sender === 'object' && !Array.isArray(sender)) look(sender as Record<string, unknown>, SENDER_FIELDS, 'sender.');
  return found;
}

/**
 * Reads a case file and throws every problem it has at once (`readCase`, for runs that go on to
 * the other inputs).
 */
export function loadCase(file: string): CaseFile {
  const { caseFile, problems } = readCase(file);
  if (problems.length) throw new InputError(problems);
  return caseFile;
}

/**
 * A case file read as far as it can be, with every problem it has. Throws only when it is no case
 * file at all (it cannot be read, is not YAML, is not a mapping of fields). A field that is wrong
 * is left out of the case (its value unusable, or missing) and named in `broken`: the CSV and the
 * template it names can still be checked, by what does not depend on that field.
 */
export function readCase(file: string): { caseFile: CaseFile; problems: Problem[] } {
  const yaml = readYamlFile(file, 'case file');
  if (typeof yaml.data !== 'object' || yaml.data === null || Array.isArray(yaml.data)) {
    throw new InputError({
      location: { file },
      message: 'a case file must be a mapping of fields (id, name, country, ...)',
      hint: 'see "Case file" in the README for an example',
    });
  }
  // An empty value (`released:`) is the same as no value.
  const raw = Object.fromEntries(Object.entries(yaml.data).filter(([, v]) => v !== '' && v !== null));
  const problems: Problem[] = [];
  // The fields a problem makes unusable (a sender's field: the sender), by their top-level name.
  const broken = new Set<string>();
  const parsed = caseSchema.safeParse(raw);
  for (const [key, meant] of misspeltFields(raw)) {
    const field = meant.split('.').pop();
    const capitals = key.toLowerCase() === meant;
    const translated = TRANSLATED[plainKey(key)] === meant;
    broken.add(meant.split('.')[0]!);
    problems.push({
      location: yaml.locate(key.split('.')),
      message: capitals
        ? `case field "${key}" is written with capitals: the case file's fields are in lower case`
        : translated
          ? `case field "${key}" is "${meant}" in another language, which the case file lacks: letters reads its fields by their English names`
          : `case field "${key}" looks like a misspelling of "${meant}", which the case file lacks`,
      hint: capitals || translated ? `write it "${field}:"` : `rename it "${field}:" (a field of your own for the template needs a name further from "${meant}")`,
    });
  }
  for (const issue of parsed.error?.issues ?? []) {
    const field = issue.path.map(String).join('.');
    broken.add(String(issue.path[0]));
    const missing = issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined;
    // A field that is missing because it is misspelt: said where the misspelling is.
    const misspelt = missing && issue.path.length === 1 ? (Object.keys(raw).find((k) => TRANSLATED[plainKey(k)] === field) ?? nearest(field, Object.keys(raw))) : undefined;
    if (issue.code === 'custom') {
      // A date that is none, or could be either of two ("05/10/2001"): how to write it.
      const value = valueAt(raw, issue.path);
      const twoWays = !!readDate(String(value)).readings;
      problems.push({
        location: yaml.locate(issue.path as (string | number)[]),
        message: `case field "${field}" is "${String(value)}", ${twoWays ? 'a date that can be read two ways' : issue.message}`,
        hint: dateHint(value, twoWays ? caseDateOrder(raw, field) : {}),
      });
      continue;
    }
    problems.push({
      location: yaml.locate((misspelt ? [misspelt] : issue.path) as (string | number)[]),
      message: missing
        ? `case field "${field}" is required${misspelt ? ` (is "${misspelt}" meant to be "${field}"?)` : ''}`
        : `case field "${field}" ${issue.code === 'invalid_type' ? `must be ${issue.expected === 'string' ? 'text' : issue.expected}` : issue.message}`,
      hint: missing ? (misspelt ? `rename "${misspelt}:" to "${field}:"` : `add "${field}:" to the case file`) : field === 'status' ? statusHint(valueAt(raw, issue.path)) : undefined,
    });
  }
  // The fields as the schema makes them, those that are wrong left out (a misspelt one is missing already).
  const c = (parsed.success ? parsed.data : readableFields(raw, broken)) as CaseData;
  const ok = (field: string) => !broken.has(field);
  if (ok('name') && /[\r\n\u2028\u2029]/.test(c.name)) {
    problems.push({ location: yaml.locate(['name']), message: 'case field "name" must be one line: it is in the subject of e-mails and the heading of cover sheets', hint: 'write the name on one line' });
  }
  const detained = ok('detained') ? parseDate(c.detained) : undefined;
  const released = ok('released') ? parseDate(c.released) : undefined;
  if (detained && released && compareDates(released, detained) < 0) {
    problems.push({
      location: yaml.locate(['released']),
      message: `case field "released" (${c.released}) is before "detained" (${c.detained})`,
      hint: 'check both dates',
    });
  }
  let sender = ok('sender') && c.sender ? withCountry(c.sender) : undefined;
  if (sender && lacksCountry(sender, true)) {
    problems.push({ location: yaml.locate(['sender']), message: `the case's sender ${NO_COUNTRY}`, hint: 'add "country:" to the sender (the country the group posts from)' });
    // (Whether a letter goes abroad, and whose officials are the group's own, are not known.)
    broken.add('sender');
    sender = undefined;
  }
  // The return address of every letter: a postcode a spreadsheet or a copy cut ("6700" in Mexico) is said as a row's is.
  const postcode = sender && postcodeProblem(sender, yaml.locate(['sender', 'postcode']), false);
  if (postcode) problems.push(postcode);
  // "&amp;" pasted from a web page's source, or "#N/A" from a spreadsheet, in a field the letters
  // print; a placeholder ("TBD") in one letters prints itself. The first of each field.
  for (const [key, value] of Object.entries(yaml.data)) {
    const entity = yamlValueProblem(value, yaml.locate, 'case field', [key]);
    if (entity) problems.push(entity);
  }
  for (const field of [['name'], ['country'], ['charges'], ['summary'], ...CONTACT_FIELDS.map((k) => ['sender', k])]) {
    const placeholder = placeholderIn(yaml.data, [field], yaml.locate, 'case field');
    if (placeholder) problems.push(placeholder);
  }
  const otherGovernments = ok('other_governments') ? c.other_governments : [];
  otherGovernments.forEach((country, i) => {
    if (countryCode(country)) return;
    const meant = nearestCountry(country);
    // (An official of the government meant would be called one of another government.)
    broken.add('other_governments');
    problems.push({
      location: yaml.locate(Array.isArray((yaml.data as Record<string, unknown>).other_governments) ? ['other_governments', i] : ['other_governments']),
      message: `"${country}" in other_governments is not a country letters knows`,
      hint: meant ? `did you mean ${meant}?` : 'write each country in English (or French), or as its two-letter code',
    });
  });
  const dir = path.dirname(file);
  const templatePaths = new Map<string, string>();
  for (const [language, template] of Object.entries((ok('templates') && c.templates) || {})) {
    const tag = languageTag(language);
    if (!tag) {
      // (Which rows it was meant for is not known: rows are then not matched to templates by language.)
      broken.add('templates');
      problems.push({
        location: yaml.locate(['templates', language]),
        message: `"${language}" in templates is not a language`,
        hint: 'name each template by the language of the rows it is for, as the recipients\' language column gives it: de, fr, pt-BR',
      });
      continue;
    }
    templatePaths.set(tag, path.resolve(dir, template));
  }
  return {
    problems,
    caseFile: {
      file,
      id: c.id ?? '',
      name: c.name ?? '',
      country: c.country ?? '',
      status: c.status ?? 'active',
      recipientsPath: c.recipients ? path.resolve(dir, c.recipients) : undefined,
      encoding: c.encoding,
      templatePath: c.template ? path.resolve(dir, c.template) : undefined,
      templatePaths,
      sender,
      otherGovernments: broken.has('other_governments') ? [] : otherGovernments,
      // (Without the fields that are wrong: a status written "Released" is not taken for active.)
      data: broken.size ? Object.fromEntries(Object.entries(c).filter(([k]) => !broken.has(k))) : (c as Record<string, unknown>),
      locate: (field) => yaml.locate(field.split('.')),
      ...(broken.size ? { broken } : {}),
    },
  };
}

type CaseData = z.infer<typeof caseSchema>;

/**
 * The fields of a case file the schema refused, but for the `broken` ones, each as the schema
 * makes it (a date trimmed, `status` active by default); fields of the user's own as written.
 */
function readableFields(raw: Record<string, unknown>, broken: ReadonlySet<string>): Partial<CaseData> {
  const shape = caseSchema.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!(key in shape) && !broken.has(key)) out[key] = value;
  for (const [key, schema] of Object.entries(shape)) {
    if (broken.has(key)) continue;
    const field = schema.safeParse(raw[key]);
    if (field.success && field.data !== undefined) out[key] = field.data;
  }
  return out as Partial<CaseData>;
}

/** Whether any of these fields of the case file is wrong (see readCase): what depends on it is not checked. */
export function caseBroken(caseFile: CaseFile | undefined, ...fields: string[]): boolean {
  return !!caseFile?.broken && fields.some((f) => caseFile.broken!.has(f));
}

/**
 * The order of day and month the case file's other dates show ("detained: 23/10/2001": the day
 * first), for the hint of one that could be read either way.
 */
export function caseDateOrder(data: unknown, except: string): OrderShown {
  const shown: OrderShown = {};
  if (data && typeof data === 'object') for (const [k, v] of Object.entries(data)) if (k !== except && typeof v === 'string') showOrder(shown, v, `"${k}: ${v.trim()}"`);
  return shown;
}

/**
 * A language as a row or the case file writes it, as a lower-case tag: a code ("DE", "de_AT",
 * "pt-br") or its name in English, French, German, Spanish, Portuguese, Italian, Dutch or itself
 * ("German", "Español", "castellano", "Deutsch"); undefined when it is neither ("French" is no
 * code, though it has the letters of one).
 */
export function languageTag(value: string | undefined): string | undefined {
  const v = value?.trim().replace(/_/g, '-');
  if (!v) return undefined;
  // A list holds a few languages, on many rows.
  if (tags.has(v)) return tags.get(v);
  if (tags.size >= 1000) tags.clear();
  const tag = tagOf(v);
  tags.set(v, tag);
  return tag;
}
const tags = new Map<string, string | undefined>();

function tagOf(v: string): string | undefined {
  if (/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(v)) {
    try {
      const tag = Intl.getCanonicalLocales(v)[0]!.toLowerCase();
      const language = tag.split('-')[0]!;
      return (english ??= new Intl.DisplayNames(['en'], { type: 'language' })).of(language) === language ? undefined : tag;
    } catch {
      return undefined;
    }
  }
  return languageNames().get(nameKey(v));
}
let english: Intl.DisplayNames | undefined;

const OWN_NAMES = ['de', 'es', 'fr', 'it', 'pt', 'nl', 'ru', 'uk', 'ar', 'fa', 'tr', 'pl', 'el', 'sv', 'da', 'nb', 'fi', 'cs', 'hu', 'ro', 'he', 'zh', 'ja', 'ko', 'id', 'vi', 'th', 'hi', 'ur', 'sw', 'az', 'uz', 'kk'];
let names: Map<string, string> | undefined;
/** The names of the languages with two-letter codes, in the languages groups write in; made when first asked. */
function languageNames(): Map<string, string> {
  if (names) return names;
  names = new Map([['castellano', 'es'], ['farsi', 'fa']]);
  const add = (d: Intl.DisplayNames, code: string) => {
    const name = d.of(code);
    // (By the code a case's templates: key is read as: "mo" is ro, Romanian.)
    if (name && name !== code && !names!.has(nameKey(name))) names!.set(nameKey(name), Intl.getCanonicalLocales(code)[0]!.toLowerCase());
  };
  for (const d of ['en', 'fr', 'de', 'es', 'pt', 'it', 'nl'].map((l) => new Intl.DisplayNames([l], { type: 'language' }))) {
    for (let a = 97; a <= 122; a++) for (let b = 97; b <= 122; b++) add(d, String.fromCharCode(a, b));
  }
  // Each language's own name, for those most letters are written in ("Deutsch", "Русский").
  for (const code of OWN_NAMES) add(new Intl.DisplayNames([code], { type: 'language' }), code);
  return names;
}

