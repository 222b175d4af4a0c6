import type { HelperDelegate, HelperOptions } from 'handlebars';
import { formatDate, parseDate, yearsBetween, type DateStyle } from '../campaign/dates.js';
import { escapeMarkdown, unescapeMarkdown } from './markdown.js';
import { countryCode } from './countries.js';
import { frenchSpaces } from './french.js';

/** A value in a template that the data cannot satisfy (a date that is not a date, ...). */
export class TemplateValueError extends Error {
  constructor(
    message: string,
    public templateLine?: number,
    /** The data value at fault, to say where it comes from (a CSV column, a case field). */
    public value?: string,
    /** A value that is not a date where one is needed. */
    public notADate = false,
  ) {
    super(message);
  }
}

/**
 * The greeting of a row without a salutation, in the letter's language: one person, man or woman
 * (a letter goes to one official, and its template says "usted", "Lei", "Vossa Excelência": a
 * Spanish trial's "Estimados señores" greeted them as many).
 */
const FALLBACK_SALUTATION: Record<string, string> = {
  en: 'Dear Sir or Madam',
  fr: 'Madame, Monsieur',
  de: 'Sehr geehrte Damen und Herren',
  es: 'Estimado/a señor/a',
  it: 'Gentile Signora, Egregio Signore',
  nl: 'Geachte heer, mevrouw',
  pt: 'Prezado(a) Senhor(a)',
  'pt-pt': 'Exmo.(a) Senhor(a)',
  pl: 'Szanowni Państwo',
  tr: 'Sayın Yetkili',
  uk: 'Шановні пані та панове',
  ru: 'Уважаемые господа',
};

/** Whole greetings, for hints in the letter's language. */
const WHOLE_GREETINGS: Record<string, string> = {
  en: '"Dear Minister", "Dear Mr Karimov"',
  es: '"Estimado Señor Ministro", "Estimada Sra. López"',
  fr: '"Monsieur le Ministre", "Madame la Procureure"',
  de: '"Sehr geehrter Herr Minister", "Sehr geehrte Frau Müller"',
  pt: '"Excelentíssimo Senhor Ministro", "Prezada Sra. Silva"',
  it: '"Egregio Signor Ministro", "Gentile Dott.ssa Rossi"',
  nl: '"Geachte heer de minister", "Geachte mevrouw Jansen"',
  pl: '"Szanowny Panie Ministrze", "Szanowna Pani Prokurator"',
  tr: '"Sayın Bakan", "Sayın Bakan Yılmaz"',
  uk: '"Шановний пане міністре", "Шановна пані Коваленко"',
  ru: '"Уважаемый господин министр", "Уважаемая госпожа Иванова"',
};
/** Two whole greetings in the language, for hints ("Dear Minister", "Dear Mr Karimov" in English). */
export const greetingExamples = (language: string): string => inLanguage(WHOLE_GREETINGS, language) ?? WHOLE_GREETINGS.en!;

/** Words of a form of address that belong to one language only ("Excellency" is English, "Excellence" French). */
const ADDRESS_WORDS: Record<string, string> = {
  en: 'dear your excellency sir madam mr mrs ms honourable hon lordship ladyship majesty highness', // (not "honorable": French and Spanish too)
  fr: 'monsieur madame mademoiselle excellence cher chère mme mlle',
  de: 'geehrte geehrter geehrtes herr herrn frau exzellenz liebe lieber',
  es: 'señor señora señorita estimado estimada estimados excelentísimo excelentísima excelencia distinguido distinguida vuestra',
  pt: 'senhor senhora prezado prezada prezados excelentíssimo excelentíssima excelência exmo exma vossa',
  it: 'egregio egregia gentile gentilissimo gentilissima signor signore signora eccellenza onorevole illustrissimo illustrissima',
  nl: 'geachte heer mevrouw excellentie hooggeachte',
  pl: 'szanowny szanowna szanowni',
  tr: 'sayın',
  ru: 'уважаемый уважаемая уважаемые господин госпожа превосходительство',
  uk: 'шановний шановна шановні пане пані',
};
let addressWords: Map<string, string> | undefined;

/**
 * The language a form of address is in, when its words say so ("Your Excellency": en, "Monsieur
 * le Ministre": fr); undefined when they name none, or more than one ("Dear Señor Pérez").
 */
