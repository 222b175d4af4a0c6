// The worker thread of the command line's pool: the bundle's tasks. The pool names its worker
// `./worker.js` beside the code that runs it: in the bundle (dist/letters.cjs) that is this file,
// in the library (dist/parallel/pool.js) it is dist/parallel/worker.js.
import { loadBundle } from './load.js';

export const { renderRows, buildMessages } = await loadBundle().workerTasks();
