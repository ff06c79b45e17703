import { readdir, readFile } from 'node:fs/promises';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '#extraction/parse-html';
import { fixturePath } from './fixture.ts';

/** What a selector gives under each parser: texts, hrefs and srcs of its matches. */
function seen($: ReturnType<typeof load>, selector: string) {
  return $(selector)
    .toArray()
    .map((element) => [$(element).text(), $(element).attr('href') ?? '', $(element).attr('src') ?? '']);
}

const selectors = ['a', 'h3 a', 'article', '.price_color', 'img', 'li.next a', 'p', 'table tr td', 'title'];

describe('parseHtml', () => {
  it('selects what parse5 (a browser tree) selects on every fixture page', async () => {
    // Prepare
    const names = [
      ...(await readdir(fixturePath(''))).filter((name) => name.endsWith('.html')),
      ...(await readdir(fixturePath('shop'))).map((name) => `shop/${name}`),
    ];

    for (const name of names) {
      const html = await readFile(fixturePath(name), 'utf8');

      // Act
      const ours = parseHtml(html);
      const browser = load(html);

      // Assess
      for (const selector of selectors)
        expect(seen(ours, selector), `${name} ${selector}`).toEqual(seen(browser, selector));
    }
  });

  it.each([
    [
      'rows directly in a table get their implied tbody',
      '<table><tr><td>1</td></tr><tr><td>2</td></tr></table>',
      'table > tbody > tr > td',
    ],
    [
      'an explicit tbody is kept as it is',
      '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
      'table > tbody > tr > td',
    ],
    [
      'noscript content is text, not elements',
      '<noscript><img src="a.jpg"></noscript><img src="b.jpg">',
      'img',
    ],
    ['noscript text reads as its markup', '<p><noscript><b>x</b></noscript></p>', 'noscript'],
    [
      'script and style are raw text',
      '<script>if (a < b) document.write("<p>x</p>")</script><style>p > a {}</style><p>y</p>',
      'p',
    ],
    [
      'entities decode in text and attributes',
      '<a href="/x?a=1&amp;b=2">caf&eacute; &lt;&gt; &#128512;</a>',
      'a',
    ],
    ['upper-case tags and attributes match', '<DIV CLASS="k"><A HREF="/u">U</A></DIV>', 'div.k a'],
    ['implied paragraph ends', '<p>one<p>two<div>three</div>', 'p'],
  ])('%s, as a browser has it', (_name, html, selector) => {
    // Act
    const ours = seen(parseHtml(html), selector);

    // Assess
    expect(ours).toEqual(seen(load(html), selector));
    expect(ours.length).toBeGreaterThan(0);
  });
});
