import { describe, expect, it } from 'vitest';
import { FetchError } from '#extraction/fetch-error';
import type { FetchedPage, FetchPage } from '#extraction/fetch-page';
import { backoffMs, fetchWithRetries, isRetryableStatus, retryAfterMs } from '#extraction/retry';

const page = (status: number, headers: Record<string, string> = {}): FetchedPage => ({
  url: 'https://example.com/',
  status,
  body: status === 200 ? 'ok' : '',
  contentType: 'text/html',
  headers,
});

/** A fetchPage answering from a script, one entry per call. */
function scripted(answers: (FetchedPage | FetchError)[]) {
  const calls: string[] = [];
  const fetchPage: FetchPage = async (url) => {
    calls.push(url);
    const answer = answers[calls.length - 1];
    if (answer === undefined) throw new Error('No more answers');
    if (answer instanceof FetchError) throw answer;
    return answer;
  };
  return { fetchPage, calls };
}

function recordWaits() {
  const waits: number[] = [];
  return { waits, wait: async (ms: number) => void waits.push(ms) };
}

const timeout = () => new FetchError('timeout', 'https://example.com/', 'Timed out');

describe('fetchWithRetries', () => {
  it('retries network errors and server errors, then answers', async () => {
    // Prepare
    const { fetchPage, calls } = scripted([timeout(), page(502), page(200)]);
    const { waits, wait } = recordWaits();

    // Act
    const result = await fetchWithRetries(fetchPage, 'https://example.com/', {
      retries: 2,
      wait,
      random: () => 0.5,
    });

    // Assess
    expect(result.status).toBe(200);
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([375, 750]);
  });

  it('returns the last answer when the retries run out', async () => {
    // Prepare
    const { fetchPage, calls } = scripted([page(503), page(503), page(503)]);
    const { wait } = recordWaits();

    // Act
    const result = await fetchWithRetries(fetchPage, 'https://example.com/', { retries: 2, wait });

    // Assess
    expect(result.status).toBe(503);
    expect(calls).toHaveLength(3);
  });

  it('throws the last network error when the retries run out', async () => {
    // Prepare
    const { fetchPage } = scripted([timeout(), timeout()]);
    const { wait } = recordWaits();

    // Act
    const error = await fetchWithRetries(fetchPage, 'https://example.com/', { retries: 1, wait }).then(
      () => null,
      (reason: unknown) => reason as FetchError,
    );

    // Assess
    expect(error).toBeInstanceOf(FetchError);
    expect(error?.code).toBe('timeout');
  });

  it.each([404, 403, 501])('does not retry %i', async (status) => {
    // Prepare
    const { fetchPage, calls } = scripted([page(status)]);

    // Act
    const result = await fetchWithRetries(fetchPage, 'https://example.com/', { retries: 3 });

    // Assess
    expect(result.status).toBe(status);
    expect(calls).toHaveLength(1);
  });

  it('does not retry a refused address', async () => {
    // Prepare
    const refused = new FetchError('refused-address', 'http://10.0.0.1/', 'Refused');
    const { fetchPage, calls } = scripted([refused]);

    // Act
    const error = await fetchWithRetries(fetchPage, 'http://10.0.0.1/', { retries: 3 }).then(
      () => null,
      (reason: unknown) => reason as FetchError,
    );

    // Assess
    expect(error).toBe(refused);
    expect(calls).toHaveLength(1);
  });

  it('waits what 429 Retry-After asks', async () => {
    // Prepare
    const { fetchPage } = scripted([page(429, { 'retry-after': '3' }), page(200)]);
    const { waits, wait } = recordWaits();

    // Act
    const result = await fetchWithRetries(fetchPage, 'https://example.com/', { retries: 1, wait });

    // Assess
    expect(result.status).toBe(200);
    expect(waits).toEqual([3000]);
  });

  it('keeps the 429 when Retry-After asks too much', async () => {
    // Prepare
    const { fetchPage, calls } = scripted([page(429, { 'retry-after': '3600' })]);

    // Act
    const result = await fetchWithRetries(fetchPage, 'https://example.com/', { retries: 3 });

    // Assess
    expect(result.status).toBe(429);
    expect(calls).toHaveLength(1);
  });

  it('stops waiting when aborted', async () => {
    // Prepare
    const { fetchPage } = scripted([page(503), page(200)]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);

    // Act
    const error = await fetchWithRetries(fetchPage, 'https://example.com/', {
      retries: 1,
      baseDelayMs: 60_000,
      signal: controller.signal,
    }).then(
      () => null,
      (reason: unknown) => reason as FetchError,
    );

    // Assess
    expect(error).toBeInstanceOf(FetchError);
    expect(error?.code).toBe('aborted');
  });
});

describe('backoffMs', () => {
  it('doubles up to the ceiling, half of it jittered', () => {
    // Act
    const low = [0, 1, 2, 3, 10].map((attempt) => backoffMs(attempt, () => 0, 500, 10_000));
    const high = [0, 1, 2, 3, 10].map((attempt) => backoffMs(attempt, () => 1, 500, 10_000));

    // Assess
    expect(low).toEqual([250, 500, 1000, 2000, 5000]);
    expect(high).toEqual([500, 1000, 2000, 4000, 10_000]);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    // Prepare
    const now = Date.parse('2024-01-01T00:00:00Z');

    // Act, Assess
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 31 Dec 2023 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});

describe('isRetryableStatus', () => {
  it('names the statuses that may pass', () => {
    // Act
    const retryable = [200, 301, 400, 404, 408, 429, 500, 501, 502, 503, 504, 505].filter(isRetryableStatus);

    // Assess
    expect(retryable).toEqual([408, 429, 500, 502, 503, 504]);
  });
});
