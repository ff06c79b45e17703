import type { ByteSource } from './text.ts';

/** The input, or undefined when it has no bytes at all. */
export async function nonEmpty(input: ByteSource): Promise<ByteSource | undefined> {
  const iterator = input[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length === 0) first = await iterator.next();
  if (first.done) return undefined;
  return resumed(iterator, first.value);
}

/**
 * The rest of an iterator after its first item, closing it however the reader leaves (a stop, an
 * error): an S3 body left open would hold its connection.
 */
async function* resumed<T>(iterator: AsyncIterator<T>, first: T): AsyncIterable<T> {
  try {
    yield first;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  } finally {
    await iterator.return?.();
  }
}
