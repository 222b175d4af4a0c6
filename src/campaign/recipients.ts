import { plainLetters } from '../render/names.js';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import iconv from 'iconv-lite';
import { InputError, ProblemList, type Problem } from '../errors.js';
import { nearest, unreadable } from '../suggest.js';
import { csvRecords } from './csvtext.js';

/** One official: a CSV row, every column normalised (`First Name` -> `first_name`), values as text. */
export interface Recipient {
  /** 1-based position among the CSV's data rows: names the letter file (`003-...`). */
  index: number;
  /** Line of the CSV where the row starts, for messages. */
  line: number;
  values: Record<string, string>;
}

export interface RecipientList {
  file: string;
  /** Normalised column names, in CSV order. */
  columns: string[];
  /** Original header text per normalised column, for messages. */
  headers: Record<string, string>;
  /** A header read under an alias is read by its own name too ("company" for organisation). */
  also?: string[];
  /** The line the header is on: 1, or 2 under Excel's "sep=;" line (or after blank lines). */
  headerLine?: number;
  rows: Recipient[];
}

const ALIASES: Record<string, string> = {
  firstname: 'first_name', given_name: 'first_name', forename: 'first_name',
  lastname: 'last_name', surname: 'last_name', family_name: 'last_name',
  full_name: 'name', organization: 'organisation', org: 'organisation',
  zip: 'postcode', zip_code: 'postcode', postal_code: 'postcode', post_code: 'postcode',
  state: 'region', province: 'region', county: 'region', town: 'city', town_city: 'city', city_town: 'city', city_or_town: 'city',
  town_or_city: 'city', locality: 'city', governorate: 'region', prefecture: 'region', oblast: 'region',
  e_mail: 'email', email_address: 'email', mail: 'email', lang: 'language',
  address1: 'address_1', address2: 'address_2', address3: 'address_3',
  address4: 'address_4', address5: 'address_5', address6: 'address_6',
  street: 'address_1', street_address: 'address_1', address_line: 'address_1',
  address_line_1: 'address_1', address_line_2: 'address_2', address_line_3: 'address_3',
  address_line_4: 'address_4', address_line_5: 'address_5', address_line_6: 'address_6',
  addr: 'address', adresse: 'address', addr_1: 'address_1', addr_2: 'address_2', addr_3: 'address_3',
  addr1: 'address_1', addr2: 'address_2', addr3: 'address_3', adresse_1: 'address_1', adresse_2: 'address_2',
  adresse_3: 'address_3', address_line1: 'address_1', address_line2: 'address_2', address_line3: 'address_3',
  // Google Contacts' export ("Address 1 - Street", "Organization 1 - Name").
  address_1_street: 'address_1', address_1_city: 'city', address_1_region: 'region', address_1_postal_code: 'postcode',
  address_1_country: 'country', organization_1_name: 'organisation', organization_1_title: 'position', organization_title: 'position',
  organization_name: 'organisation', organisation_name: 'organisation',
  // What spreadsheets, address books and CRMs export (Outlook's "Business Street", "Job Title",
  // "E-mail Address", "Country/Region"; "State/Province", "Zip/Postal Code").
  job_title: 'position', job: 'position', role: 'position',
  company: 'organisation', department: 'organisation', ministry: 'organisation', agency: 'organisation', institution: 'organisation',
  state_province: 'region', province_state: 'region', state_province_region: 'region', state_region: 'region',
  province_territory: 'region', state_territory: 'region', business_state: 'region',
  zipcode: 'postcode', postalcode: 'postcode', zip_postal_code: 'postcode', postal_zip_code: 'postcode', zip_postcode: 'postcode',
  postcode_zip: 'postcode', postal_zip: 'postcode', zip_postal: 'postcode', business_postal_code: 'postcode',
  e_mail_address: 'email', email_1: 'email', e_mail_1: 'email', e_mail_1_value: 'email', primary_email: 'email',
  country_region: 'country', business_country_region: 'country', business_country: 'country', business_city: 'city',
  street_1: 'address_1', street_2: 'address_2', street_3: 'address_3', street_address_1: 'address_1',
  street_address_2: 'address_2', street_address_3: 'address_3', business_street: 'address_1', business_street_2: 'address_2',
  business_street_3: 'address_3', greeting: 'salutation', dear: 'salutation', honorific: 'title', prefix: 'title',
  house_number: 'house_number', house_no: 'house_number', housenumber: 'house_number', building_number: 'house_number',
  maximum_letters: 'max_letters', max_letter: 'max_letters', letters_max: 'max_letters', max_number_of_letters: 'max_letters',
  // A line after the street as US and UK lists head it ("Suite", "Apt/Suite", "Street Line 2"),
  // and the whole address as a contact list heads it ("Mailing Address", "Office Address"): read
  // as columns of the user's own, the letters went without them (a US trial's "Suite 3892").
  street_line_1: 'address_1', street_line_2: 'address_2', street_line_3: 'address_3', street_line: 'address_1',
  suite: 'address_2', apt: 'address_2', apartment: 'address_2', apt_suite: 'address_2', suite_apt: 'address_2', apt_suite_unit: 'address_2',
  suite_room: 'address_2', room: 'address_2', room_suite: 'address_2', suite_floor: 'address_2', floor: 'address_2', building: 'address_2',
  mailing_address: 'address', office_address: 'address', postal_address: 'address', business_address: 'address', physical_address: 'address',
};

/**
 * A Spanish list's second surname ("Segundo apellido", "Apellido materno"), in a column of its
 * own: read after the first, as the name is written ("Carlos Pérez Gómez").
 */
const SECOND_SURNAME = 'second_surname';

/**
 * The headers of lists kept in German, French, Spanish, Portuguese, Italian and Dutch, with and
 * without their accents. Like YIELDING aliases, one is the column only when the file has not got
 * it already, and is read by its own name too (`recipient.plz`). Those that are English words or
 * an English list's own columns too (AMBIGUOUS: "Land", "Cap", "Via", "Cargo", "Numero") are read
 * only in a file with two headers of their language or more, our own column names not counted.
 * German "Anrede" is not read: it holds "Herr" or "Frau" in one list and the whole greeting in
 * another; a template reads it as `recipient.anrede` (and a greeting is compared with its "Herr"
 * or "Frau": see greetingDisagrees).
 */
