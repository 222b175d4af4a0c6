import { countryCode, countryKey, countryName } from './countries.js';
import { NOT_ASCII } from './script.js';

const CITY_REGION_POSTCODE = new Set(['US', 'CA', 'AU']);
/** A US state written out, as the post abbreviates it: "Illinois" is IL, "District of Columbia" DC. */
const US_STATES: Record<string, string> = Object.fromEntries(
  Object.entries({
    AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut', DE: 'Delaware',
    DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
    KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota',
    MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey',
    NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon',
    PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
    VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', PR: 'Puerto Rico',
    GU: 'Guam', VI: 'Virgin Islands', AS: 'American Samoa', MP: 'Northern Mariana Islands',
  })
    .map(([code, name]) => [name.toLowerCase(), code])
    // ("Washington DC" in the state column, as the city and state are said together.)
    .concat([['washington dc', 'DC'], ['washington d.c.', 'DC'], ['washington, dc', 'DC'], ['washington, d.c.', 'DC']]),
);
/** Canada's provinces and territories, in English and French, as Canada Post abbreviates them: "Ontario" is ON, "Québec" QC. */
const CA_PROVINCES: Record<string, string> = Object.fromEntries(
  Object.entries({
    AB: ['Alberta'], BC: ['British Columbia', 'Colombie-Britannique'], MB: ['Manitoba'], NB: ['New Brunswick', 'Nouveau-Brunswick'],
    NL: ['Newfoundland and Labrador', 'Terre-Neuve-et-Labrador'], NS: ['Nova Scotia', 'Nouvelle-Écosse'], NT: ['Northwest Territories', 'Territoires du Nord-Ouest'],
    NU: ['Nunavut'], ON: ['Ontario'], PE: ['Prince Edward Island', 'Île-du-Prince-Édouard', 'PEI', 'P.E.I.'], QC: ['Quebec', 'Québec', 'PQ', 'P.Q.'], SK: ['Saskatchewan'], YT: ['Yukon'],
  }).flatMap(([code, names]) => names.map((name) => [nameKey(name), code])),
);
/**
 * US states as newspapers (AP) and the Government Publishing Office abbreviated them before the
 * USPS codes, and as they are still typed: "Ill." is IL, "Calif." CA, "Pa." or "Penn." PA. Keyed
 * in small letters without dots or spaces ("W. Va." is "wva"). Each names one state only: "Wash."
 * is the state of Washington, as both have it, never DC (whose ZIP codes would then say it is
 * not in WA); "Col." (Colorado, or Columbia?) is not one.
 */
const US_ABBREVIATIONS: Record<string, string> = Object.fromEntries(
  Object.entries({
    AL: 'ala', AZ: 'ariz', AR: 'ark', CA: 'calif cal', CO: 'colo', CT: 'conn', DE: 'del', FL: 'fla', ID: 'ida', IL: 'ill', IN: 'ind',
    KS: 'kan kans', MA: 'mass', MI: 'mich', MN: 'minn', MS: 'miss', MT: 'mont', NE: 'neb nebr', NV: 'nev', NM: 'nmex', ND: 'ndak',
    OK: 'okla', OR: 'ore oreg', PA: 'penn penna', SD: 'sdak', TN: 'tenn', TX: 'tex', WA: 'wash', WV: 'wva', WI: 'wis wisc', WY: 'wyo',
  }).flatMap(([code, keys]) => keys.split(' ').map((key) => [key, code])),
);
/**
 * A region as the post of its country writes it, else as written: a US state or Canadian province
 * written out ("Illinois" is IL), its code written with dots or in small letters ("D.C.", "n.y."),
 * a US state abbreviated in the old way ("Ill."). USPS and Canada Post read the code.
 */
function regionCode(country: string, region: string): string {
  if (country !== 'US' && country !== 'CA') return region;
  const named = (country === 'US' ? US_STATES : CA_PROVINCES)[nameKey(region)];
  if (named) return named;
  const bare = nameKey(region).replace(/[.\s]/g, '');
  if ((country === 'US' ? US_STATE_CODES : CA_PROVINCE_CODES).has(bare.toUpperCase())) return bare.toUpperCase();
  return (country === 'US' && US_ABBREVIATIONS[bare]) || region;
}

/**
 * Whether two values of a region column are one US state or Canadian province, however written
 * ("New Jersey", "N.J.", "NJ"), for --where: the letters print them as one.
 */
export function sameRegion(a: string, b: string, country: string | undefined): boolean {
  const code = country ? countryKey(country) : '';
  if (code !== 'US' && code !== 'CA') return false;
  const [x, y] = [regionCode(code, a), regionCode(code, b)];
  // (Two values neither of which is a state or province are compared as written, not here.)
  return (x !== a.trim() || y !== b.trim()) && x.toUpperCase() === y.toUpperCase();
}

