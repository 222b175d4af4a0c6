import type { Location, Problem } from '../errors.js';
import { NOT_ASCII } from '../render/script.js';
import { displayName, officialKeyOf, personalName, postcodeRegions, recipientLabel, recipientName, regionInCity, streetLines, westernDigits } from '../render/address.js';
import { countryCode, countryKey, countryName, englishCountryName, nearestCountry, writtenAsItsName } from '../render/countries.js';
import { baseLanguage, closingFor, greetingExamples, knowsLanguage, KNOWN_LANGUAGES, salutationFor, salutationLanguage } from '../render/helpers.js';
import { caseBroken, languageTag, type CaseFile } from './case.js';
import type { Contact } from './contact.js';
import { allTemplates, templateFor, templateReads, type LetterTemplate, type TemplateChoice } from './template.js';
import { columnsLookingLike, type Recipient, type RecipientList } from './recipients.js';
import { hash53 } from '../hash.js';
import { editDistance } from '../suggest.js';
import { arabicRespelling, inArabicLetters, latinName, nameSounds, plainLetters, soundsOfLatin } from '../render/names.js';

/** A warning: a Problem whose severity and code are said. */
export type Warning = Problem & { severity: 'warning'; code: string };

/**
 * A name and address as two rows give them, spaces, case and accents aside ("12  Main St" is "12
 * Main St"; "WEISS" is "Weiß", as the ledger has it; "NUNEZ" is "Núñez"), and the country however
 * written: two rows with one key are one official at one address. And the same with the name
 * however it is spelt ("Alexander Lukashenko" for "Aljaksandr Lukaschenka", `nameSounds`): the
 * same official, written twice.
 */
export function postalKeys(v: Record<string, string>): [written: string, sounds: string, named: string] {
  // (The city and region as one: "Washington, DC" in the city column is Washington in DC; the
  // name without its title, "Hon." or not; the postcode without spaces, "k1a0a6" is "K1A 0A6".)
  const name = personalName(v) || recipientName(v);
  const address = postalPlace(v);
  // And the name written in other letters, in the same position, wherever the address: "Yilmaz
  // Tunc, Adalet Bakanı" at the ministry's old address is "Yılmaz Tunç, Adalet Bakanı" at its new.
  const latin = latinName(name);
  const named = name.trim() && v.position?.trim() ? `${latin}|${keyText(v.position.trim())}` : '';
  return [`${keyText(name.trim())}|${address}`, `${soundsOfLatin(latin)}|${address}`, named];
}

/** A row's position, organisation and address as postalKeys compares them (without the name). */
function postalPlace(v: Record<string, string>): string {
  const parts = [v.position, v.organisation, ...streetLines(v), [v.city, v.region].join(' ').replace(/[,.]/g, ' '), westernDigits(v.postcode ?? '').postcode.replace(/[\s-]/g, '')];
  return `${keyText(parts.map((x) => (x ?? '').trim()).join('|'))}|${v.country ? countryKey(v.country) : ''}`;
}

/**
 * Rows whose officials' names are one in Arabic letters and one in Latin letters, in one position
 * at one address (by e-mail: in one position), that read as one name (`arabicRespelling`:
 * "Abderrachid Tabi" and "عبد الرشيد طبي", a French trial's list): perhaps one official, written
 * twice, which no key of the others finds (the Arabic name has no Latin letters to compare). Each
 * row's name is kept by its place, and compared with those in the other letters there: for check
 * and batch, which have every row; render and print, which read the rows a batch at a time, do not.
 */
export class OtherLetters {
  private readonly byPlace = new Map<string, { line: number; name: string; arabic: boolean }[]>();
  constructor(private readonly channel: 'post' | 'email' = 'post') {}

  /** The warning for a row whose official may be an earlier row's, the name written in the other letters (see respeltWarning). */
  warning(v: Record<string, string>, location: Location & { line: number }): Warning | undefined {
    const first = this.add(v, location.line);
    return first === undefined ? undefined : respeltWarning(location, first, this.channel === 'email' ? 'messages' : 'letters', 'written in other letters');
  }

  /** The line of an earlier row whose official this row's may be, the name written in the other letters. */
  private add(v: Record<string, string>, line: number): number | undefined {
    const name = personalName(v).trim();
    const arabic = inArabicLetters(name);
    if (!v.position?.trim() || !(arabic || /[a-z]/.test(plainLetters(name)))) return undefined;
    const place = this.channel === 'email' ? keyText(v.position.trim()) : postalPlace(v);
    const rows = this.byPlace.get(place) ?? [];
    const first = rows.find((r) => r.arabic !== arabic && arabicRespelling(r.name, name) !== undefined);
    rows.push({ line, name, arabic });
    this.byPlace.set(place, rows);
    return first?.line;
  }
}

/** The warning for a row with the name (written in other letters) and position of an earlier one, at another address. */
export function movedWarning(location: Location, firstLine: number): Warning {
  return {
    severity: 'warning',
    code: 'duplicate',
    location,
    message: `perhaps the same official as on line ${firstLine} (the same name and position, at another address): they would get two letters`,
    hint: 'if it is one official, delete the row with the address that is not right; two officials of one name in one position are right as they are',
  };
}

/** Text as a key: spacing, case and accents do not count. */
function keyText(text: string): string {
  if (!NOT_ASCII.test(text)) return text.replace(/\s+/g, ' ').toLowerCase(); // (every row's name and address, for most nothing more to fold)
  const lower = text.replace(/\s+/g, ' ').toUpperCase().toLowerCase();
  // Arabic's yeh and kaf are Persian's ye and keheh, typed on another keyboard; a zero-width non-joiner is no letter.
  const folded = /[\u0600-\u06ff\u200c]/.test(lower) ? lower.replace(/[\u064a\u0649]/g, '\u06cc').replace(/\u0643/g, '\u06a9').replace(/\u200c/g, '') : lower;
  return folded.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * A row whose `language` column the campaign's template is not in, and no template of the case's
 * (`templates:`) is: its letter is written in the template's language (a warning; English may be
 * right). With templates by language, a value that is no language is an error: which template
 * the row wants cannot be told.
 */
