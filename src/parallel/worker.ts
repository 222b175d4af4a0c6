// A worker thread of the pool in pool.ts: it runs the row tasks, named in each call.
import { InputError } from '../errors.js';
import * as tasks from './tasks.js';
import { INPUT_ERROR } from './wire.js';

/**
 * An error crosses back to the main thread as a plain Error: a problem with the input (a file
 * changed while the run went on) travels as data so it is reported as one, with its file and line.
 */
function task<A, R>(fn: (arg: A) => R | Promise<R>): (arg: A) => Promise<R> {
  return async (arg) => {
    try {
      return await fn(arg);
    } catch (err) {
      if (err instanceof InputError) throw new Error(INPUT_ERROR + JSON.stringify(err.problems));
      throw err;
    }
  };
}

export const renderRows = task(tasks.renderRows);
export const buildMessages = task(tasks.buildMessages);
