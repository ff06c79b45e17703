import { load } from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractionSchemeSchema, parseScheme, unsupportedFeatures } from '#extraction/scheme';
import { selectorError } from '#extraction/selector';

// The contract's own example.
const seedScheme = () => ({
  name: 'books',
  request: { url: 'https://example.com/catalogue/page-1.html', type: 'base' },
  commonParent: 'article.product_pod',
  fields: [
    {
      name: 'Title',
      selector: 'h3 a',
      type: 2,
      attrs: ['text', 'href'],
      filters: [{ name: 'trim' }],
      details: { fields: [{ name: 'Stock', selector: '.availability', type: 1, attrs: ['text'] }] },
    },
    {
      name: 'Price',
      selector: '.price_color',
      type: 1,
      attrs: ['text'],
      filters: [{ name: 'regex', param: '[0-9]+\\.[0-9]+' }],
    },
    { name: 'Cover', selector: 'img', type: 0, attrs: ['src', 'alt'] },
  ],
  paginator: { nextPageSelector: 'li.next a', pageNum: 5 },
  path: false,
  format: 'csv',
});

type Scheme = ReturnType<typeof seedScheme>;

function issuesOf(change: (scheme: Scheme & Record<string, unknown>) => void) {
  const scheme = seedScheme();
  change(scheme);
  const result = parseScheme(scheme);
  return result.success ? [] : result.issues;
}

describe('extractionSchemeSchema', () => {
  it('accepts the contract example as it is', () => {
    // Prepare
    const scheme = seedScheme();

    // Act
    const result = extractionSchemeSchema.safeParse(scheme);

    // Assess
    expect(result.success).toBe(true);
    expect(result.data).toEqual(scheme);
  });

  it('accepts the options beyond the contract', () => {
    // Prepare
    const scheme = {
      ...seedScheme(),
      maxRequests: 100,
      concurrency: 3,
      delay: 250,
      retries: 1,
      respectRobotsTxt: false,
      headers: { 'Accept-Language': 'en', Cookie: 'a=b' },
    };

    // Act
    const result = parseScheme(scheme);

    // Assess
    expect(result).toEqual({ success: true, scheme });
  });

  it.each<[string, (scheme: Scheme & Record<string, unknown>) => void, string, RegExp]>([
    [
      'an invalid CSS selector',
      (s) => {
        s.fields[1]!.selector = 'p[class';
      },
      'fields.1.selector',
      /Invalid CSS selector: .+/,
    ],
    [
      'an unknown pseudo-class in commonParent',
      (s) => {
        s.commonParent = 'article:bogus';
      },
      'commonParent',
      /Unknown pseudo-class :bogus/,
    ],
    [
      'a positional pseudo-class without its argument',
      (s) => {
        s.paginator.nextPageSelector = 'li:eq a';
      },
      'paginator.nextPageSelector',
      /requires an argument/,
    ],
    [
      'an invalid selector in details',
      (s) => {
        s.fields[0]!.details!.fields[0]!.selector = '';
      },
      'fields.0.details.fields.0.selector',
      /selector is empty/,
    ],
    [
      'a relative URL',
      (s) => {
        s.request.url = '/catalogue/page-1.html';
      },
      'request.url',
      /absolute http\(s\) URL/,
    ],
    [
      'a non-http URL',
      (s) => {
        s.request.url = 'file:///etc/passwd';
      },
      'request.url',
      /absolute http\(s\) URL/,
    ],
    ['an unknown top-level field', (s) => Object.assign(s, { pageLimit: 3 }), 'pageLimit', /Unknown field/],
    [
      'an unknown field in a field',
      (s) => Object.assign(s.fields[2]!, { extractor: 'text' }),
      'fields.2.extractor',
      /Unknown field/,
    ],
    [
      'an unknown filter',
      (s) => {
        s.fields[0]!.filters = [{ name: 'reverse' }];
      },
      'fields.0.filters.0.name',
      /expected one of/,
    ],
    [
      'a bad regex',
      (s) => {
        s.fields[1]!.filters = [{ name: 'regex', param: '([0-9]+' }];
      },
      'fields.1.filters.0.param',
      /Invalid regex/,
    ],
    [
      'a regex without param',
      (s) => {
        s.fields[1]!.filters = [{ name: 'regex' }];
      },
      'fields.1.filters.0.param',
      /needs a param/,
    ],
    [
      'a duplicate field name',
      (s) => {
        s.fields[2]!.name = 'Title';
      },
      'fields.2.name',
      /Duplicate field name "Title"/,
    ],
    [
      'an empty field name',
      (s) => {
        s.fields[1]!.name = ' ';
      },
      'fields.1.name',
      /must not be empty/,
    ],
    [
      'an unknown field type',
      (s) => {
        s.fields[1]!.type = 3;
      },
      'fields.1.type',
      /expected one of 0\|1\|2/,
    ],
    [
      'details on a text field',
      (s) => {
        s.fields[0]!.type = 1;
      },
      'fields.0.details',
      /link field/,
    ],
    [
      'an unknown format',
      (s) => {
        s.format = 'pdf';
      },
      'format',
      /expected one of/,
    ],
    [
      'a header the crawler owns',
      (s) => Object.assign(s, { headers: { Host: 'internal' } }),
      'headers.Host',
      /set by the crawler/,
    ],
  ])('reports %s at its path', (_name, change, path, reason) => {
    // Act
    const issues = issuesOf(change);

    // Assess
    expect(issues).toEqual([{ path, reason: expect.stringMatching(reason) }]);
  });

  it('parses chrome requests and names them unsupported', () => {
    // Prepare
    const scheme = seedScheme();
    scheme.request = { ...scheme.request, type: 'chrome', waitDelay: 0.5 } as Scheme['request'];

    // Act
    const result = parseScheme(scheme);

    // Assess
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(unsupportedFeatures(result.scheme)).toEqual([
      { path: 'request.type', reason: expect.stringContaining('chrome') },
    ]);
    expect(unsupportedFeatures({ ...result.scheme, request: { url: scheme.request.url } })).toEqual([]);
  });
});

