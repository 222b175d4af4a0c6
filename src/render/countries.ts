import { plainLetters } from './names.js';
import { nearest } from '../suggest.js';
import { NOT_ASCII } from './script.js';

/**
 * Countries as people write them: "UZ", "Uzbekistan", "Oʻzbekiston" and "Ўзбекистон" are one
 * country, and so are "Turkey" and "Türkiye", "UK" and "Great Britain". Each is known by its ISO
 * 3166 code, from the names Node's ICU data gives every region in English, French and the
 * languages spoken there, and the other names below. The tables are made on first use, or, in
 * the command line's bundle, made by the build and stored in it (70 ms of every run).
 */

/** Names ICU does not give (former, official and everyday ones), by their key (see `key`). */
const OTHER_NAMES: Record<string, string> = {
  turkey: 'TR', czechrepublic: 'CZ', ivorycoast: 'CI', burma: 'MM', swaziland: 'SZ', macedonia: 'MK',
  easttimor: 'TL', greatbritain: 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', northernireland: 'GB',
  democraticrepublicofthecongo: 'CD', democraticrepublicofcongo: 'CD', republicofthecongo: 'CG',
  palestine: 'PS', holysee: 'VA', vatican: 'VA', hongkong: 'HK', macau: 'MO',
};

/**
 * Abbreviations known, and names in other languages in everyday use that ICU does not give
 * (German, French, Spanish, Italian, Dutch), printed as the country's English name ("Holland" is
 * a part of the Netherlands).
 */
const ABBREVIATIONS: Record<string, string> = {
  holland: 'NL', witrusland: 'BY', usa: 'US', eeuu: 'US', eua: 'US', ksa: 'SA',
  // Official long forms and ISO's inverted ones ("Iran, Islamic Republic of"), and former names: the short name is the address's.
  unitedkingdomofgreatbritainandnorthernireland: 'GB', unitedstatesofamerica: 'US', america: 'US', russianfederation: 'RU',
  republicofkorea: 'KR', korearepublicof: 'KR', democraticpeoplesrepublicofkorea: 'KP', koreademocraticpeoplesrepublicof: 'KP',
  islamicrepublicofiran: 'IR', iranislamicrepublicof: 'IR', laopeoplesdemocraticrepublic: 'LA', syrianarabrepublic: 'SY',
  republicofmoldova: 'MD', moldovarepublicof: 'MD', unitedrepublicoftanzania: 'TZ', tanzaniaunitedrepublicof: 'TZ', peoplesrepublicofchina: 'CN',
  kyrgyzrepublic: 'KG', republicofnorthmacedonia: 'MK', stateofpalestine: 'PS', palestinestateof: 'PS', byelorussia: 'BY', belorussia: 'BY',
  venezuelabolivarianrepublicof: 'VE', boliviaplurinationalstateof: 'BO', vietnamsocialistrepublicof: 'VN', socialistrepublicofvietnam: 'VN', uae: 'AE', drc: 'CD', drcongo: 'CD', dprk: 'KP', prc: 'CN', laopdr: 'LA',
  weißrussland: 'BY', weissrussland: 'BY', großbritannien: 'GB', grossbritannien: 'GB',
  islamischerepublikiran: 'IR', republiqueislamiquediran: 'IR', republicaislamicadeiran: 'IR', repubblicaislamicadelliran: 'IR',
  russischefoderation: 'RU', federacionderusia: 'RU', volksrepublikchina: 'CN', republicapopularchina: 'CN',
  // In Spanish and French, as lists from the UN, ISO or a ministry write them (adjective forms the pattern below cannot read).
  republiquealgeriennedemocratiqueetpopulaire: 'DZ', repalgeriennedemocratiqueetpopulaire: 'DZ', peoplesdemocraticrepublicofalgeria: 'DZ',
  republicaargelinademocraticaypopular: 'DZ', republiquetunisienne: 'TN', republiquearabesyrienne: 'SY', republicaarabesiria: 'SY',
  republiquefrancaise: 'FR', grandebretagne: 'GB', granbretana: 'GB', etatsunisdamerique: 'US', estadosunidosdeamerica: 'US',
  estadosunidosmexicanos: 'MX', unitedmexicanstates: 'MX', venezuelarb: 'VE', republiquedemocratiqueducongo: 'CD', republicademocraticadelcongo: 'CD',
};

