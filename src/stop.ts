/**
 * What a run must do before it stops on Ctrl-C: worker threads stopped first (one would go on
 * writing a letter after its half-written files were removed).
 */
const hooks = new Set<() => Promise<string | void>>();

/** Registers `hook` for a stop (it may say what it left); the returned function takes it back. */
export function onStop(hook: () => Promise<string | void>): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

let stopping = false;

/** Whether the run is being stopped: what fails now (a worker stopped under a task) is not news. */
export function isStopping(): boolean {
  return stopping;
}

/** Runs every hook, waiting at most `ms` for them; what they said. */
export async function runStopHooks(ms: number): Promise<string[]> {
  stopping = true;
  let timer: NodeJS.Timeout | undefined;
  const said: string[] = [];
  await Promise.race([
    Promise.allSettled([...hooks].map(async (hook) => void said.push((await hook()) || ''))),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
  return said.filter(Boolean);
}