export function languageTemplateWarning(language: string, location: Location, c: TemplateChoice): Problem | undefined {
  const tag = languageTag(language);
  if (!tag) {
    if (!c.templates.size) return undefined;
    return {
      severity: 'error',
      code: 'language',
      location,
      message: `"${language}" in the language column is no language letters knows: the case has templates by language (${[...c.templates.keys()].join(', ')}), and which this row wants cannot be told`,
      hint: 'write its code (es, de, fr, pt-BR) or its name (Spanish, Deutsch)',
    };
  }
  if (templateFor(c, { language }) !== c.template || baseLanguage(tag) === baseLanguage(c.template.language)) return undefined;
  return {
    severity: 'warning',
    code: 'language',
    location,
    message: `the language "${language}" has no template of its own (${c.templates.size ? `templates: ${[...c.templates.keys()].join(', ')}` : 'this run has no templates: by language'}): these letters are written with ${c.template.file}, in ${c.template.language}`,
    hint: `add "templates: {${tag}: path/to/template.hbs}" to the case file, or leave it if ${c.template.language} is right for them`,
  };
}

/**
 * A title beside a full name: the address prints the name as written, and the title nowhere. A
 * Google Sheet's "Title" is the job title ("President of the People's Republic of China"), and a
 * title such as "H.E." would go too. Said once, at the first row with both.
 */
export function titleNotPrinted(recipients: Pick<RecipientList, 'file' | 'columns' | 'headers'>, row: Recipient): Warning | undefined {
  const v = row.values;
  if (!v.name?.trim() || !v.title?.trim() || v.name.includes(v.title.trim())) return undefined;
  const header = recipients.headers.title ?? 'title';
  return {
    severity: 'warning',
    code: 'address',
    location: { file: recipients.file, line: row.line },
    message: `the ${header} "${v.title.trim()}" is not printed: with a ${recipients.headers.name ?? 'name'} column, the address has the name as written ("${v.name.trim()}")`,
    hint: recipients.columns.includes('position')
      ? 'put the title in the name ("H.E. Islam Karimov"), or leave the name empty for title, first and last names'
      : 'a job title goes in a column named Position; a title such as "H.E." in the name ("H.E. Islam Karimov")',
  };
}

/** Parts of a name an address book keeps in columns of their own ("Middle Name", "Suffix": Outlook's, Google's). */
const NAME_PARTS = ['middle_name', 'middle_names', 'middle_initial', 'suffix', 'name_suffix', 'honorific_suffix', 'post_nominals', 'postnominals'];

/**
 * A middle name or a suffix ("M.P.", "P.C.") in a column of its own: the address prints the title,
 * first and last name only. Said once, at the first row with one, unless the template prints it.
 */
export function namePartNotPrinted(recipients: Pick<RecipientList, 'file' | 'columns' | 'headers'>, row: Recipient, reads: ReadonlySet<string>): Warning | undefined {
  const column = NAME_PARTS.find((c) => recipients.columns.includes(c) && !reads.has(c) && row.values[c]?.trim());
  if (!column) return undefined;
  const name = recipientName(row.values);
  return {
    severity: 'warning',
    code: 'address',
    location: { file: recipients.file, line: row.line },
    message: `the ${recipients.headers[column] ?? column} "${row.values[column]!.trim()}" is not printed: the address has the title, first and last name ("${name}")`,
    hint: /suffix|nominal/.test(column)
      ? 'put it after the last name ("O\'Connor, M.P."), or give the whole name in a name column'
      : 'put it in the first name ("Sarah Anne"), or give the whole name in a name column',
  };
}

/** Templates by language, and a list without a language column: every letter is written with the case's template. */
export function noLanguageColumn(recipients: Pick<RecipientList, 'file' | 'columns' | 'headerLine'>, c: TemplateChoice): Warning | undefined {
  if (!c.templates.size || recipients.columns.includes('language')) return undefined;
  return {
    severity: 'warning',
    code: 'language',
    location: { file: recipients.file, line: recipients.headerLine ?? 1 },
    message: `the case has templates by language (${[...c.templates.keys()].join(', ')}), but the list has no language column: every letter is written with ${c.template.file}`,
    hint: 'add a "language" column (de, es, fr, ...) saying which template each row gets',
  };
}

/** languageTemplateWarning for the rows of a list: its errors at every row, its warnings once per language. */
export function languageTemplateWarnings(file: string, rows: Recipient[], c: TemplateChoice): Problem[] {
  const said = new Set<string>();
  const out: Problem[] = [];
  for (const row of rows) {
    const language = row.values.language?.trim();
    if (!language || said.has(language.toLowerCase())) continue;
    const p = languageTemplateWarning(language, { file, line: row.line }, c);
    if (p?.severity !== 'error') said.add(language.toLowerCase());
    if (p) out.push(p);
  }
  return out;
}

/** A letter that runs past one page: check, render and print say it. */
export function longLetterWarning(location: Location, recipientName: string, pages: number): Warning {
  return {
    severity: 'warning',
    code: 'length',
    location,
    message: `the letter to ${recipientName} runs to ${pages} pages`,
    hint: 'a letter of concern reads best on one page: shorten the template or this row\'s values',
  };
}

/**
 * The letters of a run that go past one page: each said when there are a few, or one warning for
 * them all when there are more (a long template makes every letter two pages: one cause, not a
 * warning per row). Keeps the first few and a count, not a row per letter.
 */
export class LongLetters {
  private readonly first: { location: Location; name: string; pages: number }[] = [];
  private long = 0;
  private letters = 0;
  private most = 0;

  /** A letter laid out: `pages` long. */
  laid(location: Location, name: string, pages: number): void {
    this.letters++;
    if (pages === 1) return;
    this.long++;
    this.most = Math.max(this.most, pages);
    if (this.first.length <= SAY_EACH_LONG) this.first.push({ location, name, pages });
  }

  warnings(): Warning[] {
    if (this.long <= SAY_EACH_LONG) return this.first.map((l) => longLetterWarning(l.location, l.name, l.pages));
    const all = this.long === this.letters;
    const { location, name, pages } = this.first[0]!;
    const length = this.most === pages ? `${pages} pages` : `${pages} pages or more (up to ${this.most})`;
    return [
      {
        severity: 'warning',
        code: 'length',
        location,
        message: `${all ? `all ${this.letters} letters run` : `${this.long} of the ${this.letters} letters run`} to ${length}, the first to ${name}`,
        hint: `a letter of concern reads best on one page: shorten the template${all ? '' : " or these rows' values"}`,
      },
    ];
  }
}

