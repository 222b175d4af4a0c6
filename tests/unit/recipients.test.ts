import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { columnInAnyLanguage, columnNamed, columnsLookingLike, loadRecipients, misspeltColumns, normaliseColumn, openRecipients, parseRecipients, recipientRows, sniffDelimiter } from '../../src/campaign/recipients.js';
import { inputError } from '../helpers/errors.js';
import { streetLines } from '../../src/render/address.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'letters-recipients-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function writeCsv(content: string | Buffer): string {
  const file = path.join(dir, `officials-${++fileNo}.csv`);
  writeFileSync(file, content);
  return file;
}


const rowsOf = (text: string) => parseRecipients(text, 'officials.csv').rows;

describe('normaliseColumn', () => {
  it('treats "First Name", "first-name", "FIRST_NAME" and " first.name " as first_name', () => {
    expect(normaliseColumn('First Name')).toBe('first_name');
    expect(normaliseColumn('first-name')).toBe('first_name');
    expect(normaliseColumn('FIRST_NAME')).toBe('first_name');
    expect(normaliseColumn('  first.name  ')).toBe('first_name');
    expect(normaliseColumn('Last  Name')).toBe('last_name');
  });

  it('maps common aliases to the known columns', () => {
    expect(normaliseColumn('Zip')).toBe('postcode');
    expect(normaliseColumn('ZIP Code')).toBe('postcode');
    expect(normaliseColumn('Postal Code')).toBe('postcode');
    expect(normaliseColumn('E-mail')).toBe('email');
    expect(normaliseColumn('Email Address')).toBe('email');
    expect(normaliseColumn('Organization')).toBe('organisation');
    expect(normaliseColumn('Surname')).toBe('last_name');
    expect(normaliseColumn('Given Name')).toBe('first_name');
    expect(normaliseColumn('State')).toBe('region');
    expect(normaliseColumn('Town')).toBe('city');
    // A British list's "Town/City", an Egyptian one's "Governorate".
    for (const h of ['Town/City', 'City/Town', 'City or town', 'Locality']) expect(normaliseColumn(h)).toBe('city');
    expect(normaliseColumn('Governorate')).toBe('region');
    expect(columnInAnyLanguage('E-Mail-Adresse')).toBe('email');
    expect(normaliseColumn('Address Line 2')).toBe('address_2');
    expect(normaliseColumn('Address1')).toBe('address_1');
    expect(normaliseColumn('Full Name')).toBe('name');
    // Spreadsheet and address-book exports (Outlook's among them).
    expect(normaliseColumn('Job Title')).toBe('position');
    expect(normaliseColumn('State/Province')).toBe('region');
    expect(normaliseColumn('Zip/Postal Code')).toBe('postcode');
    expect(normaliseColumn('E-mail Address')).toBe('email');
    expect(normaliseColumn('Country/Region')).toBe('country');
    expect(normaliseColumn('Business Street')).toBe('address_1');
    expect(normaliseColumn('Business Postal Code')).toBe('postcode');
    expect(normaliseColumn('Company')).toBe('organisation');
  });

  it('reads the headers of lists kept in German, French, Spanish, Portuguese, Italian and Dutch', () => {
    const columns = (header: string) => parseRecipients(`${header}\n${header.split(';').map(() => 'x').join(';')}\n`, 'o.csv').columns;
    expect(columns('Titel;Vorname;Nachname;Funktion;Straße;PLZ;Ort;Land;E-Mail;Briefanrede;Anrede')).toEqual([
      'title', 'first_name', 'last_name', 'position', 'address_1', 'postcode', 'city', 'country', 'email', 'salutation', 'anrede',
    ]);
    expect(columns('Strasse und Hausnummer;Postleitzahl;Wohnort;Adresszusatz')).toEqual(['address_1', 'postcode', 'city', 'address_2']);
    expect(columns('Straße/Hausnr.;Anschrift')).toEqual(['address_1', 'address']);
    expect(columns('Civilité;Prénom;Nom;Fonction;Adresse;Code postal;Ville;Pays;Courriel')).toEqual([
      'title', 'first_name', 'last_name', 'position', 'address', 'postcode', 'city', 'country', 'email',
    ]);
    expect(columns('Tratamiento;Nombre;Apellidos;Cargo;Dirección;Código postal;Ciudad;Provincia;País')).toEqual([
      'title', 'first_name', 'last_name', 'position', 'address', 'postcode', 'city', 'region', 'country',
    ]);
    expect(columns('Nome;Sobrenome;Endereço;CEP;Cidade')).toEqual(['first_name', 'last_name', 'address', 'postcode', 'city']);
    expect(columns('Cognome;Carica;Indirizzo;CAP;Città;Nazione')).toEqual(['last_name', 'position', 'address', 'postcode', 'city', 'country']);
    expect(columns('Voornaam;Achternaam;Functie;Straat;Postcode;Plaats')).toEqual(['first_name', 'last_name', 'position', 'address_1', 'postcode', 'city']);
    expect(columns('Nombre completo;Organización;Saludo;Gobierno;Dirección')).toEqual(['name', 'organisation', 'salutation', 'government', 'address']);
    // "Name" beside "Vorname" in a German list is the surname; a house number has a column of its own.
    expect(columns('Titel;Vorname;Name;Straße;Hausnummer;PLZ;Ort')).toEqual(['title', 'first_name', 'last_name', 'address_1', 'house_number', 'postcode', 'city']);
    // A header in those languages that is not one of them, but says it holds one, is said too.
    const said = (header: string) => columnsLookingLike(parseRecipients(`${header}\nx;x;x;x\n`, 'o.csv')).map((p) => p.message.replace(/, which the file lacks.*/, ''));
    expect(said('Name;Straße und Nr;PLZ Ort;Land')).toEqual([
      'column "Straße und Nr" looks like the street (address_1)',
      'column "PLZ Ort" looks like the postcode',
      'column "Land" looks like the country', // (one German header alone is not read as German)
    ]);
  });

  it('reads a French list as French Excel writes it: "CP", "Titre", "Adresse e-mail", "Complément d\u2019adresse", "Formule d\'appel"', () => {
    const list = (header: string) => parseRecipients(`${header}\n${header.split(';').map((_, i) => `v${i}`).join(';')}\n`, 'o.csv');
    expect(list("Titre;Prénom;Nom;Adresse;Complément d\u2019adresse;CP;Ville;Pays;Adresse e-mail;Formule d'appel").columns).toEqual([
      'title', 'first_name', 'last_name', 'address_1', 'address_2', 'postcode', 'city', 'country', 'email', 'salutation',
    ]);
    // "Adresse" beside "Adresse 2" is the first line, and prints first (as "Address" beside "Address 2").
    const two = list('Nom;Adresse;Adresse 2;Ville;Pays');
    expect(two.columns).toEqual(['last_name', 'address_1', 'address_2', 'city', 'country']);
    expect(streetLines(two.rows[0]!.values)).toEqual(['v1', 'v2']);
    expect(list('Name;Address;Address 2;City').columns).toEqual(['name', 'address_1', 'address_2', 'city']);
    // A line of the address beside lines 1 and 2 takes the next line free.
    expect(list('Nom;Adresse 1;Adresse 2;Complément;Ville;Pays').columns).toEqual(['last_name', 'address_1', 'address_2', 'address_3', 'city', 'country']);
    // "Nombre" or "Nome" with no surname column is the whole name; beside one, the first name.
    expect(list('Nombre;Dirección;Ciudad;País').columns).toEqual(['name', 'address', 'city', 'country']);
    expect(list('Nome;Endereço;Cidade').columns).toEqual(['name', 'address', 'city']);
    expect(list('Nombre;Apellidos;Ciudad').columns).toEqual(['first_name', 'last_name', 'city']);
    // Two surnames in two columns are the surname, the first then the second (a reviewer's "Primer apellido", "Segundo apellido").
    const surnames = list('Tratamiento;Nombre;Primer apellido;Segundo apellido;Ciudad');
    expect(surnames.columns).toEqual(['title', 'first_name', 'last_name', 'second_surname', 'city']);
    expect(surnames.rows[0]!.values).toMatchObject({ first_name: 'v1', last_name: 'v2 v3', primer_apellido: 'v2', segundo_apellido: 'v3' });
    expect(list('Nombre;Apellido paterno;Apellido materno').rows[0]!.values.last_name).toBe('v1 v2');
    expect(list('Nome;Último nome;Cidade').columns[0]).toBe('first_name');
    // An address header with a line's number, in any language (a Spanish trial's letters went without the street).
    expect(list('Tratamiento;Nombre;Apellidos;Dirección 1;Dirección 2;Ciudad;País').columns).toEqual(['title', 'first_name', 'last_name', 'address_1', 'address_2', 'city', 'country']);
    const spanish = list('Nombre;Dirección;Dirección 2;Ciudad;País');
    expect(spanish.columns).toEqual(['name', 'address_1', 'address_2', 'city', 'country']);
    expect(streetLines(spanish.rows[0]!.values)).toEqual(['v1', 'v2']);
    expect(list('Nome;Endereço 1;Endereço 2;Cidade').columns).toEqual(['name', 'address_1', 'address_2', 'city']);
    // A Brazilian list (a trial's Google Sheets): "Tratamento" the vocative, "Complemento" and "Bairro" lines of the address.
    const br = list('Nome;Sobrenome;Cargo;Tratamento;Endereço;Complemento;Bairro;Cidade;Estado;CEP;País;E-mail');
    expect(br.columns).toEqual(['first_name', 'last_name', 'position', 'salutation', 'address_1', 'address_2', 'address_3', 'city', 'region', 'postcode', 'country', 'email']);
    expect(misspeltColumns(br)).toEqual([]);
    expect(list('Cognome;Indirizzo 1;Indirizzo 2;Città').columns).toEqual(['last_name', 'address_1', 'address_2', 'city']);
    expect(list('Name;Street 1;Street 2;City').columns).toEqual(['name', 'address_1', 'address_2', 'city']);
    // US and UK lists' lines after the street, and a contact list's whole address (a US trial's letters went without "Suite 3892").
    expect(list('Name;Street;Suite;City;State;ZIP').columns).toEqual(['name', 'address_1', 'address_2', 'city', 'region', 'postcode']);
    expect(list('Name;Address 1;Address 2;Suite;City').columns).toEqual(['name', 'address_1', 'address_2', 'address_3', 'city']);
    expect(list('Name;Street;Street Line 2;City').columns).toEqual(['name', 'address_1', 'address_2', 'city']);
    expect(list('Name;Apt/Suite;Street;City').columns).toEqual(['name', 'address_2', 'address_1', 'city']);
    const office = list('Prefix;First Name;Last Name;Office Address;Address Line 2;City');
    expect(office.columns).toEqual(['title', 'first_name', 'last_name', 'address_1', 'address_2', 'city']);
    expect(streetLines(office.rows[0]!.values)).toEqual(['v3', 'v4']);
    expect(list('Name;Mailing Address;City').columns).toEqual(['name', 'address', 'city']);
    // Beside an address of its own, it is the user's column.
    expect(list('Name;Address;Mailing Address;City').columns).toEqual(['name', 'address', 'mailing_address', 'city']);
    expect(columnsLookingLike(list('Nombre;Apellidos;Dirección 1;Dirección 2;Ciudad;País'))).toEqual([]);
    // --where pays=Algeria compares countries, as country=Algeria does.
    expect(columnNamed(list('Nom;Adresse;Ville;Pays'), 'pays')).toBe('country');
  });

  it('leaves an English list\'s own columns of those names alone: one header of a language is not that language', () => {
    const list = (header: string) => parseRecipients(`${header}\n${header.split(',').map(() => 'x').join(',')}\n`, 'o.csv');
    // A header that is no English word is read alone ("PLZ", "Sprache"); "Nr" (a list's numbering) never is.
    expect(list('name,address_1,city,country,PLZ,Sprache,Nr').columns).toEqual(['name', 'address_1', 'city', 'country', 'postcode', 'language', 'nr']);
    // Our own column names are not a language's: "Organisation" and "Region" do not make a list French.
    expect(list('Title,First Name,Name,Position,Organisation,Region,address_1,city,country').columns).toContain('name');
    // In a German list, --where Name= is the column "Name" is read as.
    expect(columnNamed(list('Titel,Vorname,Name,Straße,PLZ,Ort'), 'Name')).toBe('last_name');
    expect(list('name,address_1,city,country,Land').columns).toEqual(['name', 'address_1', 'city', 'country', 'land']);
    expect(list('name,address_1,city,country,Cap').columns).toEqual(['name', 'address_1', 'city', 'country', 'cap']);
    // Beside the column, a language's header is read by its own name too: its template still reads recipient.land.
    expect(list('Vorname,Nachname,country,Land').columns).toEqual(['first_name', 'last_name', 'country', 'land']);
    // Nor are English words taken for misspellings of them ("Start" is no "Stadt").
    expect(misspeltColumns(list('name,salutation,email,country,Function,Start,Direction'))).toEqual([]);
    // "Land line" is a telephone, "Alternative email address" no street.
    expect(columnsLookingLike(list('name,email,Alternative email address,Land line'))).toEqual([]);
  });

  it('reads an alias as its column only when the file has not that column already, and by its own name too', () => {
    // Outlook exports both "Company" and "Department"; people write "Position" beside "Role".
    const list = parseRecipients('First Name,Last Name,Company,Department,Job Title,Position,Business Street\nA,B,Ministry,Press Office,Spokesman,Minister,1 St\n', 'o.csv');
    expect(list.columns).toEqual(['first_name', 'last_name', 'organisation', 'department', 'job_title', 'position', 'address_1']);
    expect(list.rows[0]!.values).toMatchObject({ organisation: 'Ministry', company: 'Ministry', department: 'Press Office', job_title: 'Spokesman', position: 'Minister', address_1: '1 St', business_street: '1 St' });
    expect(list.also).toEqual(['company', 'business_street']);
    // --where and --sort name a header the file has as that header.
    expect(columnNamed(list, 'Department')).toBe('department');
    expect(columnNamed(list, 'company')).toBe('organisation'); // (the same values)
    expect(columnNamed(list, 'Organization')).toBe('organisation');
    expect(columnNamed(list, 'Zip')).toBe('postcode');
    // A yielding header written twice is two of one column: refused, not one lost.
    expect(inputError(() => parseRecipients('Company,Name,Company\nA,B,C\n', 'o.csv')).problems[0]!.message).toBe('the column "Company" is there twice (columns A and C)');
  });

  it('warns of a header that says it holds an address column the file lacks: the letters would go without it', () => {
    const list = (header: string) => parseRecipients(`${header}\n${header.split(',').map(() => 'x').join(',')}\n`, 'o.csv');
    const said = (header: string, reads: string[] = []) => columnsLookingLike(list(header), new Set(reads)).map((p) => p.message.replace(/, which the file lacks.*/, ''));
    expect(said('Official,Post Held,Street No.,City,Postal Code (5 digits),Nation,Country Code,Contact E-mail')).toEqual([
      'column "Street No." looks like the street (address_1)',
      'column "Postal Code (5 digits)" looks like the postcode',
      'column "Country Code" looks like the country',
    ]);
    expect(columnsLookingLike(list('Contact Name,address_1,city,country')).map((p) => p.severity)).toEqual(['warning']);
    // "Home Postal Address" is the street; Google's numbered address parts are not a street; "Email sent" is nobody's business here.
    // ("Postal Address" alone is read as the address.)
    expect(said('name,Home Postal Address,city,country,Email sent')).toEqual(['column "Home Postal Address" looks like the street (address_1)']);
    expect(said('name,Postal Address,city,country,Email sent')).toEqual([]);
    expect(said('name,Address 2 - Street,city,country')).toEqual(['column "Address 2 - Street" looks like the street (address_1)']);
    // A column letters does not read among the address's columns is most likely a line of it.
    expect(said('Name,Street,Bldg,City,State,ZIP,Phone')).toEqual(['column "Bldg" is among the address\'s columns, but letters reads no column of that name: the letters would go without it']);
    expect(columnsLookingLike(list('Name,Address 1,Address 2,Mail Stop,City'))[0]!.hint).toBe('if it holds a line of the address, rename the header "address_3"; a column of your own for the template is fine');
    expect(said('Name,Street,Bldg,City', ['bldg'])).toEqual([]);
    expect(said('Name,Phone,Street,City,ZIP,Notes')).toEqual([]);
    // (Nor a phone, a fax, a website or a note between them: a review's.)
    expect(said('Name,Salutation,Address,Phone,Fax,City,Web Site,Party Notes,ZIP')).toEqual([]);
    // When the file has the column, or the template reads the header, it is the user's own; so is an organisation's name.
    expect(said('name,address_1,city,postcode,country,email,Prison Name,Postal Code Ext,Mail Merge Id')).toEqual([]);
    expect(said('position,Organization Name,address_1,city,country')).toEqual([]);
    expect(said('name,address_1,city,country,State of Health', ['state_of_health'])).toEqual([]);
    // And misspeltColumns, the errors, knows nothing of them.
    expect(misspeltColumns(list('Official,Street No.,City,Postal Code (5 digits),Country'))).toEqual([]);
  });

  it('finds headers one letter off a column letters reads and the file lacks, not columns of the user\'s own', () => {
    const list = (header: string) => parseRecipients(`${header}\n${header.split(',').map(() => 'x').join(',')}\n`, 'o.csv');
    expect(misspeltColumns(list('name,Adress 1,city,Postocde,country,Surnmae')).map((p) => p.message)).toEqual([
      'column "Adress 1" looks like a misspelling of "address_1", which the file lacks',
      'column "Postocde" looks like a misspelling of "postcode", which the file lacks',
      'column "Surnmae" looks like a misspelling of "last_name", which the file lacks',
    ]);
    expect(misspeltColumns(list('name,Addr 1,Adresse,city,country,religion,country_code,note,emails_sent,long,ctiy'))).toEqual([]);
    // Near a column the file has: its own (a second city, say).
    expect(misspeltColumns(list('name,address_1,city,citys,country'))).toEqual([]);
    // Plurals of known columns, and columns the template reads, are the user's own.
    expect(misspeltColumns(list('first_name,last_name,address_1,city,country,Languages,Regions,States,Names'))).toEqual([]);
    expect(misspeltColumns(list('name,address_1,city,country,Postocde'), new Set(['postocde']))).toEqual([]);
    // In a list kept in German (or another language letters reads), that language's headers too (a German trial's letters lost the surname).
    expect(misspeltColumns(list('Anrede,Titel,Vorname,Nachnahme,Straße,Hausnumer,PLZ,Ort,Land')).map((p) => p.message)).toEqual([
      'column "Nachnahme" looks like a misspelling of "Nachname", which the file lacks',
      'column "Hausnumer" looks like a misspelling of "Hausnummer", which the file lacks',
    ]);
    expect(misspeltColumns(list('Anrede,Titel,Vorname,Nachname,Straße,Hausnummer,PLZ,Ort,Land'))).toEqual([]);
  });

  it('keeps unknown columns, normalised', () => {
    expect(normaliseColumn('Prison Name')).toBe('prison_name');
    expect(normaliseColumn('Case-Officer')).toBe('case_officer');
  });
});

