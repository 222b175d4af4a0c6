import { describe, expect, it } from 'vitest';
import { coverLanguage, packetMessageText } from '../../src/batch/packet-text.js';
import { coverLanguages, layoutCoverSheet, type CoverLetterLine, type CoverSheet } from '../../src/layout/cover.js';
import { loadFonts } from '../../src/layout/fonts.js';
import { PAPERS, type PaperGeometry } from '../../src/layout/geometry.js';
import type { PageItem, TextItem } from '../../src/layout/layout.js';

const fonts = loadFonts();
const a4 = PAPERS.a4;

const texts = (items: PageItem[]) => items.filter((i): i is TextItem => i.type === 'text');

/** A page's text as a reader sees it: one line per baseline, top to bottom, pieces left to right. */
function pageText(items: PageItem[]): string {
  const lines = new Map<number, TextItem[]>();
  for (const t of texts(items)) {
    const y = Math.round(t.y * 10) / 10;
    lines.set(y, [...(lines.get(y) ?? []), t]);
  }
  return [...lines.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, line]) => {
      line.sort((a, b) => a.x - b.x);
      let out = '';
      let end = -Infinity;
      for (const t of line) {
        // Pieces that touch belong to one word or phrase (style changes); a gap is a column.
        out += (out && t.x - end > 0.5 ? ' ' : '') + t.text;
        end = t.x + fonts.width(t.text, t.style, t.size);
      }
      return out.replace(/ {2,}/g, ' ');
    })
    .join('\n');
}
const allText = (pages: PageItem[][]) => pages.map(pageText).join('\n');

const official = (n: number, over: Partial<CoverLetterLine> = {}): CoverLetterLine => ({
  number: n,
  official: `Official ${n}`,
  position: 'Prosecutor General',
  country: 'Uzbekistan',
  channel: 'post',
  ...over,
});

function sheet(over: Partial<CoverSheet> = {}): CoverSheet {
  return {
    language: 'en-GB',
    volunteer: 'Margaret Thompson',
    caseName: 'Yusuf Dzhumaev',
    country: 'Uzbekistan',
    summary: 'A poet from Bukhara, arrested after he read a poem at a protest.',
    detained: '2021-03-01',
    charges: 'insulting the President (Article 158)',
    letters: [official(1), official(2), official(3)],
    groupName: 'Oxford Amnesty Group',
    groupEmail: 'letters@oxford-amnesty.org.uk',
    date: '2026-11-28',
    ...over,
  };
}

/** Every piece of text inside the text area, left to right and top to bottom. */
function expectInside(pages: PageItem[][], paper: PaperGeometry) {
  const { left, right, top, bottom } = paper.margin;
  for (const page of pages) {
    for (const t of texts(page)) {
      expect(t.x, t.text).toBeGreaterThanOrEqual(left - 0.01);
      expect(t.x + fonts.width(t.text, t.style, t.size), t.text).toBeLessThanOrEqual(paper.width - right + 0.01);
      expect(t.y - t.size, t.text).toBeGreaterThanOrEqual(top - 0.01);
      expect(t.y + 0.25 * t.size, t.text).toBeLessThanOrEqual(paper.height - bottom + 0.01);
    }
    for (const r of page.filter((i) => i.type === 'rule')) {
      expect(Math.max(r.y1, r.y2)).toBeLessThanOrEqual(paper.height - bottom);
      expect(Math.max(r.x1, r.x2)).toBeLessThanOrEqual(paper.width - right + 0.01);
    }
  }
}

