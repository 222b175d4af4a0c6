/**
 * Runs `fn` over `items` with at most `limit` calls pending at once; items are taken as they are
 * needed, so an async source (a generator writing files) is never run ahead. On the first error no
 * new item starts; the calls already running finish, then the error is thrown.
 */
export async function forEachBounded<T>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let failed = false;
  const worker = async () => {
    while (!failed) {
      try {
        const item = await source.next();
        if (item.done || failed) return;
        await fn(item.value);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, limit) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) {
    try {
      await source.return?.(); // a generator's own clean-up runs (a file it reads is closed)
    } catch {
      // the error that stopped the run is the one to say
    }
    throw rejected.reason;
  }
}