const AMBIGUOUS = new Set(['land', 'cap', 'complement', 'via', 'rue', 'nom', 'nome', 'nombre', 'numero', 'número', 'cargo', 'estado', 'uf', 'comune', 'naam', 'titel', 'adres', 'lingua', 'puesto', 'plaats']);
const FOREIGN: Record<string, Record<string, string>> = {
  de: {
    max_briefe: 'max_letters', maximale_briefe: 'max_letters', höchstzahl_briefe: 'max_letters',
    vorname: 'first_name', nachname: 'last_name', familienname: 'last_name', titel: 'title', funktion: 'position',
    amtsbezeichnung: 'position', briefanrede: 'salutation', behörde: 'organisation', behoerde: 'organisation', dienststelle: 'organisation',
    ministerium: 'organisation', organisation: 'organisation', straße: 'address_1', strasse: 'address_1', straße_und_hausnummer: 'address_1',
    strasse_und_hausnummer: 'address_1', straße_hausnummer: 'address_1', strasse_hausnummer: 'address_1', straße_hausnr: 'address_1',
    strasse_hausnr: 'address_1', straße_nr: 'address_1', strasse_nr: 'address_1', anschrift: 'address', postanschrift: 'address',
    hausanschrift: 'address', adresse: 'address', adresszeile_1: 'address_1', adresszeile_2: 'address_2', adresszeile_3: 'address_3',
    adresszusatz: 'address_2', hausnummer: 'house_number', hausnr: 'house_number', haus_nr: 'house_number',
    plz: 'postcode', postleitzahl: 'postcode', ort: 'city', stadt: 'city', wohnort: 'city', bundesland: 'region', land: 'country',
    sprache: 'language', regierung: 'government', vollständiger_name: 'name', persönliche_notiz: 'personal_note', e_mail: 'email',
    e_mail_adresse: 'email', email_adresse: 'email', mailadresse: 'email',
  },
  fr: {
    max_lettres: 'max_letters', maximum_de_lettres: 'max_letters', nombre_max_de_lettres: 'max_letters', nombre_maximum_de_lettres: 'max_letters',
    prénom: 'first_name', prenom: 'first_name', nom: 'last_name', nom_de_famille: 'last_name', nom_complet: 'name', civilité: 'title',
    civilite: 'title', titre: 'title', fonction: 'position', organisme: 'organisation', organisation: 'organisation', adresse: 'address',
    rue: 'address_1', complément_d_adresse: 'address_2', complement_d_adresse: 'address_2', complément_adresse: 'address_2',
    complement_adresse: 'address_2', complément: 'address_2', complement: 'address_2', code_postal: 'postcode', cp: 'postcode',
    ville: 'city', pays: 'country', courriel: 'email', adresse_e_mail: 'email', adresse_email: 'email', adresse_mail: 'email',
    adresse_électronique: 'email', adresse_electronique: 'email', mél: 'email', langue: 'language', région: 'region', region: 'region',
    formule_d_appel: 'salutation', gouvernement: 'government', note_personnelle: 'personal_note',
  },
  es: {
    máximo_de_cartas: 'max_letters', maximo_de_cartas: 'max_letters', max_cartas: 'max_letters', máx_cartas: 'max_letters',
    nombre: 'first_name', apellido: 'last_name', apellidos: 'last_name', nombre_completo: 'name',
    // Two surnames in two columns: the second follows the first (see SECOND_SURNAME).
    primer_apellido: 'last_name', apellido_1: 'last_name', apellido_paterno: 'last_name',
    segundo_apellido: SECOND_SURNAME, apellido_2: SECOND_SURNAME, apellido_materno: SECOND_SURNAME, tratamiento: 'title', cargo: 'position',
    puesto: 'position', organismo: 'organisation', organización: 'organisation', organizacion: 'organisation', dirección: 'address',
    direccion: 'address', calle: 'address_1', número: 'house_number', numero: 'house_number', código_postal: 'postcode',
    codigo_postal: 'postcode', ciudad: 'city', provincia: 'region', estado: 'region', país: 'country', pais: 'country', correo_electrónico: 'email',
    correo_electronico: 'email', idioma: 'language', saludo: 'salutation', encabezamiento: 'salutation', fórmula_de_saludo: 'salutation',
    formula_de_saludo: 'salutation', gobierno: 'government', nota_personal: 'personal_note',
  },
  pt: {
    máximo_de_cartas: 'max_letters', maximo_de_cartas: 'max_letters', max_cartas: 'max_letters',
    nome: 'first_name', sobrenome: 'last_name', apelido: 'last_name', nome_completo: 'name', cargo: 'position', organização: 'organisation',
    organizacao: 'organisation', endereço: 'address', endereco: 'address', morada: 'address', rua: 'address_1', número: 'house_number',
    numero: 'house_number', cep: 'postcode', código_postal: 'postcode', codigo_postal: 'postcode', cidade: 'city', localidade: 'city',
    país: 'country', pais: 'country', idioma: 'language', saudação: 'salutation', saudacao: 'salutation', governo: 'government',
    nota_pessoal: 'personal_note', estado: 'region', uf: 'region',
    // A Brazilian list's "Tratamento" is the vocative ("Excelentíssimo Senhor Presidente da
    // República"), and its address's lines after the street "Complemento" and "Bairro" (a
    // trial's: "Tratamento" was taken for a misspelt Spanish "Tratamiento", the title).
    tratamento: 'salutation', vocativo: 'salutation', complemento: 'address_2', bairro: 'address_2',
  },
  it: {
    max_lettere: 'max_letters', massimo_lettere: 'max_letters', numero_massimo_di_lettere: 'max_letters',
    nome: 'first_name', cognome: 'last_name', nome_completo: 'name', carica: 'position', organizzazione: 'organisation', indirizzo: 'address',
    via: 'address_1', civico: 'house_number', numero_civico: 'house_number', cap: 'postcode', città: 'city', citta: 'city', comune: 'city',
    provincia: 'region', paese: 'country', nazione: 'country', lingua: 'language', governo: 'government', posta_elettronica: 'email',
  },
  nl: {
    max_brieven: 'max_letters', maximaal_aantal_brieven: 'max_letters',
    voornaam: 'first_name', achternaam: 'last_name', naam: 'name', volledige_naam: 'name', functie: 'position', organisatie: 'organisation',
    adres: 'address', straat: 'address_1', huisnummer: 'house_number', postcode: 'postcode', plaats: 'city', woonplaats: 'city',
    land: 'country', taal: 'language', aanhef: 'salutation', regering: 'government',
  },
};

/** The columns letters reads from a recipients CSV (after normaliseColumn). */
const RECIPIENT_COLUMNS = [
  'title', 'first_name', 'last_name', 'name', 'position', 'organisation', 'salutation', 'address',
  'address_1', 'address_2', 'address_3', 'address_4', 'address_5', 'address_6', 'house_number',
  'city', 'region', 'postcode', 'country', 'email', 'language', 'government',
];

/**
 * Headers one letter off a column letters reads and the file lacks ("Adress 1", "Postocde"): read
 * as a column of the user's own, the letters would go without the street. In names of five
 * letters or more ("long" is not "lang"; a column "religion" is not "region"); a header holding a
 * known column as a word ("country_code"), its plural ("Languages"), or one the template reads
 * (`recipient.regions`) is the user's own. Errors.
 */
export function misspeltColumns(list: Pick<RecipientList, 'file' | 'columns' | 'headers' | 'headerLine'>, templateReads: ReadonlySet<string> = new Set()): Problem[] {
  const absent = RECIPIENT_COLUMNS.filter((c) => !list.columns.includes(c));
  // (A list's own language's headers too: "Nachnahme" for "Nachname", "Hausnumer" for "Hausnummer".)
  // (Only of a language the file has two headers of or more, as AMBIGUOUS ones are read.)
  const raw = Object.values(list.headers).map(normaliseColumn);
  const foreign: Record<string, string> = {};
  for (const headers of Object.values(FOREIGN)) {
    if (raw.filter((h) => h in headers && !RECIPIENT_COLUMNS.includes(h)).length < 2) continue;
    for (const [h, c] of Object.entries(headers)) if (h.length >= 5 && !RECIPIENT_COLUMNS.includes(h) && absent.includes(c)) foreign[h] = c;
  }
  const spellings = [...absent, ...Object.keys(ALIASES).filter((a) => a.length >= 5 && absent.includes(ALIASES[a]!)), ...Object.keys(foreign)];
  return list.columns.flatMap((col) => {
    if (col.length < 5 || knownColumn(col) || templateReads.has(col)) return [];
    if (Object.values(FOREIGN).some((headers) => col in headers)) return [];
    if (col.split('_').some(knownColumn) || (col.endsWith('s') && knownColumn(col.slice(0, -1)))) return [];
    const near = nearest(col, spellings, 1);
    if (!near) return [];
    const meant = near in foreign ? `${near[0]!.toUpperCase()}${near.slice(1)}` : ALIASES[near] ?? near;
    return [{
      location: { file: list.file, line: list.headerLine ?? 1 },
      message: `column "${list.headers[col]}" looks like a misspelling of "${meant}", which the file lacks`,
      hint: `rename the header "${meant}" (a column of your own for the template needs a name further from it)`,
    }];
  });
}

