import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, parseInline, runsText } from '../../src/render/markdown.js';
import { closingFor, HELPER_NAMES, makeHelpers, placeName, salutationFor, subjectLine, TemplateValueError, withoutSubjectLabel } from '../../src/render/helpers.js';

function renderer(markdown: boolean) {
  const env = Handlebars.create();
  env.registerHelper(makeHelpers(markdown));
  return (src: string, ctx: Record<string, unknown> = {}, language = 'en-GB'): string =>
    env.compile(src, { noEscape: true })(ctx, { data: { language } });
}
const render = renderer(false);
const renderMd = renderer(true);

describe('makeHelpers', () => {
  it('defines exactly the helpers it names', () => {
    expect(Object.keys(makeHelpers(false)).sort()).toEqual([...HELPER_NAMES].sort());
  });
});

describe('{{date}}', () => {
  const d = { d: '2001-10-23' };

  it('formats a date in each style (en-GB)', () => {
    expect(render('{{date d "long"}}', d)).toBe('23\u00a0October\u00a02001');
    expect(render('{{date d}}', d)).toBe('23\u00a0October\u00a02001');
    expect(render('{{date d "medium"}}', d)).toBe('23\u00a0Oct\u00a02001');
    expect(render('{{date d "short"}}', d)).toBe('23/10/2001');
    expect(render('{{date d "iso"}}', d)).toBe('2001-10-23');
    expect(render('{{date d "year"}}', d)).toBe('2001');
    expect(render('{{date d "month"}}', d)).toBe('October\u00a02001');
  });

  it('prints a YYYY-MM date as month and year, and a YYYY date as the year', () => {
    expect(render('{{date d}}', { d: '2001-10' })).toBe('October\u00a02001');
    expect(render('{{date d "short"}}', { d: '2001-10' })).toBe('October\u00a02001');
    expect(render('{{date d "iso"}}', { d: '2001-10' })).toBe('2001-10');
    expect(render('{{date d}}', { d: '2001' })).toBe('2001');
  });

  it('formats in the letter\'s language', () => {
    expect(render('{{date d}}', d, 'fr')).toBe('23\u00a0octobre\u00a02001');
    expect(render('{{date d}}', d, 'de')).toBe('23.\u00a0Oktober\u00a02001');
    expect(render('{{date d "short"}}', d, 'en-US')).toBe('10/23/2001');
    // French writes the first of a month "1er".
    expect(render('{{date d}}', { d: '2021-10-01' }, 'fr')).toBe('1er\u00a0octobre\u00a02021');
    expect(render('{{date d "medium"}}', { d: '2021-10-01' }, 'fr-BE')).toBe('1er\u00a0oct.\u00a02021');
    expect(render('{{date d}}', { d: '2021-10-11' }, 'fr')).toBe('11\u00a0octobre\u00a02021');
    expect(render('{{date d "short"}}', { d: '2021-10-01' }, 'fr')).toBe('01/10/2021');
    expect(render('{{date d}}', { d: '2021-10-01' }, 'de')).toBe('1.\u00a0Oktober\u00a02021');
  });

  it('joins the parts of a date with no-break spaces, in every language, so that no line breaks inside it ("14 mars" / "2025")', () => {
    for (const language of ['en-GB', 'en-US', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'pt-PT', 'pl', 'tr', 'uk', 'ru', 'uz']) {
      for (const style of ['long', 'medium', 'month', 'short']) {
        const text = render(`{{date d "${style}"}}`, { d: '2025-03-14' }, language);
        expect(text, `${language} ${style}`).not.toMatch(/\s(?<!\u00a0)/);
        if (style === 'long') expect(text, `${language} ${style}`).toMatch(/\u00a0/);
      }
    }
    expect(render('{{date d}}', { d: '2025-03-14' }, 'fr')).toBe('14\u00a0mars\u00a02025');
    expect(render('{{date d}}', { d: '2025-03-14' }, 'es')).toBe('14\u00a0de\u00a0marzo\u00a0de\u00a02025');
  });

  it('does not shift the day with the time zone (1 January stays 1 January)', () => {
    expect(render('{{date d}}', { d: '2002-01-01' })).toBe('1\u00a0January\u00a02002');
    expect(render('{{date d}}', { d: '2001-12-31' })).toBe('31\u00a0December\u00a02001');
  });

  it('renders an empty value as nothing', () => {
    expect(render('[{{date d}}]', { d: '' })).toBe('[]');
    expect(render('[{{date d}}]', {})).toBe('[]');
  });

  it('throws TemplateValueError for a value that is not a date', () => {
    for (const bad of ['2001-13-45', '2001-02-29', '05/10/2001', 'yesterday']) {
      expect(() => render('{{date d}}', { d: bad })).toThrow(TemplateValueError);
      expect(() => render('{{date d}}', { d: bad })).toThrow(`{{date}} needs a date written YYYY-MM-DD, got "${bad}"`);
    }
    expect(render('{{date d}}', { d: '2000-02-29' })).toBe('29\u00a0February\u00a02000');
    // A date written another way that can be only one day, as a spreadsheet writes it.
    expect(render('{{date d}}', { d: '23/10/2001' })).toBe('23\u00a0October\u00a02001');
  });

  it('throws TemplateValueError for an unknown style', () => {
    expect(() => render('{{date d "fancy"}}', d)).toThrow(TemplateValueError);
    expect(() => render('{{date d "fancy"}}', d)).toThrow('unknown date style "fancy"');
  });
});

