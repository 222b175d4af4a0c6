import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Every temporary folder of a test run (the tests', and those of the CLI runs they start) goes
 * into one folder made here and removed at the end, so runs leave nothing behind in /tmp.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'letters-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
