import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import type { Recipient } from '../campaign/recipients.js';
import * as tasks from './tasks.js';
import { fromWorker } from './wire.js';

type Tasks = Pick<typeof tasks, 'renderRows' | 'buildMessages'>;
type TaskName = keyof Tasks;
type Arg<N extends TaskName> = Parameters<Tasks[N]>[0];
type Result<N extends TaskName> = Awaited<ReturnType<Tasks[N]>>;

/**
 * Below this many letters, starting the workers (a quarter of a second each, more while they warm
 * up) costs more than it saves: measured, one thread makes 3,000 letters sooner than three; when
 * this thread is busy with its own work (sending), workers pay from a few hundred letters.
 */
const MIN_ROWS_FOR_WORKERS: Record<MainThread, number> = { idle: 4000, busy: 400 };
/** Rows per task: enough to make a message's cost small, few enough to keep the workers even. */
const BATCH = 25;

/** What the main thread does while the workers make letters: nothing much, or a share of the work. */
export type MainThread = 'idle' | 'busy';

/**
 * Worker threads for a run of `rows` letters that each make a PDF: one per core, less the one the
 * main thread needs when it is `busy` (writing and sending messages), and none for small runs, whose
 * letters cost less to make than the threads take to start. LETTERS_WORKERS overrides (0: none).
 */
export function workerCount(rows: number, main: MainThread): number {
  const given = process.env.LETTERS_WORKERS;
  if (given !== undefined && given !== '') return Math.max(0, Math.floor(Number(given)) || 0);
  if (rows < MIN_ROWS_FOR_WORKERS[main]) return 0;
  return Math.max(1, availableParallelism() - (main === 'busy' ? 1 : 0));
}

/**
 * Runs the row tasks of tasks.ts over a run's rows: in a pool of worker threads (piscina) when
 * the run is large enough to pay for them, else in this thread. Results come back in row order
 * whatever thread made them, so the output does not depend on the path.
 */
export class RowRunner {
  private constructor(
    private pool: Piscina | undefined,
    readonly threads: number,
  ) {}

  /** A runner for `rows` letters; `main: undefined`: the work is too light for threads (text only). */
  static async start(rows: number, main: MainThread | undefined): Promise<RowRunner> {
    tasks.forgetCampaign(); // in this thread; each worker pool is new, so are its threads
    const n = main ? workerCount(rows, main) : 0;
    if (n === 0) return new RowRunner(undefined, 0);
    const { Piscina } = await import('piscina'); // loaded only for large runs: `letters --help` stays quick
    const pool = new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      minThreads: n,
      maxThreads: n,
      idleTimeout: 1000,
      // V8 lets a heap grow far past what it holds before collecting it. A worker holds its
      // fonts, bounded caches and a batch of letters (well under 100 MB), so its heap is capped:
      // a 16 MB young generation (32 saved nothing, 8 was 10 % slower) and 128 MB old. Measured
      // on a 100,000-letter bundle: 716 MB peak instead of 1,082, and 15 % faster (less to sweep).
      resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 128 },
    });
    return new RowRunner(pool, n);
  }

  private run<N extends TaskName>(name: N, arg: Arg<N>): Promise<Result<N>> {
    if (this.pool) return (this.pool.run(arg, { name }) as Promise<Result<N>>).catch((err: unknown) => Promise.reject(fromWorker(err)));
    return Promise.resolve().then(() => (tasks[name] as (a: Arg<N>) => Result<N> | Promise<Result<N>>)(arg));
  }

  /**
   * Runs `name` over `rows` in batches and yields each batch's result in row order. A few batches
   * run ahead of the one being consumed (one in this thread), so memory stays bounded.
   */
  async *batches<N extends TaskName>(name: N, rows: Recipient[], arg: (batch: Recipient[], start: number) => Arg<N>): AsyncGenerator<Result<N>> {
    const ahead = Math.max(1, this.threads * 2);
    const queue: Promise<Result<N>>[] = [];
    let next = 0;
    const fill = () => {
      while (queue.length < ahead && next < rows.length) {
        const start = next;
        next = Math.min(rows.length, next + BATCH);
        const p = this.run(name, arg(rows.slice(start, next), start));
        p.catch(() => undefined); // reported when its turn comes
        queue.push(p);
      }
    };
    fill();
    while (queue.length) {
      const result = await queue.shift()!;
      fill();
      yield result;
    }
  }

  /** Stops the workers, and with them any batch still being made. Safe to call twice. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}
