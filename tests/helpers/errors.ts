import { InputError } from '../../src/errors.js';

/** The InputError `f` throws; fails the test if it throws nothing or something else. */
export function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}