/** Up to this many letters past a page are said one by one; more, in one warning (see LongLetters). */
const SAY_EACH_LONG = 3;

/** The warning for a country letters does not know: the envelope says it as written. */
export function unknownCountryWarning(values: Record<string, string>, location: Location): Warning | undefined {
  if (!values.country || countryCode(values.country) || misspeltCountry(values.country)) return undefined;
  const meant = nearestCountry(values.country);
  return {
    severity: 'warning',
    code: 'country',
    location,
    message: `letters does not know the country "${values.country}": the envelope says it as written, and whether this official is of the case's country is not checked`,
    hint: meant
      ? `did you mean ${meant}? The post office that sends the letter must read it`
      : 'check the spelling; write it in English (or French), or as its two-letter code (DE for Germany): the post office that sends the letter must read it',
  };
}

/**
 * A country that is a known one mistyped ("Untied States", "Germnay", "Egpyt": two letters swapped,
 * or one letter wrong, missing or too many): the envelope would print it so, and the letter be laid
 * out as going abroad. An error; a place letters does not know that is near one ("Somaliland",
 * "Somalia") is only said (unknownCountryWarning).
 */
export function misspeltCountry(country: string): string | undefined {
  if (countryCode(country)) return undefined;
  const meant = nearestCountry(country);
  if (!meant) return undefined;
  const [a, b] = [country.trim().toLowerCase(), meant.toLowerCase()];
  const swapped = a.length === b.length && [...a].sort().join('') === [...b].sort().join('') && [...a].filter((ch, i) => ch !== b[i]).length === 2;
  return swapped || (Math.abs(a.length - b.length) <= 1 && editDistance(a, b) <= 1) ? meant : undefined;
}

/** The error for a row whose country is a known one mistyped (see misspeltCountry). */
export function misspeltCountryProblem(values: Record<string, string>, location: Location): Problem | undefined {
  const meant = values.country ? misspeltCountry(values.country) : undefined;
  if (!meant) return undefined;
  return {
    code: 'country',
    location,
    message: `the country "${values.country!.trim()}" is ${meant} mistyped: the envelope would print it so, and the letter be laid out as going abroad`,
    hint: `write ${meant}`,
  };
}

/**
 * The warning for a case in a country letters does not know ("Brasill"): every official's country
 * is compared with it as written, so each would be said to be of another government.
 */
export function caseCountryWarning(caseFile: CaseFile): Warning | undefined {
  if (caseBroken(caseFile, 'country')) return undefined; // (missing or not text: said as the case file was read)
  if (countryCode(caseFile.country) && !writtenAsItsName(caseFile.country)) {
    return {
      severity: 'warning',
      code: 'country',
      location: caseFile.locate('country'),
      message: `the case's country "${caseFile.country}" is not how any language writes ${englishCountryName(caseFile.country)}: a template prints it as written ({{case.country}})`,
      hint: `write it ${englishCountryName(caseFile.country)}, or as the letters' language writes it`,
    };
  }
  if (countryCode(caseFile.country)) return undefined;
  const meant = nearestCountry(caseFile.country);
  return {
    severity: 'warning',
    code: 'country',
    location: caseFile.locate('country'),
    message: `letters does not know the case's country "${caseFile.country}": the officials' governments and countries cannot be checked against it`,
    hint: meant ? `did you mean ${meant}?` : 'write the country that holds the prisoner in English (or French), or as its two-letter code',
  };
}

/**
 * The warning for a template in a language letters has no words of its own in: the words it adds
 * to a letter (a salutation for a row without one, the lines a volunteer fills in, page numbers)
 * would be English. And for one written in another language than English that does not say it
 * (see wordsLanguage): its dates would be English too.
 */
export function languageWarning(template: LetterTemplate): Warning | undefined {
  if (template.unsaidLanguage) {
    // A Spanish template without "language:" made letters whose dates and greeting were English.
    const names = new Intl.DisplayNames(['en'], { type: 'language' });
    const written = names.of(template.unsaidLanguage);
    return {
      severity: 'warning',
      code: 'language',
      location: { file: template.file, line: 1 },
      message: `the template is written in ${written}, but says no language: its letters would print dates, a missing greeting and the lines letters adds in English ("19 August 2022", "${salutationFor('', 'en')}")`,
      hint: `say its language in the front matter: "language: ${template.unsaidLanguage}" (between "---" lines at the top)`,
    };
  }
  if (knowsLanguage(template.language)) return undefined;
  return {
    severity: 'warning',
    code: 'language',
    location: template.languageLocation,
    message: `letters has no words of its own in "${template.language}": a row without a salutation opens "${salutationFor('', 'en')}", a template without "closing:" ends "${closingFor('en')}", and the lines it adds (a name and address to fill in, page numbers) are in English`,
    hint: `give every row a salutation, the template a closing and the letters a signer; letters has its words in ${KNOWN_LANGUAGES}`,
  };
}

/**
 * The warning for letters that will open with the salutation letters falls back on ("Dear Sir or
 * Madam", in the letter's language): a row's is empty, or the CSV has no salutation column.
 */
export function salutationWarning(location: Location, languages: string | string[], missing: 'row' | 'column'): Warning {
  // (A campaign with templates by language opens its letters in each of theirs.)
  const [language, ...more] = [languages].flat();
  const fallback = [salutationFor('', language!), ...more.map((l) => salutationFor('', l))].filter((f, i, all) => all.indexOf(f) === i).join('" or "');
  const example = /^en\b/i.test(language!) ? '"Your Excellency" for heads of state and ambassadors' : `the form of address in the letter's language: ${greetingExamples(language!)}`;
  return missing === 'column'
    ? { severity: 'warning', code: 'salutation', location, message: `there is no salutation column: every letter will open "${fallback}"`, hint: `add a salutation column (${example})` }
    : { severity: 'warning', code: 'salutation', location, message: `the salutation is empty: the letter will open "${fallback}"`, hint: `fill it in (${example})` };
}

