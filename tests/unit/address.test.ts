import { describe, expect, it } from 'vitest';
import { returnLine } from '../../src/campaign/contact.js';
import { displayName, nameKey, officialKeyOf, officialName, postalAddress, printedPostcode, recipientLabel, recipientName, regionPostcodeMismatch, sameCountry, unknownRegion, westernDigits } from '../../src/render/address.js';
import { countryCode, countryName, mentionsCountry, writtenAsItsName } from '../../src/render/countries.js';

describe('nameKey', () => {
  it('is kept as it was for Message-IDs; the ledger\'s key of an official folds ß too', () => {
    expect(nameKey('Thomas Großmann')).toBe('thomas großmann');
    expect(officialKeyOf('Thomas Großmann')).toBe(officialKeyOf('THOMAS GROSSMANN'));
  });

  it('leaves out case, spacing and the accents of Latin, Greek and Cyrillic letters, not the vowel signs of other scripts', () => {
    expect(nameKey(' ZOË  SMITH ')).toBe(nameKey('Zoe Smith'));
    expect(nameKey('Шавкат Мирзиёев')).toBe(nameKey('ШАВКАТ МИРЗИЕЕВ'));
    expect(nameKey('राम शर्मा')).not.toBe(nameKey('रमा शर्मा'));
    expect(nameKey('கமலா')).not.toBe(nameKey('கமல'));
  });
});

describe('the locality line', () => {
  it('prints a US state written after the city in its column as a state is printed: "Washington DC 20036" (a US trial\'s labels had both ways)', () => {
    const line = (city: string, region = '') => postalAddress({ name: 'A', address_1: '1 St', city, region, postcode: '20036', country: 'United States' }, 'United Kingdom').at(-2);
    expect(line('Washington', 'DC')).toBe('Washington DC 20036');
    expect(line('Washington, D.C.')).toBe('Washington DC 20036');
    expect(line('Springfield, Illinois')).toBe('Springfield IL 20036');
    // (Not a city with a comma of its own that is no state.)
    expect(line('Winston-Salem, Forsyth')).toBe('Winston-Salem, Forsyth 20036');
  });

  it('prints a Brazilian state by its code, the CEP under it with its hyphen ("Brasília - DF", a trial\'s "- Distrito Federal")', () => {
    const lines = (region: string, postcode: string) => postalAddress({ name: 'A', address_1: 'SHIS QI 07', city: 'Brasília', region, postcode, country: 'Brasil' }, 'Angola').slice(-3);
    expect(lines('Distrito Federal', '71615300')).toEqual(['Brasília - DF', '71615-300', 'BRAZIL']);
    expect(lines('São Paulo', '01310-100')).toEqual(['Brasília - SP', '01310-100', 'BRAZIL']);
    expect(lines('DF', '70.160-900')).toEqual(['Brasília - DF', '70160-900', 'BRAZIL']);
  });
});

describe('recipientName and recipientLabel', () => {
  it('builds the name line from title, first and last name, skipping empty parts', () => {
    expect(recipientName({ title: 'H.E.', first_name: 'Shavkat', last_name: 'Mirziyoyev' })).toBe('H.E. Shavkat Mirziyoyev');
    expect(recipientName({ title: '', first_name: 'Shavkat', last_name: 'Mirziyoyev' })).toBe('Shavkat Mirziyoyev');
    expect(recipientName({ title: 'The Hon.', last_name: 'Smith' })).toBe('The Hon. Smith');
    expect(recipientName({})).toBe('');
  });

  it('prefers the name column when there is one', () => {
    expect(recipientName({ name: 'Office of the President', title: 'Mr', first_name: 'A', last_name: 'B' })).toBe('Office of the President');
  });

  it('labels a letter by the personal name without title, else position, organisation, title', () => {
    expect(recipientLabel({ title: 'H.E.', first_name: 'Islam', last_name: 'Karimov', position: 'President' })).toBe('Islam Karimov');
    expect(recipientLabel({ name: 'Full Name', first_name: 'X' })).toBe('Full Name');
    expect(recipientLabel({ position: 'Prosecutor General', organisation: 'Prosecutor\'s Office' })).toBe('Prosecutor General');
    expect(recipientLabel({ organisation: 'Ministry of Justice' })).toBe('Ministry of Justice');
    expect(recipientLabel({ title: 'Ambassador' })).toBe('Ambassador');
    expect(recipientLabel({})).toBe('');
  });

  it('names an official for people with the title, and an official without a name by position, never by a title alone', () => {
    expect(displayName({ title: 'H.E.', first_name: 'Islam', last_name: 'Karimov', position: 'President' })).toBe('H.E. Islam Karimov');
    expect(displayName({ title: 'H.E.', position: 'Ambassador of Uzbekistan' })).toBe('Ambassador of Uzbekistan');
    expect(displayName({ title: 'H.E.', organisation: 'Embassy of Uzbekistan' })).toBe('Embassy of Uzbekistan');
    expect(displayName({ title: 'Ambassador' })).toBe('Ambassador');
    // What is recorded (ledgers, manifests, Message-IDs) stays as it was made.
    expect(officialName({ title: 'H.E.', position: 'Ambassador of Uzbekistan' })).toBe('H.E.');
  });
});