describe('layoutCoverSheet', () => {
  it('says everything in English: title, date, greeting, the case, the steps, the letters, who to ask', () => {
    const pages = layoutCoverSheet(sheet(), a4, fonts);
    expect(pages).toHaveLength(1);
    const text = allText(pages);
    for (const s of [
      'Letters for Yusuf Dzhumaev',
      '28\u00a0November\u00a02026 · Uzbekistan',
      'Dear Margaret,',
      'Thank you for writing. Here are 3 letters, ready for you to sign.',
      'The case',
      'A poet from Bukhara, arrested after he read a poem at a protest.',
      'Detained since 1\u00a0March\u00a02021',
      'Charges: insulting the President (Article 158)',
      'What to do',
      '1. Sign each letter in the space under the closing words.',
      '4. Post it within a week.',
      'Your letters',
      'No. To Country How',
      '1 Official 1 Uzbekistan post',
      'Prosecutor General',
      'Questions? Oxford Amnesty Group · letters@oxford-amnesty.org.uk',
    ]) {
      expect(text).toContain(s);
    }
    // Lines in reading order: title first, footer last.
    expect(text.indexOf('Letters for')).toBe(0);
    expect(text.trim().endsWith('letters@oxford-amnesty.org.uk')).toBe(true);
    const title = texts(pages[0]!).find((t) => t.text.startsWith('Letters for'))!;
    expect(title).toMatchObject({ style: 'bold', size: 16 });
    expect(texts(pages[0]!).find((t) => t.text === 'The case')?.style).toBe('bold');
    expect(texts(pages[0]!).find((t) => t.text.startsWith('28\u00a0November'))?.grey).toBe(true);
    expect(texts(pages[0]!).find((t) => t.text === 'Prosecutor General')?.grey).toBe(true);
    expect(texts(pages[0]!).find((t) => t.text.startsWith('Questions?'))?.grey).toBe(true);
    // One page: no page numbers.
    expect(text).not.toContain('Page 1');
  });

  it('says one letter and several letters properly in each language', () => {
    const thanks = (language: string, n: number) =>
      allText(layoutCoverSheet(sheet({ language, letters: Array.from({ length: n }, (_, i) => official(i + 1)) }), a4, fonts));
    expect(thanks('en', 1)).toContain('Here is your letter, ready for you to sign.');
    expect(thanks('en', 3)).toContain('Here are 3 letters, ready for you to sign.');
    expect(thanks('fr', 1)).toContain('Voici votre lettre, prête à être signée.');
    expect(thanks('fr', 3)).toContain('Voici vos 3 lettres, prêtes à être signées.');
    expect(thanks('de', 1)).toContain('Hier ist dein Brief');
    expect(thanks('de', 3)).toContain('Hier sind deine 3 Briefe');
    expect(thanks('es', 1)).toContain('Aquí tienes tu carta, lista para firmar.');
    expect(thanks('es', 3)).toContain('Aquí tienes tus 3 cartas, listas para firmar.');
    expect(thanks('ru', 1)).toContain('Вот ваше письмо — осталось только его подписать.');
    expect(thanks('ru', 3)).toContain('Вот 3\u00a0письма — осталось только их подписать.');
    expect(thanks('ru', 5)).toContain('Вот 5\u00a0писем');
    expect(thanks('ru', 21)).toContain('Вот 21\u00a0письмо');
    expect(thanks('en', 0)).toContain('There are no letters in this packet yet.');
  });

  it('asks for e-mails to be sent, not signed, when every letter of the packet is one', () => {
    const thanks = (language: string, n: number, emails: number) =>
      allText(
        layoutCoverSheet(
          sheet({ language, letters: Array.from({ length: n }, (_, i) => official(i + 1, i < emails ? { channel: 'email', email: `o${i}@gov.uz` } : {})) }),
          a4,
          fonts,
        ),
      );
    expect(thanks('en', 2, 2)).toContain('Here are 2 letters, ready for you to send.');
    expect(thanks('en', 2, 1)).toContain('Here are 2 letters, ready for you to sign.');
    expect(thanks('es', 1, 1)).toContain('Aquí tienes tu carta, lista para enviar.');
    expect(thanks('es', 3, 3)).toContain('Aquí tienes tus 3 cartas, listas para enviar.');
    expect(thanks('fr', 3, 3)).toContain('Voici vos 3 lettres, prêtes à être envoyées.');
    expect(thanks('de', 1, 1)).toContain('Hier ist dein Brief, fertig zum Abschicken.');
    expect(thanks('ru', 3, 3)).toContain('осталось только их отправить.');
    expect(thanks('it', 3, 3)).toContain('Ecco le tue 3 lettere, pronte da inviare.');
    expect(thanks('nl', 1, 1)).toContain('Hier is je brief, klaar om te versturen.');
    expect(thanks('pt', 3, 3)).toContain('prontas para você enviar.');
    expect(thanks('pt-PT', 3, 3)).toContain('prontas a enviar.');
  });

  it('speaks French and Russian, names countries in them, and never translates the case\'s own words', () => {
    const french = allText(layoutCoverSheet(sheet({ language: 'fr-FR', volunteer: 'Élise Martin' }), a4, fonts));
    for (const s of [
      'Lettres pour Yusuf Dzhumaev',
      '28\u00a0novembre\u00a02026 · Ouzbékistan',
      'Bonjour Élise,',
      'Merci de prendre la plume\u202f!',
      'L’affaire',
      'En détention depuis le 1er\u00a0mars\u00a02021',
      'Chefs d’accusation\u202f: insulting the President (Article 158)',
      'Marche à suivre',
      '1. Signez chaque lettre',
      'Vos lettres',
      'N° Destinataire Pays Envoi',
      '1 Official 1 Ouzbékistan poste',
      'Des questions\u202f? Oxford Amnesty Group',
    ]) {
      expect(french).toContain(s);
    }
    expect(french).not.toContain('Letters for');
    // Guillemets in the case's words are spaced as in a French letter.
    const quoted = allText(layoutCoverSheet(sheet({ language: 'fr', charges: '« atteinte à l’ordre constitutionnel »' }), a4, fonts));
    expect(quoted).toContain('Chefs d’accusation\u202f: «\u202fatteinte à l’ordre constitutionnel\u202f»');
    // And in the official's position in the table, where no line may end with "«" (a user trial's did).
    const position = 'Président de la sous-commission « Droits de l’homme » du Parlement européen';
    const table = allText(layoutCoverSheet(sheet({ language: 'fr', letters: [official(1, { position })] }), a4, fonts));
    expect(table).toContain('«\u202fDroits');
    expect(table.split('\n').some((l) => /«\s*$/.test(l))).toBe(false);

    const russian = allText(layoutCoverSheet(sheet({ language: 'ru-RU', volunteer: 'Мария Иванова' }), a4, fonts));
    for (const s of [
      'Письма по делу: Yusuf Dzhumaev',
      '28\u00a0ноября\u00a02026\u00a0г. · Узбекистан',
      'Здравствуйте, Мария Иванова!',
      'О деле',
      'Под стражей с 1\u00a0марта\u00a02021\u00a0г.',
      'Обвинения: insulting the President (Article 158)',
      'Что нужно сделать',
      '1. Подпишите каждое письмо',
      'Ваши письма',
      '№ Кому Страна Как',
      '1 Official 1 Узбекистан почтой',
      'Есть вопросы? Oxford Amnesty Group · letters@oxford-amnesty.org.uk',
    ]) {
      expect(russian).toContain(s);
    }
  });

  it('has wording in every language it names, all of it printable in the font', () => {
    expect(coverLanguages()).toEqual(expect.arrayContaining(['en', 'fr', 'de', 'es', 'ru', 'it', 'nl', 'pt']));
    const english = allText(layoutCoverSheet(sheet({ letters: [official(1), official(2, { channel: 'email', email: 'a@b.uz' })] }), a4, fonts));
    for (const language of coverLanguages()) {
      const pages = layoutCoverSheet(sheet({ language, letters: [official(1), official(2, { channel: 'email', email: 'a@b.uz' })] }), a4, fonts);
      const text = allText(pages);
      if (language !== 'en') expect(text, language).not.toBe(english);
      for (const t of texts(pages.flat())) expect(fonts.missingGlyphs(t.text, t.style), `${language}: ${t.text}`).toEqual([]);
    }
  });

  it('writes dates the way each language does', () => {
    const detained = (language: string, date: string) =>
      allText(layoutCoverSheet(sheet({ language, detained: date, summary: undefined, charges: undefined }), a4, fonts)).split('\n').find((l) =>
        /2021/.test(l),
      );
    expect(detained('de', '2021-03-08')).toBe('In Haft seit dem 8.\u00a0März\u00a02021');
    expect(detained('de', '2021-03')).toBe('In Haft seit März\u00a02021');
    expect(detained('fr', '2021-03-08')).toBe('En détention depuis le 8\u00a0mars\u00a02021');
    expect(detained('it', '2021-03-08')).toBe('In carcere dall’8\u00a0marzo\u00a02021');
    expect(detained('it', '2021-03-03')).toBe('In carcere dal 3\u00a0marzo\u00a02021');
    expect(detained('es', '2021-03-03')).toBe('En prisión desde el 3\u00a0de\u00a0marzo\u00a0de\u00a02021');
    expect(detained('ru', '2021-03')).toBe('Дата задержания: март\u00a02021\u00a0г.');
    expect(detained('pt-BR', '2021-03-03')).toBe('Na prisão desde 3\u00a0de\u00a0março\u00a0de\u00a02021');
  });

  it('greets a volunteer by their given name, as its informal greeting does in each language; Russian by name and patronymic, or in full', () => {
    const greeting = (language: string, volunteer: string, firstName?: string) =>
      allText(layoutCoverSheet(sheet({ language, volunteer, firstName }), a4, fonts)).split('\n')[2];
    // A trial's German volunteer was greeted "Hallo Jörg Weißmüller,".
    expect(greeting('de', 'Jörg Weißmüller')).toBe('Hallo Jörg,');
    expect(greeting('de', 'Dr. Jörg Weißmüller')).toBe('Hallo Jörg,');
    expect(greeting('de', 'Prof. Dr. med. Anna Schmidt')).toBe('Hallo Anna,');
    expect(greeting('de', 'Weißmüller, Jörg')).toBe('Hallo Jörg,');
    expect(greeting('de', 'Hans-Jürgen Weißmüller')).toBe('Hallo Hans-Jürgen,');
    expect(greeting('en', 'Margaret Thompson')).toBe('Dear Margaret,');
    expect(greeting('en-US', 'Martin Luther King, Jr.')).toBe('Dear Martin,');
    expect(greeting('es', 'Sra. Ana López García')).toBe('Hola, Ana:');
    expect(greeting('nl', 'Jan de Vries')).toBe('Beste Jan,');
    expect(greeting('it', 'Giulia Rossi')).toBe('Ciao Giulia,');
    expect(greeting('pt-BR', 'Ana Souza')).toBe('Olá, Ana!');
    expect(greeting('fr', 'DUPONT Jean-Pierre')).toBe('Bonjour Jean-Pierre,');
    expect(greeting('fr', 'JEAN DUPONT')).toBe('Bonjour Jean,');
    expect(greeting('sv', 'Karin Lindqvist')).toBe('Dear Karin,'); // (English words: an English greeting)
    // A Russian name surname first, with the patronymic, on a cover in another language (a review: "Dear Ivanov,").
    expect(greeting('en', 'Ivanov Ivan Petrovich')).toBe('Dear Ivan,');
    expect(greeting('de', 'Иванова Мария Петровна')).toBe('Hallo Мария,');
    expect(greeting('en', 'Ivan Petrovich Ivanov')).toBe('Dear Ivan,');
    // The first_name column, when the CSV has one, says it ("María José García": not "María").
    expect(greeting('es', 'María José García', 'María José')).toBe('Hola, María José:');
    // Where the given name cannot be told, the full name, never a surname or an initial.
    expect(greeting('de', 'Dr. Weißmüller')).toBe('Hallo Dr. Weißmüller,');
    expect(greeting('en', 'J. Smith')).toBe('Dear J. Smith,');
    expect(greeting('en', '王小明')).toBe('Dear 王小明,');
    expect(greeting('en', 'Cher')).toBe('Dear Cher,');
    expect(greeting('en', 'JP Smith')).toBe('Dear JP Smith,'); // (two capitals: "LI Wei" is a surname first)
    // Russian greets with "вы": by given name and patronymic, in either order; else in full.
    expect(greeting('ru', 'Иван Петрович Сидоров')).toBe('Здравствуйте, Иван Петрович!');
    expect(greeting('ru', 'Сидоров Иван Петрович')).toBe('Здравствуйте, Иван Петрович!');
    expect(greeting('ru', 'Мария Иванова')).toBe('Здравствуйте, Мария Иванова!');
    expect(greeting('ru', 'Иванова Мария', 'Мария')).toBe('Здравствуйте, Мария!');
    // The packet e-mail greets them the same way.
    const facts = { volunteer: 'Jörg Weißmüller', caseName: 'Yusuf Dzhumaev', letters: 2, emails: 0, packetFile: 'packet.pdf', group: 'Gruppe' };
    expect(packetMessageText('de', facts).body.split('\n\n')[0]).toBe('Hallo Jörg,');
    expect(packetMessageText('es', { ...facts, volunteer: 'López García, Ana' }).body.split('\n\n')[0]).toBe('Hola, Ana:');
    expect(packetMessageText('nl', { ...facts, volunteer: 'Anna de Boer', firstName: 'Anneke' }).body.split('\n\n')[0]).toBe('Beste Anneke,');
    expect(packetMessageText('sv', facts).body.split('\n\n')[0]).toBe('Dear Jörg,');
    expect(packetMessageText('ru', { ...facts, volunteer: 'Сидоров Иван Петрович' }).body.split('\n\n')[0]).toBe('Здравствуйте, Иван Петрович!');
    expect(packetMessageText('ru', { ...facts, volunteer: 'Мария Иванова' }).body.split('\n\n')[0]).toBe('Здравствуйте, Мария Иванова!');
  });

  it('writes the packet e-mail in the volunteer\'s language too', () => {
    const facts = { volunteer: 'Ana', caseName: 'Yusuf Dzhumaev', letters: 2, emails: 1, packetFile: 'packet.pdf', group: 'Grupo' };
    const pt = packetMessageText('pt-BR', facts);
    expect(pt.subject).toBe('Suas 2 cartas para Yusuf Dzhumaev');
    expect(pt.body).toContain('Imprima packet.pdf, assine cada carta');
    expect(packetMessageText('sv', facts).subject).toBe('Your 2 letters for Yusuf Dzhumaev');
    // Every language the cover sheet is written in, the e-mail is too (a Dutch volunteer's was English).
    for (const language of coverLanguages()) {
      if (language === 'en') continue;
      expect(packetMessageText(language, facts).subject, language).not.toBe('Your 2 letters for Yusuf Dzhumaev');
    }
    expect(packetMessageText('nl', facts).body).toContain('Print packet.pdf, onderteken elke brief en post hem.');
    // A volunteer's later packet says its letters are new, after the thanks, in every such language
    // (not a newcomer's first packet, whatever its round).
    const later = { ...facts, packetFile: 'packet-2.pdf', earlier: true };
    expect(packetMessageText('fr', later).body.split('\n\n')[2]).toBe('Ce sont de nouvelles lettres, en plus de celles que vous avez déjà reçues.');
    expect(packetMessageText('fr', { ...later, letters: 1, emails: 0 }).body.split('\n\n')[2]).toBe('C’est une nouvelle lettre, en plus de celles que vous avez déjà reçues.');
    expect(packetMessageText('fr', { ...facts, packetFile: 'packet-2.pdf' }).body).not.toContain('nouvelles lettres');
    const english = packetMessageText('en', later).body.split('\n\n')[2];
    expect(english).toBe('These are new letters, besides those you were given before.');
    for (const language of coverLanguages()) {
      if (language !== 'en') expect(packetMessageText(language, later).body.split('\n\n')[2], language).not.toBe(english);
    }
  });

  it('writes an English-speaking volunteer\'s dates as their country does: "30 November 2026" in Hamburg, "November 30, 2026" in Chicago', () => {
    expect(coverLanguage('en', 'de', 'Germany')).toBe('en-GB');
    expect(coverLanguage('en', 'de', 'United States')).toBe('en-US');
    expect(coverLanguage('EN', 'fr', undefined)).toBe('en-GB');
    expect(coverLanguage('en', 'en-GB', 'United States')).toBe('en-GB'); // (the letters' own English)
    expect(coverLanguage('en-US', 'de', 'Germany')).toBe('en-US');
    // Letters in "en" alone: the volunteer's country's dates (a review's UK volunteer had US dates).
    expect(coverLanguage(undefined, 'en', 'United Kingdom')).toBe('en-GB');
    expect(coverLanguage('en', 'en', 'United States')).toBe('en-US');
    expect(coverLanguage('fr', 'de', 'Germany')).toBe('fr');
    expect(coverLanguage(undefined, 'de', 'Germany')).toBe('de');
    const cover = (language: string) => allText(layoutCoverSheet(sheet({ language }), a4, fonts));
    expect(cover(coverLanguage('en', 'de', 'Germany'))).toContain('28\u00a0November\u00a02026');
    expect(cover(coverLanguage('en', 'de', 'United States'))).toContain('November\u00a028,\u00a02026');
  });

  it('says one e-mailed letter in the singular in German and Spanish ("die angehängte .eml-Datei", "el archivo .eml adjunto")', () => {
    const facts = { volunteer: 'Jörg', caseName: 'Shirin Rahimi', letters: 2, emails: 1, packetFile: 'packet.pdf', group: 'Gruppe' };
    expect(packetMessageText('de', facts).body).toContain('Ein Brief geht per E-Mail: Öffne die angehängte .eml-Datei in deinem E-Mail-Programm');
    expect(packetMessageText('de', { ...facts, emails: 2 }).body).toContain('2 Briefe gehen per E-Mail: Öffne die angehängten .eml-Dateien');
    expect(packetMessageText('es', facts).body).toContain('Una carta se envía por correo electrónico: abre el archivo .eml adjunto en tu programa de correo, revísalo y envíalo desde');
    expect(packetMessageText('es', { ...facts, emails: 2 }).body).toContain('abre los archivos .eml adjuntos en tu programa de correo, revísalos y envíalos desde');
  });

  it('writes European Portuguese for a volunteer in Portugal: no "você", "ficheiro" not "arquivo"', () => {
    const facts = { volunteer: 'Ana', caseName: 'Yusuf Dzhumaev', letters: 2, emails: 1, packetFile: 'packet.pdf', group: 'Grupo' };
    for (const language of ['pt-PT', 'pt_PT']) {
      const cover = allText(layoutCoverSheet(sheet({ language, letters: [official(1), official(2, { channel: 'email', email: 'a@b.uz' })] }), a4, fonts));
      expect(cover, language).toContain('prontas a assinar');
      expect(cover, language).toContain('ficheiro .eml');
      expect(cover, language).toContain('morada');
      expect(cover, language).not.toMatch(/você|arquivo|exterior/);
      const mail = packetMessageText(language, facts);
      expect(mail.subject).toBe('As suas 2 cartas para Yusuf Dzhumaev');
      expect(mail.body).toContain('o ficheiro .eml anexo');
      expect(mail.body).not.toMatch(/você|arquivo/);
    }
    expect(allText(layoutCoverSheet(sheet({ language: 'pt-BR' }), a4, fonts))).toContain('prontas para você assinar');
  });

  it('falls back to English for a language it has no wording for', () => {
    for (const language of ['xx', 'tlh', 'en_GB', 'sv-SE']) {
      const text = allText(layoutCoverSheet(sheet({ language }), a4, fonts));
      expect(text, language).toContain('Letters for Yusuf Dzhumaev');
      expect(text, language).toContain('Here are 3 letters');
      expect(text, language).toContain('28\u00a0November\u00a02026');
    }
  });

  it('wraps a long summary within the text width, losing no word', () => {
    const summary = 'Yusuf Dzhumaev, a poet from Bukhara, was arrested after he read a poem criticising the President at a protest outside his home. '.repeat(8).trim();
    for (const paper of [PAPERS.a4, PAPERS.letter]) {
      const pages = layoutCoverSheet(sheet({ summary }), paper, fonts);
      const lines = texts(pages[0]!).filter((t) => t.text.includes('Bukhara') || t.text.includes('protest') || t.text.includes('poet'));
      expect(lines.length).toBeGreaterThan(6);
      expectInside(pages, paper);
      const words = texts(pages.flat())
        .filter((t) => t.size === 10.5 && t.x === paper.margin.left)
        .map((t) => t.text)
        .join(' ');
      expect(words).toContain(summary);
    }
  });

  it('runs a summary longer than a page onto the next, inside the text area', () => {
    const summary = Array.from({ length: 140 }, (_, i) => `Sentence number ${i + 1} of a very long case summary.`).join(' ');
    const pages = layoutCoverSheet(sheet({ summary }), a4, fonts);
    expect(pages.length).toBeGreaterThan(1);
    expectInside(pages, a4);
    const text = allText(pages);
    expect(text).toContain('Sentence number 140 of a very long case summary.');
    expect(text.indexOf('Sentence number 140')).toBeLessThan(text.indexOf('What to do'));
  });

  it('flows 60 letters onto more pages, the table heading repeated on each, page numbers on all', () => {
    const letters = Array.from({ length: 60 }, (_, i) =>
      official(i + 1, i % 4 === 3 ? { channel: 'email', email: `official.${i + 1}@ministry-of-justice.gov.uz`, position: 'Head of the Department for Relations with Civil Society of the Ministry of Justice' } : {}),
    );
    for (const paper of [PAPERS.a4, PAPERS.letter]) {
      const pages = layoutCoverSheet(sheet({ letters }), paper, fonts);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expectInside(pages, paper);
      pages.forEach((page, i) => {
        const text = pageText(page);
        expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
        expect(text).toContain('Questions? Oxford Amnesty Group');
        expect(text).toContain('No. To Country How');
        if (i > 0) expect(text.split('\n')[0]).toBe('Your letters (continued)');
      });
      // Every letter once, in order.
      const numbers = pages.flatMap((p) => texts(p).filter((t) => /^\d+$/.test(t.text) && t.x < paper.margin.left + 30).map((t) => Number(t.text)));
      expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      // Each row on one page: its official and its number share a page.
      for (const page of pages) {
        const nums = texts(page).filter((t) => /^\d+$/.test(t.text) && t.x < paper.margin.left + 30).map((t) => t.text);
        const names = texts(page).filter((t) => t.text.startsWith('Official ')).map((t) => t.text.slice('Official '.length));
        expect(names).toEqual(nums);
      }
    }
  });

  it('cuts a table row taller than a page between lines rather than letting it run off', () => {
    const position = Array.from({ length: 400 }, (_, i) => `Office ${i + 1}`).join(', ');
    const pages = layoutCoverSheet(sheet({ letters: [official(1, { position }), official(2)] }), a4, fonts);
    expectInside(pages, a4);
    const row = pages.filter((p) => texts(p).some((t) => t.text.includes('Office ')));
    expect(row.length).toBeGreaterThan(1);
    // It starts under the table's heading, not on a page of its own after a bare heading.
    expect(pageText(pages[0]!)).toContain('No. To Country How\n1 Official 1 Uzbekistan post');
    const positionText = texts(pages.flat())
      .filter((t) => t.grey && t.size === 9 && /Office|^\d/.test(t.text))
      .map((t) => t.text)
      .join(' ');
    expect(positionText).toContain(position);
    expect(allText(pages)).toContain('2 Official 2 Uzbekistan post');
  });

  it('gives the e-mail steps only when some letters go by e-mail, the post steps only for posted ones', () => {
    const post = allText(layoutCoverSheet(sheet(), a4, fonts));
    expect(post).not.toContain('.eml');
    expect(post).not.toContain('Letters by post');
    expect(post).not.toContain('e-mail');

    const mixed = allText(layoutCoverSheet(sheet({ letters: [official(1), official(2, { channel: 'email', email: 'prosecutor@gov.uz' })] }), a4, fonts));
    expect(mixed).toContain('Letters by post');
    expect(mixed).toContain('E-mails');
    expect(mixed).toContain('1. Open each .eml file from the packet folder in your mail program.');
    expect(mixed).toContain('Sign each letter');
    expect(mixed).toContain('2 Official 2 Uzbekistan e-mail');
    expect(mixed).toContain('prosecutor@gov.uz');

    const email = allText(layoutCoverSheet(sheet({ letters: [official(1, { channel: 'email', email: 'prosecutor@gov.uz' })] }), a4, fonts));
    expect(email).toContain('Open each .eml file');
    expect(email).not.toContain('Sign each letter');
    expect(email).not.toContain('Letters by post');
  });

  it('breaks a long e-mail address after the @ and before dots to fit its column', () => {
    const address = 'foreign.secretary.correspondence.unit@fcdo-london.gov.uk';
    const pages = layoutCoverSheet(sheet({ letters: [official(1, { channel: 'email', email: address })] }), a4, fonts);
    expectInside(pages, a4);
    const parts = texts(pages[0]!).filter((t) => address.includes(t.text) && t.grey).map((t) => t.text);
    expect(parts.join('')).toBe(address);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.find((p) => p.includes('@'))?.endsWith('@')).toBe(true);
    for (const p of parts.slice(1)) expect(p === 'fcdo-london.gov.uk' || p.startsWith('.')).toBe(true);
  });

  it('keeps the paragraphs of a summary, joins its other lines, and greets a volunteer without a name', () => {
    const pages = layoutCoverSheet(sheet({ summary: 'First paragraph,\nstill the first.\n\nSecond paragraph.', volunteer: ' ' }), a4, fonts);
    const text = allText(pages);
    expect(text).toContain('First paragraph, still the first.\nSecond paragraph.');
    const first = texts(pages[0]!).find((t) => t.text.startsWith('First'))!;
    const second = texts(pages[0]!).find((t) => t.text.startsWith('Second'))!;
    expect(second.y - first.y).toBeGreaterThan(14.2); // a gap between paragraphs
    expect(text).toContain('Hello,\nThank you for writing.');
    expect(text).not.toContain('Dear');
    expect(allText(layoutCoverSheet(sheet({ volunteer: '', language: 'ru' }), a4, fonts))).toContain('Здравствуйте!\nСпасибо');
  });

  it('leaves out what it is not given', () => {
    const text = allText(
      layoutCoverSheet(sheet({ summary: undefined, detained: undefined, charges: undefined, groupName: undefined, groupEmail: undefined }), a4, fonts),
    );
    expect(text).not.toContain('The case');
    expect(text).not.toContain('Questions?');
    expect(text).toContain('Your letters');
    const onlyEmail = allText(layoutCoverSheet(sheet({ groupName: undefined }), a4, fonts));
    expect(onlyEmail).toContain('Questions? letters@oxford-amnesty.org.uk');
  });
});