describe('sniffDelimiter', () => {
  it('picks the delimiter that is most frequent in the header line', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(sniffDelimiter('a;b;c\n1;2;3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
  });

  it('ignores delimiters inside quoted headers and in later lines', () => {
    expect(sniffDelimiter('"Name, full";"City, town";Zip\n1,2,3,4,5,6,7\n')).toBe(';');
  });

  it('defaults to a comma for a single-column file', () => {
    expect(sniffDelimiter('name\nA\n')).toBe(',');
  });
});

describe('parseRecipients', () => {
  it('normalises headers, keeps the original header text, and keeps unknown columns', () => {
    const list = parseRecipients('First Name,LAST-NAME,Zip,E-mail,Organization,Prison Name\nIslam,Karimov,100000,a@b.uz,Govt,Jaslyk\n', 'officials.csv');
    expect(list.file).toBe('officials.csv');
    expect(list.columns).toEqual(['first_name', 'last_name', 'postcode', 'email', 'organisation', 'prison_name']);
    expect(list.headers).toEqual({
      first_name: 'First Name',
      last_name: 'LAST-NAME',
      postcode: 'Zip',
      email: 'E-mail',
      organisation: 'Organization',
      prison_name: 'Prison Name',
    });
    expect(list.rows).toEqual([
      {
        index: 1,
        line: 2,
        values: {
          first_name: 'Islam',
          last_name: 'Karimov',
          postcode: '100000',
          email: 'a@b.uz',
          organisation: 'Govt',
          prison_name: 'Jaslyk',
        },
      },
    ]);
  });

  it('detects ";" and tab delimited files', () => {
    expect(rowsOf('name;city\nA;Tashkent\n').map((r) => r.values)).toEqual([{ name: 'A', city: 'Tashkent' }]);
    expect(rowsOf('name\tcity\nA\tTashkent\n').map((r) => r.values)).toEqual([{ name: 'A', city: 'Tashkent' }]);
    // A comma inside a ;-separated value is just text.
    expect(rowsOf('name;city\nA;Washington, DC\n')[0]!.values.city).toBe('Washington, DC');
  });

  it('reads CRLF files, and a quoted multi-line value keeps its line break as "\\n"', () => {
    const rows = rowsOf('name,address\r\nA,"Mustaqillik 5\r\nTashkent"\r\nB,Street 2\r\n');
    expect(rows.map((r) => r.values)).toEqual([
      { name: 'A', address: 'Mustaqillik 5\nTashkent' },
      { name: 'B', address: 'Street 2' },
    ]);
  });

  it('gives each row the CSV line where it starts (header = line 1), after multi-line values and blank lines', () => {
    const rows = rowsOf('name,address\nA,"line one\nline two\nline three"\nB,x\n\nC,"p\n\nq"\nD,y\n');
    expect(rows.map((r) => [r.index, r.line, r.values.name])).toEqual([
      [1, 2, 'A'],
      [2, 5, 'B'],
      [3, 7, 'C'],
      [4, 10, 'D'],
    ]);
    expect(rows[2]!.values.address).toBe('p\n\nq');
  });

  it('counts lines the same way in a CRLF file without a final line break', () => {
    const rows = rowsOf('name,address\r\nA,"x\r\ny"\r\nB,z');
    expect(rows.map((r) => [r.line, r.values.name, r.values.address])).toEqual([
      [2, 'A', 'x\ny'],
      [4, 'B', 'z'],
    ]);
  });

  it('keeps every value as text: a leading-zero postcode stays "01234"', () => {
    const rows = rowsOf('name,postcode,phone\nA,01234,007\n');
    expect(rows[0]!.values.postcode).toBe('01234');
    expect(rows[0]!.values.phone).toBe('007');
  });

  it('trims spaces around values', () => {
    expect(rowsOf('name,city\n  A  , Tashkent \n')[0]!.values).toEqual({ name: 'A', city: 'Tashkent' });
  });

  it('skips ",,," rows and blank lines from spreadsheets; indexes stay consecutive', () => {
    const rows = rowsOf('name,city,postcode\nA,X,1\n,,\n\n , , \nB,Y,2\n');
    expect(rows.map((r) => [r.index, r.line, r.values.name])).toEqual([
      [1, 2, 'A'],
      [2, 6, 'B'],
    ]);
  });

  it('keeps a row with some empty values, as empty strings', () => {
    const rows = rowsOf('name,city,postcode\nA,,\n');
    expect(rows[0]!.values).toEqual({ name: 'A', city: '', postcode: '' });
  });

  it('refuses two columns that normalise to the same name, naming both', () => {
    const err = inputError(() => parseRecipients('First Name,first_name,city\nA,B,C\n', 'officials.csv'));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.message).toBe('columns "First Name" and "first_name" are the same column (first_name) (columns A and B)');
    expect(err.problems[0]!.location).toEqual({ file: 'officials.csv', line: 1 });
    // Aliases too: Zip and Postcode are one column.
    const err2 = inputError(() => parseRecipients('name,Zip,Postcode\nA,1,2\n', 'officials.csv'));
    expect(err2.problems[0]!.message).toContain('"Zip"');
    expect(err2.problems[0]!.message).toContain('"Postcode"');
  });

  it('refuses a column with values but no header, and drops empty unnamed columns (Excel leaves them)', () => {
    const err = inputError(() => parseRecipients('name,,city\nA,B,C\n', 'officials.csv'));
    expect(err.problems[0]!.message).toBe('column 2 (B in a spreadsheet) has values but no name');
    const wide = inputError(() => parseRecipients(`name${Array.from({ length: 26 }, (_, i) => `,x${i}`).join('')},\nA${',1'.repeat(26)},2\n`, 'officials.csv'));
    expect(wide.problems[0]!.message).toBe('column 28 (AB in a spreadsheet) has values but no name');
    expect(err.problems[0]!.location?.line).toBe(1);
    const list = parseRecipients('name,city,,\nA,B,,\n', 'officials.csv');
    expect(list.columns).toEqual(['name', 'city']);
    expect(list.rows[0]!.values).toEqual({ name: 'A', city: 'B' });
  });

  it('reads Excel\'s "sep=;" first line as the delimiter, keeping line numbers', () => {
    const list = parseRecipients('sep=;\nname;city\nA, B;C\n', 'officials.csv');
    expect(list.columns).toEqual(['name', 'city']);
    expect(list.rows.map((r) => [r.line, r.values.name])).toEqual([[3, 'A, B']]);
    expect(inputError(() => parseRecipients('sep=;\nname;name\nA;B\n', 'x.csv')).problems[0]!.location?.line).toBe(2);
    // Findings about the header name its line too.
    const misspelt = parseRecipients('sep=;\nname;salutaton;country\nA;B;C\n', 'x.csv');
    expect(misspelt.headerLine).toBe(2);
    expect(misspeltColumns(misspelt).map((p) => p.location)).toEqual([{ file: 'x.csv', line: 2 }]);
  });

  it('reads by the byte-order mark: UTF-16 from Excel, and UTF-8 even when told windows-1252', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\tcity\r\nШавкат\tТашкент\r\n', 'utf16le')]);
    const f16 = writeCsv(utf16);
    expect(loadRecipients(f16).rows[0]!.values).toEqual({ name: 'Шавкат', city: 'Ташкент' });
    const f8 = writeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,city\nJosé,Zürich\n')]));
    expect(loadRecipients(f8, { encoding: 'windows-1252' }).rows[0]!.values).toEqual({ name: 'José', city: 'Zürich' });
    const latin = writeCsv(Buffer.from([...Buffer.from('name\nO'), 0x92, ...Buffer.from('Brien\n')]));
    expect(loadRecipients(latin, { encoding: 'latin1' }).rows[0]!.values.name).toBe('O\u2019Brien');
  });

  it('reports an unclosed quote in the last row with that row\'s line', () => {
    const err = inputError(() => parseRecipients('name,city\nA,B\nC,"D', 'officials.csv'));
    expect(err.problems[0]!.message).toBe('CSV syntax error: a quoted value is never closed');
    expect(err.problems[0]!.location).toEqual({ file: 'officials.csv', line: 3 });
    expect(err.problems[0]!.hint).toContain('""');
  });

  it('reports an unclosed quote at the line of the row where it opens', () => {
    const err = inputError(() => parseRecipients('name,city\nA,"B\nC,D\nE,F\nG,H\n', 'x.csv'));
    expect(err.problems[0]!.location).toEqual({ file: 'x.csv', line: 2 });
    const err2 = inputError(() => parseRecipients('a,b\n1,2\n"x\ny",3,4\n', 'x.csv'));
    expect(err2.problems[0]!.location).toEqual({ file: 'x.csv', line: 3 });
  });

  it('reports a row with too many values with its line and both counts', () => {
    const err = inputError(() => parseRecipients('name,city\nA,B\nC,D,E\nF,G\n', 'officials.csv'));
    expect(err.problems[0]!.location).toEqual({ file: 'officials.csv', line: 3 });
    expect(err.problems[0]!.message).toBe('CSV syntax error: this row has 3 values but the header has 2');
    expect(err.problems[0]!.hint).toContain('quote values that contain the delimiter');
    // In a file of ";" (German Excel), the ";" is said, not a comma's example (a German trial's).
    const semi = inputError(() => parseRecipients('name;city;country\nA;B;C\nC;D;;E\n', 'officials.csv'));
    expect(semi.problems[0]!.hint).toBe('a ";" too many in the row, or in a value: delete it, or quote the value that holds it');
  });

  it('reports the right line for a bad row that follows a multi-line value', () => {
    const err = inputError(() => parseRecipients('name,address\nA,"x\ny\nz"\nB,C,D\n', 'officials.csv'));
    expect(err.problems[0]!.location?.line).toBe(5);
  });

  it('reports a stray quote inside an unquoted value, and text after a closing quote', () => {
    const a = inputError(() => parseRecipients('name,city\nA,B\nC,D"x"\n', 'officials.csv'));
    expect(a.problems[0]!.message).toBe('CSV syntax error: a " in the middle of an unquoted value');
    expect(a.problems[0]!.location?.line).toBe(3);
    const b = inputError(() => parseRecipients('name,city\nA,B\nC,"D"x\n', 'officials.csv'));
    expect(b.problems[0]!.message).toBe('CSV syntax error: text follows the closing " of a quoted value');
    expect(b.problems[0]!.location?.line).toBe(3);
  });

  it('refuses an empty or blank file', () => {
    for (const text of ['', '   \n\n', '\r\n']) {
      const err = inputError(() => parseRecipients(text, 'officials.csv'));
      expect(err.problems[0]!.message).toBe('the recipients CSV is empty');
      expect(err.problems[0]!.location?.file).toBe('officials.csv');
    }
  });

  it('skips whitespace-only lines like blank ones, but keeps them inside quoted values', () => {
    const list = parseRecipients('name,address\nA,B\n \t\nC,"D\n  \nE"\n', 'x.csv');
    expect(list.rows.map((r) => [r.line, r.values.name, r.values.address])).toEqual([
      [2, 'A', 'B'],
      [4, 'C', 'D\n  \nE'],
    ]);
  });
});

