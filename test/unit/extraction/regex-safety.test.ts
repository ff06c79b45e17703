import { describe, expect, it } from 'vitest';
import { regexError } from '#extraction/filters';
import { regexRisk } from '#extraction/regex-safety';
import { parseScheme } from '#extraction/scheme';

const scheme = (param: string) => ({
  name: 'prices',
  request: { url: 'https://example.com/' },
  fields: [
    { name: 'Title', selector: 'h3', type: 1, attrs: ['text'] },
    {
      name: 'Price',
      selector: '.price',
      type: 1,
      attrs: ['text'],
      filters: [{ name: 'trim' }, { name: 'regex', param }],
    },
  ],
});

describe('regexRisk', () => {
  it.each([
    ['(a+)+', 'a'],
    ['(a|a)*', 'a'],
    ['(.*)*', '.'],
    ['(a*)*b', 'a'],
    ['^(a|aa)+$', 'a|aa'],
    ['(\\w+\\s?)*$', '\\w'],
    ['(\\d+\\s*)+', '\\d'],
    ['([a-z0-9]+[-.]?)+@', '[a-z0-9]'],
  ])('refuses %s as exponential', (pattern, near) => {
    // Act
    const reason = regexRisk(pattern);

    // Assess
    expect(reason).toMatch(/^it risks catastrophic backtracking \(exponential time on some inputs/);
    expect(reason).toContain(`near "${near}`);
  });

  it('refuses a high-degree polynomial', () => {
    // Act
    const reason = regexRisk('.*.*.*=');

    // Assess
    expect(reason).toMatch(/O\(n\^\d\)/);
  });

  it.each([
    '[0-9]+\\.[0-9]+',
    '\\w+',
    '\\d+(\\.\\d+)?',
    '\\$?\\d+(,\\d{3})*(\\.\\d{2})?',
    '[^,]+',
    '\\s+$',
    '([a-z]+\\.)+',
    '(\\w+)=(\\w+)',
    '[\\w.+-]+@[\\w-]+\\.[\\w.-]+',
    '\\bfoo\\b|bar',
  ])('accepts %s', (pattern) => {
    // Act
    const reason = regexRisk(pattern);

    // Assess
    expect(reason).toBeNull();
  });

  it('refuses what it cannot judge in time', () => {
    // Act
    const reason = regexRisk('(\\w+)\\1(?<=\\1)', 1);

    // Assess
    expect(reason).toMatch(/could not be shown safe from catastrophic backtracking within 1 ms/);
  });

  it('refuses a backreference that backtracks', () => {
    // Act
    const reason = regexRisk('(\\w+)\\1');

    // Assess
    expect(reason).not.toBeNull();
  });
});

describe('regexError', () => {
  it('reports a pattern that does not compile before judging it', () => {
    // Act
    const reason = regexError('(a+');

    // Assess
    expect(reason).toMatch(/Unterminated group/);
  });
});

describe('scheme validation', () => {
  it('refuses a catastrophic regex at its field path, with the reason', () => {
    // Act
    const result = parseScheme(scheme('(\\d+\\s?)+'));

    // Assess
    expect(result).toEqual({
      success: false,
      issues: [
        {
          path: 'fields.1.filters.1.param',
          reason: expect.stringMatching(/^Invalid regex: it risks catastrophic backtracking \(exponential/),
        },
      ],
    });
  });

  it("accepts the contract's price regex", () => {
    // Act
    const result = parseScheme(scheme('[0-9]+\\.[0-9]+'));

    // Assess
    expect(result.success).toBe(true);
  });
});