/**
 * A state's official name in Spanish or French, accents taken off ("República Bolivariana de
 * Venezuela", "Royaume du Maroc", "République islamique d'Iran", "Estado Plurinacional de
 * Bolivia"): the country its last words name.
 */
const LATIN_FORM =
  /^(?:republica|republique|rep|reino|royaume|estado|etat|federacion|federation|emirato|emirat|sultanato|sultanat|principado|principaute|gran\s+ducado|grand[\s-]duche)\.?\s+(?:(?:bolivariana|plurinacional|islamica|islamique|arabe|democratica|democratique|popular|populaire|socialista|socialiste|federal|federale|federativa|unida|unie|cooperativa|cooperative|hachemita|hachemite|oriental|y|et)\s+)*(?:de\s+la\s+|de\s+l['\u2019]\s*|del\s+|de\s+los\s+|de\s+las\s+|de\s+|du\s+|des\s+|d['\u2019]\s*)(.+)$/;
/** The words of a parenthesis that says a state's form: "Venezuela (República Bolivariana de)", "Bolivia (Plurinational State of)". */
const FORM_IN_PARENTHESES = /^(.+?)\s*\((?:[^)]*\b(?:republic|republica|republique|state|estado|etat|kingdom|reino|royaume|federation|federacion|islamic|islamica|islamique|bolivarian|bolivariana|plurinational|plurinacional)\b[^)]*)\)$/;

/** The English names printed for these, where ICU's would read oddly on an envelope ("Congo - Kinshasa"). */
const PRINTED: Record<string, string> = {
  US: 'United States', GB: 'United Kingdom', CD: 'Democratic Republic of the Congo', CG: 'Republic of the Congo',
  HK: 'Hong Kong', MO: 'Macao', PS: 'Palestine', MM: 'Myanmar',
};

/** Languages whose names for every country are known too, besides each country's own. */
const MORE_LANGUAGES = ['ru', 'zh', 'ar', 'es', 'de', 'pt', 'tr', 'nl', 'it', 'pl', 'sv', 'da', 'nb', 'fi', 'cs'];

/** What two spellings of one name share: letters only, without case or accents ("Côte d’Ivoire": "cotedivoire"). */
function key(name: string): string {
  // Asked of every row's country and of each word of its position, a few times a row: the same few
  // hundred words come back, and a word's key is five passes of regular expressions.
  let k = keys.get(name);
  if (k === undefined) {
    k = name
      .replace(/&/g, ' and ')
      .replace(/^\s*the\s+/i, '')
      .normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}]+/gu, '');
    if (keys.size >= MAX_KEYS) keys.clear();
    keys.set(name, k);
  }
  return k;
}
const keys = new Map<string, string>();
const MAX_KEYS = 5_000;

/**
 * Region codes that are no country: the EU, the UN, the eurozone, outlying Oceania, test regions,
 * and parts of a country with codes of their own (the Canary Islands, Ceuta and Melilla, Diego
 * Garcia, Ascension, Tristan da Cunha, Clipperton, Sark).
 */
const NOT_COUNTRIES = new Set(['EU', 'UN', 'EZ', 'QO', 'XA', 'XB', 'ZZ', 'IC', 'EA', 'DG', 'AC', 'TA', 'CP', 'CQ']);

interface Tables {
  /** Each code's English name. */
  english: Map<string, string>;
  /** The keys of names in English or French (printed as written), and their codes. */
  latin: Map<string, string>;
}
/** The keys of every other name known, and their codes: made when a value is not in `latin`. */
let otherNames: Map<string, string> | undefined;
let tables: Tables | undefined;

/** The tables as the build made them, as text (scripts/bundle.mjs); not in the library. */
declare const LETTERS_COUNTRY_TABLES: string | undefined;
/** Every table, as the build stores them: with the ICU version whose names they hold. */
interface StoredTables {
  icu: string;
  english: [string, string][];
  latin: [string, string][];
  other: [string, string][];
}

