/**
 * The retry schedule Standard Webhooks recommends: after the first attempt (immediately), each
 * pause starts when the previous attempt has failed: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h,
 * 20 h, 24 h. Ten attempts over about three days. The delivery state machine carries this list in
 * its definition; the Deliver step reads it from there.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [
  5,
  5 * 60,
  30 * 60,
  2 * 3600,
  5 * 3600,
  10 * 3600,
  14 * 3600,
  20 * 3600,
  24 * 3600,
];

/** Each pause is spread by up to ±10 %, so endpoints that failed together are not retried together. */
export const RETRY_JITTER = 0.1;

export interface RetrySchedule {
  delaysSeconds: readonly number[];
  jitter: number;
}

export const RETRY_SCHEDULE: RetrySchedule = { delaysSeconds: RETRY_DELAYS_SECONDS, jitter: RETRY_JITTER };

/** The statuses whose `Retry-After` is honoured. */
const RETRY_AFTER_STATUSES = new Set([429, 502, 504]);

/**
 * Seconds to wait after attempt `attempt` (1-based) failed, or null when it was the last one.
 * A `Retry-After` (on 429, 502, 504) lengthens the pause, never shortens it, up to the longest
 * pause of the schedule.
 */
export function nextDelaySeconds(
  schedule: RetrySchedule,
  attempt: number,
  retryAfterSeconds: number | null = null,
  random: () => number = Math.random,
): number | null {
  const base = schedule.delaysSeconds[attempt - 1];
  if (base === undefined) return null;
  const jittered = base * (1 + schedule.jitter * (2 * random() - 1));
  const longest = Math.max(...schedule.delaysSeconds);
  const wanted =
    retryAfterSeconds === null ? jittered : Math.max(jittered, Math.min(retryAfterSeconds, longest));
  return Math.max(1, Math.round(wanted));
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date), only for the statuses that honour it. */
export function retryAfterSeconds(
  status: number,
  header: string | null | undefined,
  now = new Date(),
): number | null {
  if (!RETRY_AFTER_STATUSES.has(status) || !header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