const knownColumn = (word: string) => RECIPIENT_COLUMNS.includes(word) || word in ALIASES;

/**
 * What a header says it holds, for the columns of a posted letter's address, in the order they are
 * looked for; a postcode is "zip", "postcode", or "postal"/"post" with "code" ("Postal Address" is
 * the street).
 */
const COLUMN_WORDS: [column: string, holds: (words: string[]) => boolean][] = [
  ['postcode', (w) => w.some((x) => ['zip', 'zipcode', 'postcode', 'plz', 'postleitzahl', 'cep', 'cap'].includes(x)) || (w.includes('code') && (w.includes('postal') || w.includes('post')))],
  ['region', (w) => w.some((x) => ['state', 'province', 'prefecture', 'oblast', 'bundesland', 'provincia', 'estado'].includes(x))],
  ['city', (w) => w.some((x) => ['city', 'town', 'ort', 'stadt', 'ville', 'ciudad', 'cidade', 'città', 'citta', 'plaats'].includes(x))],
  // ("Land line" is a telephone, "Alternative email address" no street.)
  ['country', (w) => w.some((x) => ['country', 'land', 'pays', 'país', 'pais', 'paese'].includes(x)) && !w.some((x) => ['line', 'phone', 'tel', 'telephone'].includes(x))],
  ['address_1', (w) => w.some((x) => ['street', 'address', 'straße', 'strasse', 'anschrift', 'adresse', 'rue', 'dirección', 'direccion', 'calle', 'endereço', 'endereco', 'indirizzo', 'adres', 'straat'].includes(x)) && !w.some((x) => ['email', 'mail', 'e', 'web', 'ip', 'url'].includes(x))],
  ['name', (w) => w.some((x) => ['name', 'nombre', 'nom', 'nome', 'naam'].includes(x)) && !w.some((x) => ['organization', 'organisation', 'company', 'user', 'file', 'prison', 'case'].includes(x))],
  ['organisation', (w) => w.some((x) => ['organisation', 'organization', 'organización', 'organizacion', 'organisme', 'organismo', 'ministry', 'ministerio', 'ministère', 'behörde', 'institution', 'institución'].includes(x))],
  ['salutation', (w) => w.some((x) => ['salutation', 'greeting', 'saludo', 'briefanrede'].includes(x))],
];

/**
 * Headers that say they hold a column of a posted letter's address the file lacks ("Zip/Postal
 * Code (5 digits)", "Street No.", "Ambassador name"): read as columns of the user's own, the
 * letters would go without the postcode, the street or the name. Warnings (`check`, and the runs
 * that post letters, say them): such a header may be the user's own ("Office address" in a list
 * to e-mail), and a column the template reads is.
 */
export function columnsLookingLike(
  list: Pick<RecipientList, 'file' | 'columns' | 'headers' | 'headerLine'>,
  templateReads: ReadonlySet<string> = new Set(),
  /** Said of a volunteers CSV: what goes without the column, and how serious that is. */
  of: { severity: 'warning' | 'error'; without: string } = { severity: 'warning', without: 'the letters would go without it' },
): Problem[] {
  const has = (c: string) => list.columns.includes(c);
  const lacks = (column: string) =>
    column === 'address_1' ? !list.columns.some((c) => /^address(?:_[1-6])?$/.test(c)) : column === 'name' ? !['name', 'first_name', 'last_name'].some(has) : !has(column);
  // The span of the address's columns, from its first line to its last part ("Street", "Suite",
  // "City", "State", "ZIP"): a column letters does not read there is most likely a line of it.
  const parts = list.columns.flatMap((c, i) => (ADDRESS_PARTS.test(c) ? [i] : []));
  const among = (i: number) => parts.length >= 2 && i > parts[0]! && i < parts.at(-1)!;
  return list.columns.flatMap((col, i) => {
    if (knownColumn(col) || templateReads.has(col)) return [];
    const words = col.split('_');
    const column = COLUMN_WORDS.find(([, holds]) => holds(words))?.[0];
    if (!column || !lacks(column)) {
      // (A phone, a website, a party or a note between them is the user's own: a review's "Phone, Fax".)
      if (!among(i) || words.some((w) => NOT_ADDRESS_WORDS.has(w))) return [];
      return [{
        severity: 'warning' as const,
        code: 'input',
        location: { file: list.file, line: list.headerLine ?? 1 },
        message: `column "${list.headers[col]}" is among the address's columns, but letters reads no column of that name: ${of.without}`,
        hint: `if it holds a line of the address, rename the header "${nextFreeLine(list.columns) ?? 'address_2'}"; a column of your own for the template is fine`,
      }];
    }
    return [{
      severity: of.severity,
      code: 'input',
      location: { file: list.file, line: list.headerLine ?? 1 },
      message: `column "${list.headers[col]}" looks like the ${column === 'address_1' ? 'street (address_1)' : column}, which the file lacks: ${of.without}`,
      hint: `rename the header "${column}" if it is; a column of your own for the template is fine`,
    }];
  });
}

/** Words of headers that hold no line of an address. */
const NOT_ADDRESS_WORDS = new Set(['phone', 'telephone', 'tel', 'fax', 'mobile', 'cell', 'web', 'website', 'url', 'site', 'party', 'note', 'notes', 'comment', 'comments', 'twitter', 'email', 'id', 'date', 'district', 'constituency', 'committee']);

/** The columns of a posted letter's address, from its first line to its postcode. */
const ADDRESS_PARTS = /^(?:address(?:_[1-6])?|house_number|city|region|postcode)$/;

/** The first line of the address a list has no column for, after its own (address_2 beside address_1). */
function nextFreeLine(columns: readonly string[]): string | undefined {
  const last = Math.max(0, ...columns.map((c) => Number(/^address_([1-6])$/.exec(c)?.[1] ?? (c === 'address' ? 1 : 0))));
  return last < 6 ? `address_${last + 1}` : undefined;
}

/**
 * An address header with a line's number, in any language: "Dirección 2", "Adresse 3",
 * "Indirizzo_2" are address_2, as "Address 2" is. (A Spanish list's "Dirección 1", "Dirección 2"
 * were read as columns of the user's own, and its letters went without the street.)
 */
function numberedLine(key: string, table: Record<string, string>): string | undefined {
  const m = /^(.+?)_?([1-6])$/.exec(key);
  const column = m && (ALIASES[m[1]!] ?? table[m[1]!]);
  return column === 'address' || column === 'address_1' ? `address_${m![2]}` : undefined;
}

/** `First Name`, `first-name`, `FIRST_NAME` are the same column; so are "Zip/Postal Code" and zip_postal_code. */
export function normaliseColumn(header: string): string {
  const key = headerKey(header);
  return ALIASES[key] ?? key;
}

/** The column a header names in any language letters reads ("Ville" is city, "PLZ" postcode), for hints. */
export function columnInAnyLanguage(header: string): string | undefined {
  const key = headerKey(header);
  if (RECIPIENT_COLUMNS.includes(key)) return key;
  return ALIASES[key] ?? Object.values(FOREIGN).map((table) => table[key] ?? numberedLine(key, table)).find(Boolean);
}

