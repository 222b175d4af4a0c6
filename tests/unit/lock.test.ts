import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeStaleLock, takeLock } from '../../src/send/ledger.js';

const lockFile = () => path.join(mkdtempSync(path.join(tmpdir(), 'letters-lock-')), 'x.lock');

describe('takeLock', () => {
  afterEach(() => vi.useRealTimers());

  it('names this process and machine, and keeps the lock fresh while held', () => {
    const file = lockFile();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const release = takeLock(file);
    expect(readFileSync(file, 'utf8')).toBe(`${process.pid} ${hostname()}`);
    const later = Date.now() + 60 * 60_000;
    vi.setSystemTime(later);
    vi.advanceTimersByTime(30_000);
    expect(Math.abs(statSync(file).mtimeMs - (later + 30_000))).toBeLessThan(2000); // (touched at the beat, half a minute on)
    release();
    expect(existsSync(file)).toBe(false);
  });

  it("holds another machine's fresh lock, and takes over one gone stale or of a dead process here", () => {
    const file = lockFile();
    writeFileSync(file, '4242 anna-laptop');
    expect(() => takeLock(file)).toThrow(/another letters run \(process 4242 on anna-laptop\)/);
    const stale = new Date(Date.now() - 6 * 60_000);
    utimesSync(file, stale, stale);
    takeLock(file)();
    writeFileSync(file, `2147483646 ${hostname()}`); // (no such process)
    takeLock(file)();
    writeFileSync(file, '2147483646'); // (written before machines were named)
    takeLock(file)();
    expect(existsSync(file)).toBe(false);
    // Taken over meanwhile (as stale, from another machine): letting go leaves the other run's lock.
    const release = takeLock(file);
    writeFileSync(file, '4242 anna-laptop');
    release();
    expect(readFileSync(file, 'utf8')).toBe('4242 anna-laptop');
  });

  it('removes a stale lock only if it is still the one found stale: two runs racing for it do not both take it', () => {
    const file = lockFile();
    writeFileSync(file, '4242 anna-laptop');
    const stale = new Date(Date.now() - 6 * 60_000);
    utimesSync(file, stale, stale);
    const seen = { text: '4242 anna-laptop', mtimeMs: statSync(file).mtimeMs };
    // Another run took it over between this run's look and its removing it: its lock stays.
    writeFileSync(file, '77 ben-desktop');
    removeStaleLock(file, seen);
    expect(readFileSync(file, 'utf8')).toBe('77 ben-desktop');
    // The same text, made fresh (a container's process 1 again): it stays too.
    writeFileSync(file, '4242 anna-laptop');
    removeStaleLock(file, seen);
    expect(readFileSync(file, 'utf8')).toBe('4242 anna-laptop');
    // Still the one found stale: removed, and nothing left beside it.
    utimesSync(file, stale, stale);
    removeStaleLock(file, { text: '4242 anna-laptop', mtimeMs: statSync(file).mtimeMs });
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });
});
