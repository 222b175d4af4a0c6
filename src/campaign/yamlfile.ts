import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { InputError, type Location } from '../errors.js';

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
      message: `cannot read ${what}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
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
    throw new InputError({
      location: { file, line: lineOf(first.pos[0]) },
      message: `${what} is not valid YAML: ${first.message.split('\n')[0]}`,
      hint: 'check indentation and quoting; values with ": " or starting with "{" need quotes',
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