/** A Canadian postcode's first letter names its province or territory (Canada Post's forward sortation areas). */
const CA_POSTCODE_PROVINCES: Record<string, string[]> = {
  A: ['NL'], B: ['NS'], C: ['PE'], E: ['NB'], G: ['QC'], H: ['QC'], J: ['QC'], K: ['ON'], L: ['ON'], M: ['ON'], N: ['ON'], P: ['ON'],
  R: ['MB'], S: ['SK'], T: ['AB'], V: ['BC'], X: ['NT', 'NU'], Y: ['YT'],
};
/** A ZIP code's first digit names a group of states (the USPS national areas). */
const US_ZIP_STATES: string[][] = [
  ['CT', 'MA', 'ME', 'NH', 'NJ', 'NY', 'PR', 'RI', 'VT', 'VI', 'AE'],
  ['DE', 'NY', 'PA'],
  ['DC', 'MD', 'NC', 'SC', 'VA', 'WV'],
  ['AL', 'FL', 'GA', 'MS', 'TN', 'AA'],
  ['IN', 'KY', 'MI', 'OH'],
  ['IA', 'MN', 'MT', 'ND', 'SD', 'WI'],
  ['IL', 'KS', 'MO', 'NE'],
  ['AR', 'LA', 'OK', 'TX'],
  ['AZ', 'CO', 'ID', 'NM', 'NV', 'UT', 'WY', 'TX'], // (El Paso's post office boxes: 885)
  ['AK', 'CA', 'HI', 'OR', 'WA', 'GU', 'AS', 'MP', 'PW', 'FM', 'MH', 'AP'],
];
// And the armed forces' "states" (APO and FPO addresses), and the freely associated states the USPS serves.
const US_STATE_CODES = new Set([...Object.values(US_STATES), 'AA', 'AE', 'AP', 'PW', 'FM', 'MH']);
const CA_PROVINCE_CODES = new Set(Object.values(CA_PROVINCES));

/** A row's country (its code) and region, as written and as its post's code ("D.C." is DC, "Illinois" IL). */
function regionOf(v: { region?: string; country?: string }): { country: string; region: string; code: string } {
  const country = v.country ? countryKey(v.country) : '';
  const region = v.region?.trim() ?? '';
  return { country, region, code: regionCode(country, region).toUpperCase().replace(/\./g, '') };
}

/**
 * A US state or Canadian province that is none ("CHI", "Oriental Mindoro" in an address marked
 * USA), with what to write: the code of a state or province whose name starts as the value does
 * ("Ill." is IL), when there is one. Undefined when it is one, or the country has no such list.
 */
export function unknownRegion(v: { region?: string; country?: string }): { suggestion?: string } | undefined {
  const { country, region, code } = regionOf(v);
  if (!region || (country !== 'US' && country !== 'CA')) return undefined;
  const codes = country === 'US' ? US_STATE_CODES : CA_PROVINCE_CODES;
  const names = country === 'US' ? US_STATES : CA_PROVINCES;
  if (codes.has(code)) return undefined;
  const start = nameKey(region).replace(/\.$/, '');
  const named = start.length >= 3 ? Object.entries(names).find(([name]) => name.startsWith(start)) : undefined;
  return { suggestion: named && `${named[1]} for ${named[0].replace(/(^|\s)\p{L}/gu, (l) => l.toUpperCase())}` };
}

/**
 * A US state or Canadian province that its postcode does not belong to: "Washington DC 60515"
 * (a ZIP code of Illinois), "Gatineau ON J8X 4C8" (a postcode of Quebec). One of the two is
 * mistyped and the letter would go astray. Undefined when they agree, or either is not known.
 */
export function regionPostcodeMismatch(v: { region?: string; postcode?: string; country?: string }): { region: string; postcodeIn: string[] } | undefined {
  const { country, region, code } = regionOf(v);
  const postcode = v.postcode?.trim().toUpperCase() ?? '';
  if (!region || !postcode || !(country === 'CA' ? CA_PROVINCE_CODES : US_STATE_CODES).has(code)) return undefined;
  const postcodeIn = postcodeAreas(country, postcode)?.regions;
  return postcodeIn && !postcodeIn.includes(code) ? { region: code, postcodeIn } : undefined;
}

/** The states or provinces a US or Canadian postcode (in capitals) can be of, and the start that tells them. */
function postcodeAreas(country: string, postcode: string): { start: string; regions: string[] } | undefined {
  // (K1A is the federal government's, in Ottawa and across the river in Gatineau, Quebec.)
  if (country === 'CA' && postcode.startsWith('K1A')) return { start: 'K1A', regions: ['ON', 'QC'] };
  const regions = country === 'CA' ? CA_POSTCODE_PROVINCES[postcode[0]!] : country === 'US' && /^\d{5}(?:-?\d{4})?$/.test(postcode) ? US_ZIP_STATES[Number(postcode[0])] : undefined;
  return regions && { start: postcode[0]!, regions };
}