/** Where US Letter is the paper in the shops (the Americas but Brazil and Argentina, and the Philippines). */
const LETTER_PAPER = new Set(['US', 'CA', 'MX', 'PH', 'CO', 'CL', 'VE', 'GT', 'CR', 'DO', 'PR', 'SV', 'NI', 'HN', 'PA']);

/**
 * A template that does not say its paper (A4, then) for a group or signer that posts from a
 * country whose paper is US Letter: the letters, envelopes and labels would be for the other paper.
 */
export function paperWarning(template: LetterTemplate, paperGiven: boolean, signer: { country?: string } | undefined, sender: { country?: string } | undefined): Warning | undefined {
  const who = signer?.country?.trim() ? 'signer' : 'sender';
  const from = who === 'signer' ? signer : sender;
  const code = countryCode(from?.country);
  if (paperGiven || template.paper !== undefined || !code || !LETTER_PAPER.has(code)) return undefined;
  return {
    severity: 'warning',
    code: 'paper',
    location: { file: template.file, line: 1 },
    message: `the letters are on A4 (the template does not say its paper), but the ${who === 'signer' ? 'signer posts' : 'group posts'} from ${englishCountryName(from!.country!)}, where paper is US Letter`,
    hint: 'add "paper: letter" to the template\'s front matter (or run with --paper letter); with --paper a4 this is not said',
  };
}

/** Countries whose window envelopes often have the window on the right (NF in France and Monaco, SN 010130 in Switzerland and Liechtenstein, Belgium), not on DIN 5008's left. */
const RIGHT_WINDOW = new Set(['FR', 'MC', 'CH', 'LI', 'BE']);

/**
 * A4 letters laid out for DIN 5008's window on the left, for a signer or group posting from a
 * country whose window envelopes often have it on the right: a trial group in Lyon found their
 * letters did not fit. Not said when the run (--window, --din-form) or the template (`window:`)
 * says the side: either may be meant, so the side is never chosen by the country.
 */
export function windowWarning(template: LetterTemplate, formGiven: boolean, paper: string, signer: { country?: string } | undefined, sender: { country?: string } | undefined): Warning | undefined {
  if (formGiven || template.window !== undefined || paper !== 'a4') return undefined;
  const who = signer?.country?.trim() ? 'signer' : 'sender';
  const from = who === 'signer' ? signer : sender;
  const code = countryCode(from?.country);
  if (!code || !RIGHT_WINDOW.has(code)) return undefined;
  return {
    severity: 'warning',
    code: 'window',
    location: { file: template.file, line: 1 },
    message: `the letters are laid out for an envelope window on the left (DIN 5008), but the ${who === 'signer' ? 'signer posts' : 'group posts'} from ${englishCountryName(from!.country!)}, where window envelopes often have it on the right`,
    hint: 'for envelopes with the window on the right, add "window: right" to the template\'s front matter (or run with --window right); with "window: left" or --window left this is not said',
  };
}

/**
 * Volunteers without a paper of their own in countries of US Letter, on an A4 run: their packets
 * are on A4, which their printers may not take (a trial's 17 volunteers in Mexico heard nothing).
 */
export function volunteerPaperWarning(volunteers: readonly { line: number; paper?: string; contact: { name: string; country?: string } }[], runPaper: string, file: string): Warning | undefined {
  if (runPaper !== 'a4') return undefined;
  const there = volunteers.filter((v) => !v.paper && LETTER_PAPER.has(countryCode(v.contact.country) ?? ''));
  if (there.length === 0) return undefined;
  const names = there.slice(0, 3).map((v) => `${v.contact.name} (${englishCountryName(v.contact.country!)})`).join(', ');
  return {
    severity: 'warning',
    code: 'paper',
    location: { file, line: there[0]!.line },
    message: `${there.length === 1 ? 'a volunteer posts' : `${there.length} volunteers post`} from a country where paper is US Letter, with no paper of their own: ${names}${there.length > 3 ? ', ...' : ''}; their packets are on A4`,
    hint: 'give the volunteers CSV a "paper" column with "letter" for them (their packets are then on US Letter, with #10 envelopes), or "a4" for those who have A4',
  };
}

/** The warning for a row's salutation in another language than its letter's ("Your Excellency" opening a French letter). */
export function salutationLanguageWarning(location: Location, salutation: string, template: Pick<LetterTemplate, 'language' | 'unsaidLanguage'>): Warning | undefined {
  const language = salutationLanguage(salutation);
  const letter = baseLanguage(template.language);
  if (!language || language === letter) return undefined;
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  return {
    severity: 'warning',
    code: 'salutation',
    location,
    message: `the salutation "${salutation}" is in ${names.of(language)}, and the letter in ${names.of(letter)}: it opens the letter as written`,
    // (A template in the salutation's language that does not say so: the letter is not English.)
    hint:
      template.unsaidLanguage === language
        ? `the template is written in ${names.of(language)} too: say so in its front matter, "language: ${language}"`
        : `write the form of address in ${names.of(letter)}, as the letter is${knowsLanguage(letter) ? `: ${greetingExamples(letter)}` : ''}`,
  };
}

/** The warning for a row with the name and address of an earlier one (or, for e-mail, its name). */
export function duplicateWarning(location: Location, firstLine: number, why: string, what: 'letters' | 'messages' = 'letters'): Warning {
  return {
    severity: 'warning',
    code: 'duplicate',
    location,
    message: `the same official as on line ${firstLine} (${why}): they would get two ${what}`,
    hint: what === 'letters' ? 'delete one of the rows' : 'delete one of the rows, unless both addresses should have the letter',
  };
}

/**
 * The warning for a row at the address of an earlier one (by e-mail: in its position) whose name
 * sounds the same ("Lukashenko", "Lukaschenka").
 */
export function respeltWarning(location: Location, firstLine: number, what: 'letters' | 'messages' = 'letters', how = 'spelt another way'): Warning {
  const same = what === 'letters' ? 'address' : 'position';
  return {
    severity: 'warning',
    code: 'duplicate',
    location,
    message: `perhaps the same official as on line ${firstLine}, the name ${how} (same ${same}): they would get two ${what}`,
    hint: `if it is one official, delete one of the rows; two officials at one ${same} are right as they are`,
  };
}

