import { load } from 'cheerio';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeActions } from '#browser/actions';
import { extractionSchemeSchema, parseScheme } from '#extraction/scheme';
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
      /^unclosed attribute selector: "p\[class" — the "\[" at character 2 has no closing "]"$/,
    ],
    [
      'an unknown pseudo-class in commonParent',
      (s) => {
        s.commonParent = 'article:bogus';
      },
      'commonParent',
      /^unknown pseudo-class: "article:bogus" — ":bogus" at character 8 is none of those cheerio knows/,
    ],
    [
      'a positional pseudo-class without its argument',
      (s) => {
        s.paginator.nextPageSelector = 'li:eq a';
      },
      'paginator.nextPageSelector',
      /^missing argument: "li:eq a" — ":eq" at character 3 needs one in parentheses$/,
    ],
    [
      'an XPath expression',
      (s) => {
        s.fields[0]!.selector = '//h3/a/@href';
      },
      'fields.0.selector',
      /^XPath instead of CSS: .+ — selectors are CSS, not XPath \("\/\/" at character 1 is XPath\)/,
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
      'the attr details on a field with details',
      (s) => {
        s.fields[0]!.attrs = ['text', 'details'];
      },
      'fields.0.attrs.1',
      /The attr details would share the key Title_details with the field's details/,
    ],
    [
      'a field whose column is another field’s, at different levels',
      (s) => {
        s.fields[2] = { name: 'Title_details_Stock', selector: 'p', type: 1, attrs: ['text'] } as never;
      },
      'fields.2.name',
      /Field "Title_details_Stock" gives the column Title_details_Stock_text, which field "Stock" \(fields.0.details.fields.0\) gives too/,
    ],
    [
      'two fields of one level whose attrs meet',
      (s) => {
        s.fields[2] = { name: 'Price_te', selector: 'p', type: 1, attrs: ['xt'] } as never;
        s.fields[1]!.attrs = ['te_xt'];
      },
      'fields.2.name',
      /gives the column Price_te_xt, which field "Price" \(fields.1\) gives too: rename one of them/,
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

  it('parses chrome requests with their actions in every spelling', () => {
    // Prepare
    const scheme = seedScheme();
    scheme.request = {
      ...scheme.request,
      type: 'chrome',
      waitDelay: 0.5,
      waitUntil: 'load',
      blockResources: ['image'],
      actions: JSON.stringify([
        { input: { inputSelector: '#q', inputText: 'books' } },
        { click: { element: 'button.go' } },
        { paginate: { maxpage: 3, element: 'a.more' } },
      ]),
    } as unknown as Scheme['request'];

    // Act
    const result = parseScheme(scheme);

    // Assess
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(normalizeActions(result.scheme.request.actions ?? [])).toEqual([
      { type: 'input', selector: '#q', text: 'books' },
      { type: 'click', selector: 'button.go' },
      { type: 'clickMore', selector: 'a.more', times: 3 },
    ]);
  });

  it.each([
    [{ type: 'chrome', actions: [{ hover: { selector: 'a' } }] }, 'request.actions.0.hover'],
    [
      { type: 'chrome', actions: [{ click: { clickSelector: 'h1[' } }] },
      'request.actions.0.click.clickSelector',
    ],
    [
      { type: 'chrome', actions: Array.from({ length: 51 }, () => ({ click: { clickSelector: 'a' } })) },
      'request.actions',
    ],
    [{ type: 'base', actions: [{ click: { clickSelector: 'a' } }] }, 'request.actions'],
    [{ waitUntil: 'load' }, 'request.waitUntil'],
    [{ type: 'chrome', waitUntil: 'never' }, 'request.waitUntil'],
  ])('refuses the chrome request %j at %s', (fields, path) => {
    const scheme = seedScheme();
    scheme.request = { ...scheme.request, ...fields } as unknown as Scheme['request'];
    const result = parseScheme(scheme);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => issue.path)).toContain(path);
  });
});

