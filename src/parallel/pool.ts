import { setImmediate as nextTurn } from 'node:timers/promises';
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import type { Recipient } from '../campaign/recipients.js';
import * as tasks from './tasks.js';
import { fromWorker } from './wire.js';
import { onStop } from '../stop.js';

type Tasks = Pick<typeof tasks, 'renderRows' | 'buildMessages'>;
type TaskName = keyof Tasks;
type Arg<N extends TaskName> = Parameters<Tasks[N]>[0];
type Result<N extends TaskName> = Awaited<ReturnType<Tasks[N]>>;

/**
 * Below this many letters, starting a worker (a quarter of a second, more while it warms up) costs
 * more than it saves. What a run makes decides (measured 2026-11-30 on 2 cores, with V8 optimizing
 * later, alternating pairs): one PDF per letter (render's files, e-mails with PDFs attached), whose
 * letters cost more, 20-28 % sooner with a worker from 1,000 letters when the second core is free
 * and about as soon when it is busy; one bundle 8-13 % sooner when it is free but 5-12 % later
 * when it is busy, up to 3,000 letters.
 */
const MIN_ROWS_FOR_WORKERS: Record<PdfWork, number> = { files: 1000, bundle: 4000 };

/** What a run's letters become: a PDF each, or pages of one bundle (print too). */
export type PdfWork = 'files' | 'bundle';
/** Rows per task: enough to make a message's cost small, few enough to keep the workers even. */
const BATCH = 25;
/**
 * Tasks a worker holds at once. piscina hands a worker its next task from the main thread, which
 * is making letters itself half the time: with one task at a time, the worker waited for it a
 * quarter of the run. Measured on 10,000 letters: 1,690/s with 1, 1,840/s with 4, no better with 8.
 */
const TASKS_PER_WORKER = 4;

/**
 * Worker threads for a run of `rows` letters that each make a PDF: one per core but the one the
 * main thread keeps (it makes letters too), and none for small runs, whose letters cost less to
 * make than a thread takes to start. Measured on 2 cores, 10,000 letters in one bundle: one worker
 * beside a main thread that helps made 1,840 letters/s in about 250 MB, two workers beside an idle
 * main thread 1,655/s in 364 MB (three threads on two cores, one more heap).
 * LETTERS_WORKERS overrides (0: none).
 */