/** By e-mail, an official's name however it is spelt, with their position: one official on two rows (see respeltWarning). */
export const emailSoundsKey = (v: Record<string, string>): string => `${nameSounds(recipientLabel(v))}|${keyText((v.position ?? '').trim())}`;

/** The first warnings of a run (the case's, then by line), and how many there are in all. */
export interface WarningSummary {
  first: Problem[];
  count: number;
}

/** Countries whose addresses need their state or province after the city, and what it is called. */
const NEEDS_REGION: Record<string, string> = { US: 'state', CA: 'province', AU: 'state' };
/** Codes of the kind to write, for a hint that knows no more: no city's, which would be another than the row's. */
const REGION_EXAMPLE: Record<string, string> = { US: 'IL for Illinois, NY for New York', CA: 'ON for Ontario, QC for Quebec', AU: 'NSW for New South Wales, VIC for Victoria' };

/**
 * An address in the US, Canada or Australia without its state or province, which its post sorts
 * by: a row's, or (`contact`) a return address, the signer's, a volunteer's or the group's, whose
 * fields are named as a YAML file names them.
 */
export function missingRegionWarning(v: Record<string, string>, location: Location, headers: Record<string, string>, contact?: { whose: string; yaml: boolean }): Warning | undefined {
  // ("Washington, DC" or "Washington, D.C." in the city column has it.)
  if (!v.city || v.region?.trim() || /[\s,]\s*(?:[A-Z]{2,3}|[A-Z]\.[A-Z]\.)(\s+[\dA-Z][\dA-Z -]*)?$/.test(v.city.trim())) return undefined;
  const code = countryCode(v.country);
  if (!code || !NEEDS_REGION[code]) return undefined;
  const region = NEEDS_REGION[code];
  const named = (name: string) => (headers[name] && headers[name] !== name ? `"${headers[name]}"` : name);
  const column = (name: string) => (contact?.yaml ? `"${name}:"` : named(name));
  const place = contact?.yaml ? 'field' : 'column';
  const address = contact ? `${contact.whose} return address` : 'the address';
  // The state after the city but not as its code ("Chicago, Ill."): the hint is the row's own. A
  // user trial's Chicago row was told "DC, for Washington DC 20036".
  const inCity = regionInCity(v.city, v.country);
  if (inCity) {
    return {
      severity: 'warning',
      code: 'address',
      location,
      message: `${address} in ${countryName(v.country!)} has its ${region} in the ${column('city')} ${place} ("${v.city.trim()}"), not in the ${column('region')} ${place}: its post sorts by it`,
      hint: `write "${inCity.city}" in the ${column('city')} ${place} and ${inCity.code} in the ${column('region')} ${place}`,
    };
  }
  // Else the states its postcode can be of, or codes alone.
  const areas = postcodeRegions(v.postcode, v.country);
  const regions = areas && `${areas.regions.slice(0, -1).join(', ')}${areas.regions.length > 1 ? ' or ' : ''}${areas.regions[areas.regions.length - 1]}`;
  return {
    severity: 'warning',
    code: 'address',
    location,
    message: `${address} in ${countryName(v.country!)} has no ${region} ("region"): its post sorts by it${contact ? ', and a letter that comes back would not find its way' : ''}`,
    hint: `add the ${region} ${contact?.yaml ? 'as a "region:" field' : `to the ${column('region')} column`}, as its code (${areas ? `a ${code === 'US' ? 'ZIP code' : 'postcode'} starting ${areas.start} is in ${regions}` : REGION_EXAMPLE[code]})`,
  };
}

/**
 * What a run on paper says before its rows: a template for the other paper or window side than
 * the country the letters are posted from uses, and a return address without its state.
 */
export function postingWarnings(template: LetterTemplate, given: { paper?: string; dinForm?: string }, paper: string, signer: Contact | undefined, signerFile: string | undefined, caseFile: CaseFile | undefined): Warning[] {
  const found = [
    paperWarning(template, !!given.paper, signer, caseFile?.sender),
    windowWarning(template, !!given.dinForm, paper, signer, caseFile?.sender),
    // (A case file that could not be read has its own errors: the signer's address is still said.)
    caseFile ? returnAddressWarning(signer, signerFile, caseFile) : undefined,
  ];
  return found.filter((w): w is Warning => w !== undefined);
}

/**
 * A return address without its state or province (see missingRegionWarning): the signer's when
 * they give an address, else the group's (`sender:`). Volunteers' are said as they are read.
 */
export function returnAddressWarning(signer: Contact | undefined, signerFile: string | undefined, caseFile: CaseFile): Warning | undefined {
  if (signer?.address.length) return missingRegionWarning(contactValues(signer), { file: signerFile ?? '' }, {}, { whose: "the signer's", yaml: true });
  const sender = caseFile.sender;
  return sender?.address.length ? missingRegionWarning(contactValues(sender), caseFile.locate('sender'), {}, { whose: "the group's (sender:)", yaml: true }) : undefined;
}

/** Each volunteer's return address without its state or province (see missingRegionWarning). */
export function volunteerAddressWarnings(volunteers: readonly { line: number; contact: Contact }[], file: string): Warning[] {
  return volunteers.flatMap((v) => {
    const found = v.contact.address.length ? missingRegionWarning(contactValues(v.contact), { file, line: v.line }, {}, { whose: "the volunteer's", yaml: false }) : undefined;
    return found ? [found] : [];
  });
}

/**
 * Volunteers whose name is written surname first ("Whitfield, Karen"), as a list sorted by surname
 * has it: their letters would be signed so, and it would be their return address (a US trial's).
 */
export function volunteerNameWarnings(volunteers: readonly { line: number; contact: Contact }[], file: string): Warning[] {
  return volunteers.flatMap((v) => {
    const found = surnameFirstWarning({ name: v.contact.name }, { file, line: v.line });
    return found ? [{ ...found, message: `the volunteer's name "${v.contact.name}" is written surname first: their letters would be signed "${v.contact.name}"` }] : [];
  });
}

