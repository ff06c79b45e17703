import { setTimeout as sleep } from 'node:timers/promises';

/** Starts closer together than this count as coinciding. */
export const togetherMs = 5;
/** The longest a start is put back, however long pages take. */
export const maxGapMs = 250;

export interface SpreaderClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realClock: SpreaderClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

/**
 * Spreads page fetches that would start together: one that comes within `togetherMs` of the last
 * start waits until half a slot's share of the mean page time after it. Pages rendered by a browser
 * share this machine's CPUs, and pages started in the same instant (a batch's first round, a site that
 * answers every page alike) stay in lockstep, contending for the CPU on every page. Starts already apart
 * never wait.
 */
export class StartSpreader {
  readonly #concurrency: number;
  readonly #clock: SpreaderClock;
  #last = Number.NEGATIVE_INFINITY;
  #meanMs: number | undefined;

  constructor(concurrency: number, clock: SpreaderClock = realClock) {
    this.#concurrency = concurrency;
    this.#clock = clock;
  }

  /** Resolves when the next fetch may start; rejects if the signal aborts first. */
  async turn(signal: AbortSignal): Promise<void> {
    const now = this.#clock.now();
    const gap = Math.min(maxGapMs, (this.#meanMs ?? 0) / this.#concurrency / 2);
    const start = now < this.#last + togetherMs ? Math.max(now, this.#last + gap) : now;
    this.#last = start;
    if (start > now) await this.#clock.sleep(start - now, signal);
  }

  /** A fetch took `ms`: the mean follows the last ten or so. */
  took(ms: number): void {
    this.#meanMs = this.#meanMs === undefined ? ms : this.#meanMs * 0.9 + ms * 0.1;
  }
}
