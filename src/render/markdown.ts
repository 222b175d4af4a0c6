/**
 * The small Markdown dialect of letter bodies: paragraphs (blank-line separated), **bold**,
 * *italic* / _italic_, bullet lists (`- `, `* `, `+ `), numbered lists (`1. `), and backslash
 * escapes. Data values are escaped with `escapeMarkdown` before they reach the template, so a `*`
 * or `_` in a name prints as itself: only the template's own text is markup.
 */

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** A list item: its text, how deep it is nested (0 = top level) and its printed marker ("•", "3."). */
export interface ListItem {
  runs: Run[];
  depth: number;
  marker: string;
}

export type Block = { kind: 'paragraph'; runs: Run[] } | { kind: 'list'; items: ListItem[] };

const INLINE_SPECIAL = /[\\*_`]/g;
const LINE_MARKER = /^(\s*)([-+#>]|\d+(?=[.)]))/;
/** What any of escapeMarkdown's changes would find: without it, a value is left as it is. */
const NEEDS_ESCAPING = /[\\*_`\n]|^\s*(?:[-+#>.]|\d+[.)])|\.$/;

/**
 * Makes a data value literal text in the dialect. A value's last full stop is written escaped,
 * so that the template's own full stop after it is not printed twice: "{{date arrested}}." in
 * Russian is "1 мая 2024 г.", not "г..", and "**{{organisation}}**." with "Acme Ltd." one stop.
 * The full stops a value starts with are escaped too, so that they are never taken for the
 * template's ("1." then ".5" print "1..5"; "..." stays three).
 */
export function escapeMarkdown(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value; // most values: every value of every row comes here
  let text = value
    .replace(INLINE_SPECIAL, '\\$&')
    .split('\n')
    .map((line) => line.replace(LINE_MARKER, (_m, ws: string, marker: string) => `${ws}\\${marker}`))
    .join('\n');
  text = text.replace(/^\.+/, (dots) => '\\.'.repeat(dots.length));
  // (Unless that last full stop is escaped already: an odd number of backslashes before it.)
  const last = /(\\*)\.$/.exec(text);
  return last && last[1]!.length % 2 === 0 ? `${text.slice(0, -1)}\\.` : text;
}

/** The inverse of `escapeMarkdown`, for helpers that need the value itself. */
export function unescapeMarkdown(value: string): string {
  return value.replace(/\\([\\*_`\-+#>0-9.])/g, '$1');
}

const ITEM = /^(\s*)(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;
const BULLETS = ['•', '◦', '▪'];

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] = [];
  let items: { depth: number; marker: string; text: string }[] = [];
  // Ordered-list counters per depth: "5." starts at 5, a nested bullet does not restart the numbers.
  let counters: (number | undefined)[] = [];

  const flushPara = () => {
    const runs = parseInline(para.map((l) => l.trim()).join(' '));
    if (runs.length) blocks.push({ kind: 'paragraph', runs });
    para = [];
  };
  const flushList = () => {
    if (items.length) blocks.push({ kind: 'list', items: items.map((i) => ({ runs: parseInline(i.text.trim()), depth: i.depth, marker: i.marker })) });
    items = [];
    counters = [];
  };

  for (const line of lines) {
    if (line.trim() === '') {
      if (para.length) flushPara();
      flushList();
      continue;
    }
    const m = ITEM.exec(line);
    // A numbered line inside a paragraph starts a list only at 1 ("2001. was the year" does not).
    const startsItem = m && (para.length === 0 || m[2] !== undefined || m[3] === '1');
    if (m && startsItem) {
      if (para.length) flushPara();
      const depth = Math.min(BULLETS.length - 1, Math.floor(m[1]!.replace(/\t/g, '    ').length / 2));
      counters.length = depth + 1;
      let marker: string;
      if (m[3] !== undefined) {
        const n = counters[depth] === undefined ? Number(m[3]) : counters[depth]! + 1;
        counters[depth] = n;
        marker = `${n}.`;
      } else {
        counters[depth] = undefined;
        marker = BULLETS[depth]!;
      }
      items.push({ depth, marker, text: m[4] ?? '' });
    } else if (items.length && /^\s+\S/.test(line)) {
      // An indented line continues the current list item.
      items[items.length - 1]!.text += ` ${line.trim()}`;
    } else {
      flushList();
      para.push(line);
    }
  }
  if (para.length) flushPara();
  flushList();
  return blocks;
}

/** Paragraphs parsed: the template's come back in every letter. Bounded, so memory stays flat. */
const parsed = new Map<string, Run[]>();
const MAX_PARSED = 1_000;

/**
 * Inline markup: `**bold**`, `*italic*`, `_italic_`, `\x` escapes. Unclosed markers print as
 * text. The runs are shared between letters with the same paragraph: they are never changed.
 */
export function parseInline(text: string): Run[] {
  let runs = parsed.get(text);
  if (!runs) {
    runs = parseRuns(text);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(text, runs);
  }
  return runs;
}

function parseRuns(text: string): Run[] {
  const runs: Run[] = [];
  let bold = false;
  let italic: '*' | '_' | null = null;
  let buf = '';
  const push = () => {
    if (buf) {
      const run: Run = { text: buf };
      if (bold) run.bold = true;
      if (italic) run.italic = true;
      const last = runs[runs.length - 1];
      if (last && !!last.bold === bold && !!last.italic === !!italic) last.text += buf;
      else runs.push(run);
    }
    buf = '';
  };
  // Is there an unescaped `marker` at or after `from`?
  const closes = (from: number, marker: string) => {
    for (let j = from; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text.startsWith(marker, j)) return true;
    }
    return false;
  };

  // A value's last full stop, escaped, is followed (after the markers that close its emphasis) by
  // the template's: that one is not printed.
  let skip = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (i === skip) continue;
    if (ch === '\\' && text[i + 1] === '.') {
      buf += '.';
      let j = ++i + 1;
      while (text[j] === '*' || text[j] === '_') j++;
      if (text[j] === '.') skip = j;
    } else if (ch === '\\' && i + 1 < text.length) {
      buf += text[++i];
    } else if (ch === '*' && text[i + 1] === '*' && (bold || closes(i + 2, '**'))) {
      push();
      bold = !bold;
      i++;
    } else if (ch === '*' && text[i + 1] === '*') {
      buf += '**'; // an unclosed "**" is text
      i++;
    } else if ((ch === '*' || ch === '_') && (italic === ch || (!italic && canOpen(text, i) && closes(i + 1, ch)))) {
      push();
      italic = italic ? null : ch;
    } else {
      buf += ch;
    }
  }
  push();
  // (A no-break space stays one: "«\u00a0El Watan\u00a0»", "20\u202f%" are not broken apart.)
  return runs.map((r) => ({ ...r, text: r.text.replace(/[^\S\u00a0\u202f\u2007]+/g, ' ') }));
}

/** `_` inside a word (snake_case) is not emphasis; neither is a marker followed by a space. */
function canOpen(text: string, i: number): boolean {
  const next = text[i + 1];
  if (next === undefined || /\s/.test(next)) return false;
  if (text[i] === '_' && i > 0 && /\w/.test(text[i - 1]!)) return false;
  return true;
}

/** Plain text of runs (for e-mail text parts, previews and checks). */
export function runsText(runs: Run[]): string {
  return runs.map((r) => r.text).join('');
}