/** A contact's address fields as a row's values. */
function contactValues(c: Contact): Record<string, string> {
  return { city: c.city ?? '', region: c.region ?? '', postcode: c.postcode ?? '', country: c.country ?? '' };
}

/**
 * The warnings a run making letters or messages finds as it reads its rows (`check` finds these
 * and more): a case country letters does not know, a template language it has no words in, and in
 * the rows the same official twice, a country letters does not know and an address without its
 * state or province (on paper), an empty
 * salutation, an official in another country (found by campaignErrors). It keeps two numbers per row (a hash of
 * the name and address, and the line: 12 bytes, in typed arrays), not the rows, and the first
 * warnings only, with their count; the rows met twice are found at the end.
 */
export class RunWarnings {
  private readonly first: Problem[] = [];
  private count = 0;
  private hashes = new Float64Array(1024);
  /** Each row's name and address with the name however it is spelt (`postalKeys`' second; by e-mail, `emailSoundsKey`). */
  private sounds = new Float64Array(1024);
  /** Each row's name written in other letters and its position (`postalKeys`' third; 0: none, or by e-mail). */
  private named = new Float64Array(1024);
  private lines = new Uint32Array(1024);
  /** Greetings that name another official of the list. */
  private readonly greetingNames = new GreetingNames();
  private rows = 0;

  private readonly file: string;

  /** Whether rows can lack a salutation (a list without the column is a choice, which check says). */
  private readonly salutations: boolean;
  private titleSaid = false;
  private namePartSaid = false;
  /** Whether the list has a column of a part of a name the address does not print (see namePartNotPrinted). */
  private readonly namePartColumns: boolean;
  /** The columns the templates read. */
  private readonly reads: ReadonlySet<string>;
  /** The languages of rows a template was looked for, and whether one was found (see languageTemplateWarning). */
  private readonly languages = new Map<string, boolean>();

  constructor(
    private readonly recipients: Pick<RecipientList, 'file' | 'columns' | 'headers'>,
    caseFile: CaseFile,
    private readonly templates: TemplateChoice,
    /** E-mail: the same official twice is their name on two rows (the same address too is an error). */
    private readonly channel: 'post' | 'email' = 'post',
    private readonly keep = 5,
  ) {
    this.file = recipients.file;
    const all = allTemplates(templates);
    this.reads = new Set(all.flatMap((t) => [...templateReads(t)]));
    this.namePartColumns = NAME_PARTS.some((c) => recipients.columns.includes(c));
    for (const w of [caseCountryWarning(caseFile), ...all.map(languageWarning), noLanguageColumn(recipients, templates)]) if (w) this.warn(w);
    if (channel === 'post') columnsLookingLike(recipients, this.reads).forEach(this.warn);
    this.salutations = recipients.columns.includes('salutation');
  }

  add(rows: Iterable<Recipient>): void {
    for (const row of rows) {
      if (!this.titleSaid && this.channel === 'post') {
        const title = titleNotPrinted(this.recipients, row);
        if (title) this.warn(title);
        this.titleSaid = !!title;
      }
      if (!this.namePartSaid && this.namePartColumns && this.channel === 'post') {
        const part = namePartNotPrinted(this.recipients, row, this.reads);
        if (part) this.warn(part);
        this.namePartSaid = !!part;
      }
      if (this.rows === this.hashes.length) {
        const hashes = new Float64Array(this.rows * 2);
        hashes.set(this.hashes);
        this.hashes = hashes;
        const sounds = new Float64Array(this.rows * 2);
        sounds.set(this.sounds);
        this.sounds = sounds;
        const named = new Float64Array(this.rows * 2);
        named.set(this.named);
        this.named = named;
        const lines = new Uint32Array(this.rows * 2);
        lines.set(this.lines);
        this.lines = lines;
      }
      if (this.channel === 'post') {
        const [written, sounds, named] = postalKeys(row.values);
        this.hashes[this.rows] = hash53(written);
        this.sounds[this.rows] = hash53(sounds);
        this.named[this.rows] = named ? hash53(named) : 0;
      } else {
        this.hashes[this.rows] = hash53(officialKeyOf(recipientLabel(row.values)));
        this.sounds[this.rows] = hash53(emailSoundsKey(row.values));
      }
      this.lines[this.rows++] = row.line;
      const country = this.channel === 'post' ? unknownCountryWarning(row.values, { file: this.file, line: row.line }) : undefined;
      if (country) this.warn(country);
      const reversed = surnameFirstWarning(row.values, { file: this.file, line: row.line });
      if (reversed) this.warn(reversed);
      const region = this.channel === 'post' ? missingRegionWarning(row.values, { file: this.file, line: row.line }, this.recipients.headers) : undefined;
      if (region) this.warn(region);
      const template = templateFor(this.templates, row.values);
      // Where the template opens with the row's salutation: one that is empty, or in another language than the letter's.
      if (this.salutations && template.readsRowSalutation) {
        const salutation = row.values.salutation?.trim();
        const at = { file: this.file, line: row.line };
        const w = salutation ? salutationLanguageWarning(at, salutation, template) : salutationWarning(at, template.language, 'row');
        if (w) this.warn(w);
      }
      this.greetingNames.add(row, this.salutations && template.readsRowSalutation);
      // A row in a language no template is in, once per language (what is no language is an error: campaignErrors).
      const language = row.values.language?.trim().toLowerCase();
      if (language && !this.languages.has(language)) {
        const w = languageTemplateWarning(row.values.language!, { file: this.file, line: row.line }, this.templates);
        this.languages.set(language, !w);
        if (w?.severity === 'warning') this.warn(w);
      }
    }
  }

  /** Each letter's length, said at the end (see LongLetters). */
  private readonly long = new LongLetters();
  /** A letter laid out, `pages` long. */
  laid(location: Location, name: string, pages: number): void {
    this.long.laid(location, name, pages);
  }
  /** A warning found by another check of the rows (an official abroad: see campaignErrors). */
  readonly warn = (p: Problem): void => {
    if (this.count++ < this.keep) this.first.push(p);
  };

  /**
   * The greetings that name another official of the list, where they are errors (see
   * GreetingNames.found): asked once every row is read, before the first letter is made.
   */
  greetingErrors(): Problem[] {
    return this.greetingNames.found(this.file).filter((p) => p.severity === 'error');
  }