export function workerCount(rows: number, work: PdfWork): number {
  const given = process.env.LETTERS_WORKERS;
  if (given !== undefined && given !== '') return Math.max(0, Math.floor(Number(given)) || 0);
  if (rows < MIN_ROWS_FOR_WORKERS[work]) return 0;
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Runs the row tasks of tasks.ts over a run's rows: in a pool of worker threads (piscina) when
 * the run is large enough to pay for them, else in this thread. Results come back in row order
 * whatever thread made them, so the output does not depend on the path.
 */
export class RowRunner {
  private readonly forget: () => void;
  /** Set when the runner closes: a worker's task ends before its next letter (see tasks.ts). */
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  /** The tasks the workers have and have not finished. */
  private readonly running = new Set<Promise<unknown>>();

  private constructor(
    private pool: Piscina | undefined,
    readonly threads: number,
  ) {
    this.forget = pool ? onStop(() => this.close()) : () => {};
  }

  /** A runner for `rows` letters; `text`: no PDFs, work too light for threads. */
  static async start(rows: number, work: PdfWork | 'text'): Promise<RowRunner> {
    tasks.forgetCampaign(); // in this thread; each worker pool is new, so are its threads
    const n = work === 'text' ? 0 : workerCount(rows, work);
    if (n === 0) return new RowRunner(undefined, 0);
    const { Piscina } = await import('piscina'); // loaded only for large runs: `letters --help` stays quick
    const pool = new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: n,
      maxThreads: n,
      idleTimeout: 1000,
      concurrentTasksPerWorker: TASKS_PER_WORKER,
      // A worker holds its fonts, bounded caches and a few batches of letters (30 to 60 MB), so
      // its heap is capped: a 12 MB young generation and 128 MB old, room to spare. Measured with
      // two workers, on a 100,000-letter bundle: 716 MB peak instead of 1,082 with no cap, and
      // 15 % faster (less to sweep); later, on 10,000 letters with one worker, 12 MB young
      // instead of 16 took 10 MB less at the same speed (8 and 10 saved no more).
      resourceLimits: { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 128 },
    });
    return new RowRunner(pool, n);
  }

  private run<N extends TaskName>(name: N, arg: Arg<N>): Promise<Result<N>> {
    if (!this.pool) return this.here(name, arg);
    const task = this.pool.run({ ...arg, stop: this.stopFlag }, { name }) as Promise<Result<N>>;
    const forget = () => void this.running.delete(task);
    this.running.add(task);
    task.then(forget, forget);
    return task.catch((err: unknown) => Promise.reject(fromWorker(err)));
  }

  private here<N extends TaskName>(name: N, arg: Arg<N>): Promise<Result<N>> {
    return Promise.resolve().then(() => (tasks[name] as (a: Arg<N>) => Result<N> | Promise<Result<N>>)(arg));
  }

  /**
   * Runs `name` over `rows` in batches and yields each batch's result in row order. A few batches
   * run ahead of the one being consumed, so memory stays bounded; while the next one in order is
   * not back from its worker, this thread makes the following batches itself.
   */
  async *batches<N extends TaskName>(name: N, rows: Iterable<Recipient>, arg: (batch: Recipient[]) => Arg<N>): AsyncGenerator<Result<N>> {
    const ahead = this.pool ? this.threads * TASKS_PER_WORKER : 1; // batches given out at a time
    const queue: { result: Promise<Result<N>>; done: boolean }[] = [];
    const source = rows[Symbol.iterator]();
    let batch: Recipient[] = []; // the next batch to give out
    let given = 0; // batches the workers have and have not finished
    const queued = (result: Promise<Result<N>>) => {
      const entry = { result, done: false };
      const settled = () => void (entry.done = true);
      entry.result.then(settled, settled); // a failure is reported when its turn comes
      queue.push(entry);
      return entry.result;
    };
    /** The next batch from the rows; reading them may fail (the file changed): that comes in its turn. */
    const cut = () => {
      batch = [];
      try {
        for (let r = source.next(); !r.done; r = source.next()) if (batch.push(r.value) === BATCH) break;
      } catch (err) {
        batch = [];
        queued(Promise.reject(err));
      }
    };
    const add = (run: (a: Arg<N>) => Promise<Result<N>>) => {
      const result = queued(run(arg(batch)));
      cut();
      return result;
    };
    cut();
    const fill = () => {
      while (given < ahead && batch.length) {
        given++;
        const done = () => void given--;
        add((a) => this.run(name, a)).then(done, done);
      }
    };
    fill();
    try {
      while (queue.length) {
        while (this.pool && !queue[0]!.done && batch.length && queue.length < 4 * ahead) {
          await add((a) => this.here(name, a)).catch(() => undefined);
          await nextTurn(); // lets the workers' answers in
          fill();
        }
        const result = await queue.shift()!.result;
        // Without workers, everything here is one chain of promises: a turn of the event loop
        // between batches lets Ctrl-C (and a pipe's error) be heard before the run's end.
        if (!this.pool) await nextTurn();
        fill();
        yield result;
      }
    } finally {
      // The caller stopped early (a problem, a failed write): the batches already begun finish
      // before it goes on, so none writes a file after the caller has removed the run's files.
      await Promise.allSettled(queue.map((e) => e.result));
    }
  }

  /**
   * Stops the workers, and with them any batch still being made. Safe to call twice. The batches
   * end between two letters before the threads are stopped: Node 20 aborts the whole process
   * ("close before init", in zlib) when a thread is stopped while it compresses a page, and
   * Ctrl-C then left a native stack trace and the unfinished files (found by a flaky test: once in
   * 80 runs on a busy machine).
   */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    this.forget();
    if (!pool) return;
    Atomics.store(this.stopFlag, 0, 1);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.running]), new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    await pool.destroy();
  }
}