describe('countryName and sameCountry', () => {
  it('reads a state\'s official name and a statistics office\'s, but not names two states share', () => {
    expect(['Arab Republic of Egypt', 'Egypt, Arab Rep.', 'Kingdom of Saudi Arabia', 'KSA', 'Hashemite Kingdom of Jordan', 'State of Qatar', 'The Republic of the Philippines', 'Iran, Islamic Rep.'].map(countryName)).toEqual([
      'Egypt', 'Egypt', 'Saudi Arabia', 'Saudi Arabia', 'Jordan', 'Qatar', 'Philippines', 'Iran',
    ]);
    // (The Republic of China is Taiwan, "Korea, Rep." one of two Koreas; the Congos have their own names.)
    expect(['Republic of China', 'Korea, Rep.', 'Kingdom of Heaven'].map(countryCode)).toEqual([undefined, undefined, undefined]);
    expect(['Republic of the Congo', 'Democratic Republic of the Congo', 'Republic of Korea'].map(countryCode)).toEqual(['CG', 'CD', 'KR']);
    // In Spanish and French, as a ministry's list or the UN's writes them.
    expect(
      ['República Bolivariana de Venezuela', 'Venezuela (República Bolivariana de)', 'Bolivia (Plurinational State of)', 'Estado Plurinacional de Bolivia', 'République algérienne démocratique et populaire', 'Rép. algérienne démocratique et populaire', 'L’Algérie', 'Iran (République islamique d’)', 'Royaume du Maroc', 'República de Nicaragua', 'Grande-Bretagne', "Etats Unis d'Amérique", 'Estados Unidos Mexicanos'].map(countryName),
    ).toEqual(['Venezuela', 'Venezuela', 'Bolivia', 'Bolivia', 'Algeria', 'Algeria', 'Algeria', 'Iran', 'Morocco', 'Nicaragua', 'United Kingdom', 'United States', 'Mexico']);
    expect(['République du Congo', 'El Salvador', 'La Réunion'].map(countryCode)).toEqual([undefined, 'SV', 'RE']);
  });

  it('expands ISO codes, in any case, and keeps other values as written', () => {
    expect(countryName('UZ')).toBe('Uzbekistan');
    expect(countryName('uz')).toBe('Uzbekistan');
    expect(countryName(' GB ')).toBe('United Kingdom');
    expect(countryName('Uzbekistan')).toBe('Uzbekistan');
    // Its English name in another case is written one way, as "ESPAÑA" is "Spain" (lists and messages showed "nicaragua" beside "Spain").
    expect(['nicaragua', 'NICARAGUA', 'united kingdom', 'ivory coast', 'CZECH REPUBLIC'].map(countryName)).toEqual(['Nicaragua', 'Nicaragua', 'United Kingdom', countryName('CI'), countryName('CZ')]);
    expect(['Ivory Coast', 'Czech Republic'].map(countryName)).toEqual(['Ivory Coast', 'Czech Republic']);
    expect(countryName('Republic of Uzbekistan')).toBe('Uzbekistan'); // (an official name: the address's is the short one)
    expect(countryName('Atlantis')).toBe('Atlantis');
    expect(countryName('XX')).toBe('XX');
    expect(countryName('')).toBe('');
  });

  it('prints a title without a name only spelt out as a form of address ("His Excellency"), never "Hon." alone', () => {
    const consul = { title: 'Hon.', position: 'Consul General of Egypt', address_1: '500 N Michigan Ave', city: 'Chicago', region: 'IL', postcode: '60611', country: 'United States' };
    expect(postalAddress(consul, 'United States')[0]).toBe('Consul General of Egypt');
    expect(postalAddress({ ...consul, title: 'His Excellency', position: 'Ambassador of Egypt' }, 'United States').slice(0, 2)).toEqual(['His Excellency', 'Ambassador of Egypt']);
    expect(postalAddress({ ...consul, first_name: 'Ahmed', last_name: 'Fahmy' }, 'United States')[0]).toBe('Hon. Ahmed Fahmy');
  });

  it('prints a country written in another language in English, and English or French names as written', () => {
    expect(countryName('Россия')).toBe('Russia');
    expect(countryName('Deutschland')).toBe('Germany');
    expect(countryName('中国')).toBe('China');
    expect(countryName('Ўзбекистон')).toBe('Uzbekistan');
    expect(countryName('Oʻzbekiston')).toBe('Uzbekistan');
    expect(countryName('España')).toBe('Spain');
    expect(countryName('México')).toBe('Mexico'); // as MX and Mexico print: one country line
    expect(countryName('Perú')).toBe('Peru');
    expect(countryName('Turkey')).toBe('Turkey');
    expect(countryName('Türkiye')).toBe('Türkiye');
    expect(countryName('Allemagne')).toBe('Allemagne'); // French is as good as English on an envelope
    expect(countryName("Côte d'Ivoire")).toBe("Côte d'Ivoire");
    expect(countryName('CD')).toBe('Democratic Republic of the Congo');
    // German with accents the French name has not: not French, so in English.
    expect(countryName('Dänemark')).toBe('Denmark');
    expect(countryName('Danemark')).toBe('Danemark');
    // Everyday names ICU does not give, in English.
    expect(countryName('Weißrussland')).toBe('Belarus');
    expect(countryName('Grossbritannien')).toBe('United Kingdom');
    expect(countryName('Islamische Republik Iran')).toBe('Iran');
    expect(countryName('República Islámica de Irán')).toBe('Iran');
    // A Dutch, Italian, Polish or Scandinavian list's names, in English; "Holland" is the Netherlands.
    for (const [written, printed] of [['Rusland', 'Russia'], ['Wit-Rusland', 'Belarus'], ['Azerbeidzjan', 'Azerbaijan'], ['Turkije', 'Türkiye'], ['Holland', 'Netherlands'], ['Germania', 'Germany'], ['Niemcy', 'Germany'], ['Tyskland', 'Germany']]) {
      expect(countryName(written!), written).toBe(printed);
    }
    // Official long forms, ISO's inverted ones and former names print the short name.
    for (const [written, printed] of [['Iran, Islamic Republic of', 'Iran'], ['Islamic Republic of Iran', 'Iran'], ['Russian Federation', 'Russia'], ['Korea, Republic of', 'South Korea'], ['United States of America', 'United States'], ['Byelorussia', 'Belarus']]) {
      expect(countryName(written!), written).toBe(printed);
    }
    // Spanish and Portuguese abbreviations of the United States.
    for (const name of ['EE.UU.', 'EE. UU.', 'EEUU', 'EUA']) expect(countryCode(name), name).toBe('US');
    // A name two countries have in two languages is neither's: Polish "Kongo" is one, Norwegian the other.
    expect(countryCode('Kongo')).toBeUndefined();
    expect(postalAddress({ name: 'A', address_1: 'ул. Ильинка 23', city: 'Москва', postcode: '103132', country: 'Россия' }, 'United Kingdom').at(-1)).toBe('RUSSIA');
  });

  it('knows a country by its names in English, French and its own languages, and its former names', () => {
    for (const name of ['Turkey', 'Türkiye', 'TURKIYE', 'TR', 'Turquie']) expect(countryCode(name), name).toBe('TR');
    for (const name of ['Czech Republic', 'Czechia', 'Česko', 'CZ']) expect(countryCode(name), name).toBe('CZ');
    for (const name of ['Burma', 'Myanmar', 'Myanmar (Burma)']) expect(countryCode(name), name).toBe('MM');
    expect(countryCode('Uzbekstan')).toBeUndefined();
    expect(countryCode('XX')).toBeUndefined();
    expect(sameCountry('Turkey', 'Türkiye')).toBe(true);
    for (const name of ['Bosnia and Herzegovina', 'Bosnia & Herzegovina']) expect(countryCode(name), name).toBe('BA');
    expect(sameCountry('The Netherlands', 'NL')).toBe(true);
    expect(countryCode('Congo')).toBeUndefined(); // one of two: Spanish "Congo" is not taken for either
    expect(countryCode('Island')).toBeUndefined(); // (Iceland in Spanish and German)
    expect(sameCountry('Canary Islands', 'Spain')).toBe(false);
    expect(countryCode('IC')).toBeUndefined();
    expect(countryName('UAE')).toBe('United Arab Emirates'); // an abbreviation is spelt out
    expect(sameCountry('Россия', 'Russian Federation')).toBe(true);
  });

  it('tells a country written with accents no language gives it ("Nicaragüa") from its names', () => {
    for (const name of ['Nicaragua', 'México', 'Türkiye', "Côte d'Ivoire", 'São Tomé and Príncipe', 'Ўзбекистон', 'Oʻzbekiston', 'Россия', 'Österreich', 'Égypte', 'NI', 'USA']) expect(writtenAsItsName(name), name).toBe(true);
    for (const name of ['Nicaragüa', 'Méxicó', 'Turkéy']) expect(writtenAsItsName(name), name).toBe(false);
  });

  it('finds a country named in a position, in any of its names', () => {
    expect(mentionsCountry('Ambassador of Türkiye to Germany', 'Turkey')).toBe(true);
    expect(mentionsCountry('Embassy of the Czech Republic', 'Czechia')).toBe(true);
    expect(mentionsCountry('Uzbek Embassy', 'Uzbekistan')).toBe(true);
    expect(mentionsCountry('Посол Узбекистана', 'Uzbekistan')).toBe(false); // (a declined form is not a name)
    expect(mentionsCountry('Ambassador of Romania', 'Oman')).toBe(false);
    expect(mentionsCountry('Ambassador of Germany', 'Turkey')).toBe(false);
    expect(mentionsCountry('Ira Goldstein Senator', 'Iran')).toBe(false); // Portuguese "Irã" is "ira"
    expect(mentionsCountry('Governor of Rhode Island', 'Iceland')).toBe(false);
    // By its people's word, in English, French, German and Spanish.
    for (const [text, country] of [
      ['Moroccan Embassy', 'Morocco'], ['Ambassade marocaine à Tunis', 'Maroc'], ['Russian Embassy', 'Russia'], ['Chinese Embassy', 'China'],
      ['Turkish Embassy', 'Turkey'], ['Ambassade d’Algérie', 'Algeria'], ['Ambassade algérienne', 'Algérie'], ['Russische Botschaft', 'Russland'],
      ['Embajada nicaragüense', 'Nicaragua'], ['Embajada mexicana', 'Mexico'], ['Azerbaijani Embassy', 'Azerbaijan'], ['Iranian Embassy', 'Iran'],
    ]) expect(mentionsCountry(text!, country!), text).toBe(true);
    // Not by any word that starts like it: a name, a city.
    expect(mentionsCountry('Mr Russell Jones', 'Russia')).toBe(false);
    expect(mentionsCountry('Chinatown Office', 'China')).toBe(false);
  });

  it('knows UK, U.K., GB, Great Britain and United Kingdom are one country; US and USA too', () => {
    expect(sameCountry('UK', 'United Kingdom')).toBe(true);
    expect(sameCountry('U.K.', 'GB')).toBe(true);
    expect(sameCountry('Great Britain', 'united kingdom')).toBe(true);
    expect(sameCountry('Scotland', 'UK')).toBe(true);
    expect(sameCountry('USA', 'United States')).toBe(true);
    expect(sameCountry('US', 'United States of America')).toBe(true);
    expect(sameCountry('UZ', 'Uzbekistan')).toBe(true);
  });

  it('tells different or missing countries apart', () => {
    expect(sameCountry('UK', 'Uzbekistan')).toBe(false);
    expect(sameCountry('France', 'FR ')).toBe(true);
    expect(sameCountry('France', 'Germany')).toBe(false);
    expect(sameCountry('France', undefined)).toBe(false);
    expect(sameCountry(undefined, undefined)).toBe(false);
    expect(sameCountry('', '')).toBe(false);
  });
});

