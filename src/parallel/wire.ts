import { InputError, type Problem } from '../errors.js';

/** Marks an input error's problems in the message of the plain Error that carries them across threads. */
export const INPUT_ERROR = 'letters-input-error:';

/** The error a worker sent, as it was thrown there. */
export function fromWorker(err: unknown): unknown {
  const message = err instanceof Error ? err.message : '';
  return message.startsWith(INPUT_ERROR) ? new InputError(JSON.parse(message.slice(INPUT_ERROR.length)) as Problem[]) : err;
}