describe('{{yearsSince}}', () => {
  it('counts whole years up to root "today"', () => {
    expect(render('{{yearsSince d}}', { d: '2001-10-23', today: '2002-01-15' })).toBe('0');
    expect(render('{{yearsSince d}}', { d: '2001-01-15', today: '2002-01-15' })).toBe('1');
    expect(render('{{yearsSince d}}', { d: '2001-01-16', today: '2002-01-15' })).toBe('0');
    expect(render('{{yearsSince d}}', { d: '2001-10-23', today: '2025-10-22' })).toBe('23');
    expect(render('{{yearsSince d}}', { d: '2001-10-23', today: '2025-10-23' })).toBe('24');
  });

  it('reads "today" from the root inside blocks', () => {
    expect(render('{{#with case}}{{yearsSince detained}}{{/with}}', { case: { detained: '2001-01-15' }, today: '2002-01-15' })).toBe('1');
  });

  it('renders nothing for an empty date, and throws for an invalid one', () => {
    expect(render('[{{yearsSince d}}]', { d: '', today: '2002-01-15' })).toBe('[]');
    expect(() => render('{{yearsSince d}}', { d: 'soon', today: '2002-01-15' })).toThrow(TemplateValueError);
  });
});

describe('text helpers', () => {
  it('{{upper}} and {{lower}} use the letter\'s language', () => {
    expect(render('{{upper x}}', { x: "o'brien & söhne" })).toBe("O'BRIEN & SÖHNE");
    expect(render('{{lower x}}', { x: 'ÖZ' })).toBe('öz');
    expect(render('{{upper x}}', { x: 'istanbul' }, 'tr')).toBe('İSTANBUL');
    expect(render('[{{upper x}}]', {})).toBe('[]');
  });

  it('{{default}} uses the fallback for an empty or blank value only', () => {
    expect(render('{{default x "y"}}', { x: '' })).toBe('y');
    expect(render('{{default x "y"}}', { x: '   ' })).toBe('y');
    expect(render('{{default x "y"}}', {})).toBe('y');
    expect(render('{{default x "y"}}', { x: 'z' })).toBe('z');
    expect(render('{{default x "y"}}', { x: '0' })).toBe('0');
  });

  it('{{#if (eq a b)}} compares case- and space-insensitively', () => {
    expect(render('{{#if (eq a "released")}}yes{{else}}no{{/if}}', { a: ' Released ' })).toBe('yes');
    expect(render('{{#if (eq a "released")}}yes{{else}}no{{/if}}', { a: 'active' })).toBe('no');
  });
});

describe('salutations', () => {
  it('salutationFor uses the row\'s salutation without trailing punctuation', () => {
    expect(salutationFor('Your Excellency,', 'en')).toBe('Your Excellency');
    expect(salutationFor('  Dear Minister:  ', 'en-GB')).toBe('Dear Minister');
    expect(salutationFor('Monsieur le Ministre,', 'fr')).toBe('Monsieur le Ministre');
    // A dash after it, as some letters write it (a US trial's "Dear Senator Duckworth—," printed so).
    expect(salutationFor('Dear Senator Duckworth\u2014', 'en-US')).toBe('Dear Senator Duckworth');
    expect(salutationFor('Dear Senator Duckworth \u2013 ', 'en-US')).toBe('Dear Senator Duckworth');
  });

  it('a template without closing: closes in its language', () => {
    expect(closingFor('en-GB')).toBe('Yours sincerely,');
    expect(closingFor('fr-FR')).toBe('Veuillez agréer, {{salutation}}, l’expression de ma haute considération.');
    expect(closingFor('de')).toBe('Mit freundlichen Grüßen');
    expect(closingFor('pt-PT')).toBe('Com os melhores cumprimentos,');
    expect(closingFor('uz')).toBe('Yours sincerely,');
  });

  it('salutationFor falls back to the safe salutation of the letter\'s language, never "Dear ,"', () => {
    expect(salutationFor('', 'en-GB')).toBe('Dear Sir or Madam');
    expect(salutationFor(undefined, 'en')).toBe('Dear Sir or Madam');
    expect(salutationFor(' , ', 'en')).toBe('Dear Sir or Madam');
    expect(salutationFor('', 'fr')).toBe('Madame, Monsieur');
    expect(salutationFor('', 'FR-be')).toBe('Madame, Monsieur');
    expect(salutationFor('', 'de-DE')).toBe('Sehr geehrte Damen und Herren');
    expect(salutationFor('', 'uz')).toBe('Dear Sir or Madam');
    // One official, man or woman, as the letter's "usted" and "Lei" are (not "Estimados señores").
    expect(salutationFor('', 'es')).toBe('Estimado/a señor/a');
    expect(salutationFor('', 'pt-BR')).toBe('Prezado(a) Senhor(a)');
    expect(salutationFor('', 'it')).toBe('Gentile Signora, Egregio Signore');
  });

  it('{{salutation}} reads root recipient.salutation, also inside blocks', () => {
    expect(render('{{salutation}},', { recipient: { salutation: 'Your Excellency,' } })).toBe('Your Excellency,');
    expect(render('{{salutation}},', { recipient: { salutation: '' } })).toBe('Dear Sir or Madam,');
    expect(render('{{salutation}}', { recipient: {} }, 'fr-FR')).toBe('Madame, Monsieur');
    expect(render('{{#with case}}{{salutation}}{{/with}}', { case: { salutation: 'wrong' }, recipient: { salutation: 'Dear Minister' } })).toBe(
      'Dear Minister',
    );
  });
});

