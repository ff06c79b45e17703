import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * The chunks, with a turn of the event loop after each: the timer and the I/O that abort a
 * conversion's signal get to run even when its input comes from memory and nothing else waits.
 */
export async function* withLoopTurns<T>(chunks: AsyncIterable<T>): AsyncIterable<T> {
  for await (const chunk of chunks) {
    yield chunk;
    await nextTurn();
  }
}