/** All the tables as they are made at this moment, for the build to store. */
export function countryTables(): StoredTables {
  tables ??= make();
  otherNames ??= makeOther(tables);
  return { icu: icuData(), english: [...tables.english], latin: [...tables.latin], other: [...otherNames] };
}

/** Which ICU data the names come from: its version, and those of the CLDR and Unicode data in it. */
const icuData = () => `${process.versions.icu} ${process.versions.cldr} ${process.versions.unicode}`;

/** The tables the build stored, when they come from the ICU data this Node has (and `otherNames` with them). */
function storedTables(): Tables | undefined {
  if (typeof LETTERS_COUNTRY_TABLES !== 'string') return undefined;
  const stored = JSON.parse(LETTERS_COUNTRY_TABLES) as StoredTables;
  if (stored.icu !== icuData()) return undefined;
  otherNames = new Map(stored.other);
  return { english: new Map(stored.english), latin: new Map(stored.latin) };
}

function make(): Tables {
  const stored = storedTables();
  if (stored) return stored;
  const en = new Intl.DisplayNames(['en'], { type: 'region' });
  const short = new Intl.DisplayNames(['en'], { type: 'region', style: 'short' });
  const fr = new Intl.DisplayNames(['fr'], { type: 'region' });
  const t: Tables = { english: new Map(), latin: new Map() };
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = en.of(code);
      // Not a region, not a country, or an old code of another ("UK" is "GB", "SU" "RU").
      if (!name || name === code || NOT_COUNTRIES.has(code) || new Intl.Locale(`und-${code}`).region !== code) continue;
      t.english.set(code, PRINTED[code] ?? name);
      for (const n of [name, short.of(code)!, fr.of(code)!, PRINTED[code] ?? name]) t.latin.set(key(n), code);
    }
  }
  for (const [k, code] of Object.entries(OTHER_NAMES)) t.latin.set(k, code);
  return t;
}

/** The languages a country's names are known in: those (and the scripts) spoken there, and MORE_LANGUAGES. */
function namingLanguages(code: string): string[] {
  const own = new Intl.Locale(`und-${code}`).maximize().language;
  return [own, ...['Cyrl', 'Latn', 'Arab'].map((script) => `${own}-${script}`), ...MORE_LANGUAGES];
}

/** Each country's names in the languages (and scripts) spoken there, and in MORE_LANGUAGES. */
function makeOther(t: Tables): Map<string, string> {
  const other = new Map<string, string>(Object.entries(ABBREVIATIONS));
  const ambiguous = new Set<string>();
  // A word of an English or French name is no name of its own in another language: Spanish
  // "Congo" would be one of two Congos, "Island" Iceland.
  const words = new Set<string>();
  for (const n of t.english.values()) for (const w of n.split(/[^\p{L}]+/u)) words.add(key(w));
  for (const code of t.english.keys()) {
    for (const language of namingLanguages(code)) {
      const k = key(new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? '');
      if (!k || t.latin.has(k) || words.has(k) || k in ABBREVIATIONS) continue;
      // A name two countries have in two languages is neither's (Polish "Kongo" is one Congo, Norwegian the other).
      if (other.has(k) && other.get(k) !== code) ambiguous.add(k);
      else other.set(k, code);
    }
  }
  for (const k of ambiguous) other.delete(k);
  return other;
}

/** The ISO 3166 code of a country as written, or undefined when it is not one letters knows. */
export function countryCode(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (known.has(value)) return known.get(value);
  if (known.size >= 1000) known.clear(); // (a list has a few countries; a strange one, many values)
  const code = lookUp(value.trim());
  known.set(value, code);
  return code;
}
/** The countries looked up, as written. */
const known = new Map<string, string | undefined>();

