/**
 * One item ahead: while the caller works on an item, the next one is already being made (for pieces: the next
 * request is in flight while this one is encoded and sent). Items are made in order, one at a time, and at most two
 * exist at once: the one in hand and the one being made. A failure to make the next one surfaces when the caller asks
 * for it, after it is done with the one in hand. A caller that stops early aborts the one being made, waits for it to
 * end and drops it.
 */
export async function* readAhead<T>(
  produce: (signal: AbortSignal) => AsyncIterable<T>,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  const stop = new AbortController();
  const iterator = produce(signal ? AbortSignal.any([signal, stop.signal]) : stop.signal)[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const item = await next;
      if (item.done) return;
      next = iterator.next();
      // Handled when the caller asks for it; until then a rejection is not an unhandled one.
      next.catch(() => undefined);
      yield item.value;
    }
  } finally {
    stop.abort(new Error("the reader stopped"));
    await next.catch(() => undefined);
    await iterator.return?.();
  }
}
