import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, runCli, sampleCampaign } from './helpers/cli.js';
import { MM, readPdf } from './helpers/pdf.js';

describe('letters render on the sample campaign', () => {
  let dir: string;
  let result: ReturnType<typeof runCli>;
  beforeAll(() => {
    dir = sampleCampaign();
    result = runCli(['render', 'cases/yusuf-dzhumaev.yaml', '--date', '2002-01-15'], dir);
  });

  it('writes one PDF per official and a manifest, and says so in one line', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote 7 letters \(7 pages\) to out\/yusuf-dzhumaev\/ in \d+\.\d s\n$/);
    const files = listFiles(path.join(dir, 'out/yusuf-dzhumaev'));
    expect(files).toHaveLength(8);
    expect(files).toContain('001-islam-karimov.pdf');
    expect(files).toContain('manifest.csv');
    const raw = readFileSync(path.join(dir, 'out/yusuf-dzhumaev/manifest.csv'), 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true); // Excel reads it as UTF-8
    const manifest = raw.slice(1).trim().split('\n');
    expect(manifest[0]).toBe('number,recipient,position,country,file,pages,made_from');
    expect(manifest[1]).toMatch(/^1,His Excellency Islam Karimov,President of the Republic of Uzbekistan,Uzbekistan,001-islam-karimov\.pdf,1,[0-9a-f]{8}$/);
    expect(manifest).toHaveLength(8);
  });

  it('prints the address in the DIN 5008 window and the letter text in order', async () => {
    const [page, ...rest] = await readPdf(path.join(dir, 'out/yusuf-dzhumaev/001-islam-karimov.pdf'));
    expect(rest).toHaveLength(0);
    expect(page!.width).toBeCloseTo(210 * MM, 0);
    const lines = page!.text.split('\n');
    const addressStart = lines.indexOf('His Excellency Islam Karimov');
    expect(lines.slice(addressStart, addressStart + 6)).toEqual([
      'His Excellency Islam Karimov',
      'President of the Republic of Uzbekistan',
      'Rezidentsiya Prezidenta',
      'ul. Uzbekistanskaya 43',
      '700163 Tashkent',
      'UZBEKISTAN',
    ]);
    const order = ['15 January 2002', 'Yusuf Dzhumaev, poet, detained since 23 October 2001', 'Your Excellency,', 'Yours sincerely,'];
    const positions = order.map((t) => lines.indexOf(t));
    expect(positions.every((p) => p > addressStart)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Window: 20 mm from the left, 45 mm from the top, 85 x 45 mm.
    for (const item of page!.items.filter((i) => lines.slice(addressStart, addressStart + 6).includes(i.str))) {
      expect(item.x).toBeGreaterThanOrEqual(20 * MM);
      expect(item.x + item.width).toBeLessThanOrEqual(105 * MM);
      expect(item.y - item.fontSize).toBeGreaterThanOrEqual(45 * MM + 17.7 * MM);
      expect(item.y).toBeLessThanOrEqual(90 * MM);
    }
  });
});
