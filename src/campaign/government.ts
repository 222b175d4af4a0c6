import { plainLetters } from '../render/names.js';
import type { Location, Problem } from '../errors.js';
import { displayName, sameCountry, streetLines } from '../render/address.js';
import { ARABIC } from '../render/script.js';
import { countriesNamedIn, countryCode, countryName, englishCountryName, mentionsCountry, nearestCountry, otherCountryNamed } from '../render/countries.js';

/**
 * `named`: the official is in the group's own country, and names another ("Ambassador of
 * Kazakhstan"); `misspelt`: the `government` column is near a country, not one ("Uzbekstan").
 */
export type GovernmentCheck = { ok: true } | { ok: false; definite: boolean; country: string; named?: boolean; misspelt?: string; unknown?: boolean };

/**
 * Words of the bodies a campaign writes to that are no state: the United Nations and its parts,
 * regional human-rights bodies, courts, parliaments, committees, rapporteurs (in the languages of
 * the lists people keep).
 */
const INTERNATIONAL =
  /(?:^|[^\p{L}])(?:un|onu|uno|oas|oea|osce|osze|ohchr|unhcr|unicef|icc|cpi|icrc|cicr|eu|ue|united nations|nations unies|naciones unidas|vereinte nationen|nazioni unite|na[c\u00e7][o\u00f5]es unidas|verenigde naties|african union|union africaine|uni[o\u00f3]n africana|council of europe|conseil de l.europe|consejo de europa|europarat|european|europ[e\u00e9]enne?|europe[oa]|europ[a\u00e4]ische[nr]?|inter-?american[oa]?|interam[e\u00e9]ricaine|commission|comisi[o\u00f3]n|commissione|kommission|comiss[a\u00e3]o|committee|comit[e\u00e9]|comitato|ausschuss|rapporteur|rapporteuse|relator[a]?|berichterstatter(?:in)?|court|cour|corte|gerichtshof|tribunal|parliament|parlement|parlamento|parlament|international|internacional|internationale?|internazionale|high commissioner|alto comisionado|haut-commissariat|red cross|croix-rouge|cruz roja|rotes kreuz|ombudsman|defensor[a]? del pueblo|m[e\u00e9]diateur|world|mundial|mondiale|organi[sz]ation|organizaci[o\u00f3]n|organizzazione)(?![\p{L}])/iu;

/**
 * Does this official belong to the government holding the prisoner? The `government` column
 * decides when present. Otherwise the postal country does, except that an official abroad who
 * names the case's country (an embassy: "Ambassador of Uzbekistan") is fine. The group's own
 * government (`ownCountry`, the case sender's country) is fine too: asking your own foreign
 * ministry or member of parliament to raise the case is part of most campaigns. So are the
 * governments the case file names (`other_governments:`, `others`).
 */
export function checkGovernment(values: Record<string, string>, caseCountry: string, ownCountry?: string, others: readonly string[] = []): GovernmentCheck {
  const own = ownCountry?.trim() ? ownCountry : undefined;
  const allowed = [caseCountry, ...(own ? [own] : []), ...others];
  const isAllowed = (country: string) => allowed.some((a) => sameCountry(country, a));
  const government = values.government?.trim();
  if (government) {
    if (isAllowed(government)) return { ok: true };
    if (countryCode(government)) return { ok: false, definite: true, country: countryName(government) };
    // "Government of Kazakhstan", "Russia / Kazakhstan": another state, said in words.
    const named = countriesNamedIn(government);
    const other = named?.find((code) => !allowed.some((a) => countryCode(a) === code));
    if (other) return { ok: false, definite: true, country: countryName(other) };
    if (named) return { ok: true };
    // Not a state: an international body ("United Nations", "Council of Europe"), unless it is a
    // country misspelt.
    const near = nearestCountry(government);
    if (near) return { ok: false, definite: false, country: government, misspelt: near };
    // Neither a state nor a body letters knows ("Gobierno hondureño"): said, as it may be another
    // state, unless the official is in a country written to (a province's or state's government there).
    if (INTERNATIONAL.test(government) || (values.country?.trim() && isAllowed(values.country))) return { ok: true };
    return { ok: false, definite: false, country: government, unknown: true };
  }
  // A country letters does not know is a warning of its own (see unknownCountryWarning).
  const country = values.country?.trim();
  if (!country || !countryCode(country) || sameCountry(country, caseCountry) || others.some((o) => sameCountry(country, o))) return { ok: true };
  const text = [values.title, values.name, values.first_name, values.last_name, values.position, values.organisation]
    .filter(Boolean)
    .join(' ');
  if (mentionsCountry(text, caseCountry)) return { ok: true };
  if (!sameCountry(country, own)) return { ok: false, definite: false, country: countryName(country) };
  // In the group's own country: its government, unless it is a third country's embassy there
  // ("Ambassador of Kazakhstan"). Only an embassy's words are read for another country: "Secretary
  // of State for Northern Ireland" or "Senator for Georgia" is the group's own; names are not read
  // at all ("Chad" or "Jordan" may be a person's).
  const office = [values.position, values.organisation].filter(Boolean).join(' ');
  if (!EMBASSY.test(office)) return { ok: true };
  const other = otherCountryNamed(office, allowed.map((a) => countryCode(a)));
  return other ? { ok: false, definite: false, country: other, named: true } : { ok: true };
}