/**
 * The states or provinces a row's postcode can be of ("60611": IL, KS, MO or NE), for a hint
 * where its state is missing. Undefined when the postcode is not of its country's form.
 */
export function postcodeRegions(postcode: string | undefined, country: string | undefined): { start: string; regions: string[] } | undefined {
  const value = postcode?.trim().toUpperCase() ?? '';
  return value && fitsPostcode(value, country) ? postcodeAreas(countryKey(country!), value) : undefined;
}

/**
 * A US state or Canadian province written after the city, behind a comma ("Chicago, Ill.",
 * "Springfield, Illinois"): the city without it, and the code its post reads. Undefined when
 * there is none letters knows.
 */
export function regionInCity(city: string, country: string | undefined): { city: string; code: string } | undefined {
  const m = /^(.*[^\s,])\s*,\s*([^,]+)$/.exec(city.trim());
  if (!m || !country) return undefined;
  const { country: c, code } = regionOf({ region: m[2], country });
  const codes = c === 'US' ? US_STATE_CODES : c === 'CA' ? CA_PROVINCE_CODES : undefined;
  return codes?.has(code) ? { city: m[1]!, code } : undefined;
}

/** The postcode alone on the line under the town (the UK, Ireland's Eircode). */
const POSTCODE_LAST_LINE = new Set(['GB', 'IE']);
/**
 * "city, region postcode" on one line, as these posts ask of a romanised address from abroad
 * (Japan Post: "Minato-ku, Tokyo 107-0061").
 */
const CITY_POSTCODE = new Set(['JP', 'KR', 'CN', 'TW', 'IN', 'ID', 'TH', 'SG', 'NZ', 'SA']);
/** "postcode city" and nothing more: their posts sort by the postcode, and a region's name is no line of theirs ("Bayern"). */
const NO_REGION = new Set(['DE', 'AT', 'CH', 'LI', 'FR', 'MC', 'NL', 'BE', 'LU', 'DK', 'SE', 'NO', 'FI', 'IS']);

/** "city - state" over the postcode (CEP), as the Brazilian post (Correios) asks. */
const CITY_STATE_OVER_POSTCODE = new Set(['BR']);
/** Brazil's states by name, as its post writes them: by their code ("Brasília - DF", not "- Distrito Federal": a trial's). */
const BR_STATES: Record<string, string> = Object.fromEntries(
  [
    'AC acre', 'AL alagoas', 'AP amapa', 'AM amazonas', 'BA bahia', 'CE ceara', 'DF distrito federal', 'ES espirito santo', 'GO goias',
    'MA maranhao', 'MT mato grosso', 'MS mato grosso do sul', 'MG minas gerais', 'PA para', 'PB paraiba', 'PR parana', 'PE pernambuco',
    'PI piaui', 'RJ rio de janeiro', 'RN rio grande do norte', 'RS rio grande do sul', 'RO rondonia', 'RR roraima', 'SC santa catarina',
    'SP sao paulo', 'SE sergipe', 'TO tocantins',
  ].map((s) => [s.slice(3), s.slice(0, 2)]),
);
/** "postcode city, state" on one line (Mexico: "06066 Ciudad de México, CDMX"). */
const POSTCODE_CITY_COMMA_STATE = new Set(['MX']);

/**
 * Postcodes of digits alone that can start with 0, by country: how many digits, how many a
 * postcode keeps at the least once its zeros are dropped (Mexico's start at 01000: four; Rome's
 * 00118, three), and where a hyphen goes. A spreadsheet reads "02116" (Boston) as a number and
 * saves "2116".
 */
const NUMERIC_POSTCODES: Record<string, { digits: number; least: number; hyphenAt?: number }> = {
  US: { digits: 5, least: 3 }, MX: { digits: 5, least: 4 }, DE: { digits: 5, least: 4 }, FR: { digits: 5, least: 4 },
  ES: { digits: 5, least: 4 }, IT: { digits: 5, least: 3 }, TR: { digits: 5, least: 4 }, FI: { digits: 5, least: 3 },
  MY: { digits: 5, least: 4 }, KR: { digits: 5, least: 4 }, UA: { digits: 5, least: 4 }, DZ: { digits: 5, least: 4 },
  AU: { digits: 4, least: 3 }, NZ: { digits: 4, least: 3 }, NO: { digits: 4, least: 1 }, BR: { digits: 8, least: 7, hyphenAt: 5 },
};

/**
 * The form of the postcodes of countries whose postcodes have one form, as their posts write
 * them: a postcode of another form is mistyped, or the row's country is wrong ("20515-1301", a
 * US ZIP code, in an address marked Philippines). Digits too few for their country are said as
 * such (a spreadsheet drops the zeros a postcode starts with; `shortPostcode` knows what they
 * were where they are known).
 */