describe('postalAddress', () => {
  it('prints name, position, organisation, address lines in order, locality, then the country in capitals', () => {
    expect(
      postalAddress(
        {
          title: 'H.E.',
          first_name: 'Shavkat',
          last_name: 'Mirziyoyev',
          position: 'President of the Republic of Uzbekistan',
          organisation: 'Presidential Administration',
          address_1: 'Mustaqillik maydoni 5',
          address_2: 'Rezidensiya',
          city: 'Tashkent',
          postcode: '700163',
          country: 'Uzbekistan',
        },
        'United Kingdom',
      ),
    ).toEqual([
      'H.E. Shavkat Mirziyoyev',
      'President of the Republic of Uzbekistan',
      'Presidential Administration',
      'Mustaqillik maydoni 5',
      'Rezidensiya',
      '700163 Tashkent',
      'UZBEKISTAN',
    ]);
  });

  it('prints address_1..address_6 then the multi-line address column, verbatim', () => {
    expect(
      postalAddress({
        name: 'N',
        address_6: 'six',
        address_1: 'one',
        address_3: 'three',
        address: 'Block "B", Apt. 4/5\nc/o O\'Brien & Sons',
        address_2: 'two',
        address_5: 'five',
        address_4: 'four',
      }),
    ).toEqual(['N', 'one', 'two', 'three', 'four', 'five', 'six', 'Block "B", Apt. 4/5', "c/o O'Brien & Sons"]);
  });

  it('leaves no blank lines for empty or blank fields', () => {
    expect(
      postalAddress(
        { name: ' N ', position: '', organisation: '  ', address_1: 'Street 1', address_2: '', address: '\n  \nLine\n', city: 'Tashkent', postcode: '', region: '' , country: 'UZ' },
        'GB',
      ),
    ).toEqual(['N', 'Street 1', 'Line', 'Tashkent', 'UZBEKISTAN']);
  });

  it('puts the region on its own line after "postcode city" outside the UK and North America', () => {
    expect(postalAddress({ name: 'N', address_1: 'Street 1', city: 'Nukus', region: 'Karakalpakstan', postcode: '230100', country: 'Uzbekistan' }, 'France')).toEqual([
      'N',
      'Street 1',
      '230100 Nukus',
      'Karakalpakstan',
      'UZBEKISTAN',
    ]);
  });

  it('writes Canadian, British and Dutch postcodes in capitals with their space, as their post reads them', () => {
    const locality = (country: string, postcode: string, city = 'X', region = '') => postalAddress({ name: 'N', address_1: 'S', city, region, postcode, country }, country).slice(2);
    expect(locality('Canada', 'k1a0g2', 'Ottawa', 'ON')).toEqual(['Ottawa ON K1A 0G2']);
    expect(locality('CA', ' h3b  4w5 ', 'Montréal', 'QC')).toEqual(['Montréal QC H3B 4W5']);
    expect(locality('United Kingdom', 'sw1a2ah', 'London')).toEqual(['London', 'SW1A 2AH']);
    expect(locality('Netherlands', '1012ab', 'Amsterdam')).toEqual(['1012 AB Amsterdam']);
    // Not of the country's form: as written.
    expect(locality('Canada', 'K1A-0G2?', 'Ottawa', 'ON')).toEqual(['Ottawa ON K1A-0G2?']);
    expect(locality('Uzbekistan', 'ab12', 'Tashkent')).toEqual(['ab12 Tashkent']);
  });

  it('leaves out the region where the post sorts by postcode alone (Germany, France, ...)', () => {
    expect(postalAddress({ name: 'N', address_1: 'Marienplatz 8', city: 'München', region: 'Bayern', postcode: '80331', country: 'Germany' }, 'UK')).toEqual([
      'N',
      'Marienplatz 8',
      '80331 München',
      'GERMANY',
    ]);
    // Without a postcode, the region helps find the town.
    expect(postalAddress({ name: 'N', city: 'Dorf', region: 'Bayern', country: 'DE' }, 'UK')).toEqual(['N', 'Dorf', 'Bayern', 'GERMANY']);
  });

  it('puts the UK postcode on its own line after the city (and county)', () => {
    expect(
      postalAddress(
        { name: 'Rt Hon A B', organisation: 'FCDO', address_1: 'King Charles Street', city: 'London', region: 'Greater London', postcode: 'SW1A 2AH', country: 'United Kingdom' },
        'France',
      ),
    ).toEqual(['Rt Hon A B', 'FCDO', 'King Charles Street', 'London', 'Greater London', 'SW1A 2AH', 'UNITED KINGDOM']);
    expect(postalAddress({ name: 'X', address_1: '1 High St', city: 'Oxford', postcode: 'OX1 1AA', country: 'GB' }, 'Uzbekistan')).toEqual([
      'X',
      '1 High St',
      'Oxford',
      'OX1 1AA',
      'UNITED KINGDOM',
    ]);
  });

  it('writes "city region postcode" on one line for the US and Canada', () => {
    expect(postalAddress({ name: 'X', address_1: '1779 Massachusetts Ave NW', city: 'Washington', region: 'DC', postcode: '20036', country: 'US' }, 'UK')).toEqual([
      'X',
      '1779 Massachusetts Ave NW',
      'Washington DC 20036',
      'UNITED STATES',
    ]);
    expect(postalAddress({ name: 'X', city: 'Ottawa', region: 'ON', postcode: 'K1A 0A6', country: 'Canada' }, 'UK')).toEqual([
      'X',
      'Ottawa ON K1A 0A6',
      'CANADA',
    ]);
  });

  it('writes "city, region postcode" for Japan, Korea, China, India and others that ask it of a romanised address', () => {
    expect(postalAddress({ name: 'X', address_1: '1-10-1 Akasaka', city: 'Minato-ku', region: 'Tokyo', postcode: '107-0052', country: 'Japan' }, 'UK')).toEqual([
      'X',
      '1-10-1 Akasaka',
      'Minato-ku, Tokyo 107-0052',
      'JAPAN',
    ]);
    expect(postalAddress({ name: 'X', city: 'Seoul', postcode: '03154', country: 'KR' }, 'UK')).toEqual(['X', 'Seoul 03154', 'SOUTH KOREA']);
    expect(postalAddress({ name: 'X', city: 'New Delhi', postcode: '110001', country: 'India' }, 'UK')[1]).toBe('New Delhi 110001');
  });

  it('writes "city - state" over the postcode for Brazil, as the Correios ask', () => {
    expect(postalAddress({ name: 'X', address_1: 'Praça dos Três Poderes', address_2: 'Palácio do Planalto', city: 'Brasília', region: 'DF', postcode: '70150-900', country: 'Brasil' }, 'UK')).toEqual([
      'X',
      'Praça dos Três Poderes',
      'Palácio do Planalto',
      'Brasília - DF',
      '70150-900',
      'BRAZIL',
    ]);
    expect(postalAddress({ name: 'X', city: 'Manaus', postcode: '69005-070', country: 'BR' }, 'UK')).toEqual(['X', 'Manaus', '69005-070', 'BRAZIL']);
  });

  it('writes "postcode city, state" on one line for Mexico', () => {
    expect(postalAddress({ name: 'X', address_1: 'Palacio Nacional', address_2: 'Col. Centro', city: 'Ciudad de México', region: 'CDMX', postcode: '06066', country: 'México' }, 'UK')).toEqual([
      'X',
      'Palacio Nacional',
      'Col. Centro',
      '06066 Ciudad de México, CDMX',
      'MEXICO',
    ]);
    expect(postalAddress({ name: 'X', city: 'Guadalajara', region: 'Jalisco', country: 'MX' }, 'UK')).toEqual(['X', 'Guadalajara, Jalisco', 'MEXICO']);
  });

  it('expands an ISO code to the country name in capitals', () => {
    expect(postalAddress({ name: 'X', city: 'Tashkent', country: 'uz' }, 'GB').at(-1)).toBe('UZBEKISTAN');
    expect(postalAddress({ name: 'X', city: 'Paris', postcode: '75001', country: 'FR' }).at(-1)).toBe('FRANCE');
  });

  it('prints the country when the sender\'s country is unknown', () => {
    expect(postalAddress({ name: 'X', city: 'Paris', postcode: '75001', country: 'France' })).toEqual(['X', '75001 PARIS', 'FRANCE']);
    // La Poste's last line: the locality in capitals without accents (NF Z 10-011), CEDEX as written.
    expect(postalAddress({ name: 'X', city: 'Écully', postcode: '69130', country: 'France' })).toEqual(['X', '69130 ECULLY', 'FRANCE']);
    expect(postalAddress({ name: 'X', city: 'Paris Cedex 15', postcode: '75732', country: 'France' }, 'France')).toEqual(['X', '75732 PARIS CEDEX 15']);
    expect(postalAddress({ name: 'X', city: 'Zürich', postcode: '8001', country: 'Switzerland' })).toEqual(['X', '8001 Zürich', 'SWITZERLAND']);
  });

  it('leaves the country out for mail within the sender\'s own country, however it is written', () => {
    const uk = { name: 'X', address_1: '1 High St', city: 'Oxford', postcode: 'OX1 1AA' };
    for (const [to, from] of [
      ['UK', 'United Kingdom'],
      ['United Kingdom', 'UK'],
      ['U.K.', 'GB'],
      ['GB', 'Great Britain'],
    ] as const) {
      expect(postalAddress({ ...uk, country: to }, from)).toEqual(['X', '1 High St', 'Oxford', 'OX1 1AA']);
    }
  });

  it('does not print the country twice when the last address line already names it', () => {
    expect(postalAddress({ name: 'X', address: 'Mustaqillik 5\nTashkent 700163\nUzbekistan', country: 'UZ' }, 'GB')).toEqual([
      'X',
      'Mustaqillik 5',
      'Tashkent 700163',
      'UZBEKISTAN',
    ]);
    expect(postalAddress({ name: 'X', address_1: 'Street 1', address_2: 'UZBEKISTAN  ', country: 'Uzbekistan' }, 'GB')).toEqual([
      'X',
      'Street 1',
      'UZBEKISTAN',
    ]);
    // ... nor at all within the country.
    expect(postalAddress({ name: 'X', address: 'Mustaqillik 5\nUzbekistan', country: 'UZ' }, 'Uzbekistan')).toEqual(['X', 'Mustaqillik 5']);
  });

  it('keeps an address line that merely mentions the country', () => {
    expect(postalAddress({ name: 'X', address: 'Embassy of Uzbekistan\n1 Street', country: 'Uzbekistan' }, 'GB')).toEqual([
      'X',
      'Embassy of Uzbekistan',
      '1 Street',
      'UZBEKISTAN',
    ]);
  });

  it('keeps a city named like its country, and drops only a street line that repeats the country', () => {
    expect(postalAddress({ name: 'X', address_1: '1 Main', city: 'Singapore', country: 'Singapore' }, 'Singapore')).toEqual(['X', '1 Main', 'Singapore']);
    expect(postalAddress({ name: 'X', address_1: '1 Main', address_2: 'Uzbekistan', city: 'Tashkent', country: 'Uzbekistan' })).toEqual(['X', '1 Main', 'Tashkent', 'UZBEKISTAN']);
  });

  it('puts a house number kept in a column of its own with the street, as the country writes it', () => {
    expect(postalAddress({ name: 'A', address_1: 'Hauptstraße', house_number: '12a', city: 'Berlin', postcode: '10115', country: 'Germany' }, 'GB')[1]).toBe('Hauptstraße 12a');
    expect(postalAddress({ name: 'A', address_1: 'Calle Mayor', house_number: '5', city: 'Madrid', postcode: '28013', country: 'Spain' }, 'GB')[1]).toBe('Calle Mayor, 5');
    expect(postalAddress({ name: 'A', address_1: 'Main Street', house_number: '12', city: 'Leeds', postcode: 'LS1 4AB', country: 'United Kingdom' }, 'DE')[1]).toBe('12 Main Street');
    // A street with its number keeps it: the column may be the list's numbering of its rows.
    expect(postalAddress({ name: 'A', address_1: 'Perleberger Straße 62', house_number: '2', city: 'Berlin', postcode: '10559', country: 'Germany' }, 'GB')[1]).toBe('Perleberger Straße 62');
  });

  it('writes a US state written out as the post abbreviates it', () => {
    expect(postalAddress({ name: 'A', address_1: '1 Rd', city: 'Chicago', region: 'Illinois', postcode: '60607', country: 'US' }, 'GB').at(-2)).toBe('Chicago IL 60607');
    expect(postalAddress({ name: 'A', address_1: '1 Rd', city: 'Ottawa', region: 'Ontario', postcode: 'k1a0a6', country: 'Canada' }, 'GB').at(-2)).toBe('Ottawa ON K1A 0A6');
    expect(postalAddress({ name: 'A', address_1: '1 Rd', city: 'Québec', region: 'Québec', postcode: 'G1R 4S9', country: 'Canada' }, 'GB').at(-2)).toBe('Québec QC G1R 4S9');
    expect(postalAddress({ name: 'A', address_1: '1 Rd', city: 'Washington', region: 'District of Columbia', postcode: '20510', country: 'US' }, 'GB').at(-2)).toBe('Washington DC 20510');
  });

  it('prints a state or province code written with dots or in small letters as the code: "D.C." is DC', () => {
    const locality = (city: string, region: string, postcode: string, country = 'US') => postalAddress({ name: 'A', address_1: '1 Rd', city, region, postcode, country }, 'GB').at(-2);
    expect(locality('Washington', 'D.C.', '20510')).toBe('Washington DC 20510');
    expect(locality('Washington', 'd.c.', '20510')).toBe('Washington DC 20510');
    expect(locality('Washington', 'dc', '20510')).toBe('Washington DC 20510');
    expect(locality('New York', 'N.Y.', '10007')).toBe('New York NY 10007');
    expect(locality('New York', 'N. Y.', '10007')).toBe('New York NY 10007');
    expect(locality('Victoria', 'B.C.', 'V8V 1X4', 'Canada')).toBe('Victoria BC V8V 1X4');
  });

  it('reads the old abbreviations of US states ("Ill.", "Calif.", "Pa." or "Penn.") as the state, and prints its code', () => {
    const locality = (city: string, region: string, postcode: string) => postalAddress({ name: 'A', address_1: '1 Rd', city, region, postcode, country: 'United States' }, 'GB').at(-2);
    expect(locality('Chicago', 'Ill.', '60604')).toBe('Chicago IL 60604');
    expect(locality('Chicago', 'Ill', '60604')).toBe('Chicago IL 60604');
    expect(locality('Sacramento', 'Calif.', '95814')).toBe('Sacramento CA 95814');
    expect(locality('Boston', 'Mass.', '02114')).toBe('Boston MA 02114');
    expect(locality('Harrisburg', 'Penn.', '17101')).toBe('Harrisburg PA 17101');
    expect(locality('Harrisburg', 'Pa.', '17101')).toBe('Harrisburg PA 17101');
    expect(locality('Olympia', 'Wash.', '98501')).toBe('Olympia WA 98501');
    expect(locality('Tallahassee', 'Fla.', '32399')).toBe('Tallahassee FL 32399');
    expect(locality('Charleston', 'W. Va.', '25305')).toBe('Charleston WV 25305');
    expect(locality('Bismarck', 'N. Dak.', '58505')).toBe('Bismarck ND 58505');
    expect(locality('Springfield', 'Illin', '62701')).toBe('Springfield Illin 62701'); // (no abbreviation: an error, see unknownRegion)
  });

  it('leaves out a region that is the city ("28014 Madrid", not then "Madrid")', () => {
    expect(postalAddress({ name: 'A', address_1: 'Calle Mayor 5', city: 'Madrid', region: 'Madrid', postcode: '28014', country: 'Spain' }, 'Spain')).toEqual(['A', 'Calle Mayor 5', '28014 Madrid']);
    expect(postalAddress({ name: 'A', address_1: 'Calle Mayor 5', city: 'Alcalá de Henares', region: 'Madrid', postcode: '28801', country: 'Spain' }, 'Spain')).toEqual(['A', 'Calle Mayor 5', '28801 Alcalá de Henares', 'Madrid']);
  });

  it('prints no country line when there is no country', () => {
    expect(postalAddress({ name: 'X', address_1: 'Street 1', city: 'Tashkent' }, 'GB')).toEqual(['X', 'Street 1', 'Tashkent']);
  });
});

