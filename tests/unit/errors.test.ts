import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeFailure } from '../../src/errors.js';

describe('writeFailure', () => {
  it.skipIf(!existsSync('/dev/full'))('says a full disk in words (a real ENOSPC from /dev/full)', () => {
    let err: unknown;
    try {
      writeFileSync('/dev/full', 'a letter');
    } catch (e) {
      err = e;
    }
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(writeFailure(err)).toBe('the disk is full — free some space and run again');
  });

  it('names the file when the system does', () => {
    const err = Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES', path: 'out/case/001-a.pdf' });
    expect(writeFailure(err)).toBe('could not open out/case/001-a.pdf: permission denied — choose another folder with --out, or fix its permissions');
  });

  it('leaves any other error alone', () => {
    expect(writeFailure(new Error('boom'))).toBeUndefined();
    expect(writeFailure(Object.assign(new Error('gone'), { code: 'ENOENT', path: '/x' }))).toBeUndefined();
    expect(writeFailure(undefined)).toBeUndefined();
  });
});