export function salutationLanguage(text: string): string | undefined {
  // A list holds a few salutations, on many rows.
  const known = salutationLanguages.get(text);
  if (known !== undefined) return known || undefined;
  addressWords ??= new Map(Object.entries(ADDRESS_WORDS).flatMap(([language, words]) => words.split(' ').map((w) => [w, language])));
  let found = '';
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const language = addressWords.get(word);
    if (language && found && language !== found) {
      found = '';
      break;
    }
    found = language ?? found;
  }
  if (salutationLanguages.size >= 1000) salutationLanguages.clear();
  salutationLanguages.set(text, found);
  return found || undefined;
}
const salutationLanguages = new Map<string, string>();

/** The closing a template without `closing:` ends its letters with, in its language. */
const FALLBACK_CLOSING: Record<string, string> = {
  en: 'Yours sincerely,',
  // (French repeats the form of address: "Veuillez agréer, Monsieur le Ministre, l'expression ...":
  // in a closing, {{salutation}} gives it without "Cher", see formOfAddress. No other language's
  // closing here names the official.)
  fr: 'Veuillez agréer, {{salutation}}, l’expression de ma haute considération.',
  de: 'Mit freundlichen Grüßen',
  es: 'Atentamente,',
  it: 'Distinti saluti,',
  nl: 'Hoogachtend,',
  pt: 'Atenciosamente,',
  'pt-pt': 'Com os melhores cumprimentos,',
  pl: 'Z wyrazami szacunku',
  tr: 'Saygılarımla,',
  uk: 'З повагою,',
  ru: 'С уважением,',
};

/** The closing for a template that has none, in its language (English for a language letters has no words in); Handlebars. */
export function closingFor(language: string): string {
  return inLanguage(FALLBACK_CLOSING, language) ?? FALLBACK_CLOSING.en!;
}

/**
 * The few words the layout adds to a letter, in its language: the labels of the lines a volunteer
 * writes their name and address on, and a continuation page's number.
 */
export interface LetterWords {
  name: string;
  address: string;
  page: (n: number, of: number) => string;
  /**
   * The date line with the place written from, in a language whose letters write it so ("Lyon, le
   * 30 novembre 2026", "Madrid, 1 de diciembre de 2026"; English and German letters date
   * themselves alone).
   */
  placeAndDate?: (place: string, date: string) => string;
  /** The label before the subject, in a language whose letters write one ("Objet" in French). */
  subjectLabel?: string;
}

const LETTER_WORDS: Record<string, LetterWords> = {
  en: { name: 'Name', address: 'Address', page: (n, of) => `Page ${n} of ${of}` },
  fr: { name: 'Nom', address: 'Adresse', page: (n, of) => `Page ${n} sur ${of}`, placeAndDate: (place, date) => `${place}, le ${date}`, subjectLabel: 'Objet' },
  de: { name: 'Name', address: 'Anschrift', page: (n, of) => `Seite ${n} von ${of}` },
  es: { name: 'Nombre', address: 'Dirección', page: (n, of) => `Página ${n} de ${of}`, placeAndDate: (place, date) => `${place}, ${date}` },
  it: { name: 'Nome', address: 'Indirizzo', page: (n, of) => `Pagina ${n} di ${of}`, placeAndDate: (place, date) => `${place}, ${date}` },
  nl: { name: 'Naam', address: 'Adres', page: (n, of) => `Pagina ${n} van ${of}` },
  pt: { name: 'Nome', address: 'Endereço', page: (n, of) => `Página ${n} de ${of}`, placeAndDate: (place, date) => `${place}, ${date}` },
  'pt-pt': { name: 'Nome', address: 'Morada', page: (n, of) => `Página ${n} de ${of}`, placeAndDate: (place, date) => `${place}, ${date}` },
  pl: { name: 'Imię i nazwisko', address: 'Adres', page: (n, of) => `Strona ${n} z ${of}` },
  tr: { name: 'Ad Soyad', address: 'Adres', page: (n, of) => `Sayfa ${n}/${of}` },
  uk: { name: 'Ім’я та прізвище', address: 'Адреса', page: (n, of) => `Сторінка ${n} з ${of}` },
  ru: { name: 'Имя', address: 'Адрес', page: (n, of) => `Страница ${n} из ${of}` },
};

/** A language tag's language, without its region or script: "pt" for "pt-PT", "de" for "DE_at". */
export const baseLanguage = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0]!;

/** A table's entry for a language: for the language and region ("pt-PT"), else the language ("pt"). */
export function inLanguage<T>(table: Record<string, T>, language: string): T | undefined {
  return table[language.toLowerCase().replace(/_/g, '-')] ?? table[baseLanguage(language)];
}

