// What the command line's bundle (dist/letters.cjs) holds, for load.ts to compile from V8's code
// cache: the command line, the worker threads' tasks and the commands' library calls (for the
// bench). Each is loaded when first asked for, as the modules of a command are.
export const commandLine = () => import('./commands.js');
export const workerTasks = () => import('./parallel/worker.js');
export const renderModule = () => import('./render.js');
export const printModule = () => import('./print.js');
export const emailModule = () => import('./email.js');
/** The country tables as the bundle holds them, made by the build (for a test to compare with the library's). */
export const countriesModule = () => import('./render/countries.js');
