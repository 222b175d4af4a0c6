import type { CaseFile } from '../campaign/case.js';
import { contactLines, returnLine, townLines, type Contact } from '../campaign/contact.js';
import { dateHint, formatDate, parseDate } from '../campaign/dates.js';
import type { Recipient } from '../campaign/recipients.js';
import { templateFor, type LetterTemplate, type PaperName } from '../campaign/template.js';
import { InputError, type Problem } from '../errors.js';
import type { EnvelopeName } from '../layout/envelopes.js';
import type { DinForm } from '../layout/geometry.js';
import type { Letter } from '../letter.js';
import { displayName, postalAddress, sameCountry } from './address.js';
import { countryCode, countryName, countryNameIn } from './countries.js';
import { baseLanguage, greetingExamples, knowsLanguage, letterWords, placeName, salutationFor, TemplateValueError, withoutSubjectLabel } from './helpers.js';
import { escapeMarkdown, parseMarkdown, type Block, type Run } from './markdown.js';
import { frenchSpaces } from './french.js';
import { stableHash } from './variant.js';

export interface LetterSettings {
  caseFile: CaseFile;
  /** The template of rows without a language of their own, and those by language (see templateFor). */
  template: LetterTemplate;
  templates: ReadonlyMap<string, LetterTemplate>;
  recipientsFile: string;
  signer?: Contact;
  paper: PaperName;
  dinForm?: DinForm;
  envelope?: EnvelopeName;
  /** The letter's date, YYYY-MM-DD. */
  today: string;
}

/**
 * A value the template cannot use, said where it comes from: the row, a case field (the same
 * words as `check`'s, so it is said once, not once per row), else the template.
 */
function templateValueProblem(err: TemplateValueError, recipient: Recipient, s: LetterSettings, template: LetterTemplate): Problem {
  const inTemplate = `${template.file}${err.templateLine ? `:${err.templateLine}` : ''}`;
  const value = err.value?.trim();
  const fromRow = value !== undefined && value !== '' && Object.values(recipient.values).some((v) => v.trim() === value);
  if (fromRow) {
    return { location: { file: s.recipientsFile, line: recipient.line }, message: `${err.message} (template ${inTemplate})`, hint: 'fix the value in this row, or the template' };
  }
  const caseField = value ? Object.keys(s.caseFile.data).find((k) => String(s.caseFile.data[k]).trim() === value) : undefined;
  if (caseField && err.notADate) {
    return { location: s.caseFile.locate(caseField), message: `case field "${caseField}" ("${value}") is used as a date (${inTemplate}) but is not one`, hint: dateHint(value) };
  }
  if (caseField) return { location: s.caseFile.locate(caseField), message: `${err.message} (template ${inTemplate})`, hint: 'fix the value in the case file, or the template' };
  return { location: { file: template.file, line: err.templateLine }, message: err.message, hint: 'fix the template' };
}

/**
 * Renders letters for one campaign: the parts shared by every letter are prepared once.
 * `variant` picks the template's `{{#vary}}` wordings; without it, a hash of the case id and the
 * row's number, so the same command makes the same letters and officials get different ones.
 */
