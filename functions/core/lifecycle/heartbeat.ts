/**
 * Runs `work` while beating every `everyMs`: a beat records progress with a write conditional on
 * `running`, and the first beat that finds the task no longer running aborts the work's signal.
 * A beat still writing when the work ends is awaited, so its older counters never land after the
 * caller's final write.
 */
export async function whileRunning<T>(
  beat: () => Promise<boolean>,
  everyMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  let beating: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (beating) return; // a slow write is not stacked with the next
    beating = beat()
      .then(
        (running) => {
          if (!running) stop.abort();
        },
        () => undefined, // a failed beat is retried at the next tick
      )
      .finally(() => {
        beating = undefined;
      });
  }, everyMs);
  try {
    return await work(stop.signal);
  } finally {
    clearInterval(timer);
    await beating;
  }
}
