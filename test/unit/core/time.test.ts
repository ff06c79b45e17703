import { describe, expect, it } from 'vitest';
import { elapsed, formatTime } from '#core/time';

describe('formatTime', () => {
  it('formats UTC without zone suffix or milliseconds', () => {
    expect(formatTime('2019-04-14T23:09:38.517Z')).toBe('2019-04-14T23:09:38');
  });

  it('converts an offset time to UTC', () => {
    expect(formatTime('2019-04-15T01:09:38+02:00')).toBe('2019-04-14T23:09:38');
  });

  it('keeps null for a time that has not happened', () => {
    expect(formatTime(null)).toBeNull();
  });
});

describe('elapsed', () => {
  it('is null before the task starts', () => {
    expect(elapsed(null, null)).toBeNull();
  });

  it('counts whole seconds from start to end', () => {
    expect(elapsed('2019-04-14T23:09:38.900Z', '2019-04-14T23:10:40.100Z')).toBe('61');
  });

  it('counts the seconds so far while running', () => {
    const now = new Date('2019-04-14T23:10:40.000Z');
    expect(elapsed('2019-04-14T23:09:38.000Z', null, now)).toBe('62');
  });
});