/** The signer's field a name means in any language ("ville" is city, "nombre" name, "Straße" address), for hints. */
export function signerFieldInAnyLanguage(name: string): string | undefined {
  const column = columnInAnyLanguage(name);
  return column === 'address_1' ? 'address' : column && /^(?:first_|last_)?name$/.test(column) ? 'name' : column;
}

/**
 * The column a name given on the command line (`--where department=Legal`, `--sort`) means in
 * this file: a header it has by that name (Department kept beside Company), else the alias's.
 */
export function columnNamed(list: Pick<RecipientList, 'columns' | 'also'> & Partial<Pick<RecipientList, 'headers'>>, name: string): string {
  const key = headerKey(name);
  if (list.columns.includes(key)) return key;
  // A header read as another column: German "Name" (beside "Vorname") is last_name, "PLZ" postcode,
  // "Pays" country (and compared as one: "pays=Algeria" finds "Algérie").
  // (Accents aside: "pais" is "País".)
  const read = Object.entries(list.headers ?? {}).find(([, header]) => headerKey(header) === key) ?? Object.entries(list.headers ?? {}).find(([, header]) => plainLetters(headerKey(header)) === plainLetters(key));
  if (read) return read[0];
  return list.also?.includes(key) ? key : (ALIASES[key] ?? key);
}

/** A header as written, made a key: "Zip/Postal Code" is zip_postal_code (no alias applied). */
export function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/[\s\-_./()#:'\u2019]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * Aliases for what a header may mean besides its own thing ("Company" beside "Department" in
 * Outlook's export, "Role" beside "Position"): such a header is the column only when the file has
 * not got it already, and is read by its own name too (`recipient.company`). Other aliases are
 * the column itself: "Zip" beside "Postcode" is two postcodes, refused.
 */
const YIELDING = new Set([
  'job_title', 'job', 'role', 'company', 'department', 'ministry', 'agency', 'institution', 'greeting', 'dear', 'honorific', 'prefix',
  'suite', 'apt', 'apartment', 'apt_suite', 'suite_apt', 'apt_suite_unit', 'suite_room', 'room', 'room_suite', 'suite_floor', 'floor', 'building',
  'mailing_address', 'office_address', 'postal_address', 'business_address', 'physical_address',
  'business_street', 'business_street_2', 'business_street_3', 'business_city', 'business_state', 'business_postal_code', 'business_country', 'business_country_region',
]);

/** The column of each header (see YIELDING, FOREIGN), and the yielding aliases read by their own name too, with their place. */
function headerColumns(header: string[]): { columns: string[]; also: [name: string, index: number][] } {
  const keys = header.map(headerKey);
  // The headers of FOREIGN the file has: all of a language with two or more (our own names not
  // counted), else those that are no English word. They yield (see YIELDING).
  const foreign: Record<string, string> = {};
  const active = new Set<string>();
  for (const [language, table] of Object.entries(FOREIGN)) {
    if (keys.filter((k) => k in table && !(k in ALIASES) && !RECIPIENT_COLUMNS.includes(k)).length >= 2) active.add(language);
  }
  for (const [language, table] of Object.entries(FOREIGN)) {
    for (const [k, column] of Object.entries(table)) if (active.has(language) || !AMBIGUOUS.has(k)) foreign[k] ??= column;
  }
  const aliasOf = (key: string) => ALIASES[key] ?? foreign[key] ?? numberedLine(key, foreign);
  const yields = (key: string) => YIELDING.has(key) || (!(key in ALIASES) && key in foreign);
  const columns: string[] = [];
  const also: [string, number][] = [];
  keys.forEach((key, i) => {
    const alias = aliasOf(key);
    // (A yielding header written twice is refused as two of the same column, as others are.)
    if (alias === undefined || alias === key || !yields(key) || keys.indexOf(key) !== keys.lastIndexOf(key)) return columns.push(alias ?? key);
    const taken = (c: string) => keys.includes(c) || columns.includes(c) || keys.some((k, j) => j > i && aliasOf(k) === c && !yields(k));
    // An address line ("Complément d'adresse") takes the next line free after its own.
    let column = alias;
    for (let n = Number(/^address_([1-6])$/.exec(alias)?.[1] ?? 7); taken(column) && n < 6; ) column = `address_${++n}`;
    const free = !taken(column);
    columns.push(free ? column : key);
    if (free) also.push([key, i]);
  });
  // "Address" beside "Address 2" (and no "Address 1") is the first line, not the lines after them.
  const address = columns.indexOf('address');
  if (address >= 0 && !columns.includes('address_1') && columns.some((c) => /^address_[2-6]$/.test(c))) {
    columns[address] = 'address_1';
  }
  // A Spanish, Portuguese or Italian list's "Nombre" or "Nome" with no surname beside it is the
  // whole name (a Spanish trial's volunteers "Carmen Peña" were greeted "Hola, Carmen Peña:").
  // (Not beside a surname column letters does not read: "Último nome", "Cognome e nome".)
  const first = columns.indexOf('first_name');
  const surname = keys.some((k) => /apellido|sobrenome|apelido|cognome|[u\u00fa]ltimo_nome/.test(k));
  if (first >= 0 && ['nombre', 'nome'].includes(keys[first]!) && !surname && !columns.includes('last_name') && !columns.includes('name')) columns[first] = 'name';
  // In a German list, "Name" beside "Vorname" is the surname ("Titel, Vorname, Name").
  const name = columns.indexOf('name');
  if (name >= 0 && active.has('de') && keys.includes('vorname') && !columns.includes('last_name')) {
    columns[name] = 'last_name';
  }
  return { columns, also };
}

export interface ReadCsvOptions {
  /** `utf-8` (default; a BOM is allowed), `windows-1252` (Excel on Windows), `latin1`, ... */
  encoding?: string;
  /** What the file is, for messages ("recipients CSV", "volunteers CSV"). */
  what?: string;
  /** Where the path came from, for the hint when it cannot be read. */
  pathHint?: string;
}

export function loadRecipients(file: string, options: ReadCsvOptions = {}): RecipientList {
  return parseRecipients(decode(readCsv(file, options), file, options.encoding), file, options.what);
}

function readCsv(file: string, options: ReadCsvOptions): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new InputError({
      location: { file },
      message: `cannot read the ${options.what ?? 'recipients CSV'}: ${unreadable(err, file)}`,
      hint: options.pathHint ?? 'check "recipients:" in the case file or --recipients',
    });
  }
}

/**
 * How a spreadsheet saves a CSV in UTF-8, for hints: "save it " + AS_UTF8. Excel and LibreOffice
 * are named: the two most used, and the two that may save another encoding unless told (Excel's
 * plain "CSV" is the Windows code page, or Mac Roman on a Mac; LibreOffice's Text CSV may be the
 * system's, windows-1252 on a Windows in Western Europe). Google Sheets' download is UTF-8 always,
 * Numbers' export unless its Text Encoding is changed (the README says both).
 */
export const AS_UTF8 = 'as UTF-8 ("CSV UTF-8" in Excel; in LibreOffice, Text CSV with character set "Unicode (UTF-8)")';

/** Latin-1 as Excel writes it is Windows-1252 (curly quotes, €, Œ), never the C1 controls. */
const ENCODING_ALIASES: Record<string, string> = { latin1: 'windows-1252', 'iso-8859-1': 'windows-1252', cp1252: 'windows-1252', ansi: 'windows-1252', utf16: 'utf-16le', 'utf-16': 'utf-16le' };

