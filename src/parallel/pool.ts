import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import type { Recipient } from '../campaign/recipients.js';
import * as tasks from './tasks.js';

type Tasks = Pick<typeof tasks, 'checkRows' | 'layoutRows' | 'writePdfs' | 'buildMessages'>;
type TaskName = keyof Tasks;
type Arg<N extends TaskName> = Parameters<Tasks[N]>[0];
type Result<N extends TaskName> = Awaited<ReturnType<Tasks[N]>>;

/** Below this many letters, starting the workers (a fifth of a second each) costs more than it saves. */
const MIN_ROWS_FOR_WORKERS = 400;
/** Rows per task: enough to make a message's cost small, few enough to keep the workers even. */
const BATCH = 25;

/**
 * Worker threads for a run of `rows` letters: one per core but the one the main thread needs (it
 * writes the files, sends the messages), and none for small runs or light work (a message without
 * a PDF costs less to make than to hand to a thread). LETTERS_WORKERS overrides (0: none).
 */
export function workerCount(rows: number, pdf: boolean): number {
  const given = process.env.LETTERS_WORKERS;
  if (given !== undefined && given !== '') return Math.max(0, Math.floor(Number(given)) || 0);
  return rows < MIN_ROWS_FOR_WORKERS || !pdf ? 0 : Math.max(1, availableParallelism() - 1);
}

/**
 * Runs the row tasks of tasks.ts over a run's rows: in a pool of worker threads (piscina) when
 * the run is large enough to pay for them, else in this thread. Results come back in row order
 * whatever thread made them, so the output does not depend on the path.
 */
export class RowRunner {
  private constructor(
    private readonly pool: Piscina | undefined,
    readonly threads: number,
  ) {}

  /** A runner for `rows` letters; `pdf`: each makes a PDF (worth a thread), not only text. */
  static async start(rows: number, pdf: boolean): Promise<RowRunner> {
    const n = workerCount(rows, pdf);
    if (n === 0) return new RowRunner(undefined, 0);
    const { Piscina } = await import('piscina'); // loaded only for large runs: `letters --help` stays quick
    const pool = new Piscina({ filename: new URL('./worker.js', import.meta.url).href, minThreads: n, maxThreads: n, idleTimeout: 1000 });
    return new RowRunner(pool, n);
  }

  run<N extends TaskName>(name: N, arg: Arg<N>): Promise<Result<N>> {
    if (this.pool) return this.pool.run(arg, { name }) as Promise<Result<N>>;
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

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
