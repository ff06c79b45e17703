import { describe, expect, it } from 'vitest';
import { TASK_STATUSES } from '#core/task';
import { canTransition, isFinished } from '#core/transitions';

describe('canTransition', () => {
  it.each([
    ['initialized', 'queued'],
    ['queued', 'running'],
    ['running', 'completed'],
    ['running', 'error'],
    ['queued', 'error'],
    ['initialized', 'cancelled'],
    ['queued', 'cancelled'],
    ['running', 'cancelled'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('never moves a finished task', () => {
    for (const from of TASK_STATUSES.filter(isFinished)) {
      for (const to of TASK_STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it.each([
    ['initialized', 'running'],
    ['initialized', 'completed'],
    ['queued', 'completed'],
    ['running', 'queued'],
    ['queued', 'initialized'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });
});