/** A column's letters in a spreadsheet: A for the first, Z, AA, AB... */
function spreadsheetColumn(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A workbook's kind (.xlsx, .ods and .numbers are zip files, .xls an OLE one): no text, which no encoding reads. */
function workbook(bytes: Buffer): string | undefined {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return '.xlsx, .ods or .numbers';
  return bytes.subarray(0, 8).equals(OLE) ? '.xls' : undefined;
}
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function decode(bytes: Buffer, file: string, encoding = 'utf-8'): string {
  const book = workbook(bytes);
  if (book) {
    throw new InputError({
      location: { file },
      message: `this is a spreadsheet workbook (${book}), not a CSV`,
      hint: 'open it and save it as a CSV in UTF-8: "CSV UTF-8" in Excel, Text CSV with character set "Unicode (UTF-8)" in LibreOffice, File > Download > Comma-separated values in Google Sheets, File > Export To > CSV in Numbers',
    });
  }
  // A byte-order mark says what the file is, whatever --encoding says.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) encoding = 'utf-8';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  let enc = encoding.toLowerCase().replace(/_/g, '-');
  enc = ENCODING_ALIASES[enc] ?? enc;
  if (enc === 'utf-8' || enc === 'utf8') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      const line = bytes.subarray(0, firstInvalidUtf8(bytes)).toString('latin1').split('\n').length;
      throw new InputError({
        location: { file, line },
        message: 'the CSV is not valid UTF-8',
        hint: looksCyrillic(bytes)
          ? `its words look Cyrillic, as a Windows with Russian or Ukrainian settings saves them (windows-1251): add --encoding windows-1251, or save it ${AS_UTF8}`
          : `save it ${AS_UTF8}, or add --encoding windows-1252 ("encoding: windows-1252" in the case file, for every run; windows-1250 for Central European)`,
      });
    }
  }
  if (!iconv.encodingExists(enc)) {
    throw new InputError({ message: `unknown encoding "${encoding}"`, hint: 'use utf-8, windows-1252 or utf-16' });
  }
  // Text with accents that is valid UTF-8 is UTF-8 (read as a one-byte encoding, "Seán" would
  // print as "SeÃ¡n" in every letter): so one --encoding serves an officials CSV saved as UTF-8
  // and a volunteers CSV saved by Excel on Windows.
  if (!enc.startsWith('utf') && bytes.some((b) => b >= 0x80) && isUtf8(bytes)) return bytes.toString('utf8');
  // Cyrillic saved as Windows-1251 and read as Windows-1252 prints "Àëåêñàíäð" for "Александр".
  if ((enc === 'windows-1252' || enc === 'iso-8859-15') && looksCyrillic(bytes)) {
    const line = bytes.subarray(0, bytes.findIndex((b) => b >= 0xc0)).toString('latin1').split('\n').length;
    throw new InputError({
      location: { file, line },
      message: `the CSV's words look Cyrillic: read as ${encoding} they would print as "${iconv.decode(bytes, enc).split('\n')[line - 1]!.trim().slice(0, 40)}"`,
      hint: 'a CSV saved on a Windows with Russian or Ukrainian settings is windows-1251: use --encoding windows-1251',
    });
  }
  const text = iconv.decode(bytes, enc).replace(/^\uFEFF/, '');
  // A file of one-byte letters read as UTF-16: two bytes make one character, and its lines are
  // gone ("the CSV has no rows", and the whole file as its header, in Chinese letters).
  if (enc.startsWith('utf-16') && bytes.includes(0x0a) && !text.includes('\n')) {
    throw new InputError({
      location: { file },
      message: `the CSV is not ${encoding}: read so, it has no lines`,
      hint: `read it in the encoding it was saved in (without --encoding it is read as UTF-8; windows-1252 for Excel's CSV on Windows), or save it ${AS_UTF8}`,
    });
  }
  const misread = westernMisread(text, enc);
  if (misread) {
    throw new InputError({
      location: { file, line: text.slice(0, misread.at).split('\n').length },
      message: `the CSV looks saved on a Windows in Western Europe (windows-1252): read as ${encoding}, "${misread.word}" would print so (it was "${iconv.decode(iconv.encode(misread.word, enc), 'windows-1252')}")`,
      hint: `read it with --encoding windows-1252 (or "encoding: windows-1252" in the case file), or save it ${AS_UTF8}`,
    });
  }
  return text;
}

/**
 * A Western European file (windows-1252) read in another encoding, where its accented letters
 * come out as letters no word has there: read as Cyrillic (windows-1251), "Noël" is "Noлl", a
 * Cyrillic letter no Latin one looks like inside a Latin word; read as Mac Roman, "Noël" is "NoÎl"
 * and "coördinator" "coˆrdinator", a capital or sign between small letters (a Dutch trial's
 * letters printed both, after a check that said ready). The first such word, and where it is.
 */
function westernMisread(text: string, enc: string): { word: string; at: number } | undefined {
  // (However the encoding is written: "macroman", "win1251", "koi8r".)
  const name = enc.replace(/[-_\s]/g, '');
  const pattern = MAC_ENCODINGS.has(name) ? MAC_READ_WESTERN : CYRILLIC_ENCODINGS.has(name) ? CYRILLIC_READ_WESTERN : undefined;
  // (A file with words all in Cyrillic is Cyrillic: "Чkалова", a Latin "k" typed in it, is a typing slip.)
  if (pattern === CYRILLIC_READ_WESTERN && CYRILLIC_WORD.test(text)) return undefined;
  const m = pattern?.exec(text);
  if (!m) return undefined;
  // The whole word the letters are in.
  let [start, end] = [m.index, m.index + m[0].length];
  while (start > 0 && WORDISH.test(text[start - 1]!)) start--;
  while (end < text.length && WORDISH.test(text[end]!)) end++;
  return { word: text.slice(start, end), at: start };
}
/** A word's letters, and the signs Mac Roman makes of windows-1252's accented letters. */
const WORDISH = /[\p{L}\p{M}\u00b8\u02d9\u201a\u2021\u2030]/u;
const MAC_ENCODINGS = new Set(['macintosh', 'macroman', 'mac', 'xmacroman']);
const CYRILLIC_ENCODINGS = new Set(['windows1251', 'win1251', 'cp1251', 'koi8r', 'koi8u', 'iso88595', 'cp866', 'ibm866']);
/** A word of two letters or more, all Cyrillic. */
const CYRILLIC_WORD = /(?<!\p{L})\p{Script=Cyrillic}{2,}(?!\p{L})/u;
/**
 * The Latin letters no Cyrillic one looks like, and the Cyrillic letters no Latin one looks like
 * (so "Зiнченко" typed with a Latin "i" is no misreading; nor are "k" and "к", "b" and "ь").
 * (Strings, not literals: the bundle stays ASCII.)
 */
const LATIN_UNLIKE = 'dfghlmnqrtuvwzDFGLNQRUVWZ';
const CYRILLIC_UNLIKE = '\u0431\u0432\u0433\u0434\u0436\u0437\u0438\u0439\u043b\u043c\u043d\u043f\u0442\u0444\u0446\u0447\u0448\u0449\u044a\u044b\u044d\u044e\u044f\u0411\u0413\u0414\u0416\u0417\u0418\u0419\u041b\u041f\u0424\u0426\u0427\u0428\u0429\u042a\u042b\u042d\u042e\u042f';
/** A word with both ("Noлl", "Loпs": windows-1252's ë and ï read as windows-1251). */
const CYRILLIC_READ_WESTERN = new RegExp(`(?<!\\p{L})(?=\\p{L}*[${LATIN_UNLIKE}])(?=\\p{L}*[${CYRILLIC_UNLIKE}])\\p{L}+`, 'u');
/** What windows-1252's small accented letters are in Mac Roman (\u00c8 for é, \u00ce for ë, \u02c6 for ö, ...), between small letters. */
const MAC_READ_WESTERN = /\p{Ll}[\u00c1\u00c8\u00cb\u00cc\u00cd\u00ce\u00d2\u00db\u2021\u201a\u2030\u02c6\u00b8\u02d9]\p{Ll}/u;