const POSTCODE_SHAPES: Record<string, { form: RegExp; says: string; digits?: number }> = {
  US: { form: /^\d{5}(?:-?\d{4})?$/, says: '5 digits, or 5 and 4: 20500 or 20500-0003' },
  CA: { form: /^[a-z]\d[a-z][\s-]?\d[a-z]\d$/i, says: 'letter, digit, letter, digit, letter, digit: K1A 0A6' },
  GB: { form: /^(?:[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}|bfpo\s*\d{1,4})$/i, says: 'such as SW1A 2AA' },
  NL: { form: /^\d{4}\s*[a-z]{2}$/i, says: '4 digits and 2 letters: 2511 CV' },
  BR: { form: /^\d{2}\.?\d{3}-?\d{3}$/, says: '8 digits: 70150-900' },
  JP: { form: /^\d{3}[-\s]?\d{4}$/, says: '7 digits: 100-8914' },
  VN: { form: /^\d{5}$/, says: '5 digits since 2018 (Hanoi 10000; its 6-digit codes are old)', digits: 5 },
  PL: { form: /^\d{2}-?\d{3}$/, says: '5 digits: 00-583' },
  PT: { form: /^\d{4}[-\s]?\d{3}$/, says: '7 digits: 1249-068' },
  SA: { form: /^\d{5}(?:-?\d{4})?$/, says: '5 digits, or 5 and 4: 11564 or 11564-2855' },
  IR: { form: /^\d{5}-?\d{5}$/, says: '10 digits: 13168-14737' },
  // (Its post's letters before the digits, "AZ1066", are part of it: see OWN_PREFIX.)
  AZ: { form: /^(?:AZ[\s-]?)?\d{4}$/i, says: 'AZ and 4 digits: AZ1066', digits: 4 },
  ...Object.fromEntries(
    Object.entries({
      4: 'AT BE BG CH DK HU NO NZ PH TN ZA AU AM BD',
      5: 'DE FR ES IT FI MX TR UA MY KR DZ EG MA PK TH ID IQ KW JO LK HR EE LT',
      6: 'RU BY UZ KG TJ TM CN SG RO CO NG',
    }).flatMap(([digits, codes]) => codes.split(' ').map((c) => [c, { form: new RegExp(`^\\d{${digits}}$`), says: `${digits} digits`, digits: Number(digits) }])),
  ),
};

/**
 * What may stand before a postcode and is no part of it: a country's letters ("CH-3003", "CH
 * 3003", "D-10117", "LT-01103"; see countryPrefix), Mexico's "C.P.", Brazil's "CEP". (Not Japan's
 * postal mark: the font has no glyph for it.)
 */
const POSTCODE_PREFIX = /^(?:[a-z]{1,3}[-\s]\s*(?=\d)|c\.?\s?p\.?\s*(?=\d)|cep\s*(?=\d)|plz\s*(?=\d))/i;

/**
 * The letters a country's postcodes were written after, besides its ISO code: the old European
 * ones, of the cars' plates ("D-10115", "A-1010", "FL-9490", "SF-00100").
 */
const OLD_COUNTRY_LETTERS: Record<string, string[]> = {
  DE: ['D'], AT: ['A'], LI: ['FL'], FR: ['F'], IT: ['I'], BE: ['B'], LU: ['L'], ES: ['E'], PT: ['P'], IE: ['IRL'], SE: ['S'],
  FI: ['SF', 'FIN'], NO: ['N'], HU: ['H'], SI: ['SLO'], EE: ['EST'], CZ: ['CS'], SK: ['CS'], SM: ['RSM'], VA: ['V'], MT: ['M'], RU: ['RUS'],
};
/**
 * Where the letters before the postcode are the destination's post's own: part of the postcode
 * (Latvia's "LV-1050", Lithuania's "LT-01103", Moldova's "MD-2001", Azerbaijan's "AZ 1000",
 * Andorra's "AD500"), or asked for on letters from abroad (the Nordic posts' "SE-114 46",
 * "FI-00100", "DK-1050", "NO-0150", "IS-101"; Luxembourg's "L-1234"). Only those letters: the old
 * "S-", "SF-", "N-" are not theirs.
 */
const OWN_PREFIX: Record<string, string> = { LV: 'LV', LT: 'LT', MD: 'MD', AZ: 'AZ', AD: 'AD', SE: 'SE', FI: 'FI', AX: 'AX', DK: 'DK', FO: 'FO', GL: 'GL', NO: 'NO', IS: 'IS', LU: 'L' };