describe('loadRecipients', () => {
  it('strips a UTF-8 BOM from the first header', () => {
    const file = writeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name,City\nA,Tashkent\n', 'utf8')]));
    const list = loadRecipients(file);
    expect(list.columns).toEqual(['name', 'city']);
    expect(list.headers.name).toBe('Name');
    expect(list.rows[0]!.values).toEqual({ name: 'A', city: 'Tashkent' });
  });

  it('reads an Excel export: BOM, ";", CRLF, a quoted multi-line address, leading-zero postcode', () => {
    const file = writeCsv(`\uFEFFFirst Name;Address;Zip\r\nIslam;"Mustaqillik 5\r\nTashkent";01234\r\nB;C;D\r\n`);
    const list = loadRecipients(file);
    expect(list.file).toBe(file);
    expect(list.columns).toEqual(['first_name', 'address', 'postcode']);
    expect(list.rows).toEqual([
      { index: 1, line: 2, values: { first_name: 'Islam', address: 'Mustaqillik 5\nTashkent', postcode: '01234' } },
      { index: 2, line: 4, values: { first_name: 'B', address: 'C', postcode: 'D' } },
    ]);
  });

  it('reads non-ASCII UTF-8 unchanged', () => {
    const file = writeCsv('name,city\nИслам Каримов,Oʻzbekiston\n');
    expect(loadRecipients(file).rows[0]!.values).toEqual({ name: 'Ислам Каримов', city: 'Oʻzbekiston' });
  });

  // "name,city\n" + "O'Brien €,Café\n" in Windows-1252: 0x80 is €, 0xe9 is é.
  const win1252 = Buffer.concat([
    Buffer.from('name,city\nA,B\n', 'ascii'),
    Buffer.from([0x4f, 0x27, 0x42, 0x72, 0x69, 0x65, 0x6e, 0x20, 0x80, 0x2c, 0x43, 0x61, 0x66, 0xe9, 0x0a]),
  ]);

  it('reads a Windows-1252 file with {encoding: "windows-1252"} (including € at 0x80)', () => {
    const file = writeCsv(win1252);
    const list = loadRecipients(file, { encoding: 'windows-1252' });
    expect(list.rows.map((r) => r.values)).toEqual([
      { name: 'A', city: 'B' },
      { name: "O'Brien €", city: 'Café' },
    ]);
    expect(loadRecipients(file, { encoding: 'Windows_1252' }).rows[1]!.values.city).toBe('Café');
  });

  it('refuses a Windows-1252 file read as UTF-8, with the line and a hint to use --encoding windows-1252', () => {
    const file = writeCsv(win1252);
    const err = inputError(() => loadRecipients(file));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.message).toBe('the CSV is not valid UTF-8');
    expect(err.problems[0]!.hint).toContain('--encoding windows-1252');
    // Saving it again as UTF-8 is said for LibreOffice too, not for Excel alone.
    expect(err.problems[0]!.hint).toContain('save it as UTF-8 ("CSV UTF-8" in Excel; in LibreOffice, Text CSV with character set "Unicode (UTF-8)")');
    expect(err.problems[0]!.location).toEqual({ file, line: 3 });
  });

  it('says a workbook is no CSV, whatever the encoding (.xlsx, .ods and .xls)', () => {
    for (const [head, kind] of [[Buffer.from('PK\x03\x04\x14\x00\x06\x00[Content_Types].xml', 'latin1'), '.xlsx, .ods or .numbers'], [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), '.xls']] as const) {
      const file = writeCsv(head);
      for (const encoding of [undefined, 'windows-1252']) {
        const err = inputError(() => loadRecipients(file, { encoding }));
        expect(err.problems[0]!.message).toBe(`this is a spreadsheet workbook (${kind}), not a CSV`);
        expect(err.problems[0]!.hint).toContain('"CSV UTF-8" in Excel');
        // Every spreadsheet a group uses: how each saves a CSV in UTF-8.
        for (const program of ['Text CSV with character set "Unicode (UTF-8)" in LibreOffice', 'File > Download > Comma-separated values in Google Sheets', 'File > Export To > CSV in Numbers']) expect(err.problems[0]!.hint).toContain(program);
      }
    }
  });

  it('reads a UTF-8 file as UTF-8 even with --encoding windows-1252 (its accents would print garbled), so one flag serves two CSVs', () => {
    const file = writeCsv(Buffer.from('name,city\nAnna,Oxford\nSeán Ó Briain,Dublin\n', 'utf8'));
    expect(loadRecipients(file, { encoding: 'windows-1252' }).rows[1]!.values.name).toBe('Seán Ó Briain');
    // Plain ASCII is the same in both.
    expect(loadRecipients(writeCsv(Buffer.from('name\nAnna\n')), { encoding: 'windows-1252' }).rows).toHaveLength(1);
  });

  it('knows Cyrillic saved as Windows-1251: its hint, and a refusal to read it as Windows-1252', () => {
    const bytes = iconv.encode('name,city\nАлександр Лукашенко,Минск\nAnna,Oxford\n', 'windows-1251');
    const file = writeCsv(bytes);
    expect(inputError(() => loadRecipients(file)).problems[0]!.hint).toContain('--encoding windows-1251');
    const wrong = inputError(() => loadRecipients(file, { encoding: 'windows-1252' })).problems[0]!;
    expect(wrong.message).toContain('the CSV\'s words look Cyrillic: read as windows-1252 they would print as "Àëåêñàíäð Ëóêàøåíêî');
    expect(wrong.location).toEqual({ file, line: 2 });
    expect(loadRecipients(file, { encoding: 'windows-1251' }).rows[0]!.values.name).toBe('Александр Лукашенко');
    // Western text with an accent here and there is not Cyrillic.
    const western = writeCsv(iconv.encode('name,city\nSeán Ó Briain,Dublin\nJosé Müller,Zürich\nFrançois,Besançon\n', 'windows-1252'));
    expect(inputError(() => loadRecipients(western)).problems[0]!.hint).toContain('--encoding windows-1252');
    expect(loadRecipients(western, { encoding: 'windows-1252' }).rows[0]!.values.name).toBe('Seán Ó Briain');
  });

  it('refuses a Western European file read as Cyrillic or Mac Roman, where its accents come out as other letters (a Dutch trial\'s "Noлl", "NoÎl")', () => {
    const western = writeCsv(iconv.encode('naam;functie\nJan Jansen;Tweede Kamerlid\nChantal Noël;Landencoördinator Egypte\n', 'windows-1252'));
    const cyrillic = inputError(() => loadRecipients(western, { encoding: 'windows-1251' })).problems[0]!;
    expect(cyrillic.message).toBe('the CSV looks saved on a Windows in Western Europe (windows-1252): read as windows-1251, "Noлl" would print so (it was "Noël")');
    expect(cyrillic.location).toEqual({ file: western, line: 3 });
    expect(cyrillic.hint).toContain('--encoding windows-1252');
    const mac = inputError(() => loadRecipients(western, { encoding: 'macintosh' })).problems[0]!;
    expect(mac.message).toBe('the CSV looks saved on a Windows in Western Europe (windows-1252): read as macintosh, "NoÎl" would print so (it was "Noël")');
    expect(inputError(() => loadRecipients(writeCsv(iconv.encode('name\nLoïs Brouwer\n', 'windows-1252')), { encoding: 'windows-1251' })).problems[0]!.message).toContain('"Loпs"');
    // Cyrillic read as Cyrillic, a Latin "i" typed in a Cyrillic name, Mac Roman read as Mac Roman: read.
    const russian = writeCsv(iconv.encode('name,city\nАлександр Лукашенко,Минск\nОлександр Зiнченко,Київ\nAnna Lee,Oxford\n', 'windows-1251'));
    expect(loadRecipients(russian, { encoding: 'windows-1251' }).rows[1]!.values.name).toBe('Олександр Зiнченко');
    // Read as UTF-16, it has no lines at all: said so, not "no rows" (a Dutch trial's).
    const utf16 = inputError(() => loadRecipients(western, { encoding: 'utf-16' })).problems[0]!;
    expect(utf16.message).toBe('the CSV is not utf-16: read so, it has no lines');
    expect(loadRecipients(writeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\nАнна\n', 'utf16le')])), { encoding: 'utf-16' }).rows[0]!.values.name).toBe('Анна');
    const macFile = writeCsv(iconv.encode('name\nChantal Noël\nRené Müller\n', 'macintosh'));
    expect(loadRecipients(macFile, { encoding: 'macintosh' }).rows[0]!.values.name).toBe('Chantal Noël');
    // (A review's: a Cyrillic street with a Latin "k" typed in it, in a Cyrillic file; Catalan's "l·l" in a Mac file.)
    const slip = writeCsv(iconv.encode('name,address_1,city\nИван Петров,ул. Чkалова 1,Ташкент\n', 'windows-1251'));
    expect(loadRecipients(slip, { encoding: 'windows-1251' }).rows[0]!.values.address_1).toBe('ул. Чkалова 1');
    expect(loadRecipients(writeCsv(iconv.encode('name\nCol·legi de Periodistes\n', 'macintosh')), { encoding: 'macintosh' }).rows[0]!.values.name).toBe('Col·legi de Periodistes');
    // However the encoding is written.
    for (const encoding of ['macroman', 'win1251', 'koi8r']) expect(inputError(() => loadRecipients(western, { encoding })).problems[0]!.message, encoding).toContain('windows-1252');
  });

  it('refuses an unknown encoding', () => {
    const file = writeCsv('name\nA\n');
    const err = inputError(() => loadRecipients(file, { encoding: 'klingon' }));
    expect(err.problems[0]!.message).toBe('unknown encoding "klingon"');
  });

  it('refuses a missing file with a message, not a stack trace', () => {
    const file = path.join(dir, 'does-not-exist.csv');
    const err = inputError(() => loadRecipients(file));
    expect(err.problems[0]!.message).toBe('cannot read the recipients CSV: no such file');
    expect(err.problems[0]!.location).toEqual({ file });
  });

  it('refuses an empty file', () => {
    const file = writeCsv('');
    expect(inputError(() => loadRecipients(file)).problems[0]!.message).toBe('the recipients CSV is empty');
    const bomOnly = writeCsv(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(inputError(() => loadRecipients(bomOnly)).problems[0]!.message).toBe('the recipients CSV is empty');
  });
});

describe('control characters in values', () => {
  it('reads a vertical tab (a line break pasted from Word) as a line break and drops the others', () => {
    const [row] = rowsOf('name,address\n"Islam\u0007 Karimov","Rezidentsiya\u000bul. 43"\n');
    expect(row!.values).toEqual({ name: 'Islam Karimov', address: 'Rezidentsiya\nul. 43' });
  });

  it('drops invisible characters pasted from Word or a web page; keeps the joiners of a right-to-left script', () => {
    const rows = rowsOf('name,position,salutation\n\u200bWendy Morales,Fiscal General de la Re\u00adpública,Estimado Sr.\u200b\ufeff\nمحمد\u200cرضا,وزیر\u200c,Excellency\u2060\n');
    expect(rows.map((r) => r.values)).toEqual([
      { name: 'Wendy Morales', position: 'Fiscal General de la República', salutation: 'Estimado Sr.' },
      { name: 'محمد\u200cرضا', position: 'وزیر\u200c', salutation: 'Excellency' },
    ]);
  });

  it('takes rows with more values than the header when the extra ones are empty (as spreadsheets save them)', () => {
    const rows = rowsOf('name,city\nA,B,,\nC,D,\n');
    expect(rows.map((r) => r.values)).toEqual([{ name: 'A', city: 'B' }, { name: 'C', city: 'D' }]);
    expect(inputError(() => rowsOf('name,city\nA,B,x\n')).problems[0]!.message).toBe('CSV syntax error: this row has 3 values but the header has 2');
    // One such row among rows of the header's length is a row whose values moved a column on.
    const shifted = inputError(() => rowsOf('name,position,country,note\nXi Jinping,President, PRC,China,\nLi Qiang,Premier,China,\n'));
    expect(shifted.problems.map((p) => `${p.location?.line} ${p.message}`)).toEqual([
      '2 CSV syntax error: this row has more values than the header and the other rows (4), the last of them empty: a "," too many, at the end of the line or in a value, where it moves the values after it a column on',
    ]);
    // In a file kept with ";" (French Excel), the message and the hint say ";".
    const stray = inputError(() => rowsOf('nom;ville;pays\nA;Lyon;France;\nB;Paris;France\n')).problems[0]!;
    expect(stray.location?.line).toBe(2);
    expect(stray.message).toContain('a ";" too many, at the end of the line or in a value');
    expect(stray.hint).toBe('delete a ";" left at the end of the line; quote a value that holds one, e.g. "President; PRC"');
    const short = inputError(() => rowsOf('name,city,country\nA,B\n')).problems[0]!;
    expect(`${short.message} | ${short.hint}`).toBe(
      'CSV syntax error: this row has 2 values but the header has 3 | a value is missing (or a line break splits the row): every column needs its place, an empty one too (",,"), or the values after it land in the wrong columns',
    );
  });

  it('reads a line break (Alt+Enter in Excel) or a tab as a space, except in the address, which is lines', () => {
    const [row] = rowsOf('name,organisation,position,address\r\n"Ali\r\nNurov","MOFA Japan\nHR Division","Head\tof Unit","2-11-1 Shibakoen\r\nMinato-ku"\r\n');
    expect(row!.values).toEqual({ name: 'Ali Nurov', organisation: 'MOFA Japan HR Division', position: 'Head of Unit', address: '2-11-1 Shibakoen\nMinato-ku' });
  });
});

describe('recipientRows (the CSV read in pieces)', () => {
  // Texts with every kind of record the pieces must not cut through: multi-line quoted values,
  // blank and whitespace-only lines, `,,,` rows, a delimiter line, CRLF.
  const texts = [
    'name,city\nA,B\n \t\nC,"D\n  \nE"\n,\nF,"G ""x"", y"\n\nH,I\n',
    'sep=;\r\nname;address\r\nA;"1 Main St\r\nFlat 2"\r\nB;C\r\n;\r\nD;E',
    '\n\nname,city,,\nA,B,,\nC,D,,\n"E\nF",G,,\n',
    'name,city\nA,B,,\nC,D,\nE,F,\n',
  ];
  const read = (text: string, linesPerPiece: number) => {
    const { batches, rowsAt, ...head } = recipientRows(text, 'x.csv', 'recipients CSV', linesPerPiece);
    const rows = [...batches()].flat();
    // The rows read again in another order, as print reads them once sorted, are the same rows.
    const backwards = [...rows].reverse();
    expect(rowsAt(backwards)).toEqual(backwards);
    expect(rowsAt(backwards.slice(0, 1))).toEqual(backwards.slice(0, 1));
    return { ...head, rows };
  };

  it('gives the same header and rows, with the same lines, however small the pieces', () => {
    for (const text of texts) {
      const whole = parseRecipients(text, 'x.csv');
      expect(whole.rows.length).toBeGreaterThan(1);
      for (const size of [1, 2, 3, 1000]) expect(read(text, size)).toEqual(whole);
    }
  });

  it('gives the rows afresh each time they are read', () => {
    const { batches } = recipientRows(texts[0]!, 'x.csv', 'recipients CSV', 2);
    expect([...batches()].flat()).toEqual([...batches()].flat());
    expect([...batches()].length).toBeGreaterThan(1);
  });

  it('reports every row with too many or too few values in one go, in every piece, and an unclosed quote after them', () => {
    const text = `name,city\nA,B,x\n${Array.from({ length: 50 }, (_, i) => `A${i},B`).join('\n')}\nC\nF,G\n`;
    for (const size of [1, 7, 1000]) {
      const err = inputError(() => read(text, size));
      expect(err.problems.map((p) => [p.location?.line, p.message])).toEqual([
        [2, 'CSV syntax error: this row has 3 values but the header has 2'],
        [53, 'CSV syntax error: this row has 1 values but the header has 2'],
      ]);
    }
    const quote = `name,city\nA,B,x\nC,D\nE,"F\nG,H\n`;
    for (const size of [1, 1000]) expect(inputError(() => read(quote, size)).problems.map((p) => p.location?.line)).toEqual([2, 4]);
  });

  it('reports a bad row in a later piece at its own line', () => {
    const text = `name,city\n${Array.from({ length: 50 }, (_, i) => `A${i},B`).join('\n')}\nC,D,E\nF,G\n`;
    for (const size of [1, 7, 1000]) {
      const err = inputError(() => read(text, size));
      expect(err.problems[0]!.location).toEqual({ file: 'x.csv', line: 52 });
      expect(err.problems[0]!.message).toBe('CSV syntax error: this row has 3 values but the header has 2');
    }
    const quote = `name,city\n${Array.from({ length: 50 }, (_, i) => `A${i},B`).join('\n')}\nC,"D\nE,F\n`;
    for (const size of [1, 7, 1000]) expect(inputError(() => read(quote, size)).problems[0]!.location).toEqual({ file: 'x.csv', line: 52 });
    const stray = `name,city\n${Array.from({ length: 50 }, (_, i) => `A${i},B`).join('\n')}\nC,D"x"\n`;
    for (const size of [1, 7, 1000]) expect(inputError(() => read(stray, size)).problems[0]!.location).toEqual({ file: 'x.csv', line: 52 });
  });
});

describe('openRecipients (a UTF-8 CSV read from disk a piece at a time)', () => {
  const files: (string | Buffer)[] = [
    'name,city\nA,B\n \t\nC,"D\n  \nE"\n,\nF,"G ""x"", y"\n\nH,I\n',
    'sep=;\r\nname;address\r\nA;"1 Main St\r\nFlat 2"\r\n \r\nB;C\r\n;\r\nD;E',
    '\n\nname,city,,\nA,B,,\nC,D,,\n"E\nF",G,,\n\u00a0\u3000\nШавкат,Ташкент,,\n',
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Name,City\nA,Tashkent\nB,"Zürich\nOst"\n', 'utf8')]),
    'name,city\rA,B\rC,D\r', // lone CRs (old Mac): read whole
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name,city\nШавкат,Ташкент\nB,C\n', 'utf16le')]), // UTF-16: read whole
  ];
  const open = (file: string, size: number) => {
    const { batches, rowsAt, ...head } = openRecipients(file, {}, size);
    const rows = [...batches()].flat();
    const backwards = [...rows].reverse();
    expect(rowsAt(backwards)).toEqual(backwards);
    return { ...head, rows };
  };

  it('gives the same header, rows and lines as the file read whole, however small the pieces', () => {
    for (const content of files) {
      const file = writeCsv(content);
      const whole = loadRecipients(file);
      expect(whole.rows.length).toBeGreaterThan(1);
      for (const size of [1, 2, 1000]) expect(open(file, size)).toEqual(whole);
    }
  });

  it('reports bad UTF-8, an empty file and a syntax error as the whole read does', () => {
    const bad = writeCsv(Buffer.concat([Buffer.from('name,city\nA,B\nC,'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(inputError(() => open(bad, 1)).problems).toEqual(inputError(() => loadRecipients(bad)).problems);
    const empty = writeCsv(' \n\n');
    expect(inputError(() => open(empty, 1)).problems[0]!.message).toBe('the recipients CSV is empty');
    const quote = writeCsv(`name,city\n${Array.from({ length: 50 }, (_, i) => `A${i},B`).join('\n')}\nC,"D\nE,F\n`);
    expect(inputError(() => open(quote, 7)).problems[0]!.location).toEqual({ file: quote, line: 52 });
  });

  it('reads a file of one piece once: a second pass gives the rows the first read', () => {
    const file = writeCsv('name,city\nA,B\nC,D\n');
    const rows = openRecipients(file);
    const first = [...rows.batches()].flat();
    writeFileSync(file, 'name,city\nA,X\nC,D\nE,F\n');
    expect([...rows.batches()].flat()).toEqual(first);
    // A file of several pieces is read again on each pass, never held whole: the change is seen.
    const large = writeCsv('name,city\nA,B\nC,D\nE,F\n');
    const pieces = openRecipients(large, {}, 1);
    expect([...pieces.batches()].flat().map((r) => r.values.city)).toEqual(['B', 'D', 'F']);
    writeFileSync(large, 'name,city\nA,X\nC,D\nE,F\n');
    expect(inputError(() => [...pieces.batches()]).problems[0]!.message).toBe('the CSV changed while it was being read');
  });

  it('says so when the file changes between two readings', () => {
    const file = writeCsv('name,city\nA,B\nC,D\n');
    const rows = openRecipients(file);
    writeFileSync(file, 'name,city\nA,B\nC,D\nE,F\n');
    expect(inputError(() => [...rows.batches()]).problems[0]!.message).toBe('the CSV changed while it was being read');
    expect(inputError(() => rows.rowsAt([{ line: 2, index: 1 }])).problems[0]!.message).toBe('the CSV changed while it was being read');
  });
});
