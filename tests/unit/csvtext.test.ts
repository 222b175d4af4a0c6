import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRecords, quickRecords } from '../../src/campaign/csvtext.js';

const byCsvParse = (text: string, delimiter: string): string[][] | 'error' => {
  try {
    return parse(text, { delimiter, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch {
    return 'error';
  }
};

/** Texts of random pieces of CSV, the same ones every run (a seeded generator). */
function* randomTexts(count: number, pieces: string[], longest: number): Generator<[string, string]> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
  for (let k = 0; k < count; k++) {
    let text = '';
    const length = Math.floor(next() * longest);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
    yield [text, next() < 0.8 ? ',' : ';'];
  }
}

describe('csvRecords', () => {
  it('reads what csv-parse reads, the same records, whenever it reads a text itself', () => {
    let quick = 0;
    const texts = [
      ...randomTexts(20000, ['a', 'b', ',', ';', '"', '\n', ' ', 'é', '\t', '""', '"a"', ',""'], 14),
      ...randomTexts(20000, ['a', ',', ';', '"x, y"', '""', '\n', '\n\n', ' ', 'ß', '"a""b"', '"a\nb"', ',,', '""""'], 40),
    ];
    for (const [text, delimiter] of texts) {
      const records = quickRecords(text, delimiter);
      if (records === undefined) continue;
      quick++;
      expect(records, JSON.stringify(text)).toEqual(byCsvParse(text, delimiter));
    }
    expect(quick).toBeGreaterThan(5000); // (the comparison above is not empty)
  });

  it('reads a list as spreadsheets write it itself, and leaves the rest to csv-parse', () => {
    const list = 'name,address,city\n"Karimov, Islam","1 Main St\nFloor 2",Tashkent\n\nSmith,"12 ""Elm"" Road",\n';
    expect(quickRecords(list, ',')).toEqual([
      ['name', 'address', 'city'],
      ['Karimov, Islam', '1 Main St\nFloor 2', 'Tashkent'],
      ['Smith', '12 "Elm" Road', ''],
    ]);
    expect(csvRecords(list, ',')).toEqual(byCsvParse(list, ','));
    // Carriage returns, a stray quote, a quote never closed: csv-parse's reading, or its error.
    expect(quickRecords('a,b\r\nc,d', ',')).toBeUndefined();
    expect(csvRecords('a,b\r\nc,d', ',')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(quickRecords('a,b "c" d', ',')).toBeUndefined();
    expect(() => csvRecords('a,b "c" d', ',')).toThrow(/Invalid Opening Quote/i);
    expect(() => csvRecords('a,"b\nc,d', ',')).toThrow(/Quote Not Closed/i);
    expect(() => csvRecords('"a"b,c', ',')).toThrow(/Invalid Closing Quote/i);
  });
});