describe('helpers in the Markdown body (makeHelpers(true))', () => {
  it('unescape their input and escape their output', () => {
    expect(renderMd('{{upper x}}', { x: escapeMarkdown('o*b') })).toBe(escapeMarkdown('O*B'));
    expect(renderMd('{{upper x}}', { x: escapeMarkdown('o*b') })).toBe('O\\*B');
    expect(renderMd('{{lower x}}', { x: escapeMarkdown('SNAKE_CASE') })).toBe('snake\\_case');
    expect(renderMd('{{default x "n/a"}}', { x: escapeMarkdown('a_b') })).toBe('a\\_b');
  });

  it('read an escaped date and an escaped salutation', () => {
    expect(renderMd('{{date d}}', { d: escapeMarkdown('2001-10-23') })).toBe('23\u00a0October\u00a02001');
    expect(renderMd('{{salutation}}', { recipient: { salutation: escapeMarkdown('Dear *Sir*,') } })).toBe('Dear \\*Sir\\*');
  });

  it('end a sentence with one full stop after a Russian date ("г.", not "г..")', () => {
    const body = renderMd('Он задержан {{date d}}.', { d: escapeMarkdown('2024-05-01') }, 'ru');
    expect(runsText(parseInline(body))).toBe('Он задержан 1\u00a0мая\u00a02024\u00a0г.');
  });
});

describe('French date line and subject', () => {
  it('names the place a letter is written from as a town is written, not as an address is ("LYON CEDEX 02": Lyon)', () => {
    expect(placeName('Lyon')).toBe('Lyon');
    expect(placeName(' Lyon  Cedex 02 ')).toBe('Lyon');
    expect(placeName('LYON CEDEX')).toBe('Lyon');
    expect(placeName('SAINT-ÉTIENNE')).toBe('Saint-Étienne');
    expect(placeName('AIX-EN-PROVENCE')).toBe('Aix-en-Provence');
    expect(placeName("VILLENEUVE-D'ASCQ")).toBe("Villeneuve-d'Ascq");
    expect(placeName('LE PUY-EN-VELAY')).toBe('Le Puy-en-Velay');
    expect(placeName("L'ISLE-SUR-LA-SORGUE")).toBe("L'Isle-sur-la-Sorgue");
    expect(placeName('PAU')).toBe('Pau');
    expect(placeName('Le Mans')).toBe('Le Mans'); // (written in small letters: as it is)
    expect(placeName('DC')).toBe('DC');
    expect(placeName(undefined)).toBe('');
  });

  it('prints "Objet :" before a French subject, and takes off one the template typed', () => {
    expect(subjectLine('Yusuf Dzhumaev', 'fr-FR')).toBe('Objet\u202f: Yusuf Dzhumaev');
    expect(subjectLine('', 'fr')).toBe('');
    expect(subjectLine('Yusuf Dzhumaev', 'en-GB')).toBe('Yusuf Dzhumaev');
    expect(subjectLine('Yusuf Dzhumaev', 'de')).toBe('Yusuf Dzhumaev');
    expect(withoutSubjectLabel('Objet : Yusuf Dzhumaev', 'fr')).toBe('Yusuf Dzhumaev');
    expect(withoutSubjectLabel('objet\u202f:Yusuf Dzhumaev', 'fr-BE')).toBe('Yusuf Dzhumaev');
    expect(withoutSubjectLabel('Objets saisis', 'fr')).toBe('Objets saisis');
    expect(withoutSubjectLabel('Objet : Yusuf Dzhumaev', 'en')).toBe('Objet : Yusuf Dzhumaev');
  });
});