describe('selectorError', () => {
  it.each([
    ['h1[', 'unclosed attribute selector: "h1[" — expected an attribute name after "[" at character 3'],
    ['h1[class', 'unclosed attribute selector: "h1[class" — the "[" at character 3 has no closing "]"'],
    ['a[]', 'empty attribute selector: "a[]" — expected an attribute name after "[" at character 2'],
    [
      'a[title=a b]',
      'malformed attribute selector: "a[title=a b]" — "[title=a b]" at character 2 is neither [name] nor [name=value]; a value with spaces needs quotes',
    ],
    ['h1[class="x', 'unclosed quote: "h1[class="x" — the quote " at character 10 is never closed'],
    ["p:contains('x", `unclosed quote: "p:contains('x" — the quote ' at character 12 is never closed`],
    ['p:not(.a', 'unclosed parenthesis: "p:not(.a" — the "(" of :not at character 6 has no closing ")"'],
    ['div)', 'unmatched ")": "div)" — nothing opens the ")" at character 4'],
    [
      'a(b)',
      'parentheses without a pseudo-class: "a(b)" — the "(" at character 2 follows no pseudo-class such as :not or :nth-child',
    ],
    [
      'h1 "x"',
      'unexpected quote: "h1 "x"" — the quoted text at character 4 belongs inside [name="value"] or :contains("text")',
    ],
    ['a!', 'unexpected character: "a!" — "!" at character 2 has no meaning in CSS'],
    [
      'a:bogus',
      'unknown pseudo-class: "a:bogus" — ":bogus" at character 2 is none of those cheerio knows (such as :first-child, :nth-child(2), :not(…), :has(…), :contains(…), :first, :eq(0))',
    ],
    [
      'a:has(:first)',
      'position inside a pseudo-class: "a:has(:first)" — ":first" at character 7 is a jQuery position, which works only outside :has(…), :is(…) and the like',
    ],
    [
      'a::text',
      'unsupported pseudo-element: "a::text" — "::text" at character 2 is Scrapy\'s syntax; leave it out and list "text" in attrs ("attrs": ["text"])',
    ],
    [
      'h3 a::attr(href)',
      'unsupported pseudo-element: "h3 a::attr(href)" — "::attr(href)" at character 5 is Scrapy\'s syntax; leave it out and list "href" in attrs ("attrs": ["href"])',
    ],
    [
      'p::first-line',
      'unsupported pseudo-element: "p::first-line" — "::first-line" at character 2 selects no element; a selector picks elements, and attrs what to take from them',
    ],
    [
      'p:before',
      'unsupported pseudo-element: "p:before" — ":before" at character 2 selects no element; a selector picks elements, and attrs what to take from them',
    ],
    ['div,', 'empty selector in a list: "div," — nothing after the "," at character 4'],
    [',div', 'empty selector in a list: ",div" — nothing before the "," at character 1'],
    ['a:not()', 'empty :not(): "a:not()" — the parentheses at character 6 hold no selector'],
    ['div >', 'trailing combinator: "div >" — ">" at character 5 has no selector after it'],
    ['h1 ~ , p', 'trailing combinator: "h1 ~ , p" — "~" at character 4 has no selector after it'],
    ['h1 >> a', 'two combinators in a row: "h1 >> a" — ">" at character 4 is followed by ">" at character 5'],
    ['#', 'missing id: "#" — "#" at character 1 needs an id after it, as "#main"'],
    ['li .', 'missing class name: "li ." — "." at character 4 needs a class name after it, as ".price"'],
    ['a:', 'missing pseudo-class name: "a:" — ":" at character 2 needs a name after it, as ":first-child"'],
    [
      'li:nth-child',
      'missing argument: "li:nth-child" — ":nth-child" at character 3 needs one in parentheses, as ":nth-child(2)"',
    ],
    [':first(1)', 'unexpected argument: ":first(1)" — ":first" at character 1 takes none'],
    [
      'li:nth-child(x)',
      'invalid position: "li:nth-child(x)" — "x" in ":nth-child" at character 3 is not a position such as 3, 2n+1, odd or even',
    ],
    // Positions count characters, not UTF-16 units.
    ['p.é😀[', 'unclosed attribute selector: "p.é😀[" — expected an attribute name after "[" at character 5'],
    // The library's own text when no sentence fits.
    ['ns|a', 'invalid CSS selector: "ns|a" — Namespaced tag names are not yet supported by css-select'],
  ])('says what is wrong with %j and where', (selector, reason) => {
    expect(selectorError(selector)).toBe(reason);
  });

  it('quotes a long selector by its first 120 characters, the position counted in the whole', () => {
    // Prepare
    const selector = `${'div '.repeat(40)}[`;

    // Act
    const reason = selectorError(selector);

    // Assess
    expect(reason).toBe(
      `unclosed attribute selector: "${selector.slice(0, 120)}…" — expected an attribute name after "[" at character 161`,
    );
  });

  it.each([
    ['//div[@class="x"]/a', '"//" at character 1', ''],
    ['/html/body', '"/" at character 1', ''],
    ['.//a', '"//" at character 2', ''],
    ['div/span', '"/" at character 4', ''],
    ['a[@href]', '"@" at character 3', ''],
    ['li[2]', '"[2]" at character 3', ''],
    ['ancestor::div', '"ancestor::" at character 1', ''],
    ['div[contains(@class, "x")]', '"contains(" at character 5', ''],
    [
      '//a/@href',
      '"//" at character 1',
      '; select the element with CSS and list "href" in attrs ("attrs": ["href"])',
    ],
    [
      'text()',
      '"text(" at character 1',
      '; select the element with CSS and list "text" in attrs ("attrs": ["text"])',
    ],
    [
      '//h1/text()',
      '"//" at character 1',
      '; select the element with CSS and list "text" in attrs ("attrs": ["text"])',
    ],
  ])('says that %j is XPath, not CSS', (selector, sign, hint) => {
    expect(selectorError(selector)).toBe(
      `XPath instead of CSS: "${selector}" — selectors are CSS, not XPath (${sign} is XPath)${hint}`,
    );
  });

  it.each([
    'a[href^="//cdn"]',
    'a[href=/about]',
    'a[title="x/y @z"] > b',
    'p:contains(a/b)',
    '.w-1\\/2',
    'a[class~=x] ~ b',
    'li:nth-child(2n+1)',
    '> li',
    '+ p',
    'h1 + p, h2 ~ p',
    'a[href$=".pdf" i]',
  ])('takes %j as the CSS it is', (selector) => {
    expect(selectorError(selector)).toBeNull();
  });

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
