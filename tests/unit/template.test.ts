import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate, wordsLanguage } from '../../src/campaign/template.js';
import { readFileSync } from 'node:fs';
import { suggest } from '../../src/suggest.js';
import { escapeMarkdown } from '../../src/render/markdown.js';
import { inputError } from '../helpers/errors.js';
import { writeTemplate } from '../helpers/template.js';

function problems(f: () => unknown): string[] {
  return inputError(f).problems.map((p) => `${path.basename(p.location?.file ?? '')}:${p.location?.line ?? ''}: ${p.message}`);
}

const uses = (file: string) => loadTemplate(file).uses.map((u) => `${u.root}.${u.field}@${u.location.line}${u.guarded ? ' (guarded)' : ''}`);

describe('loadTemplate', () => {
  it('finds a body that opens with a greeting or ends with a closing or signature lines (a letter pasted from Word): every letter would have two', () => {
    const errorsOf = (file: string) => loadTemplate(file).errors.map((p) => `${path.basename(p.location?.file ?? '')}:${p.location?.line ?? ''}: ${p.message}`);
    const pasted = writeTemplate('---\nlanguage: es\n---\n{{recipient.saludo}}:\n\nMe dirijo a usted.\n\nAtentamente,\n\nNombre y firma\n');
    // The template's errors, said by its reader (and no letter made of it): its fields are still known, to be checked.
    expect(errorsOf(pasted)).toEqual([
      `${path.basename(pasted)}:4: the template's body opens with a greeting ("{{recipient.saludo}}:"), and the letter opens with its salutation already: every letter would greet twice`,
      `${path.basename(pasted)}:8: the template's body ends with a closing ("Atentamente,"), and the letter adds its closing and the signer's name already: every letter would close twice`,
    ]);
    expect(uses(pasted)).toContain('recipient.saludo@4');
    for (const [body, line] of [['Dear Minister,\n\nI write.', 1], ['Excelentísimo Señor Presidente:\n\nLe escribo.', 1], ['{{salutation}}\n\nI write.', 1], ['I write.\n\nYours sincerely,\n\n{{signer.name}}', 3], ['Je vous écris.\n\nVeuillez agréer, Monsieur le Ministre, l’expression de ma haute considération.', 3], ['I write.\n\n______________', 3]] as const) {
      const f = writeTemplate(`${body}\n`);
      expect(loadTemplate(f).errors.map((p) => p.location?.line), body).toEqual([line]);
    }
    // Written in the body on purpose (salutation: '' and closing: ''), or words that only start so: no problem.
    const clean = (text: string) => expect(loadTemplate(writeTemplate(text)).errors, text).toEqual([]);
    clean("---\nsalutation: ''\nclosing: ''\n---\n{{salutation}},\n\nI write.\n\nYours sincerely,\n");
    clean('Dearly held beliefs are no crime.\n\nI look forward to your reply, and I send my regards to your staff.\n');
    clean('---\nlanguage: fr\n---\nMadame Narges Mohammadi, défenseure des droits humains, est détenue\ndepuis 2021.\n');
    clean('---\nlanguage: es\n---\nEstimado por sus feligreses, el padre {{case.name}} fue detenido.\n');
    clean('Dear friends and family of Julián have asked me to write to you.\n');
    expect(loadTemplate(writeTemplate('---\nlanguage: fr\n---\nMonsieur le Ministre,\n\nJe vous écris.\n')).errors[0]!.location?.line).toBe(4);
  });

  it('reads front matter with defaults and renders each part', () => {
    const t = loadTemplate(writeTemplate('---\nsubject: About {{case.name}}\nlanguage: fr\nfor: [active, released]\n---\nBonjour **{{recipient.name}}**.\n'));
    expect(t.language).toBe('fr');
    expect(t.statuses).toEqual(['active', 'released']);
    expect(t.paper).toBeUndefined();
    const ctx = { case: { name: 'A & B' }, recipient: { name: 'X*Y', salutation: '' } };
    const md = { case: { name: escapeMarkdown('A & B') }, recipient: { name: escapeMarkdown('X*Y'), salutation: '' } };
    expect(t.render(ctx, md, 'fr')).toEqual({
      subject: 'About A & B',
      salutation: 'Madame, Monsieur,',
      closing: 'Veuillez agréer, Madame, Monsieur, l’expression de ma haute considération.', // (no closing: in French, with the form of address)
      body: 'Bonjour **X\\*Y**.\n',
    });
    const minister = { ...ctx, recipient: { ...ctx.recipient, salutation: 'Monsieur le Ministre' } };
    expect(t.render(minister, { ...md, recipient: { ...md.recipient, salutation: 'Monsieur le Ministre' } }, 'fr').closing).toBe('Veuillez agréer, Monsieur le Ministre, l’expression de ma haute considération.');
  });

  it('a French closing repeats the form of address without "Cher" (the Lyon trial\'s "Veuillez agréer, Cher Monsieur le Ministre")', () => {
    const row = (salutation: string) => ({ recipient: { salutation } });
    const own = loadTemplate(writeTemplate("---\nlanguage: fr\nclosing: 'Je vous prie d’agréer, {{salutation}}, mes salutations respectueuses.'\n---\nJe vous écris ({{salutation}}).\n"));
    const given = loadTemplate(writeTemplate('---\nlanguage: fr\n---\nJe vous écris.\n'));
    const cher = given.render(row('Cher Monsieur le Ministre'), row('Cher Monsieur le Ministre'), 'fr');
    expect(cher.salutation).toBe('Cher Monsieur le Ministre,'); // (the letter still opens with the greeting as written)
    expect(cher.closing).toBe('Veuillez agréer, Monsieur le Ministre, l’expression de ma haute considération.');
    expect(given.render(row('Chère Madame la Procureure'), row('Chère Madame la Procureure'), 'fr').closing).toBe('Veuillez agréer, Madame la Procureure, l’expression de ma haute considération.');
    expect(given.render(row('Très cher Monsieur'), row('Très cher Monsieur'), 'fr').closing).toBe('Veuillez agréer, Monsieur, l’expression de ma haute considération.');
    // Not a title after it: kept, in lower case inside the sentence.
    expect(given.render(row('Cher collègue'), row('Cher collègue'), 'fr').closing).toBe('Veuillez agréer, cher collègue, l’expression de ma haute considération.');
    const mine = own.render(row('Chère Madame la Ministre'), row('Chère Madame la Ministre'), 'fr');
    expect(mine.closing).toBe('Je vous prie d’agréer, Madame la Ministre, mes salutations respectueuses.');
    expect(mine.body).toBe('Je vous écris (Chère Madame la Ministre).\n'); // (elsewhere, as written)
    // Another language's {{salutation}} in a closing is the greeting as it is.
    const english = loadTemplate(writeTemplate("---\nclosing: 'With respect, {{salutation}}'\n---\nI write.\n"));
    expect(english.render(row('Dear Minister'), row('Dear Minister'), 'en-GB').closing).toBe('With respect, Dear Minister');
  });

  it('looks a data value up by itself in the body, though it arrives escaped ("Ltd.", "H.E.")', () => {
    const t = loadTemplate(writeTemplate('[{{lookup case.greetings recipient.organisation}}] {{#with (lookup case.greetings recipient.title)}}{{this}}{{/with}}\n'));
    const data = { greetings: { 'Acme Ltd.': 'Company', 'H.E.': 'Excellency' } };
    const recipient = { organisation: 'Acme Ltd.', title: 'H.E.', salutation: 'Dear A' };
    const md = { case: { greetings: { 'Acme Ltd.': 'Company', 'H.E.': 'Excellency' } }, recipient: Object.fromEntries(Object.entries(recipient).map(([k, v]) => [k, escapeMarkdown(v)])) };
    expect(t.render({ case: data, recipient }, md, 'en').body).toBe('[Company] Excellency\n');
  });

  it('records every field use with its line: expressions, helper arguments, conditions, sub-expressions, partials', () => {
    const file = writeTemplate(
      '---\nsubject: "{{upper case.name}}"\n---\nA {{recipient.title}}\n{{#if recipient.position}}{{recipient.position}}{{/if}}\n{{date case.detained "long"}} {{#if (eq recipient.country "UZ")}}x{{/if}}\n{{default recipient.org "none"}}\n{{> sign}}\n',
      { sign: '\n{{signer.name}}' },
    );
    expect(uses(file)).toEqual([
      'case.name@2',
      'recipient.title@4',
      'recipient.position@5 (guarded)',
      'recipient.position@5 (guarded)',
      'case.detained@6',
      'recipient.country@6 (guarded)',
      'recipient.org@7 (guarded)',
      'signer.name@2',
    ]);
  });

  it('does not check paths inside #each/#with, which refer to another context, but does check @root paths', () => {
    const file = writeTemplate('{{#each case.charges}}{{this}} {{name}} {{@index}} {{@root.case.name}}{{/each}}\n');
    expect(uses(file)).toEqual(['case.charges@1 (guarded)', 'case.name@1']);
  });

  it('names unknown helpers, partials and fields, with a suggestion', () => {
    expect(problems(() => loadTemplate(writeTemplate('{{dat case.detained "long"}}\n')))).toEqual(['letter.hbs:1: unknown helper "dat"']);
    expect(problems(() => loadTemplate(writeTemplate('x\n{{> sig}}\n', { sign: 'x' })))).toEqual(['letter.hbs:2: unknown partial "sig"']);
    expect(problems(() => loadTemplate(writeTemplate('{{recipent.name}}\n')))).toEqual(['letter.hbs:1: unknown field "recipent.name"']);
    expect(suggest('recipent', ['case', 'recipient', 'signer'])).toBe(' (did you mean "recipient"?)');
    expect(suggest('zzz', ['case', 'recipient'])).toBe('');
    expect(suggest('ask_NL', ['ask', 'ask_nl'])).toBe(' (did you mean "ask_nl"?)'); // (only the capitals differ)
    expect(suggest('ask', ['ask', 'ask_nl'])).toBe('');
  });

  it('says where an unknown partial belongs, from a partial too, or which one was meant', () => {
    const hint = (f: string) => inputError(() => loadTemplate(f)).problems.map((p) => p.hint);
    const alone = writeTemplate('x\n{{> footer}}\n');
    expect(hint(alone)).toEqual([`write it in ${path.join(path.dirname(alone), 'partials', 'footer.hbs')} (a folder "partials" beside the template)`]);
    const nested = writeTemplate('x\n{{> sign}}\n', { sign: '{{> footer}}' });
    expect(hint(nested)).toEqual([`write it in ${path.join(path.dirname(nested), 'partials', 'footer.hbs')}`]);
    const near = writeTemplate('x\n{{> sig}}\n', { sign: 'x' });
    expect(hint(near)).toEqual([`did you mean "sign" (${path.join(path.dirname(near), 'partials', 'sign.hbs')})?`]);
  });

  it('reports syntax errors at the template line, counting the front matter, and in partials at their own line', () => {
    expect(problems(() => loadTemplate(writeTemplate('---\nsubject: S\n---\nOne\n{{#if case.name}}\n')))[0]).toMatch(/^letter\.hbs:\d+: template syntax error/);
    expect(problems(() => loadTemplate(writeTemplate('---\nsubject: S\n---\nOne\nTwo {{case.name\n')))[0]).toMatch(/^letter\.hbs:5: template syntax error/);
    expect(problems(() => loadTemplate(writeTemplate('---\nsubject: "{{#if}}"\n---\nx\n')))[0]).toMatch(/^letter\.hbs:2: /);
    expect(problems(() => loadTemplate(writeTemplate('{{> p}}\n', { p: 'ok\n{{#if x}}\n' })))[0]).toMatch(/^p\.hbs:\d+: template syntax error/);
    expect(problems(() => loadTemplate(writeTemplate('{{#if a}}x{{/each}}\n')))[0]).toMatch(/^letter\.hbs:1: template syntax error: \{\{#if\}\} is closed by \{\{\/each\}\}/);
    // The parser's own words ("Expecting 'CLOSE_RAW_BLOCK', ..., got 'INVALID'") said for a person.
    expect(problems(() => loadTemplate(writeTemplate('Dear {{case.name}, hello\n')))[0]).toContain('letter.hbs:1: template syntax error: a {{ }} is not closed with }}');
    expect(problems(() => loadTemplate(writeTemplate('a {{ }} b\n')))[0]).toContain('template syntax error: a {{ }} is empty, or has one brace too many or too few');
  });

  it('refuses helpers with the wrong number of values, {{eq}} outside a condition and unknown date styles', () => {
    expect(problems(() => loadTemplate(writeTemplate('{{upper}}\n{{default recipient.title}}\n{{salutation "Hi"}}\n')))).toEqual([
      'letter.hbs:1: {{upper}} takes 1 value, got 0',
      'letter.hbs:2: {{default}} takes 2 values, got 1',
      'letter.hbs:3: {{salutation}} takes 0 values, got 1',
    ]);
    expect(problems(() => loadTemplate(writeTemplate('{{eq recipient.country "UZ"}}\n')))).toEqual(['letter.hbs:1: {{eq}} gives true or false, which a letter should not print']);
    expect(problems(() => loadTemplate(writeTemplate('{{date case.detained "lnog"}}\n')))).toEqual(['letter.hbs:1: unknown date style "lnog" (did you mean "long"?)']);
    expect(problems(() => loadTemplate(writeTemplate('{{if case.name}}\n')))).toEqual(['letter.hbs:1: {{if}} is a block: write {{#if ...}}...{{/if}}']);
    expect(problems(() => loadTemplate(writeTemplate('{{recipient.Last Name}}\n')))).toEqual(['letter.hbs:1: "{{recipient.Last ...}}": a field name has no spaces']);
  });

  it('records what the template does with each value', () => {
    const file = writeTemplate('{{case}} {{date case.detained}} {{#if (eq recipient.country "UZ")}}{{/if}} {{#each case.list}}{{/each}}\n');
    expect(loadTemplate(file).uses.map((u) => `${u.root}.${u.field}:${u.role}`)).toEqual([
      'case.:text',
      'case.detained:date',
      'recipient.country:condition',
      'case.list:list',
    ]);
  });

  it('refuses unknown or invalid front matter keys, naming the line', () => {
    expect(problems(() => loadTemplate(writeTemplate('---\nsubject: S\nsubjct: T\n---\nx\n')))).toEqual(['letter.hbs:3: unknown front matter key "subjct"']);
    expect(problems(() => loadTemplate(writeTemplate('---\npaper: a5\n---\nx\n')))).toEqual(['letter.hbs:2: front matter "paper" must be "a4" or "letter"']);
    expect(problems(() => loadTemplate(writeTemplate('---\nfor: retired\n---\nx\n')))[0]).toMatch(/^letter\.hbs:2: front matter "for" must be/);
    expect(problems(() => loadTemplate(writeTemplate('---\nwindow: middle\n---\nx\n')))).toEqual(['letter.hbs:2: front matter "window" must be "left" (DIN 5008) or "right" (French, Swiss, Belgian window envelopes)']);
    expect(problems(() => loadTemplate(writeTemplate('---\npaper: letter\nwindow: right\n---\nx\n')))).toEqual(['letter.hbs:3: front matter "window: right" is for A4: US Letter has one window position (a #10 envelope\'s, on the left)']);
    expect(loadTemplate(writeTemplate('---\nwindow: right\n---\nx\n')).window).toBe('right');
    expect(problems(() => loadTemplate(writeTemplate('---\nsubject: S\nx\n')))).toEqual(['letter.hbs:1: front matter is not closed']);
  });

  it('a template without front matter is all body, from line 1', () => {
    const t = loadTemplate(writeTemplate('Hello {{case.name}}\n'));
    expect(t.uses.map((u) => u.location.line)).toEqual([1]);
    expect(t.statuses).toEqual(['active']);
  });
});

describe('wordsLanguage (a template that says no language)', () => {
  const texts: Record<string, string> = {
    "es": "Estimado Señor Presidente:\n\nLe escribo para expresar mi profunda preocupación por {{case.name}}, un poeta detenido el {{date case.detained \"long\"}} en su casa de la región de Bujará por agentes del Servicio de Seguridad Nacional. Sus poemas fueron confiscados y se le acusa de \"{{case.charges}}\".\n\nLe pido que garantice que no sea sometido a malos tratos y que tenga acceso a su familia y a un abogado de su elección.\n\nAtentamente,\n",
    "pt": "Excelentíssimo Senhor Presidente,\n\nEscrevo para expressar a minha profunda preocupação com {{case.name}}, um poeta detido em {{date case.detained \"long\"}} na sua casa, na região de Bukhara, por agentes do Serviço de Segurança Nacional. Os seus poemas foram confiscados e ele foi acusado de \"{{case.charges}}\".\n\nPeço a Vossa Excelência que garanta que ele não seja submetido a maus-tratos e que tenha acesso à família e a um advogado.\n\nCom os melhores cumprimentos,\n",
    "it": "Gentile Signora Presidente,\n\nLe scrivo in merito alla situazione di {{case.name}}, detenuto dal {{date case.detained \"long\"}}. Chiedo il suo rilascio immediato e incondizionato, e che nel frattempo abbia accesso a un avvocato e alla sua famiglia.\n\nDistinti saluti,\n",
    "ca": "Senyor President,\n\nLi escric per expressar la meva profunda preocupació per {{case.name}}, un poeta detingut el {{date case.detained \"long\"}} a casa seva, a la regió de Bukhara, per agents del Servei de Seguretat Nacional. Els seus poemes van ser confiscats i se l'acusa de \"{{case.charges}}\", segons sembla després de publicar poemes crítics amb el govern.\n\nLi demano que garanteixi que no sigui sotmès a maltractaments i que tingui accés regular a la seva família, a un advocat de la seva elecció i a l'atenció mèdica que necessiti.\n\nResto a l'espera de la seva resposta.\n",
    "gl": "Señor Presidente,\n\nEscríbolle para expresar a miña profunda preocupación por {{case.name}}, un poeta detido o {{date case.detained \"long\"}} na súa casa da rexión de Bukhara por axentes do Servizo de Seguridade Nacional. Os seus poemas foron confiscados e foi acusado de \"{{case.charges}}\".\n\nPídolle que garanta que non sexa sometido a malos tratos e que teña acceso á súa familia e a un avogado da súa elección.\n\nQuedo á espera da súa resposta.\n",
    "en_es": "Dear Minister,\n\nI am writing about {{case.name}}, detained since {{date case.detained \"long\"}}. Article 1 of Law 1055 reads: \"Los nicaragüenses que encabecen o financien un golpe de estado, que alteren el orden constitucional, que fomenten o insten a actos terroristas, que realicen actos que menoscaben la independencia, la soberanía y la autodeterminación, que inciten a la injerencia extranjera en los asuntos internos, pidan intervenciones militares, se organicen con financiamiento de potencias extranjeras para ejecutar actos de terrorismo y desestabilización, que propongan y gestionen bloqueos económicos, comerciales y de operaciones financieras en contra del país y sus instituciones... serán Traidores a la Patria\".\n\n{{case.ask}}\n\nYours sincerely,\n"
};
  it('names the language of a letter written in one: Spanish, Portuguese, Italian', () => {
    expect([texts.es, texts.pt, texts.it].map((t) => wordsLanguage(t!))).toEqual(['es', 'pt', 'it']);
  });
  it('names none where it is not sure: English (a Spanish law quoted in it), Catalan and Galician (not Spanish or Portuguese)', () => {
    for (const file of ['letter-of-concern.hbs', 'thank-you.hbs']) expect(wordsLanguage(readFileSync(path.join('letter-templates', file), 'utf8'))).toBeUndefined();
    expect([texts.en_es, texts.ca, texts.gl].map((t) => wordsLanguage(t!))).toEqual([undefined, undefined, undefined]);
  });
});