const FOLD_SHEET: CoverSheet = {
  language: 'en',
  volunteer: 'Anna Smith',
  caseName: 'Yusuf Dzhumaev',
  country: 'Uzbekistan',
  letters: [official(1)],
  date: '2026-11-28',
};

describe('the folding step', () => {
  it('follows the envelope: in three for DL, in half for C5, not at all for C4', () => {
    const fold = (f?: 'thirds' | 'half' | 'flat', language = 'en') =>
      allText(layoutCoverSheet({ ...FOLD_SHEET, language, fold: f }, PAPERS.a4, fonts)).replace(/\n/g, ' ');
    expect(fold()).toContain('Fold it in three');
    expect(fold('half')).toContain('Fold it once, in half');
    expect(fold('flat')).toContain('unfolded');
    expect(fold('half')).not.toContain('in three');
    expect(fold('half', 'fr')).toContain('Pliez-la en deux');
    expect(fold('flat', 'ru')).toContain('не складывая');
  });

  it('says what the last pages are: the envelopes to print (or leave out for window envelopes), or the labels', () => {
    const steps = (ends: 'envelopes' | 'labels' | undefined, language = 'en') =>
      allText(layoutCoverSheet({ ...FOLD_SHEET, language, ends }, PAPERS.a4, fonts)).replace(/\n/g, ' ');
    expect(steps('envelopes')).toContain('3. The envelopes are the last pages of this packet');
    expect(steps('envelopes')).toContain('leave them out and use window envelopes');
    expect(steps('labels')).toContain('3. The labels are on the last pages of this packet');
    expect(steps('envelopes')).toContain('4. Stamp it');
    expect(steps(undefined)).not.toContain('last pages');
    // In every language, and without "or stick the label" when there are no labels.
    const orLabel = ['stick the label', 'collez l’étiquette', 'Adressetikett', 'pega la etiqueta', 'cole a etiqueta', 'этикетку', 'incolla l’etichetta', 'plak het etiket'];
    for (const language of coverLanguages()) {
      const text = steps('envelopes', language);
      if (language !== 'en') expect(text, language).not.toContain('The envelopes are the last pages');
      for (const words of orLabel) expect(text, language).not.toContain(words);
      expect(steps(undefined, language), language).toMatch(new RegExp(orLabel.join('|')));
    }
    expect(steps('labels')).toContain('or stick the label on the envelope');
  });
});
