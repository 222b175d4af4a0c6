import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printCampaign, sortKey } from '../../src/print.js';
import { makeCampaign } from '../helpers/cli.js';
import { temporaryNames } from '../../src/output/files.js';
import { threadId } from 'node:worker_threads';

describe('printCampaign', () => {
  it('leaves no temporary file when a file of its own cannot be written', async () => {
    const dir = makeCampaign();
    const folder = path.join(dir, 'out/test-case/print');
    // Something in the way of the print list's temporary file: it cannot be opened. (The run's
    // temporary names are numbered: the next one is the number after this probe's.)
    const probe = /-(\d+)\.tmp$/.exec(temporaryNames(folder)('probe'))!;
    const inTheWay = `.print-list.csv.${process.pid}-${threadId}-${Number(probe[1]) + 1}.tmp`;
    mkdirSync(path.join(folder, inTheWay), { recursive: true });
    await expect(printCampaign({ casePath: path.join(dir, 'case.yaml'), outDir: path.join(dir, 'out'), date: '2026-11-28' })).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 200)); // nor later: a file being opened would appear now
    expect(readdirSync(folder)).toEqual([inTheWay]);
  });

  it('sorts by the postcode as it is printed: a ZIP+4 typed without its hyphen goes with its ZIP code, not after every other', () => {
    expect(sortKey({ country: 'USA', postcode: '205151305' })).toEqual(['UNITED STATES', '20515-1305']);
    expect(sortKey({ country: 'Canada', postcode: 'k1a0a6' })).toEqual(['CANADA', 'K1A 0A6']);
    expect(sortKey({ country: 'USA', postcode: '205151305', zip_note: 'b' }, 'zip_note')).toEqual(['b']);
  });
});
