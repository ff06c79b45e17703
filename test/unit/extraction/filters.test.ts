import { describe, expect, it } from 'vitest';
import { applyFilters, type FilterSpec } from '#extraction/filters';

describe('applyFilters', () => {
  it.each<[string, FilterSpec[], string[], string[]]>([
    ['trim', [{ name: 'trim' }], ['  a b \n'], ['a b']],
    ['normal', [{ name: 'normal' }], ['\n  the   quick\n brown\tfox '], ['the quick brown fox']],
    ['uppercase', [{ name: 'uppercase' }], ['Straße x'], ['STRASSE X']],
    ['lowercase', [{ name: 'lowercase' }], ['ÀB C'], ['àb c']],
    ['capitalize', [{ name: 'capitalize' }], ['the quick  brown-fox élan'], ['The Quick  Brown-fox Élan']],
    ['concatenate', [{ name: 'concatenate' }], ['12', '.99'], ['12.99']],
    ['concatinate', [{ name: 'concatinate' }], ['a', 'b', 'c'], ['abc']],
    ['regex, all matches joined', [{ name: 'regex', param: '\\w+' }], ['0 (944) 244-18-22'], ['09442441822']],
    ['regex without a match', [{ name: 'regex', param: '[0-9]+' }], ['none'], ['']],
  ])('%s', (_name, filters, values, expected) => {
    // Act
    const result = applyFilters(values, filters);

    // Assess
    expect(result).toEqual(expected);
  });

  it('applies filters in order', () => {
    // Prepare
    const values = ['  hello world  '];

    // Act
    const upperThenRegex = applyFilters(values, [{ name: 'uppercase' }, { name: 'regex', param: '[a-z]+' }]);
    const regexThenUpper = applyFilters(values, [{ name: 'regex', param: '[a-z]+' }, { name: 'uppercase' }]);

    // Assess
    expect(upperThenRegex).toEqual(['']);
    expect(regexThenUpper).toEqual(['HELLOWORLD']);
  });

  it('applies per value, concatenate joins the values', () => {
    // Prepare
    const values = [' a ', ' b '];

    // Act
    const perValue = applyFilters(values, [{ name: 'trim' }, { name: 'uppercase' }]);
    const joined = applyFilters(values, [{ name: 'trim' }, { name: 'concatenate' }, { name: 'uppercase' }]);

    // Assess
    expect(perValue).toEqual(['A', 'B']);
    expect(joined).toEqual(['AB']);
  });

  it('concatenate of no values stays empty', () => {
    // Act
    const result = applyFilters([], [{ name: 'concatenate' }]);

    // Assess
    expect(result).toEqual([]);
  });
});