describe('selectorError', () => {
  it('refuses a selector that compiles but cheerio will not run', () => {
    expect(selectorError(':not(~:first)')).not.toBeNull();
    expect(selectorError('li:not(:first)')).toBeNull();
  });

  it('lets through only selectors cheerio can run', () => {
    // Prepare
    const $ = load('<div class="a"><ul><li id="x"><a href="#">1</a></li><li>2</li></ul></div>');
    const pieces = fc.constantFrom(
      'div',
      'li',
      'a',
      '.a',
      '#x',
      ' ',
      '>',
      '+',
      '~',
      ',',
      ':first',
      ':eq(1)',
      ':eq',
      ':nth-child(2)',
      ':not(',
      ')',
      '[href]',
      '[',
      ']',
      ':has(a)',
      ':contains(1)',
      ':bogus',
      '*',
      '"',
      ':scope',
    );

    // Act, Assess
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 1, maxLength: 6 }), (parts) => {
        const selector = parts.join('');
        if (selectorError(selector) !== null) return;
        expect(() => $(selector).length + $('div').find(selector).length).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseScheme on any input', () => {
  it('answers with a result or issues that have paths, never throws', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        // Act
        const result = parseScheme(input);

        // Assess
        if (!result.success) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(typeof issue.reason).toBe('string');
        }
      }),
    );
  });

  it('keeps its issues on the place that is wrong when one field is mangled', () => {
    fc.assert(
      fc.property(fc.constantFrom('selector', 'type', 'attrs', 'filters'), fc.jsonValue(), (key, mangled) => {
        // Prepare
        const scheme = seedScheme();
        const fields: Record<string, unknown>[] = [...scheme.fields];
        fields[1] = { ...fields[1], [key]: mangled };

        // Act
        const result = parseScheme({ ...scheme, fields });

        // Assess
        if (!result.success) for (const issue of result.issues) expect(issue.path).toMatch(/^fields\.1\./);
      }),
    );
  });
});
