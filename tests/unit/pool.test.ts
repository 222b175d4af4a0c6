import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// The built pool: its worker threads load the built worker (npm test builds first).
import { RowRunner } from '../../dist/parallel/pool.js';
import { InputError } from '../../dist/errors.js';
import { loadCampaign } from '../../dist/campaign/campaign.js';
import { campaignShape } from '../../dist/parallel/tasks.js';

const ENV = process.env.LETTERS_WORKERS;
afterEach(() => {
  if (ENV === undefined) delete process.env.LETTERS_WORKERS;
  else process.env.LETTERS_WORKERS = ENV;
});

/** The sample campaign, and its shape as the workers are given it. */
function sampleCampaign() {
  const options = { casePath: 'cases/yusuf-dzhumaev.yaml', date: '2026-11-28' };
  const c = loadCampaign(options);
  return { c, shape: campaignShape(options, c) };
}

describe('worker threads', () => {
  it('send a problem with the input back as an input error, with its file', async () => {
    process.env.LETTERS_WORKERS = '1';
    const runner = await RowRunner.start(1, 'files');
    expect(runner.threads).toBe(1);
    try {
      const rows = [{ index: 1, line: 2, values: { name: 'A' } }];
      const batches = runner.batches('renderRows', rows, (batch) => ({
        options: { casePath: '/nowhere/case.yaml' },
        csv: { file: 'officials.csv', columns: ['name'], headers: { name: 'name' } },
        rows: batch,
        offset: { x: 0, y: 0 },
        write: false,
        bundle: false,
      }));
      const err = await (async () => {
        for await (const _ of batches);
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InputError);
      expect((err as InstanceType<typeof InputError>).problems[0]!.location?.file).toBe('/nowhere/case.yaml');
    } finally {
      await runner.close();
    }
  });

  it('give the results made before rows that cannot be read, in order, then the reading error (no crash)', async () => {
    process.env.LETTERS_WORKERS = '1';
    const { c, shape } = sampleCampaign();
    function* rows() {
      for (let i = 0; i < 200; i++) {
        if (i === 60) throw new Error('the CSV changed while it was being read');
        yield c.rows[i % c.rows.length]!;
      }
    }
    const runner = await RowRunner.start(5000, 'bundle');
    const pages: number[] = [];
    try {
      const err = await (async () => {
        for await (const r of runner.batches('renderRows', rows(), (batch) => ({ ...shape, rows: batch, offset: { x: 0, y: 0 }, write: false, bundle: false }))) pages.push(...r.pages);
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as Error).message).toBe('the CSV changed while it was being read');
      expect(pages).toHaveLength(50); // the two whole batches before row 60
      expect(pages.every((p) => p >= 1)).toBe(true);
    } finally {
      await runner.close();
    }
  });

  it('end their batches between two letters when the run stops, not cut off inside one', async () => {
    // Node 20 aborts the process when a thread is stopped while it compresses a page: the batches
    // in the worker must end first, each with the error that says the run stopped.
    process.env.LETTERS_WORKERS = '1';
    const { c, shape } = sampleCampaign();
    const rows = Array.from({ length: 2000 }, (_, i) => ({ ...c.rows[i % c.rows.length]!, index: i + 1 }));
    const runner = await RowRunner.start(rows.length, 'bundle');
    let made = 0;
    const err = await (async () => {
      for await (const r of runner.batches('renderRows', rows, (batch) => ({ ...shape, rows: batch, offset: { x: 0, y: 0 }, write: true, bundle: true }))) {
        made += r.pages.length;
        if (made === 25) await runner.close(); // the worker's first batch is back, and it was given more
        // (the batches this thread made meanwhile come before the worker's next)
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as Error | undefined)?.message).toBe('letters: the run stopped');
    expect(made).toBeLessThan(rows.length);
  });

  it('finish the batches already begun before a caller that stops early goes on (no file is written after)', async () => {
    process.env.LETTERS_WORKERS = '0';
    const { c, shape } = sampleCampaign();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'letters-pool-'));
    const rows = Array.from({ length: 100 }, (_, i) => ({ ...c.rows[i % c.rows.length]!, index: i + 1 }));
    const runner = await RowRunner.start(rows.length, 'files');
    try {
      const batches = runner.batches('renderRows', rows, (batch) => ({
        ...shape,
        rows: batch,
        offset: { x: 0, y: 0 },
        write: true,
        files: batch.map((r) => path.join(dir, `${r.index}.pdf`)),
        bundle: false,
      }));
      // The caller fails on the first result, while this thread is making the next batch.
      await expect(
        (async () => {
          for await (const _ of batches) throw new Error('the disk is full');
        })(),
      ).rejects.toThrow('the disk is full');
      const atStop = readdirSync(dir).length;
      await new Promise((r) => setTimeout(r, 300));
      expect(readdirSync(dir).length).toBe(atStop);
      expect(atStop).toBeGreaterThan(25); // the next batch was begun, and finished
    } finally {
      await runner.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
