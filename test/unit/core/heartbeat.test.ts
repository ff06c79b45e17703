import { describe, expect, it } from 'vitest';
import { whileRunning } from '#core/lifecycle/heartbeat';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('whileRunning', () => {
  it('returns only once a beat still writing has landed, so the caller’s final write comes last', async () => {
    // Prepare
    const writes: string[] = [];
    const beat = async () => {
      await sleep(60);
      writes.push('beat');
      return true;
    };

    // Act
    await whileRunning(beat, 10, async () => {
      await sleep(25);
      return 'done';
    });
    writes.push('final');

    // Assess
    expect(writes).toEqual(['beat', 'final']);
  });

  it('aborts the work once a beat finds the task no longer running', async () => {
    // Prepare
    let beats = 0;
    const beat = async () => ++beats < 2;

    // Act
    const reason = await whileRunning(
      beat,
      5,
      (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped'))),
    );

    // Assess
    expect(reason).toBe('stopped');
    expect(beats).toBe(2);
  });
});
