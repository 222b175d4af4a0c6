import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src/campaign/case.js';
import { checkFieldUses } from '../../src/campaign/fields.js';
import type { RecipientList } from '../../src/campaign/recipients.js';
import { loadTemplate, type LetterTemplate } from '../../src/campaign/template.js';
import { letterRenderer } from '../../src/render/letter.js';
import { TemplateValueError } from '../../src/render/helpers.js';
import { escapeMarkdown, parseMarkdown } from '../../src/render/markdown.js';
import { stableHash, variantDecoder } from '../../src/render/variant.js';
import { inputError } from '../helpers/errors.js';
import { writeTemplate } from '../helpers/template.js';

const load = (text: string, partials: Record<string, string> = {}) => loadTemplate(writeTemplate(text, partials));

function problems(text: string, partials: Record<string, string> = {}): string[] {
  return inputError(() => load(text, partials)).problems.map((p) => `${path.basename(p.location?.file ?? '')}:${p.location?.line ?? ''}: ${p.message}`);
}
const hints = (text: string) => inputError(() => load(text)).problems.map((p) => p.hint ?? '');

const recipient = { name: 'X*Y', salutation: 'Dear Minister', title: '' };
const context = { case: { name: 'Yusuf' }, recipient, today: '2025-01-01' };
const markdownContext = { case: { name: 'Yusuf' }, recipient: { name: escapeMarkdown('X*Y'), salutation: 'Dear Minister', title: '' }, today: '2025-01-01' };

const body = (t: LetterTemplate, variant: number) => t.render(context, markdownContext, 'en-GB', variant).body;
const bodies = (t: LetterTemplate) => Array.from({ length: t.variations }, (_, v) => body(t, v));