export function letterWords(language: string): LetterWords {
  return inLanguage(LETTER_WORDS, language) ?? LETTER_WORDS.en!;
}

/**
 * The subject without the label a template typed before it ("Objet : Yusuf Dzhumaev", the Lyon
 * trial's), in a language whose letters print their own: the letter prints it once, and an
 * e-mail's Subject has none.
 */
export function withoutSubjectLabel(subject: string, language: string): string {
  const label = letterWords(language).subjectLabel;
  if (!label) return subject;
  let typed = typedLabels.get(label);
  if (!typed) typedLabels.set(label, (typed = new RegExp(`^${label}\\s*:\\s*`, 'iu')));
  return subject.replace(typed, '');
}
const typedLabels = new Map<string, RegExp>();

/** The subject line as the letter prints it: after its label where the language writes one ("Objet\u202f: Yusuf Dzhumaev"). */
export function subjectLine(subject: string, language: string): string {
  const label = letterWords(language).subjectLabel;
  if (!label || !subject) return subject;
  const line = `${label} : ${subject}`;
  return baseLanguage(language) === 'fr' ? frenchSpaces(line) : line;
}

/**
 * The place a letter is written from, as its date line names it: the city as given, without a
 * French "CEDEX" (a sorting office's, not a town's), and one written in capitals, as French
 * addresses write it ("SAINT-ÉTIENNE"), as a town's name is ("Saint-Étienne", "Aix-en-Provence").
 */