/**
 * Whether a file's bytes above ASCII read as Cyrillic in Windows-1251: mostly letters (0xC0 and
 * up) in runs of three or more, as whole words are; Western text has an accent here and there.
 */
function looksCyrillic(bytes: Buffer): boolean {
  let high = 0;
  let inWords = 0;
  let run = 0;
  const end = (n: number) => {
    if (n >= 3) inWords += n;
  };
  for (const b of bytes) {
    if (b >= 0x80) high++;
    if (b >= 0xc0) run++;
    else {
      end(run);
      run = 0;
    }
  }
  end(run);
  return high >= 6 && inWords / high > 0.6;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  const ok = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The delimiter is whichever of `,` `;` tab occurs most in the header line (outside quotes). */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** A CSV's text, to be read in pieces of whole records. */
interface CsvText {
  /** The lines records can start on (1-based), the last one past the end when the text ends outside quotes. */
  starts: number[];
  /** How many lines there are. */
  lines: number;
  /** Lines [from, to) (1-based), with whitespace-only lines outside quotes emptied. */
  text(from: number, to: number): string;
  /** Runs `read`, whose many calls of `text` share one opening of the file (if there is one). */
  reading<T>(read: () => T): T;
  /** The delimiter an Excel "sep=;" first line names (that line then reads as blank). */
  sep?: string;
  /** The first line that is not blank, for guessing the delimiter. */
  firstLine?: string;
}

/**
 * The text whole, in memory: one pass that knows about quotes finds the lines records can start
 * on, and empties whitespace-only lines (outside quotes) so they are skipped like blank lines.
 */
function textCsv(raw: string): CsvText {
  let source = raw.replace(/\r\n?/g, '\n');
  // Excel's "sep=;" first line names the delimiter; it is not the header.
  const sep = /^sep=(.)[ \t]*(\n|$)/i.exec(source);
  if (sep) source = `\n${source.slice(sep[0].length)}`;
  const starts = [1];
  const lines = source.split('\n');
  let quoted = false;
  lines.forEach((line, i) => {
    if (!quoted && line.trim() === '') lines[i] = '';
    for (let j = line.indexOf('"'); j !== -1; j = line.indexOf('"', j + 1)) quoted = !quoted;
    if (!quoted) starts.push(i + 2);
  });
  return { starts, lines: lines.length, text: (from, to) => lines.slice(from - 1, to - 1).join('\n'), reading: (read) => read(), sep: sep?.[1], firstLine: lines.find((l) => l !== '') };
}

const ASCII_SPACE = new Set([0x20, 0x09, 0x0b, 0x0c, 0x0d]);

/**
 * A UTF-8 file read from disk a piece at a time, never whole: a first pass over its bytes does
 * what `textCsv` does over the text (and checks the bytes are UTF-8); a piece's bytes are read
 * again when it is asked for. Undefined when the file needs the whole text (not valid UTF-8, which
 * `decode` then says where; UTF-16; a line break that is a lone CR) or cannot be read.
 */
function fileCsv(file: string): CsvText | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined; // readCsv says why
  }
  const stat = fstatSync(fd);
  const bytes = stat.size;
  const starts = [1];
  const offsets: number[] = []; // the byte each start is at
  const blank = new Set<number>(); // whitespace-only lines outside quotes
  const unsure: [line: number, from: number, to: number][] = []; // spaces and non-ASCII: decoded to tell
  const buf = Buffer.allocUnsafe(1 << 20);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let lineStart = 0;
  let quotedAtStart = false;
  let quoted = false;
  let spaceOnly = true; // no byte but ASCII spaces and non-ASCII ones
  let nonAscii = false;
  let hasBytes = false;
  let cr = false;
  const endLine = (end: number) => {
    if (!quotedAtStart && spaceOnly && hasBytes) {
      if (nonAscii) unsure.push([line, lineStart, end]);
      else blank.add(line);
    }
    if (!quoted) {
      starts.push(line + 1);
      offsets.push(end + 1);
    }
    line++;
    lineStart = end + 1;
    quotedAtStart = quoted;
    spaceOnly = true;
    nonAscii = false;
    hasBytes = false;
  };
  try {
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return undefined; // UTF-16
    if (workbook(head)) return undefined; // (decode says what it is)
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    offsets.push(bom);
    lineStart = bom;
    for (let pos = bom; pos < bytes; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, bytes - pos), pos);
      if (n === 0) return undefined;
      const chunk = buf.subarray(0, n);
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        return undefined;
      }
      for (let i = 0; i < n; i++) {
        const b = chunk[i]!;
        if (cr && b !== 0x0a) return undefined;
        cr = b === 0x0d;
        if (b === 0x0a) {
          endLine(pos + i);
          continue;
        }
        hasBytes = true;
        if (b === 0x22) quoted = !quoted;
        if (b >= 0x80) nonAscii = true;
        else if (!ASCII_SPACE.has(b)) spaceOnly = false;
      }
      pos += n;
    }
    try {
      utf8.decode();
    } catch {
      return undefined;
    }
    if (cr) return undefined;
    endLine(bytes);
  } finally {
    closeSync(fd);
  }
  let shared: number | undefined; // the file, open while `reading`
  const reading = <T>(read: () => T): T => {
    if (shared !== undefined) return read();
    shared = openSync(file, 'r');
    try {
      return read();
    } finally {
      closeSync(shared);
      shared = undefined;
    }
  };
  const readBytes = (from: number, to: number): string => {
    const out = Buffer.allocUnsafe(to - from);
    const fd = shared ?? openSync(file, 'r');
    let got = 0;
    try {
      const now = fstatSync(fd);
      if (now.size !== stat.size || now.mtimeMs !== stat.mtimeMs) got = -1;
      while (got >= 0 && got < out.length) {
        const n = readSync(fd, out, got, out.length - got, from + got);
        if (n === 0) break;
        got += n;
      }
    } finally {
      if (fd !== shared) closeSync(fd);
    }
    if (got !== out.length) {
      throw new InputError({ location: { file }, message: 'the CSV changed while it was being read', hint: 'run again once it is saved' });
    }
    return out.toString('utf8');
  };
  for (const [l, from, to] of unsure) if (readBytes(from, to).trim() === '') blank.add(l);
  const lines = line - 1;
  /** The byte line `l` starts at: `l` is a start (found by halving), or past the last line. */
  const byteOf = (l: number) => {
    if (l > lines) return bytes;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! < l) lo = mid + 1;
      else hi = mid;
    }
    return offsets[lo]!;
  };
  const text = (from: number, to: number): string => {
    const lines = readBytes(byteOf(from), byteOf(to)).replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
    for (let l = from; l < to; l++) if (blank.has(l)) lines[l - from] = '';
    return lines.join('\n');
  };
  const sep = /^sep=(.)[ \t]*$/i.exec(text(1, Math.min(lines + 1, starts[1] ?? lines + 1)).split('\n')[0]!);
  if (sep) blank.add(1);
  let firstLine: string | undefined;
  for (let i = 0; i + 1 < starts.length && firstLine === undefined; i++) firstLine = text(starts[i]!, starts[i + 1]!).split('\n').find((l) => l !== '');
  return { starts, lines, text, reading, sep: sep?.[1], firstLine };
}

