import { describe, expect, it } from 'vitest';
import { nextDelaySeconds, RETRY_SCHEDULE, retryAfterSeconds } from '#core/webhooks/schedule';

const planned = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

describe('nextDelaySeconds', () => {
  it('follows the Standard Webhooks schedule after each failed attempt, ten attempts in all', () => {
    const middle = () => 0.5;
    expect(planned.map((_, i) => nextDelaySeconds(RETRY_SCHEDULE, i + 1, null, middle))).toEqual(planned);
    expect(nextDelaySeconds(RETRY_SCHEDULE, 10)).toBeNull();
  });

  it('spreads each pause by at most ±10 %', () => {
    planned.forEach((delay, i) => {
      const low = nextDelaySeconds(RETRY_SCHEDULE, i + 1, null, () => 0) as number;
      const high = nextDelaySeconds(RETRY_SCHEDULE, i + 1, null, () => 0.999999) as number;
      expect(low).toBe(Math.round(delay * 0.9));
      expect(high).toBeLessThanOrEqual(Math.round(delay * 1.1));
      expect(high).toBeGreaterThanOrEqual(Math.round(delay * 1.1) - 1);
    });
  });

  it('lengthens a pause to a Retry-After, never shortens it, and caps it at the longest pause', () => {
    const middle = () => 0.5;
    expect(nextDelaySeconds(RETRY_SCHEDULE, 1, 60, middle)).toBe(60);
    expect(nextDelaySeconds(RETRY_SCHEDULE, 2, 60, middle)).toBe(300);
    expect(nextDelaySeconds(RETRY_SCHEDULE, 1, 7 * 86400, middle)).toBe(86400);
    expect(nextDelaySeconds(RETRY_SCHEDULE, 10, 60, middle)).toBeNull();
  });
});

describe('retryAfterSeconds', () => {
  const now = new Date('2025-01-01T00:00:00Z');

  it('reads delta-seconds and HTTP dates on 429, 502 and 504', () => {
    expect(retryAfterSeconds(429, '120', now)).toBe(120);
    expect(retryAfterSeconds(502, ' 7 ', now)).toBe(7);
    expect(retryAfterSeconds(504, 'Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60);
    expect(retryAfterSeconds(429, 'Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
  });

  it('ignores it on other statuses, and when it does not parse', () => {
    expect(retryAfterSeconds(503, '120', now)).toBeNull();
    expect(retryAfterSeconds(500, '120', now)).toBeNull();
    expect(retryAfterSeconds(429, 'soon', now)).toBeNull();
    expect(retryAfterSeconds(429, null, now)).toBeNull();
  });
});