  /** The first warnings, by line, and how many there are in all: the rows met twice found now. */
  summary(): WarningSummary {
    const order = Uint32Array.from({ length: this.rows }, (_, i) => i).sort((a, b) => this.hashes[a]! - this.hashes[b]! || this.lines[a]! - this.lines[b]!);
    // Each row met before, with the first row it repeats: the first few by line are said.
    const repeats: number[] = [];
    const respelt: number[] = [];
    let count = this.count;
    for (let i = 0; i < order.length; ) {
      let j = i + 1;
      for (; j < order.length && this.hashes[order[j]!] === this.hashes[order[i]!]; j++) repeats.push(order[j]!, order[i]!);
      i = j;
    }
    /** Each row with the key of an earlier one and none of its others: [row, the first such row]... */
    const alike = (keys: Float64Array, unless: Float64Array[]): number[] => {
      const found: number[] = [];
      const byKey = Uint32Array.from({ length: this.rows }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]! || this.lines[a]! - this.lines[b]!);
      for (let i = 0; i < byKey.length; ) {
        let j = i + 1;
        for (; j < byKey.length && keys[byKey[j]!] === keys[byKey[i]!]; j++) {
          const row = byKey[j]!;
          let other = keys[row] !== 0;
          for (let k = i; k < j && other; k++) other = unless.every((u) => u[byKey[k]!] !== u[row]);
          if (other) found.push(row, byKey[i]!);
        }
        i = j;
      }
      return found;
    };
    // Each row with the address (by e-mail: the position) of an earlier one and its official's name
    // spelt another way; and (on paper) with the name and position of one, at another address.
    respelt.push(...alike(this.sounds, [this.hashes]));
    const moved = this.channel === 'post' ? alike(this.named, [this.hashes, this.sounds]) : [];
    const long = this.long.warnings();
    const misnamed = this.greetingNames.found(this.file).filter((p) => p.severity === 'warning');
    count += repeats.length / 2 + respelt.length / 2 + moved.length / 2 + long.length + misnamed.length;
    const pairs = Array.from({ length: repeats.length / 2 }, (_, k) => k).sort((a, b) => this.lines[repeats[2 * a]!]! - this.lines[repeats[2 * b]!]!);
    const twice = pairs
      .slice(0, this.keep)
      .map((k) =>
        this.channel === 'post'
          ? duplicateWarning({ file: this.file, line: this.lines[repeats[2 * k]!]! }, this.lines[repeats[2 * k + 1]!]!, 'same name and address')
          : duplicateWarning({ file: this.file, line: this.lines[repeats[2 * k]!]! }, this.lines[repeats[2 * k + 1]!]!, 'same name, another e-mail address', 'messages'),
      );
    const spelt = Array.from({ length: respelt.length / 2 }, (_, k) => k)
      .sort((a, b) => this.lines[respelt[2 * a]!]! - this.lines[respelt[2 * b]!]!)
      .slice(0, this.keep)
      .map((k) => respeltWarning({ file: this.file, line: this.lines[respelt[2 * k]!]! }, this.lines[respelt[2 * k + 1]!]!, this.channel === 'post' ? 'letters' : 'messages'));
    const elsewhere = Array.from({ length: moved.length / 2 }, (_, k) => k)
      .sort((a, b) => this.lines[moved[2 * a]!]! - this.lines[moved[2 * b]!]!)
      .slice(0, this.keep)
      .map((k) => movedWarning({ file: this.file, line: this.lines[moved[2 * k]!]! }, this.lines[moved[2 * k + 1]!]!));
    const line = (p: Problem) => p.location?.line ?? 0;
    const first = [...this.first, ...twice, ...spelt, ...elsewhere, ...long, ...misnamed.slice(0, this.keep)].sort((a, b) => (a.location?.file === this.file ? 1 : 0) - (b.location?.file === this.file ? 1 : 0) || line(a) - line(b));
    return { first: first.slice(0, this.keep), count };
  }

}

/**
 * Greetings that name another official of the list and not their own row's: "Dear Senator
 * Durbin" on Senator Duckworth's row, a greeting copied from the row above (a user trial's). Each
 * row's surname is kept as a number; a greeting's words only when they are none of its row's own.
 */
export class GreetingNames {
  /** Each row's surname as a number, and its line (typed arrays: 100,000 rows hold a few MB less). */
  private surnames = new Float64Array(1024);
  private lines = new Uint32Array(1024);
  private rows = 0;
  /** Word -> the first rows whose greeting has it (a word every greeting has, "Excellency", is kept once). */
  private readonly greetings = new Map<number, { line: number; name: string; salutation: string; sure: boolean }[]>();
  /** The greetings' words that are an office or a title as well as a surname ("Judge", "King"). */
  private readonly officeWords = new Set<number>();

  /** A row; `opensWithIt`: whether its letter opens with its salutation. */
  add(row: Recipient, opensWithIt: boolean): void {
    const v = row.values;
    const personal = personalName(v);
    const surname = nameWords(v.last_name || personal).filter((w) => !SUFFIXES.has(w)).pop();
    if (surname) {
      if (this.rows === this.surnames.length) {
        const [surnames, lines] = [new Float64Array(this.rows * 2), new Uint32Array(this.rows * 2)];
        surnames.set(this.surnames);
        lines.set(this.lines);
        [this.surnames, this.lines] = [surnames, lines];
      }
      this.surnames[this.rows] = hash53(surname);
      this.lines[this.rows++] = row.line;
    }
    const salutation = v.salutation?.trim();
    if (!opensWithIt || !salutation) return;
    // (Most rows share a few greetings, "Your Excellency": once each of their words has its five
    // rows, the row's own words need not be worked out.)
    const words = this.wordsOf(salutation);
    const open = words.filter(([, key]) => (this.greetings.get(key)?.length ?? 0) < 5);
    if (!open.length) return;
    const own = new Set(nameWords([personal, v.title, v.position, v.organisation].join(' ')));
    // Sure it is another's: the row names a person, and the greeting not them too (a Spanish
    // greeting's second surname, "Sr. García Luna" beside an official Luna, is theirs: a review's).
    const sure = !!personal && !(surname && words.some(([word]) => word === surname));
    for (const [word, key] of open) {
      if (own.has(word)) continue;
      if ((officeWords ??= new Set(nameWords(OFFICE_WORDS))).has(word)) this.officeWords.add(key);
      const rows = this.greetings.get(key) ?? [];
      rows.push({ line: row.line, name: personal || displayName(v) || 'this official', salutation, sure });
      this.greetings.set(key, rows);
    }
  }