describe('unknownRegion', () => {
  it('takes a state code written with dots, and the old abbreviations of states, for the state', () => {
    for (const region of ['D.C.', 'd.c.', 'N.Y.', 'Ill.', 'Ill', 'Calif.', 'Mass.', 'Penn.', 'Pa.', 'Wash.', 'Fla.', 'W. Va.', 'Tex.', 'Wisc.']) {
      expect(unknownRegion({ region, country: 'US' }), region).toBeUndefined();
    }
    expect(unknownRegion({ region: 'B.C.', country: 'Canada' })).toBeUndefined();
  });

  it('refuses what is no state, naming the code of the state whose name it starts, if any', () => {
    expect(unknownRegion({ region: 'Illin', country: 'US' })).toEqual({ suggestion: 'IL for Illinois' });
    expect(unknownRegion({ region: 'CHI', country: 'US' })).toEqual({ suggestion: undefined });
  });

  it('checks an old abbreviation against the ZIP code as it checks the code: "Wash." is Washington state, not DC', () => {
    expect(regionPostcodeMismatch({ region: 'Wash.', postcode: '20510', country: 'US' })).toEqual({ region: 'WA', postcodeIn: ['DC', 'MD', 'NC', 'SC', 'VA', 'WV'] });
    expect(regionPostcodeMismatch({ region: 'Ill.', postcode: '60604', country: 'US' })).toBeUndefined();
  });
});