/**
 * A postcode written after its country's letters, "CH-8001", "D-10115", "FL-9490": the old
 * European way, which Deutsche Post, Swiss Post and the UPU's addressing rules ask no more of
 * (the country is the address's last line, and the letters are read as part of the postcode by
 * the posts of letters-and-digits postcodes). The letters and the postcode without them; not
 * where they are the post's own (OWN_PREFIX).
 */
export function countryPrefix(postcode: string | undefined, country: string | undefined): { letters: string; postcode: string } | undefined {
  const code = countryCode(country);
  const m = /^([a-z]{1,3})(?:\s*-\s*|\s+)(?=\d)/i.exec(postcode?.trim() ?? '');
  if (!code || !m) return undefined;
  const letters = m[1]!.toUpperCase();
  if (OWN_PREFIX[code] === letters || ![code, ...(OLD_COUNTRY_LETTERS[code] ?? [])].includes(letters)) return undefined;
  return { letters, postcode: postcode!.trim().slice(m[0].length) };
}

/**
 * Countries whose posts sort every letter by its postcode: one without is slow or comes back
 * (a trial's letter to a US representative had no ZIP code, and nothing said so).
 */
const POSTCODE_EXPECTED = new Set('US CA GB NL BR JP PL PT DE FR ES IT AT BE CH DK NO FI SE AU NZ RU BY CN KR MX TR UA RO HU CZ SK'.split(' '));

/** Whether letters to `country` need a postcode (see POSTCODE_EXPECTED). */
export function postcodeExpected(country: string | undefined): boolean {
  return !!country && POSTCODE_EXPECTED.has(countryKey(country));
}

/** Whether a value is a postcode of its country's form (a line of the address that is no phone number). */
export function fitsPostcode(value: string, country: string | undefined): boolean {
  const shape = country ? POSTCODE_SHAPES[countryKey(country)] : undefined;
  return !!shape && shape.form.test(value.trim().replace(POSTCODE_PREFIX, ''));
}

/** A postcode written in the form of another country's: "a US ZIP code", for a hint. */
const LOOKS_LIKE: [RegExp, string][] = [
  [/^\d{5}-\d{4}$/, 'a US ZIP code'],
  [/^[a-z]\d[a-z]\s?\d[a-z]\d$/i, 'a Canadian postcode'],
  [/^[a-z]{1,2}\d[a-z\d]?\s\d[a-z]{2}$/i, 'a British postcode'],
  [/^\d{4}\s?[a-z]{2}$/i, 'a Dutch postcode'],
];

/**
 * A postcode not of the form of its country's (see POSTCODE_SHAPES): what they are like, and
 * what this one looks like, when it is the form of another country's.
 */
export function misshapenPostcode(postcode: string | undefined, country: string | undefined): { says: string; looksLike?: string; short?: boolean } | undefined {
  const value = postcode?.trim().replace(POSTCODE_PREFIX, '') ?? '';
  const shape = country && value ? POSTCODE_SHAPES[countryKey(country)] : undefined;
  if (!shape || shape.form.test(value)) return undefined;
  if (shortPostcode(value, country)) return undefined; // (said as such)
  // Digits too few: perhaps zeros a spreadsheet dropped ("2" for Pretoria's 0002), perhaps a mistake.
  if (shape.digits && /^\d+$/.test(value) && value.length < shape.digits) return { says: shape.says, short: true };
  return { says: shape.says, looksLike: LOOKS_LIKE.find(([form]) => form.test(value))?.[1] };
}

/**
 * A postcode of digits that is too short for its country, with its number of digits and, when
 * the zeros it started with were dropped ("2116" in the United States is "02116"), what it was.
 */
export function shortPostcode(postcode: string | undefined, country: string | undefined): { digits: number; fixed?: string } | undefined {
  const format = country ? NUMERIC_POSTCODES[countryKey(country)] : undefined;
  const value = postcode?.trim() ?? '';
  if (!format || !/^\d+$/.test(value) || value.length >= format.digits) return undefined;
  if (value.length < format.least) return { digits: format.digits };
  const digits = value.padStart(format.digits, '0');
  return { digits: format.digits, fixed: format.hyphenAt ? `${digits.slice(0, format.hyphenAt)}-${digits.slice(format.hyphenAt)}` : digits };
}

/**
 * A postcode a spreadsheet saved as a number: "11771.0" (it was 11771; "2116.0" in the United
 * States was 02116), "101,000" (101000, with a thousands separator), "1.18E+04" (its digits are
 * lost): `fixed` is what it was, when that is known.
 */
export function numberPostcode(postcode: string | undefined, country: string | undefined): { fixed?: string } | undefined {
  const value = postcode?.trim() ?? '';
  if (/^\d{1,3}([.,])\d{3}(?:\1\d{3})*$/.test(value)) {
    const digits = value.replace(/\D/g, '');
    return { fixed: shortPostcode(digits, country)?.fixed ?? digits };
  }
  const decimal = /^(\d+)[.,]0{1,2}$/.exec(value);
  if (decimal) return { fixed: shortPostcode(decimal[1], country)?.fixed ?? decimal[1] };
  return /^\d+(?:[.,]\d+)?e\+?\d+$/i.test(value) ? {} : undefined;
}