/** Words of a country's mission abroad, in English and the languages of the lists people keep. */
const EMBASSY =
  /(?:^|[^\p{L}])(?:embass(?:y|ies)|ambassadors?|consul(?:ate|s)?|high commission(?:er)?|charg(?:e|\u00e9)s? d[\u2019']affaires|legation|(?:diplomatic|permanent) mission|mission permanente|ambassade|ambassadeurs?|ambassadrices?|embajad(?:a|or|ora|ores)|embaixad(?:a|or|ora|ores)|ambasciat(?:a|ore|rice)|botschaft(?:er|erin)?|konsul(?:at|in)?|consulat|consulado|c\u00f3nsul|\u043f\u043e\u0441\u043e\u043b\u044c\u0441\u0442\u0432\u043e|\u043f\u043e\u0441\u043e\u043b)(?![\p{L}])/iu;

/**
 * An address whose country cannot be where it is: an embassy or consulate of a country addressed
 * to that country ("Botschaft der Republik Türkei, 10785 Berlin, Türkei"), or one in the group's
 * own city marked another country: a country column filled down from the row above, which would
 * send the letter abroad. A warning: the post would carry it, to the wrong country. An address in
 * letters only other countries write (see otherCountrysLetters) is an error, but where the letter
 * may be right after all (see below).
 */
export function wrongCountryProblem(values: Record<string, string>, location: Location, own?: { city?: string; country?: string }, channel: 'post' | 'email' = 'post'): Problem | undefined {
  const country = values.country?.trim();
  const code = countryCode(country);
  if (!country || !code) return undefined;
  const script = otherCountrysLetters(values, code);
  if (script) {
    // A warning where the letter may be right after all: Vietnamese's letters are Latin ones the
    // post reads; an embassy may write its own name in its own letters ("Đại sứ quán Việt Nam,
    // Berlin"); an e-mail does not go to the address (a review's).
    const embassy = EMBASSY.test([values.position, values.organisation, ...streetLines(values)].join(' '));
    return {
      severity: script.name === 'Vietnamese' || embassy || channel === 'email' ? 'warning' : 'error',
      code: 'country',
      location,
      message: `the address is written in ${script.name} letters ("${script.sample}"), but its country is ${countryName(country)}: the letter would go there`,
      hint: 'is the country column right? (a spreadsheet fills a column down from the row above): write the country the address is in',
    };
  }
  const office = [values.position, values.organisation].filter(Boolean).join(' ');
  const city = values.city?.trim();
  const inOwnCity = !!city && !!own?.city && !!own.country && plainLetters(city) === plainLetters(own.city.trim()) && !sameCountry(country, own.country);
  // (Of that country only: "Ambassador of Uzbekistan to the UK" in London is the UK's guest.)
  const embassyAtHome = EMBASSY.test(office) && mentionsCountry(office, country) && !otherCountryNamed(office, [code]);
  if (!inOwnCity && !embassyAtHome) return undefined;
  return {
    severity: 'warning',
    code: 'country',
    location,
    message: inOwnCity
      ? `the address is in ${city}, the group's own city, but its country is ${countryName(country)}: the letter would go abroad`
      : `${displayName(values) || 'this official'}, of ${countryName(country)}'s embassy or consulate, is addressed to ${countryName(country)}: an embassy is abroad`,
    hint: 'is the country column right? (a spreadsheet fills a column down from the row above): write the country the address is in',
  };
}

/**
 * The letters an address is written in where only some countries write them, when its country is
 * none of those: a US trial's Hanoi address ("1A Hùng Vương, Hà Nội"), its country filled down as
 * "USA", went to a US ZIP code. The street lines, city and region are read (a name may be written
 * in any letters anywhere).
 */
function otherCountrysLetters(v: Record<string, string>, code: string): { name: string; sample: string } | undefined {
  // (Only parts with a letter past Latin-1's, or a combining mark: most addresses have none, a
  // review's 100,000 rows of accented streets took twice the time without this.)
  const parts = [...streetLines(v), v.city ?? '', v.region ?? ''].filter((p) => BEYOND_LATIN1.test(p));
  if (parts.length === 0) return undefined;
  for (const part of parts) {
    const text = part.normalize('NFC');
    const script = SCRIPT_COUNTRIES.find(([, letters, countries]) => letters.test(text) && !countries.includes(code));
    if (script) return { name: script[0], sample: part.trim() };
  }
  return undefined;
}
const BEYOND_LATIN1 = /[\u01a0-\uffff]/;
/** Letters, and the countries that write addresses in them (ISO codes). */
const SCRIPT_COUNTRIES: [name: string, letters: RegExp, countries: string][] = [
  ['Cyrillic', /\p{Script=Cyrillic}/u, 'RU UA BY MD GE AM AZ KZ KG TJ TM UZ LV LT EE BG RS MK ME BA MN IL XK'],
  ['Greek', /\p{Script=Greek}/u, 'GR CY'],
  ['Arabic', ARABIC, 'DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SS SY TN AE YE EH IR AF PK IL TD ER CN IN'],
  ['Hebrew', /\p{Script=Hebrew}/u, 'IL PS'],
  ['Thai', /\p{Script=Thai}/u, 'TH'],
  ['Georgian', /\p{Script=Georgian}/u, 'GE'],
  ['Armenian', /\p{Script=Armenian}/u, 'AM'],
  // (Vietnamese's own letters: "ơ", "ư", and a vowel with two marks, "ộ", "ế"; not "ẹ", "ọ", which Yoruba writes too.)
  ['Vietnamese', /[\u01a0\u01a1\u01af\u01b0\u1ea4-\u1eb7\u1ebe-\u1ec7\u1ed0-\u1ee3\u1ee8-\u1ef1]/, 'VN'],
];

/**
 * The finding for an official of another government: an error when the `government` column says
 * so (a letter to the wrong state), a warning when only the postal country differs.
 */
export function governmentProblem(values: Record<string, string>, caseCountry: string, location: Location, ownCountry?: string, others: readonly string[] = []): Problem | undefined {
  // A case country letters does not know ("Nicaraga") is said once (caseCountryWarning): an
  // official's country compared with it would be an error in every row, with the wrong fix.
  if (!countryCode(caseCountry)) return undefined;
  const gov = checkGovernment(values, caseCountry, ownCountry, others);
  if (gov.ok) return undefined;
  const who = displayName(values) || 'this official';
  caseCountry = englishCountryName(caseCountry); // (said in English, as written in English or not: "Egipto" is Egypt)
  if (gov.definite) {
    return {
      severity: 'error',
      code: 'government',
      location,
      message: `${who} is an official of ${gov.country}, but the case is in ${caseCountry}`,
      hint: `write to ${caseCountry}'s officials and its embassies${ownCountry?.trim() ? ', or your own government' : ''}; check the "government" column${ownCountry?.trim() ? '' : ' (your own government is fine when the case\'s sender says its country)'}; a government written to on purpose: add "other_governments: [${gov.country}]" to the case file`,
    };
  }
  if (gov.unknown) {
    return {
      severity: 'warning',
      code: 'government',
      location,
      message: `the government "${gov.country}" is neither a country nor an international body letters knows: whose official is this?`,
      hint: `write the country as the government ("${caseCountry}", or "Government of ${caseCountry}"), or the international body by its name ("United Nations", "Inter-American Commission on Human Rights")`,
    };
  }
  if (gov.misspelt) {
    return {
      severity: 'warning',
      code: 'government',
      location,
      message: `the government "${gov.country}" is not a country letters knows, and is taken for an international body`,
      hint: `did you mean ${gov.misspelt}? An international body ("United Nations", "Council of Europe") is fine`,
    };
  }
  return {
    severity: 'warning',
    code: 'government',
    location,
    message: gov.named ? `${who} is of ${gov.country}, but the case is in ${caseCountry}` : `${who} is in ${gov.country}, but the case is in ${caseCountry}`,
    hint: gov.named
      ? `is it ${caseCountry}'s embassy? Then name ${caseCountry} in the position or organisation, or give the row a "government" column`
      : `an embassy of ${caseCountry} abroad is fine: name it ("Ambassador of ${caseCountry}"); or say whose official this is in a "government" column (${caseCountry}, the case sender's country, or an international body such as "United Nations"); a government written to on purpose: add "other_governments: [${gov.country}]" to the case file`,
  };
}