/** A CSV's header, and its rows read afresh, in batches, whenever they are asked for. */
export interface RecipientRows extends Omit<RecipientList, 'rows'> {
  /**
   * The rows in CSV order, parsed as they are read (a campaign of 100,000 officials is never held
   * as rows). A quote never closed throws when it is reached; rows with too many or too few
   * values, and a column with values but no name, throw at the end, all of them at once. A
   * file of up to 2,000 lines is parsed once: each pass gets the same rows (read, never changed),
   * and a change to the file between passes is not seen (a larger file's is: it is read again).
   */
  batches(): Generator<Recipient[]>;
  /**
   * The rows `batches` gave as these numbers, starting on these lines, read and parsed again, in
   * the order asked: for a run that makes the letters in another order than the CSV's (print sorts).
   */
  rowsAt(rows: { line: number; index: number }[]): Recipient[];
}

export function parseRecipients(raw: string, file: string, what = 'recipients CSV'): RecipientList {
  const { batches, rowsAt, ...head } = recipientRows(raw, file, what);
  const rows: Recipient[] = [];
  for (const batch of batches()) for (const row of batch) rows.push(row);
  return { ...head, rows };
}

/**
 * The recipients CSV as `check` reads it: a syntax error further down (a quote never closed) goes
 * to `report`, and the rows before it are still read, to be checked too (render says their
 * problems with it, a piece at a time).
 */
export function loadRecipientsUpToError(file: string, report: (p: Problem) => void, options: ReadCsvOptions = {}): RecipientList {
  const { batches, rowsAt, ...head } = recipientRows(decode(readCsv(file, options), file, options.encoding), file, options.what);
  const rows: Recipient[] = [];
  try {
    for (const batch of batches()) for (const row of batch) rows.push(row);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    err.problems.forEach(report);
  }
  return { ...head, rows };
}

/**
 * The recipients CSV `file`, its rows to be read in batches (see RecipientRows). A UTF-8 file is
 * read from disk a piece at a time; one in another encoding is decoded whole first.
 */
export function openRecipients(file: string, options: ReadCsvOptions = {}, linesPerPiece = 2000): RecipientRows {
  const utf8 = ['utf-8', 'utf8'].includes((options.encoding ?? 'utf-8').toLowerCase().replace(/_/g, '-'));
  const csv = utf8 ? fileCsv(file) : undefined;
  return rowsOf(csv ?? textCsv(decode(readCsv(file, options), file, options.encoding)), file, options.what, linesPerPiece);
}

/**
 * `raw` read in pieces of about `linesPerPiece` lines, each cut where a record starts and parsed
 * on its own when its turn comes: its rows come and go.
 */
export function recipientRows(raw: string, file: string, what = 'recipients CSV', linesPerPiece = 2000): RecipientRows {
  return rowsOf(textCsv(raw), file, what, linesPerPiece);
}