/** Whether two values name one country ("UK", "GB", "Great Britain", "United Kingdom"). */
export function sameCountry(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && countryKey(a) === countryKey(b);
}

/** The locality line(s) in the destination country's order: "OX1 1AA" under "Oxford" in the UK, "Ottawa ON K1P 5B5" in North America, "Brasília - DF" over "70150-900" in Brazil, "700163 Tashkent" elsewhere. */
export function localityLines(city: string, region: string, given: string, country: string): string[] {
  const c = countryKey(country);
  const postcode = formatPostcode(given, c);
  if (POSTCODE_LAST_LINE.has(c)) return [city, region, postcode];
  if (CITY_REGION_POSTCODE.has(c)) {
    // A state after the city in its column, the region's empty ("Washington, D.C."): printed as
    // the region is, "Washington DC" (a US trial's labels had both).
    const inCity = !region ? regionInCity(city, country) : undefined;
    return [[inCity?.city ?? city, inCity?.code ?? regionCode(c, region), postcode].filter(Boolean).join(' ')];
  }
  if (CITY_POSTCODE.has(c)) return [[[city, region].filter(Boolean).join(', '), postcode].filter(Boolean).join(' ')];
  if (NO_REGION.has(c) && postcode) return [[postcode, CAPITAL_LOCALITY.has(c) ? plainCapitals(city) : city].filter(Boolean).join(' ')];
  if (CITY_STATE_OVER_POSTCODE.has(c)) return [[city, BR_STATES[nameKey(region)] ?? region].filter(Boolean).join(' - '), postcode];
  if (POSTCODE_CITY_COMMA_STATE.has(c)) return [[[postcode, city].filter(Boolean).join(' '), region].filter(Boolean).join(', ')];
  // Elsewhere "postcode city"; a region code (an Italian province, "RM") follows the city, a
  // region's name has its own line, unless it is the city's ("28014 Madrid", not then "Madrid").
  if (region.length <= 3) return [[postcode, city, region].filter(Boolean).join(' ')];
  return [[postcode, city].filter(Boolean).join(' '), nameKey(region) === nameKey(city) ? '' : region];
}

/**
 * Countries whose post wants the locality in capitals without accents (La Poste's NF Z 10-011:
 * "75008 PARIS", "69130 ECULLY", "75732 PARIS CEDEX 15"; Monaco's post writes French addresses).
 */
const CAPITAL_LOCALITY = new Set(['FR', 'MC']);
const plainCapitals = (text: string): string => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLocaleUpperCase('fr');

/**
 * Postcodes of letters and digits as their post reads them, in capitals with the space in its
 * place: "k1a0g2" in Canada is "K1A 0G2", "sw1a2ah" in the United Kingdom "SW1A 2AH", "1012ab" in
 * the Netherlands "1012 AB". Anything else (or one that is not of that form) as written.
 */
const POSTCODE_FORMS: Record<string, [RegExp, string]> = {
  CA: [/^([a-z]\d[a-z])\s*(\d[a-z]\d)$/i, ' '],
  GB: [/^([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})$/i, ' '],
  NL: [/^(\d{4})\s*([a-z]{2})$/i, ' '],
  US: [/^(\d{5})(\d{4})$/, '-'], // (a ZIP+4 without its hyphen)
  // (A CEP without its hyphen, "71615300": a trial's print list sorted it after the others; or
  // with the dot it was once written with, "70.160-900".)
  BR: [/^(\d{2}\.?\d{3})-?(\d{3})$/, '-'],
};

function formatPostcode(given: string, country: string): string {
  const postcode = westernDigits(given).postcode;
  const form = POSTCODE_FORMS[country];
  const m = form?.[0].exec(postcode.trim());
  return m ? `${m[1]!.replace('.', '')}${form![1]}${m[2]}`.toUpperCase() : postcode;
}

/** Digits other than 0-9 that a postcode is written in, by the code point of their zero. */
const OTHER_DIGITS: [number, string][] = [
  [0x0660, 'Arabic-Indic'], [0x06f0, 'Persian'], [0x0966, 'Devanagari'], [0x09e6, 'Bengali'], [0x0e50, 'Thai'],
  [0x1040, 'Myanmar'], [0x17e0, 'Khmer'], [0xff10, 'full-width'],
];
/** Marks that set the direction of text, unseen: copied with a postcode from a page in Arabic script. */
const DIRECTION_MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
/** Dashes a postcode in other digits may be written with (a hyphen that does not break, a minus, a full-width one). */
const OTHER_DASHES = /[\u2010\u2011\u2212\uff0d]/g;

