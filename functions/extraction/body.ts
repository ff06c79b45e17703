import type { Dispatcher } from 'undici';
import { FetchError, type Signals, toFetchError } from './fetch-error.ts';

export type ResponseBody = Dispatcher.ResponseData['body'];

/** An answer whose body is still to be read. */
export interface UnreadAnswer {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** Lowercase names, repeated ones joined with ", ". */
  headers: Record<string, string>;
  body: ResponseBody;
}

/**
 * The body read no further than `maxBytes`: refused before reading when Content-Length says more,
 * else once it passes the limit (after decompression); read failures as FetchError.
 */
export function limitedBody(
  answer: UnreadAnswer,
  maxBytes: number,
  what: 'page' | 'file',
  signals: Signals,
): AsyncIterable<Buffer> {
  const tooLarge = () =>
    new FetchError('too-large', answer.url, `The ${what} ${answer.url} is larger than ${maxBytes} bytes`);
  // A compressed body's Content-Length says nothing about its size once decompressed.
  if (Number(answer.headers['content-length'] ?? 0) > maxBytes && !answer.headers['content-encoding']) {
    discard(answer.body);
    throw tooLarge();
  }
  return readUpTo(answer, maxBytes, tooLarge, signals);
}

/** The body's first `maxBytes` bytes (after decompression); the rest is not read, and is no failure. */
export function bodyHead(answer: UnreadAnswer, maxBytes: number, signals: Signals): AsyncIterable<Buffer> {
  return readUpTo(answer, maxBytes, null, signals);
}

/** Reads up to `maxBytes`; past them, throws `tooLarge()`, or with none stops there. */
async function* readUpTo(
  { body, url }: UnreadAnswer,
  maxBytes: number,
  tooLarge: (() => FetchError) | null,
  signals: Signals,
): AsyncIterable<Buffer> {
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBytes) {
        // Leaving the loop by throwing or returning destroys the body.
        if (tooLarge) throw tooLarge();
        yield buffer.subarray(0, buffer.length - (size - maxBytes));
        return;
      }
      yield buffer;
    }
  } catch (error) {
    throw toFetchError(error, url, signals);
  } finally {
    if (!body.destroyed) discard(body);
  }
}

/** Reads a body to its end unseen, so the connection can serve the next request. */
export async function skipBody(body: ResponseBody): Promise<void> {
  await body.dump().catch(() => undefined);
}

function discard(body: ResponseBody): void {
  body.on('error', () => undefined);
  body.destroy();
}
