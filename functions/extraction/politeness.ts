import { setTimeout as sleep } from 'node:timers/promises';

/** Spaces out requests to one host: each starts at least `delay` ms after the previous one began. */
export class HostScheduler {
  readonly #defaultDelayMs: number;
  readonly #delays = new Map<string, number>();
  readonly #nextStart = new Map<string, number>();

  constructor(defaultDelayMs: number) {
    this.#defaultDelayMs = defaultDelayMs;
  }

  /** A host's own delay (robots.txt Crawl-delay) when it is longer than the default. */
  setHostDelay(host: string, delayMs: number): void {
    this.#delays.set(host, Math.max(this.#defaultDelayMs, delayMs));
  }

  /** Waits for the host's next slot; an abort leaves the slot to the next caller. */
  async wait(url: string, signal?: AbortSignal): Promise<void> {
    const host = new URL(url).host;
    const delay = this.#delays.get(host) ?? this.#defaultDelayMs;
    if (delay <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.#nextStart.get(host) ?? now);
    this.#nextStart.set(host, start + delay);
    if (start > now) {
      try {
        await sleep(start - now, undefined, signal ? { signal } : {});
      } catch (error) {
        if (this.#nextStart.get(host) === start + delay) this.#nextStart.set(host, start);
        throw error;
      }
    }
  }
}
