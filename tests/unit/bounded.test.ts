import { describe, expect, it } from 'vitest';
import { forEachBounded } from '../../src/bounded.js';

describe('forEachBounded', () => {
  it('runs at most `limit` calls at once and takes items only as they are needed', async () => {
    let running = 0;
    let most = 0;
    const taken: number[] = [];
    function* items() {
      for (let i = 0; i < 20; i++) {
        taken.push(i);
        yield i;
      }
    }
    await forEachBounded(items(), 3, async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
    });
    expect(most).toBe(3);
    expect(taken).toHaveLength(20);
  });

  it('on the first error starts nothing new, throws it, and lets the source clean up (a file it reads is closed)', async () => {
    let closed = false;
    const seen: number[] = [];
    function* items() {
      try {
        for (let i = 0; i < 100; i++) yield i;
      } finally {
        closed = true;
      }
    }
    await expect(
      forEachBounded(items(), 2, async (i) => {
        seen.push(i);
        if (i === 3) throw new Error('the server went away');
        await new Promise((r) => setTimeout(r, 1));
      }),
    ).rejects.toThrow('the server went away');
    expect(closed).toBe(true);
    expect(Math.max(...seen)).toBeLessThan(6);
  });
});