export function placeName(city: string | undefined): string {
  const place = (city ?? '').replace(/\s+/g, ' ').trim().replace(/\s+cedex(?:\s+\d+)?$/i, '');
  if (!/\p{L}{3}/u.test(place) || place !== place.toUpperCase()) return place;
  return place
    .toLowerCase()
    .replace(/(^|[\s'\u2019-])(\p{L})(\p{L}*)/gu, (all, before: string, first: string, rest: string, at: number) =>
      at > 0 && PLACE_PARTICLES.has(first + rest) ? all : `${before}${first.toUpperCase()}${rest}`,
    );
}
/** Words a French town's name writes in lower case after its first ("Aix-en-Provence", "Villeneuve-d'Ascq", "Boulogne-sur-Mer"). */
const PLACE_PARTICLES = new Set(['de', 'du', 'des', 'd', 'en', 'et', 'la', 'le', 'les', 'l', 'sur', 'sous', 'aux', 'au', 'l\u00e8s', 'lez']);

/** The languages letters has its own words in, for messages. */
export const KNOWN_LANGUAGES = Object.keys(LETTER_WORDS).join(', ');

/** Whether letters has its own words in this language (else a letter's few added words are English). */
export function knowsLanguage(language: string): boolean {
  return inLanguage(LETTER_WORDS, language) !== undefined;
}

/** The row's salutation, or the safe one for the letter's language: never "Dear ,". */
export function salutationFor(recipientSalutation: string | undefined, language: string): string {
  // (And a dash after it, as a greeting is written in some letters: "Dear Senator Duckworth—".)
  const own = (recipientSalutation ?? '').trim().replace(/[,:;\u2013\u2014\s]+$/, '').trim();
  if (own) return own;
  return inLanguage(FALLBACK_SALUTATION, language) ?? FALLBACK_SALUTATION.en!;
}

/**
 * The form of address a French closing repeats: the greeting without "Cher"/"Chère" ("Veuillez
 * agréer, Monsieur le Ministre, ..." for "Cher Monsieur le Ministre"), and one that is not a title
 * ("Cher ami") in lower case, as it stands inside the sentence. Other languages' as it is.
 */
export function formOfAddress(greeting: string, language: string): string {
  if (baseLanguage(language) !== 'fr') return greeting;
  return greeting.replace(CHER_BEFORE_TITLE, '').replace(CHER, (w) => w.toLowerCase());
}
/**
 * "Cher", "Chère", "Très cher", "Chers" before a word in capitals (Monsieur, Madame, Maître,
 * Excellence). (Strings, not literals with accents: the bundle stays ASCII, see src/load.ts. Not
 * case-insensitive: with the "i" flag \p{Lu} would match any letter.)
 */
const CHER_BEFORE_TITLE = new RegExp('^(?:[Tt]r[e\u00e8]s\\s+)?[Cc]h(?:er|[e\u00e8]re)s?\\s+(?=\\p{Lu})', 'u');
const CHER = new RegExp('^(?:[Tt]r[e\u00e8]s\\s+)?[Cc]h(?:er|[e\u00e8]re)s?(?=\\s)', 'u');

/**
 * Handlebars' `lookup` for the Markdown body, where every data value arrives escaped: the key is
 * looked up as itself ("Ltd.", not the escaped "Ltd\\.").
 */
export function markdownLookup(obj: unknown, field: unknown, options: HelperOptions): unknown {
  if (!obj) return obj;
  const key = typeof field === 'string' ? unescapeMarkdown(field) : field;
  return (options as HelperOptions & { lookupProperty: (o: unknown, k: unknown) => unknown }).lookupProperty(obj, key);
}

const DATE_STYLES = new Set<DateStyle>(['long', 'medium', 'short', 'iso', 'year', 'month']);

export const HELPER_NAMES = ['date', 'yearsSince', 'upper', 'lower', 'salutation', 'default', 'eq'] as const;

/**
 * The template helpers. In the Markdown body every data value arrives escaped, so helpers
 * unescape their arguments and escape their result (`markdown: true`); in front-matter values
 * (subject, closing) values are plain text.
 */
export function makeHelpers(markdown: boolean): Record<string, HelperDelegate> {
  const input = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    const s = String(v);
    return markdown ? unescapeMarkdown(s) : s;
  };
  const output = (s: string): string => (markdown ? escapeMarkdown(s) : s);
  const lineOf = (o: HelperOptions) => (o as HelperOptions & { loc?: { start: { line: number } } }).loc?.start.line;
  const languageOf = (o: HelperOptions): string => (o.data as { language?: string } | undefined)?.language ?? 'en-GB';
  const todayOf = (o: HelperOptions): string => String((o.data as { root?: { today?: string } }).root?.today ?? '');
  const dateArg = (v: unknown, o: HelperOptions, helper: string) => {
    const d = parseDate(v instanceof Date ? v : input(v));
    if (!d) {
      throw new TemplateValueError(`{{${helper}}} needs a date written YYYY-MM-DD, got "${input(v)}"`, lineOf(o), input(v), true);
    }
    return d;
  };

  return {
    date(value: unknown, ...rest: unknown[]) {
      const o = rest.pop() as HelperOptions;
      const style = (rest[0] === undefined ? 'long' : String(rest[0])) as DateStyle;
      if (!DATE_STYLES.has(style)) {
        throw new TemplateValueError(`unknown date style "${style}": use ${[...DATE_STYLES].join(', ')}`, lineOf(o));
      }
      if (input(value) === '' && !(value instanceof Date)) return '';
      return output(formatDate(dateArg(value, o, 'date'), style, languageOf(o)));
    },
    yearsSince(value: unknown, o: HelperOptions) {
      if (input(value) === '' && !(value instanceof Date)) return '';
      const from = dateArg(value, o, 'yearsSince');
      const years = yearsBetween(from, dateArg(todayOf(o), o, 'yearsSince'));
      if (years < 0) throw new TemplateValueError(`{{yearsSince}}: ${input(value)} is after the letters' date (${todayOf(o)})`, lineOf(o), input(value));
      return String(years);
    },
    upper(value: unknown, o: HelperOptions) {
      return output(input(value).toLocaleUpperCase(languageOf(o)));
    },
    lower(value: unknown, o: HelperOptions) {
      return output(input(value).toLocaleLowerCase(languageOf(o)));
    },
    salutation(o: HelperOptions) {
      const data = o.data as { root?: { recipient?: Record<string, string> }; part?: string };
      const greeting = salutationFor(input(data.root?.recipient?.salutation), languageOf(o));
      // In the closing, the form of address it repeats ("Veuillez agréer, Monsieur le Ministre, ...").
      return output(data.part === 'closing' ? formOfAddress(greeting, languageOf(o)) : greeting);
    },
    default(value: unknown, fallback: unknown) {
      const v = input(value);
      return output(v.trim() === '' ? input(fallback) : v);
    },
    eq(a: unknown, b: unknown) {
      const [x, y] = [input(a).trim(), input(b).trim()];
      if (x.toLowerCase() === y.toLowerCase()) return true;
      // Two names of one country ("مصر" and "Egypt", "UZ" and "Uzbekistan"), as --where compares
      // countries: a trial's Egyptian minister written "مصر" was asked to raise the case "with
      // the Egyptian authorities" by {{#if (eq recipient.country "Egypt")}}.
      const code = x && y ? countryCode(x) : undefined;
      return !!code && code === countryCode(y);
    },
  };
}
