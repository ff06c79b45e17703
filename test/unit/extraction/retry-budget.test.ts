import { describe, expect, it, vi } from 'vitest';
import { FetchError } from '#extraction/fetch-error';
import type { FetchedPage, FetchPage } from '#extraction/fetch-page';
import { fetchWithRetries, type Tries } from '#extraction/retry';

const url = 'https://example.com/';
const ok: FetchedPage = { url, status: 200, body: 'ok', contentType: 'text/html', headers: {} };
const timeout = () => new FetchError('timeout', url, 'Timed out');
const noWait = async () => undefined;

/** A fetchPage that fails every attempt with a timeout. */
function timingOut() {
  const calls: string[] = [];
  const fetchPage: FetchPage = async (target) => {
    calls.push(target);
    throw timeout();
  };
  return { fetchPage, calls };
}

/** A fetchPage whose body never ends: each attempt lasts until its signal aborts it, as the client's would. */
function endless() {
  const calls: string[] = [];
  const fetchPage: FetchPage = (target, options) =>
    new Promise((_, reject) => {
      calls.push(target);
      const cut = () => reject(new FetchError('aborted', target, 'Cut short'));
      options?.signal?.addEventListener('abort', cut, { once: true });
    });
  return { fetchPage, calls };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (reason: unknown) => reason as FetchError,
  );

describe('fetchWithRetries across calls', () => {
  it('resumes the attempt count that earlier calls left', async () => {
    // Prepare
    const { fetchPage, calls } = timingOut();
    const tries: Tries = { attempts: 2, spentMs: 0 };

    // Act
    const error = await failure(fetchWithRetries(fetchPage, url, { retries: 2, tries, wait: noWait }));

    // Assess
    expect(error?.code).toBe('timeout');
    expect(calls).toHaveLength(1);
    expect(tries.attempts).toBe(3);
  });

  it('does not count an attempt the caller cut short, and goes on from there next time', async () => {
    // Prepare
    const { fetchPage } = endless();
    const tries: Tries = { attempts: 1, spentMs: 0 };
    const controller = new AbortController();
    const cutting: FetchPage = (target, options) => {
      queueMicrotask(() => controller.abort());
      return fetchPage(target, options);
    };
    const answered: string[] = [];
    const answering: FetchPage = async (target) => {
      answered.push(target);
      return ok;
    };

    // Act
    const cut = await failure(
      fetchWithRetries(cutting, url, { retries: 1, tries, signal: controller.signal, wait: noWait }),
    );
    const attemptsAfterCut = tries.attempts;
    const page = await fetchWithRetries(answering, url, { retries: 1, tries, wait: noWait });

    // Assess
    expect(cut?.code).toBe('aborted');
    expect(attemptsAfterCut).toBe(1);
    expect(page.status).toBe(200);
    expect(answered).toHaveLength(1);
    expect(tries.attempts).toBe(2);
  });

  it('fails without fetching when earlier calls spent the budget', async () => {
    // Prepare
    const { fetchPage, calls } = timingOut();
    const tries: Tries = { attempts: 1, spentMs: 600 };

    // Act
    const error = await failure(fetchWithRetries(fetchPage, url, { retries: 5, budgetMs: 600, tries }));

    // Assess
    expect(calls).toHaveLength(0);
    expect(error?.code).toBe('timeout');
    expect(error?.message).toBe(`Timed out fetching ${url}: its 0.6 s budget ran out after 1 attempt`);
  });

  it('ends an attempt that never ends at the budget, and keeps what it spent', async () => {
    // Prepare
    const { fetchPage, calls } = endless();
    const tries: Tries = { attempts: 0, spentMs: 0 };

    // Act
    const first = await failure(fetchWithRetries(fetchPage, url, { retries: 5, budgetMs: 30, tries }));
    const again = await failure(fetchWithRetries(fetchPage, url, { retries: 5, budgetMs: 30, tries }));

    // Assess
    expect(first?.code).toBe('timeout');
    expect(first?.message).toContain('budget ran out after 0 attempts');
    expect(again?.code).toBe('timeout');
    expect(calls).toHaveLength(1);
  });

  it('counts a budget that ran out as all spent, though the clock reads a little less', async () => {
    // Prepare: a timer may fire up to a millisecond early against the clock the budget is read by.
    const { fetchPage, calls } = endless();
    const tries: Tries = { attempts: 0, spentMs: 0 };
    const readings = [1_000, 1_029];
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => readings.shift() ?? 1_029);

    // Act
    const first = await failure(fetchWithRetries(fetchPage, url, { retries: 5, budgetMs: 30, tries }));
    clock.mockRestore();
    const spentByFirst = tries.spentMs;
    const again = await failure(fetchWithRetries(fetchPage, url, { retries: 5, budgetMs: 30, tries }));

    // Assess
    expect(first?.code).toBe('timeout');
    expect(spentByFirst).toBe(30);
    expect(again?.message).toContain('budget ran out after 0 attempts');
    expect(calls).toHaveLength(1);
  });

  it('counts the waits between attempts in the budget', async () => {
    // Prepare
    const calls: string[] = [];
    const unavailable: FetchPage = async (target) => {
      calls.push(target);
      return { ...ok, status: 503, body: '' };
    };

    // Act
    const error = await failure(
      fetchWithRetries(unavailable, url, { retries: 5, budgetMs: 30, baseDelayMs: 60_000 }),
    );

    // Assess
    expect(error?.code).toBe('timeout');
    expect(error?.message).toContain('budget ran out after 1 attempt');
    expect(calls).toHaveLength(1);
  });
});
