import { describe, expect, it } from 'vitest';
import { escapeMarkdown, parseInline, parseMarkdown, runsText, unescapeMarkdown } from '../../src/render/markdown.js';

describe('parseMarkdown: blocks', () => {
  it('splits paragraphs on blank lines and joins the lines of a paragraph with one space', () => {
    expect(parseMarkdown('First line\n  second line\n\n\nNext paragraph.\n')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'First line second line' }] },
      { kind: 'paragraph', runs: [{ text: 'Next paragraph.' }] },
    ]);
  });

  it('treats CRLF like LF and whitespace-only lines as blank', () => {
    expect(parseMarkdown('One\r\ntwo\r\n   \r\nThree')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'One two' }] },
      { kind: 'paragraph', runs: [{ text: 'Three' }] },
    ]);
  });

  it('returns no blocks for an empty body', () => {
    expect(parseMarkdown('')).toEqual([]);
    expect(parseMarkdown('\n\n  \n')).toEqual([]);
  });

  const item = (text: string, marker = '•', depth = 0) => ({ runs: [{ text }], depth, marker });

  it('reads "- ", "* " and "+ " bullet lists; an indented line continues the item', () => {
    expect(parseMarkdown('- release him\n* drop the charges\n+ allow visits\n  by his family')).toEqual([
      { kind: 'list', items: [item('release him'), item('drop the charges'), item('allow visits by his family')] },
    ]);
  });

  it('numbers lists from their first number, and a nested bullet does not restart the numbers', () => {
    expect(parseMarkdown('1. first\n2. second\n   - nested\n3. third')).toEqual([
      { kind: 'list', items: [item('first', '1.'), item('second', '2.'), item('nested', '◦', 1), item('third', '3.')] },
    ]);
    expect(parseMarkdown('5. fifth\n6. sixth')).toEqual([{ kind: 'list', items: [item('fifth', '5.'), item('sixth', '6.')] }]);
  });

  it('ends a list at a blank line or an unindented line', () => {
    expect(parseMarkdown('Intro.\n\n- a\n- b\nAfter.')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'Intro.' }] },
      { kind: 'list', items: [item('a'), item('b')] },
      { kind: 'paragraph', runs: [{ text: 'After.' }] },
    ]);
  });

  it('starts a bullet list right under a paragraph line, but not a number other than 1', () => {
    expect(parseMarkdown('We ask you to:\n- release him')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'We ask you to:' }] },
      { kind: 'list', items: [item('release him')] },
    ]);
    expect(parseMarkdown('He was arrested in\n2001. He is held')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'He was arrested in 2001. He is held' }] },
    ]);
  });

  it('applies inline markup inside list items', () => {
    expect(parseMarkdown('- **now**, and *unconditionally*')).toEqual([
      {
        kind: 'list',
        items: [{ depth: 0, marker: '•', runs: [{ text: 'now', bold: true }, { text: ', and ' }, { text: 'unconditionally', italic: true }] }],
      },
    ]);
  });
});

describe('parseInline', () => {
  it('reads **bold**, *italic* and _italic_', () => {
    expect(parseInline('a **b** c *d* e _f_ g')).toEqual([
      { text: 'a ' },
      { text: 'b', bold: true },
      { text: ' c ' },
      { text: 'd', italic: true },
      { text: ' e ' },
      { text: 'f', italic: true },
      { text: ' g' },
    ]);
  });

  it('nests italic in bold and bold in italic', () => {
    expect(parseInline('**a *b* c**')).toEqual([
      { text: 'a ', bold: true },
      { text: 'b', bold: true, italic: true },
      { text: ' c', bold: true },
    ]);
    expect(parseInline('***x***')).toEqual([{ text: 'x', bold: true, italic: true }]);
  });

  it('does not treat underscores inside words (snake_case) as emphasis', () => {
    expect(parseInline('see prison_name and case_id_2 here')).toEqual([{ text: 'see prison_name and case_id_2 here' }]);
  });

  it('prints an unclosed or spaced-out "*" literally', () => {
    expect(parseInline('*unclosed')).toEqual([{ text: '*unclosed' }]);
    expect(parseInline('x*')).toEqual([{ text: 'x*' }]);
    expect(parseInline('5 * 3 * 2 = 30')).toEqual([{ text: '5 * 3 * 2 = 30' }]);
    expect(parseInline('a*b')).toEqual([{ text: 'a*b' }]);
  });

  it('prints an unclosed "**" as text', () => {
    expect(parseInline('**Urgent')).toEqual([{ text: '**Urgent' }]);
    expect(parseInline('a ** b')).toEqual([{ text: 'a ** b' }]);
  });

  it('reads backslash escapes, and a trailing backslash prints as itself', () => {
    expect(parseInline('\\*not italic\\* \\_x\\_ a\\\\b')).toEqual([{ text: '*not italic* _x_ a\\b' }]);
    expect(parseInline('end\\')).toEqual([{ text: 'end\\' }]);
  });

  it('collapses runs of white space (including newlines) to one space', () => {
    expect(parseInline('a \n\t b')).toEqual([{ text: 'a b' }]);
  });

  it('merges adjacent runs with the same style', () => {
    expect(parseInline('a\\*b')).toEqual([{ text: 'a*b' }]);
    expect(runsText(parseInline('**a** plain *b*'))).toBe('a plain b');
  });
});