/**
 * A postcode in Western digits: "۱۵۸۷۶-۴۳۷۱۱" (Persian) is 15876-43711, "١٢٣٤٥" (Arabic-Indic)
 * 12345, digit for digit in the order they are written; `digits` names the ones it was in. The
 * post of the country a letter goes from reads the country alone; the destination's machines and
 * its foreign-mail office read Western digits; and a line of our address with Arabic-Indic digits
 * and a Latin city prints their groups the other way round ("١١٠٧ ٢٠٢٠ Beirut" showed as "٢٠٢٠ ١١٠٧").
 */
export function westernDigits(postcode: string): { postcode: string; digits?: string } {
  if (!NOT_ASCII.test(postcode)) return { postcode }; // (most postcodes: called for every row and letter)
  let digits: string | undefined;
  const western = postcode.replace(/\p{Nd}/gu, (c) => {
    const code = c.codePointAt(0)!;
    const other = OTHER_DIGITS.find(([zero]) => code >= zero && code <= zero + 9);
    if (!other) return c;
    digits ??= other[1];
    return String(code - other[0]);
  });
  if (!digits) return { postcode };
  return { postcode: western.replace(DIRECTION_MARKS, '').replace(OTHER_DASHES, '-').replace(/\u3000/g, ' ').trim(), digits };
}

/**
 * A row's postcode as its address prints it (see POSTCODE_FORMS): what print sorts its pile by
 * and lists, so that "205151305" goes with 20515, not after every other ZIP code.
 */
export function printedPostcode(postcode: string, country: string): string {
  return formatPostcode(postcode.trim(), countryKey(country));
}

/**
 * A name as it identifies someone: case, spacing and accents do not count ("ZOË  SMITH" is "Zoe
 * Smith"). Only the accents of Latin, Greek and Cyrillic letters: in
 * Indic scripts a vowel sign is a mark too, and "राम" (Ram) is not "रमा" (Rama).
 */