function rowsOf(csv: CsvText, file: string, what = 'recipients CSV', linesPerPiece = 2000): RecipientRows {
  const { starts } = csv;
  if (csv.firstLine === undefined) {
    throw new InputError({ location: { file }, message: `the ${what} is empty`, hint: 'the first line must name the columns' });
  }
  const delimiter = csv.sep ?? sniffDelimiter(csv.text(1, Math.min(csv.lines + 1, starts[1] ?? csv.lines + 1)));
  // Pieces of whole records: [first line, line after the last] (1-based), and the index in
  // `starts` of the first.
  const pieces: [number, number, number][] = [];
  for (let i = 0; i < starts.length - 1; ) {
    const first = i;
    const from = starts[i]!;
    while (i < starts.length - 1 && starts[i]! - from < linesPerPiece) i++;
    pieces.push([from, starts[i]!, first]);
  }
  if (starts.at(-1)! <= csv.lines) pieces.push([starts.at(-1)!, csv.lines + 1, starts.length - 1]); // an unclosed quote to the end

  /**
   * Each record of a piece with the line it starts on. csv-parse is not asked for each record's
   * raw text and position (a third of its time): a record starts on each line of `starts` that is
   * not blank, as csv-parse skips blank lines and splits records where `starts` does (a quote it
   * would count otherwise is a syntax error). Were the two counts ever to differ, the run stops
   * with an internal error rather than give a row another row's line.
   */
  const records = (piece: [number, number, number], each: (record: string[], line: number) => void) => {
    const [from, to, first] = piece;
    const text = csv.text(from, to);
    let parsed: string[][];
    try {
      // (Each record as long as it is: the caller checks it against the header, which a piece has not.)
      parsed = csvRecords(text, delimiter);
    } catch (err) {
      const e = err as { lines?: number };
      if (e.lines !== undefined) e.lines += from - 1;
      throw csvError(err, file, csv.starts);
    }
    const lines: number[] = []; // the lines the records start on
    let line = from; // the line that starts at `at` in the piece's text
    let at = 0;
    for (let j = first; j < starts.length && starts[j]! < to; j++) {
      while (line < starts[j]! && at !== -1) {
        const end = text.indexOf('\n', at);
        at = end === -1 ? -1 : end + 1;
        line++;
      }
      if (at === -1) break; // past the text: a file's last line break has no line after it
      if (at < text.length && text.charCodeAt(at) !== 10) lines.push(line);
    }
    if (lines.length !== parsed.length) throw new Error(`${file}: ${parsed.length} records in lines ${from}-${to - 1}, but ${lines.length} lines that start one`);
    parsed.forEach((record, k) => each(record, lines[k]!));
  };

  // The header: the first record, parsed on its own (a piece is up to 2,000 lines, all parsed
  // again for the rows), record by record past blank lines.
  let head: { record: string[]; line: number } | undefined;
  for (let i = 0; i < starts.length && !head; i++) {
    const piece: [number, number, number] = i < starts.length - 1 ? [starts[i]!, starts[i + 1]!, i] : [starts[i]!, csv.lines + 1, i];
    if (piece[0] > csv.lines) break;
    records(piece, (record, line) => {
      head ??= { record, line };
    });
  }
  const header = head!;
  const { columns, also } = headerColumns(header.record);
  const named = columns.flatMap((c, i) => (c === '' ? [] : [i]));
  const headers: Record<string, string> = {};
  const problems = new ProblemList();
  header.record.forEach((h, i) => {
    const col = columns[i]!;
    if (col === '') return;
    if (col in headers) {
      const first = columns.findIndex((c, j) => j < i && c === col);
      const where = `(columns ${spreadsheetColumn(first)} and ${spreadsheetColumn(i)})`;
      problems.add({
        location: { file, line: header.line },
        message: headers[col]!.toLowerCase() === h.trim().toLowerCase() ? `the column "${h.trim()}" is there twice ${where}` : `columns "${headers[col]}" and "${h}" are the same column (${col}) ${where}`,
        hint: 'delete or rename one of them',
      });
    }
    headers[col] = h.trim();
  });
  problems.throwIfAny();

  // A file of one piece (up to 2,000 lines, held whole while it is parsed anyway) is parsed once:
  // its rows are kept for the next pass (render and print read the rows twice: checked, then
  // made). A larger file is parsed again on each pass, so that its rows are never all held.
  let kept: Recipient[][] | undefined;
  function* batches(): Generator<Recipient[]> {
    if (kept) return yield* kept;
    const read: Recipient[][] = [];
    for (const rows of readBatches()) {
      if (pieces.length === 1) read.push(rows);
      yield rows;
    }
    if (pieces.length === 1) kept = read;
  }

  function* readBatches(): Generator<Recipient[]> {
    let index = 0;
    // Spreadsheets leave empty columns at the end; one with values but no name is a mistake.
    const unnamedWithValues = new Set<number>();
    // Rows longer than the header by empty values: all of them, a spreadsheet's trailing commas;
    // some of them, rows with an unquoted comma whose values moved a column on ("President, PRC").
    const padded: number[] = [];
    let exact = 0;
    // Rows with too many or too few values: the rows after them are read all the same, and all
    // are said at the end, so that a list with five unquoted commas takes one run to mend, not five.
    const misfits: Problem[] = [];
    for (const piece of pieces) {
      const rows: Recipient[] = [];
      try {
        records(piece, (record, line) => {
          if (line <= header.line) return;
          if (record.every((v) => v.trim() === '')) return; // `,,,` lines from spreadsheets
          if (!fits(record)) {
            index++;
            misfits.push({
              location: { file, line },
              message: `CSV syntax error: this row has ${record.length} values but the header has ${header.record.length}`,
              hint:
                record.length > header.record.length
                  ? delimiter === ','
                    ? 'quote values that contain the delimiter, e.g. "Washington, DC"'
                    : `a "${delimiter}" too many in the row, or in a value: delete it, or quote the value that holds it`
                  : 'a value is missing (or a line break splits the row): every column needs its place, an empty one too (",,"), or the values after it land in the wrong columns',
            });
            return;
          }
          if (record.length > header.record.length) padded.push(line);
          else exact++;
          columns.forEach((c, i) => {
            if (c === '' && record[i]!.trim() !== '') unnamedWithValues.add(i);
          });
          rows.push({ index: ++index, line, values: valuesOf(record) });
        });
      } catch (err) {
        // The rows before a syntax error are read all the same (check says theirs too), then the error.
        if (rows.length) yield rows;
        throw err instanceof InputError && misfits.length ? new InputError([...misfits, ...err.problems]) : err;
      }
      if (rows.length) yield rows;
    }
    if (misfits.length) throw new InputError(misfits);
    if (padded.length && exact) {
      throw new InputError(
        padded.map((line) => ({
          location: { file, line },
          message: `CSV syntax error: this row has more values than the header and the other rows (${header.record.length}), the last of them empty: a "${delimiter}" too many, at the end of the line or in a value, where it moves the values after it a column on`,
          hint: `delete a "${delimiter}" left at the end of the line; quote a value that holds one, e.g. "President${delimiter} PRC"`,
        })),
      );
    }
    if (unnamedWithValues.size) {
      throw new InputError(
        [...unnamedWithValues]
          .sort((x, y) => x - y)
          .map((i) => ({ location: { file, line: header.line }, message: `column ${i + 1} (${spreadsheetColumn(i)} in a spreadsheet) has values but no name`, hint: 'give the column a header, or delete it' })),
      );
    }
  }
  /** A record of the header's length; or longer by empty values only, as spreadsheets leave them. */
  function fits(record: string[]): boolean {
    const n = header.record.length;
    return record.length === n || (record.length > n && record.slice(n).every((v) => v.trim() === ''));
  }
  function valuesOf(record: string[]): Record<string, string> {
    const values: Record<string, string> = {};
    for (const i of named) values[columns[i]!] = cleanValue(columns[i]!, record[i]!);
    for (const [name, i] of also) values[name] = values[columns[i]!]!;
    if (values[SECOND_SURNAME] && values.last_name !== undefined) values.last_name = `${values.last_name} ${values[SECOND_SURNAME]}`.trim();
    return values;
  }

  function rowsAt(wanted: { line: number; index: number }[]): Recipient[] {
    /** The line after the record that starts on `line`: the next line a record can start on. */
    const end = (line: number) => {
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= line) lo = mid + 1;
        else hi = mid;
      }
      return starts[lo] ?? csv.lines + 1;
    };
    // The records one after the other are a CSV of their own, parsed at once (a parse costs as
    // much to start as 10 rows to read).
    const text = csv.reading(() => wanted.map((w) => csv.text(w.line, end(w.line)))).join('\n');
    let records: string[][] = [];
    try {
      records = csvRecords(text, delimiter);
    } catch {
      // not the records it was: said below
    }
    if (records.length !== wanted.length || !records.every(fits)) {
      throw new InputError({ location: { file }, message: `the ${what} changed while it was being read`, hint: 'run again once it is saved' });
    }
    return records.map((record, i) => ({ index: wanted[i]!.index, line: wanted[i]!.line, values: valuesOf(record) }));
  }

  return { file, columns: named.map((i) => columns[i]!), headers, batches, rowsAt, also: also.map(([name]) => name), headerLine: header.line };
}

/** Characters that print as nothing: pasted from Word or a web page, found only by what they break. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/;

/**
 * A value without its invisible characters: a soft hyphen, a zero-width space or word joiner, a
 * byte-order mark, which make "Wendy" and "\u200bWendy" two officials and `--where` miss a row. The
 * joiners (U+200C, U+200D) and direction marks stay in a value written in a right-to-left script,
 * where they do a job (Persian's half-space).
 */
export function withoutInvisible(text: string): string {
  const joiners = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u.test(text);
  return text.replace(joiners ? /[\u00ad\u180e\u200b\u2060-\u2064\ufeff]/g : new RegExp(INVISIBLE.source, 'g'), '');
}

/**
 * A value as text: a vertical tab (a line break pasted from Word into Excel) is a line break, and
 * other control characters, which no font prints, are dropped, as are invisible ones. A tab is a space. Only `address`
 * is lines (one per line of the address); in any other column a line break (Alt+Enter in Excel)
 * is a space: drawn as it is, it would be a blank box in the window, the salutation or the name.
 * (`email` keeps it, to be refused as what it is: a header put into the address; so does
 * `salutation`, whose two lines are two greetings to choose from, or a line pasted with it.)
 */
function cleanValue(column: string, v: string): string {
  let text = v
    .replace(/\r\n?|\v/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\x00-\x08\x0c\x0e-\x1f\x7f]/g, '');
  if (INVISIBLE.test(text)) text = withoutInvisible(text);
  return (column === 'address' || column === 'email' || column === 'salutation' ? text : text.replace(/[ ]*\n\s*/g, ' ')).trim();
}

function csvError(err: unknown, file: string, recordStarts: number[]): InputError {
  const e = err as { code?: string; lines?: number; message: string };
  // csv-parse counts to where it stopped; the user wants the line where the bad row starts.
  const line = e.lines === undefined ? undefined : Math.max(...recordStarts.filter((l) => l <= e.lines!), 1);
  const known: Record<string, [string, string]> = {
    CSV_QUOTE_NOT_CLOSED: ['a quoted value is never closed', 'look for a stray " on this line or above: a " inside a value must be doubled ("")'],
    INVALID_OPENING_QUOTE: ['a " in the middle of an unquoted value', 'quote the whole value and double the " inside it ("")'],
    CSV_INVALID_CLOSING_QUOTE: ['text follows the closing " of a quoted value', 'a " inside a quoted value must be doubled ("")'],
  };
  const [message, hint] = (e.code && known[e.code]) || [e.message.replace(/ (at|on) line \d+.*$/, ''), 'check the quoting on this line'];
  return new InputError({ location: { file, line }, message: `CSV syntax error: ${message}`, hint });
}