describe('escapeMarkdown: data values print as themselves', () => {
  const singleLine = [
    `O'Brien & Sons "Ltd" <HQ>`,
    'a*b*c',
    '__init__',
    '**not bold**',
    '*not italic*',
    '_not italic_',
    '- leading dash',
    '* leading star',
    '+ leading plus',
    '1. not a list',
    '12. not a list either',
    '# hash',
    '> not a quote',
    'back\\slash',
    'ends with a backslash\\',
    '\\*',
    '`code`',
    'prison_name_2',
    'Oʻzbekiston Respublikasi Prezidenti',
    'Ислам Каримов',
    '5 * 3 = 15',
    'Acme Ltd.',
    '1 мая 2024 г.',
    'etc...',
    '.5',
    '.',
    '...',
    '...and more',
    'C:\\.',
    '1) not a list',
    '',
  ];

  it.each(singleLine)('%j round-trips through parseInline and unescapeMarkdown', (s) => {
    expect(runsText(parseInline(escapeMarkdown(s)))).toBe(s);
    expect(unescapeMarkdown(escapeMarkdown(s))).toBe(s);
  });

  it.each(singleLine.filter((s) => s !== ''))('%j is one plain paragraph in a body', (s) => {
    expect(parseMarkdown(escapeMarkdown(s))).toEqual([{ kind: 'paragraph', runs: [{ text: s }] }]);
  });

  const multiLine = ['x\n- y', 'Mustaqillik 5\n1. Floor\n# 3\n> Tashkent', 'a*\n*b', '__x\n__y', 'a\n1) b'];

  it.each(multiLine)('multi-line %j keeps its text (line breaks become spaces) and never becomes a list', (s) => {
    const flat = s.replace(/\n/g, ' ');
    expect(runsText(parseInline(escapeMarkdown(s)))).toBe(flat);
    expect(unescapeMarkdown(escapeMarkdown(s))).toBe(s);
    expect(parseMarkdown(escapeMarkdown(s))).toEqual([{ kind: 'paragraph', runs: [{ text: flat }] }]);
  });

  it('escapes exactly the markup characters', () => {
    expect(escapeMarkdown('a*b_c`d\\e')).toBe('a\\*b\\_c\\`d\\\\e');
    expect(escapeMarkdown('- x\n  1. y\nplain - text 2. here')).toBe('\\- x\n  \\1. y\nplain - text 2. here');
    expect(escapeMarkdown(`O'Brien & Sons`)).toBe(`O'Brien & Sons`);
  });

  it('prints one full stop where a value ending in one is followed by the template\'s', () => {
    expect(runsText(parseInline(`arrested on ${escapeMarkdown('1 мая 2024 г.')}.`))).toBe('arrested on 1 мая 2024 г.');
    expect(runsText(parseInline(`to ${escapeMarkdown('Acme Ltd.')}. Then`))).toBe('to Acme Ltd. Then');
    expect(runsText(parseInline(`to ${escapeMarkdown('Acme Ltd.')}, then`))).toBe('to Acme Ltd., then');
    expect(runsText(parseInline(`${escapeMarkdown('and so on.')}..`))).toBe('and so on..');
    // The template's own full stops are its own business.
    expect(runsText(parseInline('Wait.. what'))).toBe('Wait.. what');
    expect(runsText(parseInline(`${escapeMarkdown('no stop')}.`))).toBe('no stop.');
    // After the markers that close the value's emphasis too.
    expect(parseInline(`to **${escapeMarkdown('Acme Ltd.')}**. Then`)).toEqual([{ text: 'to ' }, { text: 'Acme Ltd.', bold: true }, { text: ' Then' }]);
    expect(runsText(parseInline(`*${escapeMarkdown('Acme Ltd.')}*.`))).toBe('Acme Ltd.');
    // A full stop that starts the next value is the value's own.
    expect(runsText(parseInline(`${escapeMarkdown('1.')}${escapeMarkdown('.5')}`))).toBe('1..5');
    expect(runsText(parseInline(`${escapeMarkdown('etc.')}...`))).toBe('etc...');
    expect(runsText(parseInline(`${escapeMarkdown('...')}`))).toBe('...');
    expect(runsText(parseInline(`${escapeMarkdown('...')}.`))).toBe('...');
  });

  it('keeps a value literal inside the template\'s own markup: Dear **{{name}}**', () => {
    expect(parseInline(`Dear **${escapeMarkdown('A*B')}**`)).toEqual([{ text: 'Dear ' }, { text: 'A*B', bold: true }]);
    expect(parseInline(`Dear *${escapeMarkdown('snake_case')}*,`)).toEqual([
      { text: 'Dear ' },
      { text: 'snake_case', italic: true },
      { text: ',' },
    ]);
    expect(parseInline(`**${escapeMarkdown('trailing\\')}** done`)).toEqual([
      { text: 'trailing\\', bold: true },
      { text: ' done' },
    ]);
  });
});