export function nameKey(name: string | undefined): string {
  return (name ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** A name as nameKey writes it, and ß as ss too ("GROSSMANN" is "Großmann"): who a letter went to, for the ledger. */
export function officialKeyOf(name: string | undefined): string {
  return nameKey(name).toUpperCase().toLowerCase();
}

/** The official's name as it heads the address: `name`, or title + first + last name. */
export function recipientName(v: Record<string, string>): string {
  if (v.name) return v.name;
  return [v.title, v.first_name, v.last_name].filter(Boolean).join(' ');
}

/**
 * The name an address prints: a title alone is printed only spelt out as a form of address ("His
 * Excellency" above "Ambassador of Uzbekistan"); an abbreviation alone ("Hon.", "H.E.", "Dr")
 * would stand on a line by itself above the position (a trial's consul general was "Hon.").
 */
function addresseeName(v: Record<string, string>): string {
  if (v.name || v.first_name || v.last_name) return recipientName(v);
  return SPELT_OUT_FORM.test(v.title ?? '') ? v.title!.trim() : '';
}

/** A form of address in words: "His Excellency", "Son Excellence", "Seine Exzellenz", "Su Excelencia". */
const SPELT_OUT_FORM = /^\s*(?:his|her|son|sa|seine|ihre|su|sua|vuestra|votre)\s+(?:excellen|exzellenz|excelenc|eccellenz|majest|highness|altesse|hoheit|alteza)/iu;

/**
 * Who a row is, as recorded in manifests, ledgers and Message-IDs: the name, else the position or
 * organisation ("Prosecutor General"), never blank for a row that can make a letter. (A title
 * alone, "H.E.", is such a name: kept, since keys recorded with it must still match.)
 */
export function officialName(v: Record<string, string>): string {
  return recipientName(v) || v.position || v.organisation || '';
}

/**
 * Who a row is for people to read (an e-mail's To: name, messages, a continuation page's
 * heading): the name with its title, else the position or organisation, never a title alone
 * ("Ambassador of Uzbekistan", not "H.E.").
 */
export function displayName(v: Record<string, string>): string {
  return v.name || v.first_name || v.last_name ? recipientName(v) : recipientLabel(v);
}

const STREET_COLUMNS = ['address_1', 'address_2', 'address_3', 'address_4', 'address_5', 'address_6'];

/** The street lines of a row: `address_1` … `address_6`, then the lines of a multi-line `address`. */
export function streetLines(v: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const column of STREET_COLUMNS) {
    const line = v[column]?.trim();
    if (line) lines.push(line);
  }
  if (v.address) {
    for (const l of v.address.split('\n')) {
      const line = l.trim();
      if (line) lines.push(line);
    }
  }
  // A house number kept in a column of its own ("Straße", "Hausnummer") goes with the street, where
  // the country writes it: "Hauptstraße 12a", "Calle Mayor, 5", "12 Main Street". A street that
  // has its number already keeps it (the column may be a list's own numbering of its rows).
  const number = v.house_number?.trim();
  if (number && lines.length > 0 && /^\d|\d\s*[a-z]?$/i.test(lines[0]!)) return lines;
  if (number && lines.length > 0) {
    const code = countryCode(v.country);
    lines[0] = code && NUMBER_FIRST.has(code) ? `${number} ${lines[0]}` : code === 'ES' ? `${lines[0]}, ${number}` : `${lines[0]} ${number}`;
  } else if (number) lines.push(number);
  return lines;
}
/** Countries that write the house number before the street. */
const NUMBER_FIRST = new Set(['US', 'GB', 'IE', 'CA', 'AU', 'NZ', 'FR', 'ZA', 'IN', 'SG', 'MY', 'PH', 'IL', 'SA', 'AE', 'EG', 'JP']);

/** A row's personal name, without a title: the name, else first and last names ('' for an official known by office). */
export const personalName = (v: Record<string, string>): string => v.name || [v.first_name, v.last_name].filter(Boolean).join(' ');

/** A short label for file names and lists: the personal name, else the position ("Ambassador ..."). */
export function recipientLabel(v: Record<string, string>): string {
  return personalName(v) || v.position || v.organisation || v.title || '';
}

/**
 * How a row's address could lose the `over` lines a window has no room for, from what it has: its
 * position and organisation in one line, or neighbouring street lines in one ("Government
 * Buildings, Merrion Street Upper"), the shortest first; only lines that `fits` the window as one
 * line (a longer one is broken over two, and saves nothing: a user trial was sent round in circles
 * from this hint to "too long for the window"). Leaving a line out is said when that is not enough.
 */
export function fewerLinesHint(v: Record<string, string>, over: number, fits: (line: string) => boolean): string {
  const position = v.position?.trim();
  const organisation = v.organisation?.trim();
  const inOne = position && organisation && fits(`${position}, ${organisation}`) ? `write the position and the organisation in one line in the position column ("${position}, ${organisation}") and leave organisation empty` : undefined;
  // Street lines joined two by two, the shortest pair that fits first, as many as are needed (or can be).
  const street = streetLines(v).map((l) => [l]);
  const need = over - (over > 1 && inOne ? 1 : 0);
  for (let saved = 0; saved < need; saved++) {
    let best = -1;
    const text = (i: number) => [...street[i]!, ...street[i + 1]!].join(', ');
    for (let i = 0; i + 1 < street.length; i++) if (fits(text(i)) && (best < 0 || text(i).length < text(best).length)) best = i;
    if (best < 0) break;
    street.splice(best, 2, [...street[best]!, ...street[best + 1]!]);
  }
  const joins = street.filter((l) => l.length > 1).map((l) => `${l.length === 2 ? 'two' : l.length === 3 ? 'three' : l.length} address lines in one ("${l.join(', ')}")`);
  const joined = joins.length ? `put ${joins.join(' and ')}` : undefined;
  const leaveOut = 'leave out a line the post does not need (a "c/o" line, a department)';
  if (over === 1) return [inOne, joined, leaveOut].filter(Boolean).join(', or ');
  const saved = (inOne ? 1 : 0) + street.reduce((n, l) => n + l.length - 1, 0);
  const plan = [inOne, joined].filter(Boolean);
  const left = over - saved;
  if (left > 0) plan.push(left === 1 ? leaveOut : `${leaveOut.replace('a line', `${left} lines`)}${saved === 0 ? ', or shorten the lines so that two go in one' : ''}`);
  return `it must lose ${over} lines: ${plan.join(', and ')}`;
}

/** What a letter's file may be named by, best first: `recipientLabel`, the position, the organisation. */
export function fileLabels(v: Record<string, string>): string[] {
  return [recipientLabel(v), v.position ?? '', v.organisation ?? ''];
}

/**
 * The address block for the envelope window: name, position, organisation, the address lines
 * verbatim, the locality, and the destination country alone on the last line in capitals
 * (left out for mail within the sender's own country).
 */
export function postalAddress(v: Record<string, string>, fromCountry?: string): string[] {
  const country = countryName(v.country ?? '');
  const street = streetLines(v);
  // A country already written as the last street line is not printed twice.
  if (country && street.length > 0 && sameCountry(street[street.length - 1], country)) street.pop();
  const lines = [
    addresseeName(v),
    v.position ?? '',
    v.organisation ?? '',
    ...street,
    ...localityLines(v.city ?? '', v.region ?? '', v.postcode ?? '', country),
  ]
    .map((l) => l.trim())
    .filter(Boolean);
  if (country && !sameCountry(country, fromCountry)) lines.push(country.toLocaleUpperCase('en'));
  return lines;
}
