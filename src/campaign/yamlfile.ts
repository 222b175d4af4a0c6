import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { InputError, type Location } from '../errors.js';
import { unreadable } from '../suggest.js';

/** A parsed YAML (or JSON, which is YAML) file that can say on which line a field is. */
export interface YamlFile {
  file: string;
  data: unknown;
  /** Location of the value at `path` (or of the nearest parent that exists). */
  locate(path: (string | number)[]): Location;
}

export function readYamlFile(file: string, what: string): YamlFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError({
      location: { file },
      message: `cannot read ${what}: ${unreadable(err, file)}`,
      hint: `check the path: it is from the folder letters runs in (${process.cwd()})`,
    });
  }
  return parseYamlText(text.replace(/^\uFEFF/, ''), file, what);
}

export function parseYamlText(text: string, file: string, what: string, firstLine = 1): YamlFile {
  const lineCounter = new LineCounter();
  // Failsafe schema: every scalar stays the text the user wrote (postcode 01234, year 2001).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'failsafe' });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  const first = doc.errors[0];
  if (first?.code === 'DUPLICATE_KEY') {
    const key = /^\s*(?:-\s+)?("[^"]*"|'[^']*'|[^:#]+?)\s*:/.exec(text.slice(first.pos[0]).split('\n')[0] ?? '')?.[1];
    throw new InputError({
      location: { file, line: lineOf(first.pos[0]) },
      message: `${what} has ${key ? `"${key.replace(/^["']|["']$/g, '')}:"` : 'a field'} twice`,
      hint: 'keep one of them (the first would be lost without a word)',
    });
  }
  if (first) {
    const line = lineOf(first.pos[0]);
    throw new InputError({
      location: { file, line },
      message: `${what} is not valid YAML: ${first.message.split('\n')[0]}`,
      hint: quotingHint(text.split('\n')[line - firstLine] ?? ''),
    });
  }
  return {
    file,
    data: doc.toJS(),
    locate(path) {
      return { file, line: lineOf(nodeOffset(doc, path)) };
    },
  };
}

/**
 * What to do about a line YAML could not read, in words: the parser's own ("Unexpected scalar at
 * node end") name its grammar, not the quote that ended a value early, nor the tab.
 */
function quotingHint(line: string): string {
  // A tab looks like spaces in most editors.
  if (/^ *\t/.test(line)) return 'this line starts with a tab, which YAML does not take for indentation: replace it with spaces (two for each level)';
  const m = /^(\s*(?:-\s+)?[^:#'"]+?):\s+(.*)$/.exec(line);
  const [key, value] = m ? [m[1]!.trim(), m[2]!.trim()] : ['', ''];
  const example = (v: string) => `${key}: '${v.replace(/'/g, "''")}'`;
  // A value that starts with a quote and goes on after it: charges: "treason" and "espionage"
  if (/^"[^"]*"\s*\S/.test(value) || /^'(?:[^']|'')*'\s*\S/.test(value)) {
    const whole = value.replace(/^'|'$/g, '');
    return `the value starts with a quote, so YAML ends it at the next one: put the whole value in single quotes, with each ' in it written twice: ${example(whole)}`;
  }
  if (value.includes(': ')) return `a value with ": " in it needs quotes: ${example(value)}`;
  return 'check indentation and quoting; values with ": " or starting with a quote or "{" need quotes';
}

function nodeOffset(doc: Document, path: (string | number)[]): number {
  for (let n = path.length; n > 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** The value at `path` inside parsed data, or undefined. */
export function valueAt(data: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), data);
}
