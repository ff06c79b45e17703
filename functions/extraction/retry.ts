import { setTimeout as sleep } from 'node:timers/promises';
import { FetchError } from './fetch-error.ts';
import type { FetchedPage, FetchPage, FetchPageOptions } from './fetch-page.ts';

export interface RetryOptions extends FetchPageOptions {
  /** Attempts after the first one. */
  retries: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the answer stands. */
  maxRetryAfterMs?: number;
  random?: () => number;
  wait?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const abortableWait = (ms: number, signal: AbortSignal | undefined) =>
  sleep(ms, undefined, signal ? { signal } : {});

/** Worth another try: timeouts, rate limits and server errors that may pass. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffMs(attempt: number, random: () => number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined || value.trim() === '') return null;
  if (/^\d+$/u.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * fetchPage with retries on network errors, timeouts, 408, 429 and 5xx. Returns the last answer
 * (which may be a non-2xx one) or throws the last FetchError.
 */
export async function fetchWithRetries(
  fetchPage: FetchPage,
  url: string,
  options: RetryOptions,
): Promise<FetchedPage> {
  const { retries, baseDelayMs = 500, maxDelayMs = 10_000, maxRetryAfterMs = 60_000 } = options;
  const random = options.random ?? Math.random;
  const wait = options.wait ?? abortableWait;
  for (let attempt = 0; ; attempt++) {
    let delay: number;
    try {
      const page = await fetchPage(url, { headers: options.headers, signal: options.signal });
      if (attempt >= retries || !isRetryableStatus(page.status)) return page;
      const asked =
        page.status === 429 || page.status === 503 ? retryAfterMs(page.headers['retry-after']) : null;
      if (asked !== null && asked > maxRetryAfterMs) return page;
      delay = asked ?? backoffMs(attempt, random, baseDelayMs, maxDelayMs);
    } catch (error) {
      if (!(error instanceof FetchError) || !error.retryable || attempt >= retries) throw error;
      delay = backoffMs(attempt, random, baseDelayMs, maxDelayMs);
    }
    try {
      await wait(delay, options.signal);
    } catch (error) {
      throw new FetchError('aborted', url, `Fetching ${url} was cancelled`, { cause: error });
    }
  }
}