export function letterRenderer(s: LetterSettings): (recipient: Recipient, variant?: number) => Letter {
  // The return address is the signer's own when they give one (replies reach them), else the group's.
  const from = s.signer && s.signer.address.length > 0 ? s.signer : s.caseFile.sender;
  const base = {
    case: s.caseFile.data,
    signer: s.signer,
    sender: s.caseFile.sender,
    today: s.today,
  };
  const markdownBase = escapeValues(base) as Record<string, unknown>;
  const today = parseDate(s.today)!; // (written in each letter's language: formatDate keeps what it wrote)
  // Where the letters are written from, for a date line that names it ("Lyon, le 30 novembre
  // 2026"): the signer's town, else the group's.
  const place = placeName(s.signer?.city) || placeName(s.caseFile.sender?.city);
  // The same in every letter (never changed once made).
  const returnAbroad = from ? returnLine(from) : undefined;
  const returnHome = from ? returnLine(from, false) : undefined;
  // The signer's address under the signature and the letterhead name their country in the
  // letter's language ("Deutschland" in a German letter), made once for each language. Where the
  // envelope shows the letterhead (US double window) it is the return address, read by the post:
  // in English, as the return line is. On A4 the window shows the return line, and a letterhead
  // would repeat the signer's address printed under the signature, so it is the group's only.
  const byLanguage = new Map<string, Pick<Letter, 'signer' | 'senderLines'> & { signerHome: Letter['signer']; senderLinesHome: string[] }>();
  const ownWords = (language: string) => {
    let made = byLanguage.get(language);
    if (made) return made;
    // (In the languages letters has its own words in: their names print in the font.)
    const nameOf =
      baseLanguage(language) === 'en' || !knowsLanguage(language) ? countryName : (country: string) => (countryCode(country) ? countryNameIn(country, language) : countryName(country));
    // (Under the signature of a letter that stays in the signer's country, no country: a trial's
    // US letters said "United States" there, under a letterhead without it.)
    const signerLines = (abroad: boolean) =>
      s.signer ? { name: s.signer.name, lines: contactLines(s.signer, abroad, nameOf), town: townLines(s.signer, nameOf), ...(s.signer.email ? { email: s.signer.email } : {}) } : undefined;
    // (Where it is the return address, a letter that stays in the country has no country line, as its address has none.)
    const letterhead = (abroad: boolean) =>
      from && (s.paper === 'letter' || from === s.caseFile.sender)
        ? [from.name, ...contactLines(from, s.paper !== 'letter' || abroad, s.paper === 'letter' ? countryName : nameOf), ...(from.email && from === s.caseFile.sender ? [from.email] : [])]
        : [];
    byLanguage.set(language, (made = { signer: signerLines(true), signerHome: signerLines(false), senderLines: letterhead(true), senderLinesHome: letterhead(false) }));
    return made;
  };

  // English without its country ("language: en") is dated as the letters' side of the Atlantic
  // writes dates: "December 1, 2026" from the United States or on US Letter, else "1 December
  // 2026" (ICU's "en" is American: a Dutch trial's A4 letters from Utrecht were dated so).
  const american = s.paper === 'letter' || countryCode(from?.country) === 'US';
  const englishFor = (language: string) => (language.toLowerCase() === 'en' ? (american ? 'en-US' : 'en-GB') : language);

  return (recipient, variant) => {
    const context = { ...base, recipient: recipient.values };
    const markdownContext = { ...markdownBase, recipient: escapeValues(recipient.values) };
    const template = templateFor(s, recipient.values);
    const language = englishFor(template.language);
    const own = ownWords(language);
    let parts;
    try {
      parts = template.render(context, markdownContext, language, variant ?? stableHash(s.caseFile.id, String(recipient.index)));
    } catch (err) {
      if (!(err instanceof TemplateValueError)) throw err;
      throw new InputError(templateValueProblem(err, recipient, s, template));
    }
    // (A no-break space stays one, as in the body: "23\u00a0octobre\u00a02001", "«\u00a0El Watan\u00a0»".)
    const oneLine = (t: string) => t.replace(/[^\S\u00a0\u202f\u2007]+/g, ' ').trim();
    // A salutation cell of two lines (Alt+Enter: two greetings to choose from, or a line pasted
    // with it), where the letter opens with it. (Elsewhere its line breaks are spaces.)
    const cell = recipient.values.salutation ?? '';
    if (cell.includes('\n') && parts.salutation.trim().includes('\n')) {
      const lines = cell.split('\n').map((l) => l.trim()).filter(Boolean);
      throw new InputError({
        location: { file: s.recipientsFile, line: recipient.line },
        message: `the salutation is ${lines.length} lines in one cell (${lines.map((l) => `"${l}"`).join(', ')}): the letter would open with them run together`,
        hint: 'keep the one line the letter opens with (in the spreadsheet, Alt+Enter starts a new line in a cell)',
      });
    }
    const salutation = oneLine(parts.salutation);
    const international = !sameCountry(recipient.values.country, from?.country);
    if (BARE_GREETING.test(salutation)) {
      const given = recipient.values.salutation?.trim();
      throw new InputError({
        location: { file: s.recipientsFile, line: recipient.line },
        message: `the letter would open "${salutation}": the salutation has no name${given ? ` ("${given}")` : ''}`,
        hint: given ? `write it in full, with the name or the office (${greetingExamples(language)}), or leave it empty for "${salutationFor('', language)}"` : 'check the values the template\'s salutation reads',
      });
    }
    const mismatch = MISMATCHED_GREETING.exec(salutation);
    if (mismatch) {
      throw new InputError({
        location: { file: s.recipientsFile, line: recipient.line },
        message: `the letter would open "${salutation}": "${mismatch[0]}" does not agree (a greeting for a man with a title for a woman, or the other way round)`,
        hint: `write it as one or the other: ${greetingExamples(language)}`,
      });
    }
    const disagrees = greetingDisagrees(salutation, recipient.values);
    if (disagrees) {
      throw new InputError({
        location: { file: s.recipientsFile, line: recipient.line },
        message: `the letter would open "${salutation}", but the ${disagrees.column} is "${disagrees.value}": the one greets a ${disagrees.greets}, the other names a ${disagrees.names}`,
        hint: `one of them is wrong (a spreadsheet's fill-down copies the cell above): correct the ${disagrees.column} or the salutation`,
      });
    }
    if (DOUBLED_GREETING.test(salutation) || repeatsItsOpening(salutation)) {
      const given = recipient.values.salutation?.trim();
      const ownDouble = !!given && (DOUBLED_GREETING.test(given) || repeatsItsOpening(given));
      throw new InputError({
        location: { file: s.recipientsFile, line: recipient.line },
        message: `the letter would open "${salutation}": a greeting twice${given && !ownDouble ? ` (the template puts one before the row's "${given}")` : ''}`,
        hint: ownDouble
          ? 'write the greeting once ("Dear Minister")'
          : 'the salutation column holds the whole greeting ("Dear Minister", "Your Excellency"): print it as it is, with salutation: \'{{salutation}},\' in the template (the default)',
      });
    }
    const envelope = ENVELOPE_FORM.exec(salutation);
    if (envelope) {
      const abbreviated = /^m\./i.test(envelope[1]!);
      throw new InputError({
        location: { file: s.recipientsFile, line: recipient.line },
        message: abbreviated
          ? `the letter would open "${salutation}": a greeting writes "Monsieur" in full`
          : `the letter would open "${salutation}": "${envelope[1]}" is how an address names an official, not how a letter greets them`,
        hint: abbreviated
          ? 'write "Monsieur le Ministre" (the form of address in full)'
          : `greet them as a letter does: ${greetingExamples(language)}, or a head of state or ambassador ${EXCELLENCY[baseLanguage(language)] ?? '"Your Excellency"'}, in the salutation column or the template's salutation: line`,
      });
    }
    // In the United States "Honorable" is for the envelope only; elsewhere (Kenya, Ghana) "Dear
    // Hon. Otieno" greets a member of parliament.
    const honorable = countryName(recipient.values.country ?? '') === 'United States' ? US_HONORABLE.exec(salutation) : null;
    if (honorable) {
      throw new InputError({
        location: { file: s.recipientsFile, line: recipient.line },
        message: `the letter would open "${salutation}": in the United States "${honorable[1]}" is written on the envelope, not in the greeting`,
        hint: 'greet them by office and name ("Dear Senator Duckworth:", "Dear Representative Davis:"), or "Dear Mr. …"/"Dear Ms. …", in the salutation column or the template\'s salutation: line',
      });
    }
    const named = ADDRESS_FORM.exec(salutation);
    if (named) {
      throw new InputError({
        location: { file: s.recipientsFile, line: recipient.line },
        message: `the letter would open "${salutation}": "${named[1]}" is how an address names an official, not how a letter greets them`,
        hint: `greet them "Your Excellency," or by office and name ("Dear President Marcos,", "Dear Representative Schakowsky,"), in the salutation column or the template's salutation: line`,
      });
    }
    // French typography in the subject, greeting and closing too, as in the body (and so in the e-mail's text).
    const typeset = baseLanguage(language) === 'fr' ? frenchSpaces : (t: string) => t;
    const date = formatDate(today, 'long', language);
    return {
      number: recipient.index,
      recipient,
      recipientName: displayName(recipient.values),
      country: countryName(recipient.values.country ?? ''),
      paper: s.paper,
      dinForm: s.dinForm ?? 'b',
      envelope: s.envelope,
      language,
      international,
      returnAddress: international ? returnAbroad : returnHome,
      senderLines: international ? own.senderLines : own.senderLinesHome,
      address: postalAddress(recipient.values, from?.country),
      date,
      dateLine: (place && letterWords(language).placeAndDate?.(place, date)) || date,
      subject: typeset(withoutSubjectLabel(oneLine(parts.subject), language)),
      salutation: typeset(salutation),
      body: baseLanguage(language) === 'fr' ? frenchSpacing(parseMarkdown(parts.body)) : parseMarkdown(parts.body),
      closing: typeset(oneLine(parts.closing)),
      signer: s.signer && sameCountry(recipient.values.country, s.signer.country) ? own.signerHome : own.signer,
      caseName: s.caseFile.name,
    };
  };
}

/**
 * A greeting without the name it needs: "Dear,", "Dear Mr,", "Dear Hon.,", "Dear Rt Hon", "Sehr geehrter Herr,", "Sehr
 * geehrter Herr Prof. Dr.,", "Sehr geehrte/r,", "Liebe,", "Estimada Sra.,", "Prezado Sr.,", "Gentile Dott.,", "Уважаемый
 * г-н,", "Hörmətli cənab,", or a title alone ("Herr,", "Mrs,": what a list's "Anrede" column holds). ("Dear Sir", "Dear
 * Professor", "Estimado señor", "Prezado Senhor", "Madame" and "Monsieur" are whole.)
 */
const BARE_GREETING = new RegExp(
  `^(?:${[
    /dear(?:\s+(?:the\s+)?(?:rt\.?\s+)?hon\.?|\s+(?:mr|mrs|ms|miss|mx|dr|prof|rev|revd|fr|rep|sen|gov|amb)\.?)*/.source,
    /(?:sehr\s+geehrte(?:r|\/r|\(r\)|\*r|_r|:r)?|liebe(?:r|\/r|\(r\))?)(?:\s+(?:herrn?|frau))?(?:\s+(?:prof|dr|dipl\.?-ing|mag|ing)\.?(?:\s*(?:med|phil|jur|h\.\s*c)\.)?)*/.source,
    // ("Guten Tag," and "Hallo," are whole: "Guten Tag Herr," is not.)
    /(?:hallo|guten\s+tag)\s+(?:herrn?|frau)(?:\s+(?:prof|dr|dipl\.?-ing|mag|ing)\.?(?:\s*(?:med|phil|jur|h\.\s*c)\.)?)*/.source,
    /(?:mr|mrs|ms|miss|mx|dr|prof|herrn?|frau|m|mme|mlle|sr|sra|srta|sig|dott)\.?/.source,
    /(?:estimad|distinguid)[oa](?:s|\/[oa]s?|\([oa]\)|@)?(?:\s+(?:sr|sra)\.?)?/.source,
    /(?:the\s+)?(?:honou?rable|hon\.?)/.source,
    /(?:prezad|querid)[oa](?:\s+(?:sr|sra|dr|dra)\.?)?/.source,
    /(?:gentile|egregi[oa])(?:\s+(?:sig|sig\.ra|dott|dott\.ssa)\.?)?/.source,
    // Strings where the letters are not ASCII: esbuild writes them as escapes, as it does not a
    // regular expression's, and the command line's bundle stays all ASCII (see src/load.ts).
    'ch[eè]re?',
    // "Monsieur le," "Madame la," "Monsieur l'," (the office left out); "Monsieur" and "Madame" are whole.
    "(?:ch[eè]re?\\s+)?(?:monsieur|madame)\\s+(?:le|la|l['’])",
    'уважаем(?:ый|ая)(?:\\s+(?:господин|госпожа|г-н|г-жа|г\\.))?',
    'hörmətli(?:\\s+(?:cənab|xanım))?',
    'sayın|szanown[ya](?:\\s+(?:pan|pani|państwo))?',
  ].join('|')})\\s*[,:!]?$`,
  'iu',
);

/** A greeting's first words that are no one's name, in the languages letters knows. */
const GREETING_WORDS = "dear|geachte|sehr\\s+geehrte[rs]?|liebe[rs]?|egregi[oa]|estimad[oa]s?|querid[oa]s?|prezad[oa]s?|уважаем(?:ый|ая|ые)|hörmətli|sayın";
/** A greeting's first words: those, and those that are names too ("Beste", "Cher", "Gentile"). */
const GREETING = GREETING_WORDS + '|beste|ch[eè]re?|gentile'; // (strings, not templates: the bundle stays ASCII, see src/load.ts)
/** A whole greeting, as a salutation column holds it ("Sehr geehrter Herr Minister", "Your Excellency"), not a title alone ("Herr"). */
const WHOLE_GREETING = new RegExp(`^(?:(?:${GREETING})\\s+\\S|your\\s+excellency|(?:monsieur|madame)\\s+l)`, 'iu');
export const isGreeting = (text: string): boolean => WHOLE_GREETING.test(text.trim());

/** A second greeting after one: no one's name, nor a title a greeting may hold ("Dear Beste Yılmaz", "Estimado Excelentísimo Señor"). */
const ONLY_GREETING = GREETING_WORDS + '|chère|gentile(?=\\s+(?:sig|dott|prof|avv|on\\.|onorevole|ministr|president|ambasciat))';

/**
 * A greeting before another, as a template that writes "Dear {{recipient.salutation}}" makes of a
 * column that holds the whole greeting: "Dear Dear Minister", "Dear Your Excellency", "Geachte
 * Geachte heer".
 */
const DOUBLED_GREETING = new RegExp(
  `^(?:(?:${GREETING})\\s+(?:${ONLY_GREETING}|your\\s+(?:excellency|honou?r|majesty|highness|eminence|grace)|votre\\s+excellence|vuestra\\s+excelencia|su\\s+excelencia)|(?:monsieur|madame)\\s+(?:le|la|l['’])\\s*(?:monsieur|madame)|(monsieur|madame)\\s+\\1)(?=[\\s,:!]|$)`,
  'iu',
);

/** A greeting whose words disagree: "Sehr geehrter Frau", "Sehr geehrte Herr", "Estimado Sra.", "Chère Monsieur". */
const MISMATCHED_GREETING = new RegExp(
  '^(?:sehr\\s+geehrter\\s+(?:frau|herrn)|sehr\\s+geehrte\\s+herrn?|lieber\\s+frau|liebe\\s+herrn?|estimado\\s+(?:sra|se\u00f1ora)|estimada\\s+(?:sr|se\u00f1or)|querido\\s+(?:sra|se\u00f1ora)|querida\\s+(?:sr|se\u00f1or)|ch\u00e8re\\s+monsieur|cher\\s+madame)(?=[\\s.,:!]|$)',
  'iu',
);

/**
 * Words of a greeting or a title that say a man or a woman, in the languages letters knows (and
 * Dutch, Polish, Russian, Azerbaijani). A greeting with words of both ("Madame, Monsieur", "Dear
 * Sir or Madam", "Sehr geehrte Damen und Herren") says neither. Strings, not a regular
 * expression's letters: the bundle stays ASCII (see src/load.ts).
 */
const MAN_WORDS = new Set('sir mr mister monsieur m herr herrn lieber geehrter señor sr don estimado querido excelentísimo signor signore sig egregio caro senhor prezado excelentíssimo heer meneer dhr pan szanowny господин г-н уважаемый cənab bay cher'.split(' '));
const WOMAN_WORDS = new Set('madam madame mrs ms miss mme mlle frau señora sra srta señorita doña dra estimada querida excelentísima signora sig.ra gentilissima egregia cara senhora dona prezada excelentíssima mevrouw mevr pani szanowna госпожа г-жа уважаемая xanım hanım chère'.split(' '));
/** A position only a woman holds ("Ambassadrice", "Ministerin", "Ministra", "Embajadora"): the few common in letters' lists. */
const WOMAN_POSITION = new RegExp('^(?:ambassadrice|s[ée]natrice|directrice|présidente|d[ée]put[ée]e|procureure|pr[ée]f[èe]te|conseill[èe]re|gouverneure|\\S+(?:erin|entin|[äa]ltin|[ae]nzlerin|orin)|ministra|presidenta|embajadora|senadora|diputada|directora|gobernadora|alcaldesa|jueza|embaixadora|deputada|diretora|governadora|ambasciatrice|senatrice|deputata|direttrice)$', 'iu');

/**
 * Of those, the ones that are names too, counted only in the title column: "Dear Pan Wei" greets
 * 潘伟 (a woman, perhaps), "Dear Don" a Don, "Dear M Smith" an initial.
 */
const ALSO_NAMES = new Set(['m', 'pan', 'pani', 'bay', 'don', 'dona', 'doña', 'cara', 'caro']);

const genderOf = (words: string[], greeting: boolean): 'man' | 'woman' | undefined => {
  const counted = greeting ? words.filter((w) => !ALSO_NAMES.has(w)) : words;
  const man = counted.some((w) => MAN_WORDS.has(w));
  const woman = counted.some((w) => WOMAN_WORDS.has(w));
  return man === woman ? undefined : man ? 'man' : 'woman';
};
const wordsOf = (text: string): string[] => text.toLowerCase().split(/[\s,:;!/()]+|\.(?=\s|$)/u).filter(Boolean);

/**
 * A greeting for a man to a row whose title or position names a woman, or the other way round:
 * "Monsieur le Ministre" with the title "Mme", "Dear Sir" with "Ms", "Sehr geehrte Frau" with
 * "Herr" (a fill-down in the spreadsheet). A position only a man holds is not asked: "Madame
 * l'Ambassadeur" is French usage.
 */
function greetingDisagrees(salutation: string, values: Record<string, string>): { column: string; value: string; greets: string; names: string } | undefined {
  // (A greeting written for either, "Estimado/a señor/a", "Prezado(a) Senhor(a)", "Sehr geehrte/r", greets both.)
  if (EITHER.test(salutation)) return undefined;
  // (The official's own name is no form of address: "Geachte minister De Heer", "Dear Senator Caro".)
  const named = new Set(wordsOf([values.name, values.first_name, values.last_name].filter(Boolean).join(' ')));
  const greets = genderOf(wordsOf(salutation).filter((w) => !named.has(w) && w.length > 1), true);
  if (!greets) return undefined;
  const title = values.title?.trim() ?? '';
  const titled = genderOf(wordsOf(title), false);
  if (titled && titled !== greets) return { column: 'title', value: title, greets, names: titled };
  // A German list's "Anrede" column when it holds "Herr" or "Frau" alone (a German trial's fill-down:
  // "Frau" beside "Sehr geehrter Herr Abgeordneter"). Read for this only: see the README on Anrede.
  const anrede = values.anrede?.trim() ?? '';
  const said = !titled && /^(?:herrn?|frau)$/i.test(anrede) ? genderOf(wordsOf(anrede), false) : undefined;
  if (said && said !== greets) return { column: 'Anrede', value: anrede, greets, names: said };
  const position = values.position?.trim() ?? '';
  const first = position.split(/[\s,]+/)[0] ?? '';
  if (greets === 'man' && WOMAN_POSITION.test(first)) return { column: 'position', value: position, greets, names: 'woman' };
  return undefined;
}

/** A word written for a man and a woman: "o/a", "(a)", "/r", "(r)". */
const EITHER = /\p{L}(?:\/[ar]|\([ar]\))(?!\p{L})/iu;

/** A greeting's first words and the word after them: "Sehr geehrte Frau", "Dear Minister". */
// (And Portuguese's and Spanish's superlative, which opens a greeting as a title does: "Excelentíssimo
// Senhor Excelentíssimo Senhor Presidente", pasted twice, a trial's.)
const OPENING = new RegExp(`^(?:${GREETING}|excelent[i\u00ed]ss?im[oa]s?)\\s+\\S+`, 'iu');

/** A greeting whose opening words come again ("Sehr geehrte Frau Sehr geehrte Frau Amtsberg"): two pasted together. */
function repeatsItsOpening(salutation: string): boolean {
  const opening = OPENING.exec(salutation)?.[0];
  return !!opening && salutation.toLowerCase().indexOf(opening.toLowerCase(), opening.length) > 0;
}

/** How a letter greets a head of state or an ambassador, in the languages whose greeting is not English's. */
const EXCELLENCY: Record<string, string> = { fr: '"Excellence"', es: '"Excelentísimo Señor"', de: '"Exzellenz"', pt: '"Excelentíssimo Senhor"', it: '"Eccellenza"' };

/**
 * An envelope's form of address alone, as a list copied from a protocol directory holds it: "Son
 * Excellence", "Sa Majesté", "S.E. M. le Ministre", "His Excellency", "The Honorable Jan
 * Schakowsky" (the letter greets "Excellence,", "Your Excellency,"); and "M. le Ministre", which a
 * French greeting writes in full.
 */
const ENVELOPE_FORM = new RegExp(
  "^((?:son|sa)\\s+(?:excellence|majest[ée]|altesse|[ée]minence|saintet[ée])|s\\.\\s?[eé]\\.(?:\\s?m\\.)?|(?:[aà]\\s+)?sua\\s+excel[eê]ncia|s\\.\\s?exa\\.?|(?:his|her)\\s+(?:excellency|majesty|highness|holiness)|h\\.\\s?e\\.|the\\s+(?:(?:right|rt\\.?)\\s+)?hon(?:ou?rable|\\.)|(?:seine|ihre)\\s+exzellenz|m\\.\\s+(?:le|la|l['’]))(?=[\\s,:!]|$)",
  'iu',
);

/**
 * A greeting before the form of address of an envelope ("Dear His Excellency", "Dear The
 * Honorable Jan Schakowsky", "Dear H.E. Minister"): the letter greets "Your Excellency".
 */
const ADDRESS_FORM = new RegExp(`^(?:${GREETING})\\s+((?:his|her)\\s+(?:excellency|majesty|highness|holiness|honou?r)|the\\s+(?:(?:right|rt\\.?)\\s+)?hon(?:ou?rable|\\.)|h\\.\\s?e\\.)(?=[\\s,:!]|$)`, 'iu');

/** "Honorable" in a greeting, with "Dear" or without: "Dear Honorable Duckworth", "Dear Hon. Davis", "Hon. Senator Duckworth". */
const US_HONORABLE = new RegExp(`^(?:(?:${GREETING})\\s+)?((?:the\\s+)?hon(?:orable|\\.))(?=[\\s,:!]|$)`, 'iu');

/** French spacing (see frenchSpaces) in a letter's text. */
function frenchSpacing(blocks: Block[]): Block[] {
  const runs = (rs: Run[]) =>
    rs.map((r) => {
      const text = frenchSpaces(r.text);
      return text === r.text ? r : { ...r, text };
    });
  return blocks.map((b) => (b.kind === 'paragraph' ? { ...b, runs: runs(b.runs) } : { ...b, items: b.items.map((i) => ({ ...i, runs: runs(i.runs) })) }));
}

/** A deep copy with every string Markdown-escaped: data values are text, not markup. */
function escapeValues(v: unknown): unknown {
  if (typeof v === 'string') return escapeMarkdown(v);
  if (Array.isArray(v)) return v.map(escapeValues);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeValues(x)]));
  }
  return v;
}