function lookUp(v: string): string | undefined {
  if (!v) return undefined;
  tables ??= make();
  if (/^[A-Za-z]{2}$/.test(v)) {
    const code = new Intl.Locale(`und-${v.toUpperCase()}`).region!; // (an old code as the one now)
    if (tables.english.has(code)) return code;
  }
  const k = key(v);
  const found = tables.latin.get(k) ?? (otherNames ??= makeOther(tables)).get(k);
  if (found) return found;
  // A state's official name or a statistics office's ("Arab Republic of Egypt", "Kingdom of Saudi
  // Arabia", "Egypt, Arab Rep."): the country its last words name. Not for the names two states
  // share (the Republic of Korea and the Democratic People's Republic of Korea; China, Congo).
  const plain = plainLetters(v).trim();
  // (French writes a country with its article: "L'Algérie", "la France".)
  const named = OFFICIAL_FORM.exec(v) ?? INVERTED_FORM.exec(v) ?? LATIN_FORM.exec(plain) ?? FORM_IN_PARENTHESES.exec(plain) ?? /^(?:l['\u2019]\s*|la\s+|le\s+|les\s+)(.+)$/.exec(plain);
  const base = named && key(named[1]!);
  return base && !SHARED_NAMES.has(base) ? (tables.latin.get(base) ?? otherNames!.get(base)) : undefined;
}

const FORM_WORDS = "(?:the|arab|islamic|federal|democratic|people'?s|socialist|united|hashemite|plurinational|bolivarian|independent|co-?operative|sovereign|grand|state|kingdom|republic|federation|emirate|sultanate|principality|duchy|commonwealth)";
const OFFICIAL_FORM = new RegExp(`^(?:${FORM_WORDS}\\s+)+of\\s+(?:the\\s+)?(.+)$`, 'i');
const INVERTED_FORM = new RegExp(`^(.+?),\\s*(?:${FORM_WORDS}\\.?\\s*|rep\\.\\s*)+(?:of)?$`, 'i');
const SHARED_NAMES = new Set(['korea', 'china', 'congo']);

/**
 * The country as an address names it: as written when that is its name in English or French,
 * else its English name ("UZ" is "Uzbekistan", "Россия" is "Russia", "México" is "Mexico"); a
 * country letters does not know, as written.
 */
export function countryName(value: string): string {
  const v = value.trim();
  const code = countryCode(v);
  if (!code) return v;
  const english = tables!.english.get(code)!;
  // (A name all in small letters or all in capitals, "nicaragua", "NICARAGUA", "ivory coast", is
  // its English name: lists and messages show a country one way. A name written with capitals
  // where they go, "Ivory Coast", "Côte d'Ivoire", is as written.)
  const cased = () => v !== v.toLowerCase() && v !== v.toUpperCase();
  if (v.length > 2 && tables!.latin.get(key(v)) === code && cased() && (!NOT_ASCII.test(v) || spelledAs(v, code))) return v;
  return english;
}

/**
 * Whether a name written with accents is the country's English or French name with them: "Côte
 * d'Ivoire" and "Türkiye" are; "México", "Perú" (the English name with accents it has not got) and
 * "Dänemark" (German, the French "Danemark" with an umlaut) are not.
 */
function spelledAs(v: string, code: string): boolean {
  const names = (displayNames ??= ['en', 'fr'].map((l) => new Intl.DisplayNames([l], { type: 'region' })));
  return [tables!.english.get(code)!, ...names.map((n) => n.of(code) ?? '')].some((n) => letters(n) === letters(v));
}

/** A name's letters, accents and case as written: "Côte d'Ivoire" and "Côte d’Ivoire" are one, "and" and "&" too. */
const letters = (n: string) => n.normalize('NFC').toLowerCase().replace(/\s+(?:and|et|&)\s+|&/g, ' ').replace(/[^\p{L}]+/gu, '');
let displayNames: Intl.DisplayNames[] | undefined;

/**
 * Whether a country's name is written as one of its names is, accents and all: "Nicaragüa" is
 * Nicaragua to `countryCode` (which does not read accents), but no language writes it so. A name
 * without accents, a code or an abbreviation is.
 */
export function writtenAsItsName(value: string): boolean {
  const v = value.trim();
  const code = countryCode(v);
  if (!code || !NOT_ASCII.test(v)) return true;
  return ['en', 'fr', ...namingLanguages(code)].some((language) => letters(new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? '') === letters(v));
}

/** The country's English name whatever it is written in, to sort by: "Türkiye" with "Turkey". */
export function englishCountryName(value: string): string {
  const code = countryCode(value);
  return code ? tables!.english.get(code)! : value.trim();
}

/** The country's name in a language ("Usbekistan" in German), for text a volunteer reads; as written when unknown. */
export function countryNameIn(value: string, language: string): string {
  const code = countryCode(value);
  if (!code) return value.trim();
  try {
    let names = namesIn.get(language);
    if (!names) namesIn.set(language, (names = new Intl.DisplayNames([language], { type: 'region' })));
    return names.of(code) ?? value.trim();
  } catch {
    return value.trim();
  }
}
/** The region names of each language asked for (a packet's cover sheet lists a country per letter). */
const namesIn = new Map<string, Intl.DisplayNames>();

/** The country a name letters does not know is likely a misspelling of ("Brasill": Brazil), if one is near. */
export function nearestCountry(value: string): string | undefined {
  tables ??= make();
  if (nearestOf.has(value)) return nearestOf.get(value);
  if (nearestOf.size >= 1000) nearestOf.clear();
  englishNames ??= [...tables.english.values()];
  const found = nearest(value.trim(), englishNames);
  nearestOf.set(value, found);
  return found;
}
/** Per value asked (a list has a few unknown countries, written the same on many rows). */
const nearestOf = new Map<string, string | undefined>();
let englishNames: string[] | undefined;

/** Names of a part of a country (Scotland is in the United Kingdom, but not all of it). */
const PARTS = new Set(['england', 'scotland', 'wales', 'northernireland']);

/**
 * Whether a row's country is the one a filter names (`--where country=`): the same country
 * however written ("Brasil" for Brazil), but a part of one (Scotland) only as written. The
 * filter's own key is worked out once, not for every row.
 */
export function countryMatcher(filter: string): (value: string) => boolean {
  const part = key(filter);
  if (PARTS.has(part)) return (value) => key(value) === part;
  const wanted = countryKey(filter);
  return (value) => countryKey(value) === wanted;
}

/** What two ways of writing one country share: its code, else the letters of what is written. */
export function countryKey(value: string): string {
  return countryCode(value) ?? key(value);
}

/** Per country as written: the keys of its names, and of its English name (for its adjective). */
const namesOf = new Map<string, { names: Set<string>; english: string; adjectives: Set<string> }>();

/**
 * A country other than those of `except` (codes) that a text names by any of its names
 * ("Ambassador of Kazakhstan", "Embajada de Kazajistán"), or by a word its English name starts
 * with ("Kazakh Embassy"; not a word of some country's name, as "Central" or "French" are): its
 * English name, or undefined.
 */
export function otherCountryNamed(text: string, except: (string | undefined)[]): string | undefined {
  tables ??= make();
  if (!englishKeys) {
    englishKeys = [...tables.english].map(([code, name]) => [code, key(name)]);
    countryWords = new Set();
    for (const n of tables.english.values()) for (const w of n.split(/[^\p{L}]+/u)) countryWords.add(key(w));
  }
  const words = text.split(/[^\p{L}\p{M}]+/u).map(key).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    let run = '';
    for (let j = i; j < Math.min(words.length, i + 8); j++) {
      const code = tables.latin.get((run += words[j]!)) ?? (otherNames ??= makeOther(tables)).get(run);
      if (code && !except.includes(code)) return tables.english.get(code);
    }
    const word = words[i]!;
    // Its people's word: "Qatari Embassy", "Moroccan Embassy", "Saudi Embassy", "Ambassade marocaine";
    // of two words first ("South Sudanese" is not Sudanese).
    const two = (peopleWords ??= makePeopleWords()).get(word + (words[i + 1] ?? ''));
    if (two && !except.includes(two)) return tables.english.get(two);
    if (two) {
      i++;
      continue;
    }
    const people = peopleWords.get(word);
    if (people && !except.includes(people)) return tables.english.get(people);
    if (word.length < 5 || countryWords!.has(word)) continue;
    for (const [code, k] of englishKeys) if (!except.includes(code) && k.startsWith(word)) return tables.english.get(code);
  }
  return undefined;
}

/** Peoples' words that are not made from their country's name as `adjectivesOf` makes them. */
const PEOPLE_WORDS: Record<string, string> = {
  saudi: 'SA', lebanese: 'LB', omani: 'OM', british: 'GB', dutch: 'NL', swiss: 'CH', danish: 'DK', swedish: 'SE', finnish: 'FI',
  polish: 'PL', turkish: 'TR', greek: 'GR', irish: 'IE', french: 'FR', spanish: 'ES', thai: 'TH', filipino: 'PH', philippine: 'PH',
  german: 'DE', emirati: 'AE', bosnian: 'BA', srilankan: 'LK', southafrican: 'ZA', southkorean: 'KR', northkorean: 'KP',
  costarican: 'CR', salvadoran: 'SV', newzealand: 'NZ', belarusian: 'BY', kyrgyz: 'KG', tajik: 'TJ', turkmen: 'TM', dominican: 'DO',
  // (Names whose stem is too short to make words from: "India", "Syria", "Cuba".)
  indian: 'IN', syrian: 'SY', cuban: 'CU', peruvian: 'PE', malian: 'ML', chadian: 'TD', togolese: 'TG', fijian: 'FJ', cypriot: 'CY',
};
let peopleWords: Map<string, string> | undefined;
/** Countries whose names are within others' that share their people's word ("Guinean", "Sudanese", "Dominican"). */
const WITHIN_OTHERS = new Set(['guinea', 'sudan', 'dominica']);

/**
 * Each country's peoples' words (see `adjectivesOf`, PEOPLE_WORDS), but those of two countries
 * ("Nigerian": Niger's or Nigeria's), and those of a name within another's ("Guinean": Guinea's,
 * or Equatorial Guinea's, Guinea-Bissau's; "Sudanese", "Dominican").
 */
function makePeopleWords(): Map<string, string> {
  const found = new Map<string, string>(Object.entries(PEOPLE_WORDS));
  const twice = new Set<string>();
  // From its English and its French name: "Moroccan", "marocain".
  const french = new Intl.DisplayNames(['fr'], { type: 'region' });
  for (const [code, name] of tables!.english) {
    const k = key(name);
    if (WITHIN_OTHERS.has(k)) continue;
    for (const word of adjectivesOf([k, key(french.of(code) ?? '')])) {
      if (word in PEOPLE_WORDS) continue;
      if (found.has(word) && found.get(word) !== code) twice.add(word);
      else found.set(word, code);
    }
  }
  for (const word of twice) found.delete(word);
  return found;
}

/**
 * Every word for a country's people made from the stem of a one-word name, without its last
 * vowels or with some of them ("morocc-an", "nicaragu-ense").
 */
function adjectivesOf(names: Iterable<string>): Set<string> {
  const adjectives = new Set<string>();
  for (const n of names) {
    if (!/^[a-z]+$/.test(n)) continue;
    const stem = n.replace(/[aeiouy]+$/, '');
    if (stem.length < 4) continue;
    const vowels = n.slice(stem.length);
    for (let v = 0; v <= vowels.length; v++) for (const ending of ADJECTIVE_ENDINGS) adjectives.add(stem + vowels.slice(0, v) + ending);
  }
  return adjectives;
}
/** Each country's code and the key of its English name; every word of those names. */
let englishKeys: [string, string][] | undefined;
let countryWords: Set<string> | undefined;

/** Words that say "the state" around a country's name: "Government of the Republic of Kazakhstan". */
const STATE_WORDS = new Set([
  'government', 'of', 'the', 'republic', 'kingdom', 'state', 'federal', 'federation', 'national', 'and', 'gov', 'govt',
  // In the languages of the lists people keep: "Gobierno de Honduras", "Gouvernement du Honduras", "Regierung von Honduras".
  'gobierno', 'de', 'del', 'la', 'el', 'los', 'republica', 'estado', 'reino', 'nacional', 'y',
  'gouvernement', 'du', 'le', 'l', 'des', 'republique', 'etat', 'royaume', 'et',
  'regierung', 'von', 'der', 'die', 'republik', 'staat', 'bundesrepublik', 'konigreich', 'und',
  'governo', 'do', 'da', 'e', 'della', 'di', 'repubblica', 'stato', 'regno',
  'regering', 'van', 'het', 'republiek', 'staat', 'koninkrijk', 'en',
]);

/**
 * The countries a text names when it is nothing but countries' names and words that say "the
 * state" ("Government of Kazakhstan", "Russia / Kazakhstan"); undefined when it says anything else
 * ("Government of New Jersey", "Isle of Man Government": a state's or a territory's own).
 */
export function countriesNamedIn(text: string): string[] | undefined {
  tables ??= make();
  const words = text.split(/[^\p{L}\p{M}]+/u).map(key).filter(Boolean);
  const codes: string[] = [];
  for (let i = 0; i < words.length; ) {
    let found: [code: string, end: number] | undefined;
    let run = '';
    for (let j = i; j < Math.min(words.length, i + 8); j++) {
      const code = tables.latin.get((run += words[j]!)) ?? (otherNames ??= makeOther(tables)).get(run);
      if (code) found = [code, j + 1]; // the longest name from here
    }
    if (found) {
      codes.push(found[0]);
      i = found[1];
    } else if (STATE_WORDS.has(words[i]!)) i++;
    else return undefined;
  }
  return codes.length ? codes : undefined;
}

/**
 * The endings a country's name takes as the word for its people and things, in English, French,
 * German and Spanish, after its last vowels: Morocc-an, Russ-ian, Chin-ese, Turk-ish, Azerbaijan-i,
 * maroc-aine, algér-ienne, russ-ische, nicaragu-ense, mexic-ana ("Russell" is no Russian).
 */
const ADJECTIVE_ENDINGS = new Set([
  'an', 'ans', 'ian', 'ians', 'ese', 'ish', 'i', 'is',
  'ain', 'aine', 'ains', 'aines', 'ais', 'aise', 'ois', 'oise', 'ien', 'ienne', 'iens', 'iennes', 'e', 'es',
  'isch', 'ische', 'ischen', 'ischer', 'anisch', 'anische', 'anischen', 'esisch', 'esische', 'esischen',
  'ano', 'ana', 'anos', 'anas', 'ense', 'enses', 'o', 'a', 'os', 'as',
]);

/**
 * Whether a text names the country, in any of its names ("Embassy of the Czech Republic" names
 * Czechia, "Ambassador of Türkiye" Turkey), by a word its English name starts with ("Uzbek
 * Embassy" names Uzbekistan), or by its people's word ("Moroccan Embassy", "Ambassade marocaine").
 */
export function mentionsCountry(text: string, country: string): boolean {
  let entry = namesOf.get(country);
  if (!entry) {
    const code = countryCode(country);
    const names = new Set([key(country)]);
    if (code) for (const [k, c] of tables!.latin) if (c === code) names.add(k);
    // Names in other languages only when they cannot be a short word of a person's or office's
    // name in Latin letters (Portuguese "Ira", Turkish "Çin").
    if (code) for (const [k, c] of (otherNames ??= makeOther(tables!))) if (c === code && (k.length >= 5 || !/^[a-z]+$/.test(k))) names.add(k);
    if (namesOf.size > 100) namesOf.clear();
    // Its people's words: looked up whole, as names are.
    const adjectives = adjectivesOf([...names, key(countryName(country))]);
    if (code) for (const [word, c] of Object.entries(PEOPLE_WORDS)) if (c === code) adjectives.add(word);
    namesOf.set(country, (entry = { names, english: key(countryName(country)), adjectives }));
  }
  const { names, english, adjectives } = entry;
  const words = text.split(/[^\p{L}\p{M}]+/u).map(key).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.length >= 4 && english.startsWith(words[i]!)) return true;
    if (adjectives.has(words[i]!)) return true;
    let run = '';
    for (let j = i; j < Math.min(words.length, i + 8); j++) if (names.has((run += words[j]!))) return true;
  }
  return false;
}
