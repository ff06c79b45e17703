import { setTimeout as sleep } from 'node:timers/promises';
import { FetchError } from './fetch-error.ts';
import type { FetchedPage, FetchPage, FetchPageOptions } from './fetch-page.ts';

/** What a page's attempts have used so far: saved in the frontier, so a batch resumes the count. */
export interface Tries {
  /** Attempts that ended, with an answer or a failure; one the caller's signal cut short is not one. */
  attempts: number;
  /** Time spent on them, waits between attempts and attempts cut short included. */
  spentMs: number;
}

export interface RetryOptions extends FetchPageOptions {
  /** Attempts after the first one. */
  retries: number;
  /** Time all the page's attempts may take, waits included; past it the page fails as a timeout. */
  budgetMs?: number | undefined;
  /** What earlier calls used; updated as attempts end, so a caller whose signal cut this call can save it. */
  tries?: Tries | undefined;
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
 * fetchPage with retries on network errors, timeouts, 408, 429 and 5xx, within `retries` and
 * `budgetMs`, counted on from `tries`. Returns the last answer (which may be a non-2xx one) or
 * throws the last FetchError.
 */
export async function fetchWithRetries(
  fetchPage: FetchPage,
  url: string,
  options: RetryOptions,
): Promise<FetchedPage> {
  const { retries, baseDelayMs = 500, maxDelayMs = 10_000, maxRetryAfterMs = 60_000 } = options;
  const random = options.random ?? Math.random;
  const wait = options.wait ?? abortableWait;
  const tries = options.tries ?? { attempts: 0, spentMs: 0 };
  const budget = new Budget(url, options.budgetMs, tries, options.signal);
  const { signal } = budget;
  const page = { headers: options.headers, signal, firstBytes: options.firstBytes, details: options.details };
  try {
    if (budget.ranOut()) throw budget.error();
    for (;;) {
      let delay: number;
      try {
        const answer = await fetchPage(url, page);
        tries.attempts++;
        if (tries.attempts > retries || !isRetryableStatus(answer.status)) return answer;
        const asked =
          answer.status === 429 || answer.status === 503 ? retryAfterMs(answer.headers['retry-after']) : null;
        if (asked !== null && asked > maxRetryAfterMs) return answer;
        delay = asked ?? backoffMs(tries.attempts - 1, random, baseDelayMs, maxDelayMs);
      } catch (error) {
        if (budget.ranOut()) throw budget.error(error);
        // An attempt the caller cut short did not end on its own: it is not counted.
        if (!(error instanceof FetchError) || error.code === 'aborted') throw error;
        tries.attempts++;
        if (!error.retryable || tries.attempts > retries) throw error;
        delay = backoffMs(tries.attempts - 1, random, baseDelayMs, maxDelayMs);
      }
      try {
        await wait(delay, signal);
      } catch (error) {
        if (budget.ranOut()) throw budget.error(error);
        throw new FetchError('aborted', url, `Fetching ${url} was cancelled`, { cause: error });
      }
    }
  } finally {
    budget.close();
  }
}

/** A page's time budget over all its attempts, from what earlier calls spent; `tries.spentMs` kept up. */
class Budget {
  readonly signal: AbortSignal | undefined;
  readonly #url: string;
  readonly #budgetMs: number | undefined;
  readonly #tries: Tries;
  readonly #caller: AbortSignal | undefined;
  readonly #timer: AbortSignal | undefined;
  readonly #timeout: NodeJS.Timeout | undefined;
  readonly #spentBefore: number;
  readonly #started = performance.now();

  constructor(url: string, budgetMs: number | undefined, tries: Tries, caller: AbortSignal | undefined) {
    this.#url = url;
    this.#budgetMs = budgetMs;
    this.#tries = tries;
    this.#caller = caller;
    this.#spentBefore = tries.spentMs;
    if (budgetMs !== undefined) {
      const timer = new AbortController();
      const left = budgetMs - tries.spentMs;
      if (left > 0) this.#timeout = setTimeout(() => timer.abort(), left);
      else timer.abort();
      this.#timer = timer.signal;
    }
    this.signal = this.#timer && caller ? AbortSignal.any([caller, this.#timer]) : (this.#timer ?? caller);
  }

  /** The budget ended what was running, not the caller's signal. */
  ranOut(): boolean {
    return this.#timer?.aborted === true && this.#caller?.aborted !== true;
  }

  error(cause?: unknown): FetchError {
    const { attempts } = this.#tries;
    const message = `Timed out fetching ${this.#url}: its ${(this.#budgetMs ?? 0) / 1000} s budget ran out after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
    return new FetchError('timeout', this.#url, message, { cause });
  }

  close(): void {
    clearTimeout(this.#timeout);
    const spent = this.#spentBefore + Math.ceil(performance.now() - this.#started);
    // Node times a timer from its loop's cached clock, so a budget can run out a few ms before it reads as spent.
    this.#tries.spentMs = this.#timer?.aborted ? Math.max(spent, this.#budgetMs ?? 0) : spent;
  }
}
