import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from '#core/ids';

describe('newId', () => {
  it('makes 24 base62 characters', () => {
    for (let i = 0; i < 200; i++) expect(newId()).toMatch(ID_PATTERN);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
  });

  it('uses the whole alphabet', () => {
    const seen = new Set([...Array.from({ length: 500 }, () => newId()).join('')]);
    expect(seen.size).toBe(62);
  });
});