  /** A greeting's words and their keys, kept for the greetings a list repeats. */
  private wordsOf(salutation: string): [string, number][] {
    let words = this.salutations.get(salutation);
    if (!words) {
      if (this.salutations.size >= 1000) this.salutations.clear();
      words = nameWords(salutation).map((w) => [w, hash53(w)]);
      this.salutations.set(salutation, words);
    }
    return words;
  }
  private readonly salutations = new Map<string, [string, number][]>();

  /**
   * The greetings found to name another official, one for each row: errors (a trial's letter to
   * Senator Durbin opened "Dear Senator Duckworth" after a warning). Warnings where the word is an
   * office or title too ("Dear Judge Lee" beside an official named Ann Judge), the row names no
   * person (an embassy by its position), or the greeting names the row's own surname as well.
   */
  found(file: string): (Problem & { severity: 'error' | 'warning'; code: string })[] {
    const whose = new Map<number, number>(); // a greeting's word that is a surname -> the first line of an official of that name
    for (let i = 0; i < this.rows; i++) if (this.greetings.has(this.surnames[i]!) && !whose.has(this.surnames[i]!)) whose.set(this.surnames[i]!, this.lines[i]!);
    const found = new Map<number, Problem & { severity: 'error' | 'warning'; code: string }>(); // by line
    for (const [word, rows] of this.greetings) {
      const other = whose.get(word);
      if (other === undefined) continue;
      for (const g of rows) {
        if (other === g.line || found.has(g.line)) continue;
        found.set(g.line, {
          severity: g.sure && !this.officeWords.has(word) ? 'error' : 'warning',
          code: 'salutation',
          location: { file, line: g.line },
          message: `the greeting "${g.salutation}" names the official of line ${other}, not ${g.name}`,
          hint: 'a greeting copied from another row: write the one for this official in the salutation column',
        });
      }
    }
    return [...found.values()].sort((a, b) => a.location!.line! - b.location!.line!);
  }
}

/**
 * A name written surname first, as a list sorted by surname has it ("Duckworth, Tammy"): the
 * letter and the envelope would say "The Honorable Duckworth, Tammy". Not a name with what follows
 * it after a comma ("King, Jr."), nor a body and its country ("Ministry of Justice, Egypt").
 */
export function surnameFirstWarning(v: Record<string, string>, location: Location): Warning | undefined {
  const value = (v.name || (!v.first_name?.trim() ? v.last_name : '') || '').trim();
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 2 || /\d/.test(value)) return undefined;
  const [surname, given] = parts as [string, string];
  const words = (p: string) => p.split(/\s+/).filter(Boolean);
  const nameLike = (p: string, most: number) => words(p).length >= 1 && words(p).length <= most && words(p).every((w) => /^\p{Lu}/u.test(w) || NAME_PARTICLES.has(w.toLowerCase()));
  // (A surname alone before the comma: "Шавкат Мирзиёев, Президент" is a name and an office.)
  if (!nameLike(surname, 1) || !nameLike(given, 2) || AFTER_A_NAME.has(given.toLowerCase().replace(/\./g, '')) || countryCode(given)) return undefined;
  const office = `${v.title ?? ''} ${v.position ?? ''}`.toLowerCase();
  if (words(given).some((w) => office.includes(w.toLowerCase()))) return undefined;
  if (words(value).some((w) => NOT_A_NAME.has(w.toLowerCase()))) return undefined;
  return {
    severity: 'warning',
    code: 'name',
    location,
    message: `the name "${value}" is written surname first: the letter and the envelope would say "${recipientName(v)}"`,
    hint: `write it as it is said ("${given} ${surname}"), or the given name in first_name and the surname in last_name`,
  };
}

/** What stands after a name and a comma without being a given name. */
const AFTER_A_NAME = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'mp', 'mep', 'qc', 'kc', 'obe', 'mbe', 'cbe', 'jd', 'llm']);
/** Small words of names ("van der Berg", "bin Salman"). */
const NAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'da', 'del', 'della', 'di', 'du', 'la', 'le', 'al', 'el', 'bin', 'ibn', 'bint', 'ter', 'ten', 'dos', 'das']);
/** Words of a body's name or an office, not a person's ("Ministry of Justice, Egypt", "Smith, Director"). */
const NOT_A_NAME = new Set([
  ...['ministry', 'office', 'embassy', 'consulate', 'department', 'court', 'council', 'commission', 'committee', 'senate', 'house', 'parliament', 'government', 'bureau', 'agency'],
  ...['director', 'president', 'minister', 'secretary', 'ambassador', 'governor', 'senator', 'judge', 'prosecutor', 'chairman', 'chair', 'head', 'mayor', 'general', 'commissioner', 'consul'],
]);

/** A name's words as they are compared: in Latin letters, lower case, without accents or stops. */
function nameWords(text: string): string[] {
  return latinName(text)
    .split(' ')
    .filter((w) => w.length >= 3);
}

/** Offices and titles that are surnames too: a greeting with one may name its own official by office. */
const OFFICE_WORDS = [
  'king queen prince princess lord lady sir dame judge justice major general colonel captain bishop pope cardinal dean chancellor',
  'president minister senator governor mayor sheriff marshal earl duke baron count knight chief sultan emir sheikh imam rabbi father',
  'brother sister mother doctor professor attorney counsel secretary ambassador consul speaker chairman commissioner director deputy',
].join(' ');
/** OFFICE_WORDS as a greeting's words are compared (latinName's spelling). */
let officeWords: Set<string> | undefined;

/** What follows a surname without being one: "King Jr.", "Gates III". */
const SUFFIXES = new Set(['jr', 'sr', 'iii', 'phd', 'esq', 'mp', 'mep']);
