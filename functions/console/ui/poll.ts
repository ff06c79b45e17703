import { useEffect, useRef } from 'preact/hooks';

/** What a poll found: something new (poll again soon), nothing new (back off), or the end. */
export type PollResult = 'changed' | 'same' | 'done';

const FIRST_MS = 1_000;
const LONGEST_MS = 10_000;

/**
 * Calls `tick` while `active`: a second after it found a change, backing off (×1.6, up to 10 s)
 * while it finds none, until it says done. A failed tick backs off as an unchanged one.
 */
export function usePoll(tick: () => Promise<PollResult>, active: boolean, key: unknown): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let delay = FIRST_MS;
    let timer: ReturnType<typeof setTimeout>;
    const run = async () => {
      let result: PollResult;
      try {
        result = await latest.current();
      } catch {
        result = 'same';
      }
      if (stopped || result === 'done') return;
      delay = result === 'changed' ? FIRST_MS : Math.min(delay * 1.6, LONGEST_MS);
      timer = setTimeout(run, delay);
    };
    timer = setTimeout(run, delay);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, key]);
}