describe('printedPostcode', () => {
  it('is the postcode as the address prints it: a ZIP+4 typed without its hyphen with it, a Canadian postcode in capitals with its space', () => {
    expect(printedPostcode('205151305', 'USA')).toBe('20515-1305');
    expect(printedPostcode(' 20515-1305 ', 'US')).toBe('20515-1305');
    expect(printedPostcode('60611', 'United States')).toBe('60611');
    expect(printedPostcode('k1a0a6', 'Canada')).toBe('K1A 0A6');
    expect(printedPostcode('100000', 'Uzbekistan')).toBe('100000');
    expect(printedPostcode('205151305', '')).toBe('205151305'); // (no country: as written)
    // A Brazilian CEP with its hyphen, without the dot it was once written with (a trial's).
    expect(printedPostcode('71615300', 'Brasil')).toBe('71615-300');
    expect(printedPostcode('70.160-900', 'Brazil')).toBe('70160-900');
    expect(printedPostcode('70160-900', 'BR')).toBe('70160-900');
  });

  it('is in Western digits, digit for digit as written: Persian, Arabic-Indic, full-width; without the marks of direction copied with them', () => {
    expect(printedPostcode('۱۵۸۷۶-۴۳۷۱۱', 'Iran')).toBe('15876-43711');
    expect(printedPostcode('\u200f١٢٣٤٥\u200f', 'Egypt')).toBe('12345');
    expect(printedPostcode('١١٠٧ ٢٠٢٠', 'Lebanon')).toBe('1107 2020');
    expect(printedPostcode('１００－８９１４', 'Japan')).toBe('100-8914');
    expect(printedPostcode('۱۰۱۲ab', 'Netherlands')).toBe('1012 AB');
    expect(westernDigits('١٢٣٤٥')).toEqual({ postcode: '12345', digits: 'Arabic-Indic' });
    expect(westernDigits('۱۵۸۷۶-۴۳۷۱۱')).toEqual({ postcode: '15876-43711', digits: 'Persian' });
    expect(westernDigits(' 12345 ')).toEqual({ postcode: ' 12345 ' }); // (Western already: as it is)
  });
});

describe('returnLine', () => {
  it('joins name, address lines, the locality in the country\'s order and the country with " · ", skipping empty parts', () => {
    expect(returnLine({ name: 'Letters Group', address: ['12 Street', ' '], postcode: 'OX1 1AA', city: 'Oxford', country: 'United Kingdom' })).toBe(
      'Letters Group · 12 Street · Oxford · OX1 1AA · United Kingdom',
    );
    expect(returnLine({ name: 'G', address: ['Via Roma 1'], postcode: '00184', city: 'Roma', region: 'RM', country: 'Italy' })).toBe('G · Via Roma 1 · 00184 Roma RM · Italy');
    expect(returnLine({ name: 'G', address: [], postcode: '1', city: 'Dublin', country: 'Ireland' })).toBe('G · Dublin · 1 · Ireland');
    expect(returnLine({ name: 'G', address: [] })).toBe('G');
    // On a letter that stays in the country, without it.
    expect(returnLine({ name: 'G', address: ['Via Roma 1'], postcode: '00184', city: 'Roma', country: 'Italy' }, false)).toBe('G · Via Roma 1 · 00184 Roma');
  });
});
