import { describe, expect, it } from 'vitest';
import { maxGapMs, type SpreaderClock, StartSpreader, togetherMs } from '#extraction/start-spreader';

/** A clock that only moves when told to, and moves to the end of each sleep it is asked for. */
function manualClock() {
  let time = 1_000;
  const sleeps: number[] = [];
  const clock: SpreaderClock = {
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  const advance = (ms: number) => {
    time += ms;
  };
  return { clock, sleeps, advance };
}

const signal = new AbortController().signal;

describe('StartSpreader', () => {
  it('lets every fetch start at once until a page has been timed', async () => {
    // Prepare
    const { clock, sleeps } = manualClock();
    const spreader = new StartSpreader(4, clock);

    // Act
    for (let turn = 0; turn < 4; turn++) await spreader.turn(signal);

    // Assert
    expect(sleeps).toEqual([]);
  });

  it('spreads starts that coincide half a slot share of the mean page time apart', async () => {
    // Prepare: pages of 800 ms at concurrency 4, so 100 ms apart.
    const { clock, sleeps } = manualClock();
    const spreader = new StartSpreader(4, clock);
    spreader.took(800);

    // Act: four slots free in the same instant.
    for (let turn = 0; turn < 4; turn++) await spreader.turn(signal);

    // Assert
    expect(sleeps).toEqual([100, 200, 300]);
  });

  it('never delays a start that comes apart from the last one', async () => {
    // Prepare
    const { clock, sleeps, advance } = manualClock();
    const spreader = new StartSpreader(4, clock);
    spreader.took(800);

    // Act: starts togetherMs apart, then once more well after the last.
    await spreader.turn(signal);
    advance(togetherMs);
    await spreader.turn(signal);
    advance(60);
    await spreader.turn(signal);

    // Assert
    expect(sleeps).toEqual([]);
  });

  it('puts a start back no further than maxGapMs, however slow the pages', async () => {
    // Prepare
    const { clock, sleeps } = manualClock();
    const spreader = new StartSpreader(2, clock);
    spreader.took(60_000);

    // Act
    await spreader.turn(signal);
    await spreader.turn(signal);

    // Assert
    expect(sleeps).toEqual([maxGapMs]);
  });

  it('follows the pages as they get faster', async () => {
    // Prepare: one slow page, then twenty of 80 ms.
    const { clock, sleeps } = manualClock();
    const spreader = new StartSpreader(4, clock);
    spreader.took(8_000);
    for (let page = 0; page < 20; page++) spreader.took(80);

    // Act
    await spreader.turn(signal);
    await spreader.turn(signal);

    // Assert: 80 ms plus what is left of the slow page (7,920 ms × 0.9^20), over 8.
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeCloseTo((80 + 7_920 * 0.9 ** 20) / 8, 6);
  });

  it('gives up the wait when the signal aborts', async () => {
    // Prepare
    const spreader = new StartSpreader(1, {
      now: () => 0,
      sleep: (_, abort) =>
        new Promise((_, reject) => abort.addEventListener('abort', () => reject(abort.reason))),
    });
    spreader.took(100);
    const stop = new AbortController();
    await spreader.turn(stop.signal);

    // Act
    const waiting = spreader.turn(stop.signal);
    stop.abort(new Error('stopped'));

    // Assert
    await expect(waiting).rejects.toThrow('stopped');
  });
});
