import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EndpointCalls } from './calls.ts';
import { DfkApiError } from './errors.ts';
import type { StoreLink, StoreOptions } from './types.ts';

export interface DownloadOptions extends StoreOptions {
  /** How long to keep asking while `store` answers 409 with `Retry-After` (a cancelled task writing its partial data). Default 60 s. */
  readyTimeoutMs?: number;
}

/** `store`'s link, asking again as long as it answers 409 with `Retry-After`, within `readyTimeoutMs`. */
export async function storeWhenReady(
  calls: Pick<EndpointCalls, 'store'>,
  id: string,
  { readyTimeoutMs = 60_000, ...query }: DownloadOptions = {},
): Promise<StoreLink> {
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    try {
      return await calls.store(id, query);
    } catch (error) {
      const writing = error instanceof DfkApiError && error.status === 409 && error.retryAfter !== null;
      if (!writing || Date.now() + error.retryAfter * 1000 > deadline) throw error;
      await sleep(Math.max(250, error.retryAfter * 1000));
    }
  }
}

/** The task's results as a stream: `store` (with its format and export options), then a GET of the presigned link. */
export async function download(
  calls: Pick<EndpointCalls, 'store'>,
  id: string,
  options: DownloadOptions = {},
): Promise<Readable> {
  const link = await storeWhenReady(calls, id, options);
  // The presigned link carries its own authorization: the API key is not sent to the store.
  const response = await fetch(link.url);
  if (!response.ok || !response.body) throw DfkApiError.from(response, await response.text());
  return Readable.fromWeb(response.body);
}