describe('{{#vary}}: choosing a wording', () => {
  const threeTwoTwo = '{{#vary}}A1{{or}}A2{{or}}A3{{/vary}} {{#vary}}B1{{or}}B2{{/vary}} {{#vary}}C1{{or}}C2{{/vary}}\n';

  it('counts the variations: the product of the blocks\' wordings, 1 without blocks', () => {
    expect(load(threeTwoTwo).variations).toBe(12);
    expect(load('No variation {{case.name}}\n').variations).toBe(1);
  });

  it('gives the same text for the same variant, and variant 0 by default', () => {
    const t = load(threeTwoTwo);
    for (const v of [0, 1, 7, 11, 12, 4_294_967_295]) expect(body(t, v)).toBe(body(t, v));
    expect(t.render(context, markdownContext, 'en-GB')).toEqual(t.render(context, markdownContext, 'en-GB', 0));
    expect(body(t, 5)).toBe(body(t, 5 + t.variations));
  });

  it('gives a different text for each of `variations` consecutive variants, from any start', () => {
    const t = load(threeTwoTwo);
    const all = bodies(t);
    expect(new Set(all).size).toBe(12);
    expect(new Set(Array.from({ length: 12 }, (_, i) => body(t, 1_000_003 + i))).size).toBe(12);
    for (const b of all) expect(b).toMatch(/^A[123] B[12] C[12]\n$/);
  });

  it('makes neighbouring variants differ in more than the first block', () => {
    const t = load(threeTwoTwo);
    const all = bodies(t).map((b) => b.trim().split(' '));
    const changed = all.slice(1).map((b, i) => b.filter((w, j) => w !== all[i]![j]).length);
    expect(changed.every((n) => n >= 1)).toBe(true);
    expect(changed.filter((n) => n >= 2).length).toBeGreaterThanOrEqual(changed.length / 2);
  });

  it('nests: a {{#vary}} inside a wording is a block of its own', () => {
    const t = load('{{#vary}}A{{#vary}}1{{or}}2{{/vary}}{{or}}B{{/vary}}.\n');
    expect(t.variations).toBe(4);
    expect(new Set(bodies(t))).toEqual(new Set(['A1.\n', 'A2.\n', 'B.\n']));
  });

  it('renders fields, helpers and {{#if}} inside the wordings, with data values escaped as everywhere', () => {
    const t = load('{{#vary}}Dear **{{recipient.name}}**{{or}}To {{upper recipient.name}}{{#if recipient.title}}, {{recipient.title}}{{/if}}{{/vary}}.\n');
    expect(new Set(bodies(t))).toEqual(new Set(['Dear **X\\*Y**.\n', 'To X\\*Y.\n']));
    expect(parseMarkdown(bodies(t).find((b) => b.startsWith('Dear'))!)).toEqual([
      { kind: 'paragraph', runs: [{ text: 'Dear ' }, { text: 'X*Y', bold: true }, { text: '.' }] },
    ]);
  });

  it('takes whole paragraphs as wordings: {{or}} alone on its line goes with its line', () => {
    const t = load(
      'Intro.\n\n{{#vary}}\nFirst, one.\n\nFirst, two.\n{{or}}\nSecond, for {{recipient.name}}.\n  {{or}}  \n- a list\n- of two\n{{/vary}}\n\nEnd.\n',
    );
    expect(bodies(t)).toEqual([
      'Intro.\n\nFirst, one.\n\nFirst, two.\n\nEnd.\n',
      'Intro.\n\n- a list\n- of two\n\nEnd.\n',
      'Intro.\n\nSecond, for X\\*Y.\n\nEnd.\n',
    ]);
    expect(parseMarkdown(body(t, 0)).map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect(parseMarkdown(body(t, 1)).map((b) => b.kind)).toEqual(['paragraph', 'list', 'paragraph']);
  });

  it('keeps a sentence-level {{or}} with its neighbours on the line, and allows an empty wording', () => {
    const t = load('I {{#vary}}{{or}}respectfully {{/vary}}urge you.\n');
    expect(new Set(bodies(t))).toEqual(new Set(['I urge you.\n', 'I respectfully urge you.\n']));
    const lines = load('A\n{{#vary}}x\n{{or}} y{{/vary}}\n');
    expect(new Set(bodies(lines))).toEqual(new Set(['A\nx\n\n', 'A\n y\n']));
  });

  it('works in the subject, salutation and closing, each block chosen independently', () => {
    const t = load(
      '---\nsubject: "{{#vary}}About {{case.name}}{{or}}Concerning {{case.name}}{{/vary}}"\nsalutation: "{{#vary}}{{salutation}},{{or}}Dear Sir or Madam,{{/vary}}"\nclosing: "{{#vary}}Yours sincerely,{{or}}Yours faithfully,{{/vary}}"\n---\n{{#vary}}a{{or}}b{{/vary}}\n',
    );
    expect(t.variations).toBe(16);
    const all = Array.from({ length: 16 }, (_, v) => t.render(context, markdownContext, 'en-GB', v));
    expect(new Set(all.map((p) => JSON.stringify(p))).size).toBe(16);
    expect(new Set(all.map((p) => p.subject))).toEqual(new Set(['About Yusuf', 'Concerning Yusuf']));
    expect(new Set(all.map((p) => p.salutation))).toEqual(new Set(['Dear Minister,', 'Dear Sir or Madam,']));
    expect(new Set(all.map((p) => p.closing))).toEqual(new Set(['Yours sincerely,', 'Yours faithfully,']));
  });

  it('works in partials and inside {{#each}}', () => {
    const t = load('{{> p}} {{#each case.list}}{{#vary}}[{{this}}]{{or}}({{this}}){{/vary}}{{/each}}\n', { p: '{{#vary}}P1{{or}}P2{{/vary}}' });
    expect(t.variations).toBe(4);
    const ctx = { case: { list: ['a', 'b'] } };
    const out = new Set(Array.from({ length: 4 }, (_, v) => t.render(ctx, ctx, 'en-GB', v).body));
    expect(out).toEqual(new Set(['P1 [a][b]\n', 'P1 (a)(b)\n', 'P2 [a][b]\n', 'P2 (a)(b)\n']));
  });

  it('reports a value error inside a wording at its line in the template file', () => {
    const t = load('---\nsubject: S\n---\n{{#vary}}\nfine\n{{or}}\nsince {{date case.name}}\n{{/vary}}\n');
    const lines = [0, 1].map((v) => {
      try {
        body(t, v);
        return 'ok';
      } catch (err) {
        return err instanceof TemplateValueError ? err.templateLine : err;
      }
    });
    expect(lines.sort()).toEqual([7, 'ok']); // line 7: "since {{date case.name}}"
  });

  it('refuses a variant that is not a non-negative whole number', () => {
    const t = load('{{#vary}}a{{or}}b{{/vary}}\n');
    expect(() => body(t, -1)).toThrow(RangeError);
    expect(() => body(t, 1.5)).toThrow(RangeError);
  });
});

describe('{{#vary}}: errors', () => {
  it('refuses {{or}} outside a {{#vary}}, also inside an {{#if}} within one, at the {{or}}\'s line', () => {
    expect(problems('---\nsubject: S\n---\nOne\nA {{or}} B\n')).toEqual(['letter.hbs:5: {{or}} outside a {{#vary}}']);
    expect(problems('{{#vary}}\na\n{{#if case.x}}b{{or}}c{{/if}}\n{{or}}\nd\n{{/vary}}\n')).toEqual(['letter.hbs:3: {{or}} outside a {{#vary}}']);
    expect(problems('{{#or}}x{{/or}}\n')).toEqual(['letter.hbs:1: {{or}} is not a block: it separates the wordings of a {{#vary}}']);
  });

  it('refuses a {{#vary}} with one wording, with a hint', () => {
    expect(problems('---\nsubject: S\n---\nOne\n\n{{#vary}}\nonly this\n{{/vary}}\n')).toEqual(['letter.hbs:6: {{#vary}} has only one wording']);
    expect(hints('{{#vary}}only{{/vary}}\n')[0]).toContain('separate two or more wordings with {{or}}');
  });

  it('refuses values, {{else}}, {{^vary}}, {{vary}} without #, and {{or}} with values', () => {
    expect(problems('x\n{{#vary recipient.name}}a{{or}}b{{/vary}}\n')).toEqual(['letter.hbs:2: {{#vary}} takes no values']);
    expect(problems('{{#vary}}\na\n{{or}}\nb\n{{else}}\nc\n{{/vary}}\n')).toEqual(['letter.hbs:5: {{else}} inside {{#vary}}: the wordings are separated by {{or}}']);
    expect(problems('{{^vary}}a{{/vary}}\n')).toEqual(['letter.hbs:1: {{^vary}} is not a block: write {{#vary}}']);
    expect(problems('a\n{{vary}}\n')).toEqual(['letter.hbs:2: {{vary}} is a block: write {{#vary}}...{{or}}...{{/vary}}']);
    expect(problems('{{#vary}}a{{or "x"}}b{{/vary}}\n')).toEqual(['letter.hbs:1: {{or}} takes no values']);
  });

  it('reports errors in a front matter part at its line, and in nested blocks and partials', () => {
    expect(problems('---\nsubject: S\nclosing: "{{#vary}}Yours{{/vary}}"\n---\nx\n')).toEqual(['letter.hbs:3: {{#vary}} has only one wording']);
    expect(problems('{{#vary}}a\n{{#vary}}b{{/vary}}{{or}}c{{/vary}}\n')).toEqual(['letter.hbs:2: {{#vary}} has only one wording']);
    expect(problems('{{> p}}\n', { p: 'x\ny {{or}} z' })).toEqual(['p.hbs:2: {{or}} outside a {{#vary}}']);
  });

  it('names #vary among the helpers of an unknown helper, and suggests it', () => {
    expect(problems('{{#vray}}a{{or}}b{{/vray}}\n')).toContain('letter.hbs:1: unknown helper "vray"');
    expect(hints('{{#vray}}a{{/vray}}\n')[0]).toMatch(/#vary \(with \{\{or\}\}\).*did you mean "vary"/);
    expect(problems('{{__choice 0 0}}\n')).toEqual(['letter.hbs:1: unknown helper "__choice"']);
  });
});

describe('{{#vary}}: field checks', () => {
  const caseFile = { file: 'case.yaml', id: 'c', name: 'C', country: 'Uzbekistan', status: 'active', data: { name: 'C' }, locate: () => ({ file: 'case.yaml' }) } as unknown as CaseFile;
  const row = (line: number, values: Record<string, string>) => ({ index: line - 1, line, values });
  const list = (rows: ReturnType<typeof row>[]): RecipientList => ({ file: 'r.csv', columns: ['name', 'title'], headers: { name: 'name', title: 'title' }, rows });

  it('records the fields of every wording, unguarded unless inside their own {{#if}}', () => {
    const t = load('{{#vary}}\n{{recipient.name}}\n{{or}}\n{{recipient.position}} {{#if recipient.title}}{{recipient.title}}{{/if}}\n{{/vary}}\n');
    expect(t.uses.map((u) => `${u.root}.${u.field}@${u.location.line}${u.guarded ? ' (guarded)' : ''}`)).toEqual([
      'recipient.name@2',
      'recipient.position@4',
      'recipient.title@4 (guarded)',
      'recipient.title@4 (guarded)',
    ]);
  });

  it('reports a column the CSV lacks in the second wording, and an empty value printed in any wording', () => {
    const t = load('For {{#vary}}{{recipient.name}}{{or}}\n{{recipient.positon}}{{/vary}}\n');
    const rows = [row(2, { name: 'A', title: '' }), row(3, { name: '', title: '' })];
    expect(checkFieldUses(t.uses, { caseFile, recipients: list(rows), rows }).map((p) => `${p.location?.file}:${p.location?.line}: ${p.message}`)).toEqual([
      'r.csv:3: "name" is empty, but the template prints recipient.name (' + t.file + ':1)',
      `${t.file}:2: the template uses recipient.positon, but r.csv has no column "positon"`,
    ]);
  });
});

describe('variantDecoder', () => {
  it('maps any `variations` consecutive variants to different choices, each within its block', () => {
    for (const counts of [[3, 2, 2], [2, 3, 5, 7], [4, 4], [6, 10, 15], [2], [1, 3, 1], [5, 5, 5, 5]]) {
      const d = variantDecoder(counts);
      expect(d.variations).toBe(counts.reduce((a, b) => a * b, 1));
      for (const start of [0, 17, 4_294_967_290]) {
        const seen = new Set<string>();
        let inRange = true;
        for (let v = start; v < start + d.variations; v++) {
          const c = d.choices(v);
          inRange &&= c.length === counts.length && c.every((k, i) => Number.isInteger(k) && k >= 0 && k < counts[i]!);
          seen.add(c.join(','));
        }
        expect(inRange).toBe(true);
        expect(seen.size).toBe(d.variations);
      }
    }
  });

  it('has one variation and no choices without blocks, and handles more variations than 2^53', () => {
    expect(variantDecoder([]).variations).toBe(1);
    expect(variantDecoder([]).choices(123)).toEqual([]);
    const big = variantDecoder(Array.from({ length: 40 }, () => 3));
    expect(big.variations).toBeGreaterThan(2 ** 53);
    expect(big.choices(1)).not.toEqual(big.choices(2));
    expect(big.choices(1)).toEqual(big.choices(1));
  });
});

describe('stableHash', () => {
  it('is a 32-bit unsigned number, the same on every run, and tells the parts apart', () => {
    const h = stableHash('yusuf-dzhumaev', '1');
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
    expect(stableHash('yusuf-dzhumaev', '1')).toBe(h);
    expect(stableHash('ab', 'c')).not.toBe(stableHash('a', 'bc'));
    expect(stableHash('yusuf-dzhumaev', '2')).not.toBe(h);
    expect(stableHash('')).toBe(stableHash(''));
    expect(stableHash('')).not.toBe(stableHash());
  });
});

describe('letterRenderer and variants', () => {
  const template = load('I {{#vary}}urge{{or}}ask{{or}}call on{{/vary}} you {{#vary}}to act{{or}}to help{{/vary}} {{#vary}}now{{or}}today{{/vary}}.\n');
  const caseFile = { file: 'case.yaml', id: 'yusuf', name: 'Yusuf', country: 'Uzbekistan', status: 'active', data: { name: 'Yusuf' }, locate: () => ({ file: 'case.yaml' }) } as unknown as CaseFile;
  const render = letterRenderer({ caseFile, template, templates: new Map(), recipientsFile: 'r.csv', paper: 'a4', today: '2025-01-01' });
  const official = (index: number) => ({ index, line: index + 1, values: { name: `Official ${index}`, address_1: '1 Street', city: 'Tashkent', country: 'Uzbekistan' } });
  const text = (l: ReturnType<typeof render>) => l.body.map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : '')).join('\n');

  it('without a variant, picks one from the case id and the row: the same letter every run', () => {
    expect(text(render(official(3)))).toBe(text(render(official(3))));
    expect(text(render(official(3)))).toBe(text(render(official(3), stableHash('yusuf', '3'))));
    const all = new Set(Array.from({ length: 40 }, (_, i) => text(render(official(i + 1)))));
    expect(all.size).toBeGreaterThan(1);
  });

  it('with consecutive variants, gives one official `variations` different letters', () => {
    const base = stableHash('yusuf', '3');
    const letters = Array.from({ length: template.variations }, (_, i) => text(render(official(3), base + i)));
    expect(template.variations).toBe(12);
    expect(new Set(letters).size).toBe(12);
  });
});

describe('a personal note that is empty', () => {
  const t = load('First.\n\n{{#if signer.personal_note}}\n{{signer.personal_note}}\n{{/if}}\n\nLast.\n{{#if signer.personal_note}}{{signer.personal_note}}{{/if}}\n\nEnd.\n');
  const paragraphs = (note: string | undefined) => {
    const signer = note === undefined ? { name: 'A' } : { name: 'A', personal_note: note };
    const md = { signer: note === undefined ? signer : { ...signer, personal_note: escapeMarkdown(note) } };
    return parseMarkdown(t.render({ signer }, md, 'en-GB').body).map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind));
  };

  it('leaves no empty paragraph and no gap', () => {
    expect(paragraphs(undefined)).toEqual(['First.', 'Last.', 'End.']);
    expect(paragraphs('')).toEqual(['First.', 'Last.', 'End.']);
  });

  it('prints a note as its own paragraph, as text', () => {
    expect(paragraphs('I met *him* in 2019.')).toEqual(['First.', 'I met *him* in 2019.', 'Last. I met *him* in 2019.', 'End.']);
  });
});
