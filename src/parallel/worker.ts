// A worker thread of the pool in pool.ts: it runs the row tasks, named in each call.
export { buildMessages, checkRows, layoutRows, writePdfs } from './tasks.js';
