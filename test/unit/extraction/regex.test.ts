import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { applyFilters } from '#extraction/filters';
import { compileRegex, regexError } from '#extraction/regex';
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

const regex = (param: string, value: string) => applyFilters([value], [{ name: 'regex', param }])[0];

describe('regexError', () => {
  it.each([
    ['(?=x)a', 'RE2 syntax does not support lookahead (?=…)'],
    ['a(?!x)', 'RE2 syntax does not support negative lookahead (?!…)'],
    ['(?<=\\$)\\d+', 'RE2 syntax does not support lookbehind (?<=…)'],
    ['(?<!-)\\d+', 'RE2 syntax does not support negative lookbehind (?<!…)'],
    ['(a)\\1', 'RE2 syntax does not support backreferences (`\\1`)'],
    ['(?<q>a)\\k<q>', 'RE2 syntax does not support backreferences (`\\k…`)'],
    [
      '(?P<q>a)(?P=q)',
      'RE2 syntax does not support (?P=name) or (?P>name); a named group is (?P<name>…) or (?<name>…)',
    ],
    ['a++', 'RE2 syntax does not support possessive quantifiers (`++`)'],
    ['a*+', 'RE2 syntax does not support possessive quantifiers (`*+`)'],
    ['a{2,3}+', 'RE2 syntax does not support possessive quantifiers (`{2,3}+`)'],
    ['(?>a+)b', 'RE2 syntax does not support atomic groups (?>…)'],
    ['a(?#note)', 'RE2 syntax does not support comments (?#…)'],
    ['(?|a|b)', 'RE2 syntax does not support branch reset groups (?|…)'],
    ['a(?R)?', 'RE2 syntax does not support recursion or subroutine calls (`(?R`)'],
    ['\\u00e9', 'RE2 syntax does not support \\u escapes; write a code point as \\x{e9}'],
    ['a\\Z', 'RE2 syntax does not support \\Z; \\z is the end of the text'],
    ['\\e', 'RE2 syntax does not support the escape `\\e`'],
    ['(?x)a b', "invalid flags in `(?x`: RE2's flags are i, m, s and U, as (?i) or (?i:…)"],
    ['a(?', 'an unfinished group `(?` at the end'],
    [
      '(?<n',
      'invalid group name in `(?<n`: a named group is (?<name>…) or (?P<name>…), the name made of letters, digits and _',
    ],
    ['(a+', 'missing closing ) in `(a+`'],
    ['a)', 'unmatched ) in `a)`'],
    ['[0-9', 'missing closing ] in `[0-9`'],
    ['*a', '`*` has nothing to repeat'],
    ['a**', 'a repetition cannot directly repeat another (`**`); put the first in a group, as (?:a*)*'],
    [
      'a{1001}',
      'invalid repeat count `{1001}`: RE2 allows at most 1000 repetitions (nested counts multiply), the minimum not above the maximum',
    ],
    [
      'a{3,2}',
      'invalid repeat count `{3,2}`: RE2 allows at most 1000 repetitions (nested counts multiply), the minimum not above the maximum',
    ],
    ['ab\\', 'it ends with a lone backslash'],
    ['(?<n>a)(?<n>b)', 'the group name `n` is used twice'],
    [
      '\\p{Foo}',
      'unknown Unicode class `\\p{Foo}` (RE2 knows general categories and scripts: \\p{L}, \\p{Lu}, \\p{Greek})',
    ],
    ['[[:foo:]]', 'unknown POSIX class `[:foo:]`'],
    ['[z-a]', 'invalid character range `z-a`'],
    [`${'('.repeat(1001)}a${')'.repeat(1001)}`, 'it nests too deeply for RE2 (at most 1000 levels)'],
  ])('refuses %s: %s', (pattern, reason) => {
    // Act
    const result = regexError(pattern);

    // Assess
    expect(result).toBe(reason);
  });

  it.each([
    '[0-9]+\\.[0-9]+',
    '(a+)+$',
    '(?i)price: \\$?\\d+(?:,\\d{3})*',
    '(?P<n>a)(?<m>b)',
    '\\p{L}+',
    '\\x{e9}|\\QC++\\E',
    '[[:alpha:]]+',
    'a{2,1000}',
  ])('accepts %s', (pattern) => {
    // Act
    const result = regexError(pattern);

    // Assess
    expect(result).toBeNull();
  });

  it('refuses exactly what RE2 does not compile, and never throws', () => {
    const atoms = fc.constantFrom(
      ...['a', '\\', '(', ')', '(?', '=', '!', '<', '>', 'P', 'k', '1', '[', ']', '-', ':'],
      ...['{', '}', ',', '2', '*', '+', '?', '|', '^', '$', 'p', 'L', 'x', '#', 'i', 'u', 'Z'],
    );
    fc.assert(
      fc.property(fc.array(atoms, { maxLength: 12 }), (parts) => {
        // Prepare
        const pattern = parts.join('');
        let compiles = true;
        try {
          RE2JS.compile(pattern);
        } catch {
          compiles = false;
        }

        // Act
        const result = regexError(pattern);

        // Assess
        expect(result === null).toBe(compiles);
        if (result !== null) expect(result).not.toBe('');
      }),
    );
  });
});

describe('compileRegex', () => {
  it('compiles a pattern once', () => {
    // Act
    const first = compileRegex('[0-9]+');
    const second = compileRegex('[0-9]+');

    // Assess
    expect(second).toBe(first);
  });
});

describe('the regex filter', () => {
  it.each([
    ['\\w+', '0 (944) 244-18-22', '09442441822'],
    ['[0-9]+\\.[0-9]+', '£51.77 (was £60.00)', '51.7760.00'],
    ['\\p{L}+', 'héllo, wörld 42 Ωμέγα', 'héllowörldΩμέγα'],
    ['\\p{Greek}', 'alpha α beta β', 'αβ'],
    ['[à-ü]', 'café über naïve', 'éüï'],
    ['[^a ]', 'a😀 b', '😀b'],
    ['(?i)straße', 'STRASSE Straße', 'Straße'],
    ['a*', 'baaac', 'aaa'],
    ['.+', 'one\ntwo', 'onetwo'],
    ['(?s).+', 'one\ntwo', 'one\ntwo'],
    ['(?m)^\\w', 'ab\ncd', 'ac'],
    ['(\\d+)-(\\d+)', '1-2 and 30-40', '1-230-40'],
    ['x', 'none', ''],
  ])('%s on %j gives %j', (pattern, value, expected) => {
    // Act
    const result = regex(pattern, value);

    // Assess
    expect(result).toBe(expected);
  });

  it('finishes on input that makes a backtracking engine hang', () => {
    // Prepare: (a+)+$ on a…ab takes exponential time on V8's RegExp
    const value = `${'a'.repeat(100_000)}b`;

    // Act
    const result = regex('(a+)+$', value);

    // Assess
    expect(result).toBe('');
  });
});

describe('scheme validation', () => {
  it('refuses a regex RE2 cannot compile at its field path, with the reason', () => {
    // Act
    const result = parseScheme(scheme('(?<=\\$)[0-9]+'));

    // Assess
    expect(result).toEqual({
      success: false,
      issues: [
        {
          path: 'fields.1.filters.1.param',
          reason: 'Invalid regex: RE2 syntax does not support lookbehind (?<=…)',
        },
      ],
    });
  });

  it.each(['[0-9]+\\.[0-9]+', '(\\d+\\s?)+'])('accepts %s', (pattern) => {
    // Act
    const result = parseScheme(scheme(pattern));

    // Assess
    expect(result.success).toBe(true);
  });
});
