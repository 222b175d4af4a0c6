/**
 * Ctrl-C (or SIGTERM) during a run. Most of a run stops where it stands: its worker threads are
 * stopped first (one would go on writing a letter after the unfinished files were removed), then
 * the process ends. Sending stops by itself instead: no message is begun after the key, those
 * already handed to the server are answered, and the run ends with its summary.
 */
const hooks = new Set<() => Promise<void>>();
/** What waits for a stop (see unlessStopped): ended at once when one is asked for. */
const waiting = new Set<() => void>();
/** Parts running that end by themselves (see stopsByItself), and of them, those sending. */
let finishers = 0;
let sending = 0;
/** The stop asked for: its exit code; whether the run was let finish; whether sending was cut short. */
let stoppedWith: number | undefined;
let mode: 'finish' | 'exit' | undefined;
let cutShort = false;

/** Thrown by stopsByItself after a stop: not an error to report. */
class StoppedError extends Error {
  constructor() {
    super('stopped');
  }
}

/**
 * `wait`, or undefined as soon as a stop is asked for: what waits (a rate's turn, a retry's
 * back-off) need not be waited out.
 */
export function unlessStopped<T>(wait: Promise<T>): Promise<T | undefined> {
  if (stoppedWith !== undefined) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const end = () => resolve(undefined);
    waiting.add(end);
    wait.then(resolve, reject).finally(() => waiting.delete(end));
  });
}

/** Registers what must be done before the process ends on a stop; the returned function takes it back. */
export function onStop(hook: () => Promise<void>): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/**
 * Marks a part of the run that ends by itself when a stop is asked for (see isStopping), or that
 * must not be cut short (files being put in place): while one is running, a stop lets the run
 * finish. After a stop, none begins: this throws. The returned function marks its end.
 */
export function stopsByItself(kind: 'sending' | 'placing files'): () => void {
  if (stoppedWith !== undefined) throw new StoppedError(); // not begun after a stop
  finishers++;
  if (kind === 'sending') sending++;
  let ended = false;
  return () => {
    if (!ended) {
      finishers--;
      if (kind === 'sending') sending--;
    }
    ended = true;
  };
}

/** Runs `work` as a part that a stop does not cut short (see stopsByItself). */
export async function whole<T>(kind: 'sending' | 'placing files', work: () => Promise<T>): Promise<T> {
  const finish = stopsByItself(kind);
  try {
    return await work();
  } finally {
    finish();
  }
}

/**
 * After a stop, whether the run still did all its work: the stop came while its files were being
 * put in place (the last thing it does), not while messages were being sent.
 */
export function finishedAnyway(): boolean {
  return mode === 'finish' && !cutShort;
}

/** Whether a stop was asked for. */
export function isStopping(): boolean {
  return stoppedWith !== undefined;
}

/**
 * Whether an error of the run is news after a stop: not when the run was cut short (a worker
 * stopped under its task), nor a part refusing to begin; yes when it was let finish.
 */
export function isNewsAfterStop(err: unknown): boolean {
  return mode !== 'exit' && !(err instanceof StoppedError);
}

/** The exit code of the stop that was asked for (130 for Ctrl-C), if one was. */
export function stopExitCode(): number | undefined {
  return stoppedWith;
}

/**
 * Asks the run to stop with exit `code`. 'finish' when a part that ends by itself is running (the
 * run goes on to its end); else the hooks are run, waiting at most `ms`, and it is 'exit'.
 */
export async function stop(code: number, ms: number): Promise<'finish' | 'exit'> {
  stoppedWith = code;
  for (const end of waiting) end();
  cutShort = sending > 0;
  if (finishers > 0) return (mode = 'finish');
  mode = 'exit';
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled([...hooks].map((hook) => hook())), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
  return 'exit';
}
