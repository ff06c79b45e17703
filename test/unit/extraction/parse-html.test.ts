import { readdir, readFile } from 'node:fs/promises';
import { type CheerioAPI, load } from 'cheerio';
import { load as loadWithHtmlparser2 } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '#extraction/parse-html';
import { outerHtml } from '#extraction/serialize-html';
import { browserPage } from './browser.ts';
import { fixturePath } from './fixture.ts';

/** What a selector gives under each parser: texts, hrefs and srcs of its matches. */
function seen($: CheerioAPI, selector: string) {
  return $(selector)
    .toArray()
    .map((element) => [$(element).text(), $(element).attr('href') ?? '', $(element).attr('src') ?? '']);
}

const selectors = ['a', 'h3 a', 'article', '.price_color', 'img', 'li.next a', 'p', 'table tr td', 'title'];

/** A page in standards mode, as real pages are (quirks mode changes how <table> meets <p>). */
const page = (body: string) =>
  `<!DOCTYPE html><html><head><title>t</title></head><body>${body}</body></html>`;

/** Each match's text (textContent) and outerHTML, serialized the same way for every tree. */
function values($: CheerioAPI, selector: string, serialize: (node: AnyNode) => string) {
  return $(selector)
    .toArray()
    .map((element) => ({ text: $(element).text(), html: serialize(element) }));
}

function browserValues(html: string, selector: string) {
  const browser = browserPage(html);
  return values(browser.$, selector, browser.outerHtml);
}

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

  // Each row is a place where htmlparser2 alone gives another value or match than a browser.
  it.each([
    [
      'rows directly in a table get their implied tbody',
      '<table><tr><td>1</td></tr><tr><td>2</td></tr></table>',
      'table > tbody > tr > td',
    ],
    ['a newline after <pre> is syntax, not text', '<pre>\ncode\n</pre>', 'pre'],
    ['a newline from a reference after <pre> too', '<pre>&#10;code</pre>', 'pre'],
    [
      'a newline after <textarea> and <listing>',
      '<textarea>\nt</textarea><listing>\nl</listing>',
      'textarea, listing',
    ],
    [
      'CR and CRLF are LF, in text and attributes',
      '<p title="a\r\nb\rc">x\r\ny\rz</p><pre>\r\nc</pre>',
      'p, pre',
    ],
    [
      'NUL is dropped in text, U+FFFD elsewhere',
      '<p title="a\0b">x\0y</p><script>a\0b</script><textarea>a\0b</textarea>',
      'p, script, textarea',
    ],
    ['NUL in foreign content is U+FFFD', '<svg><text>a\0b</text></svg>', 'svg'],
    [
      'textarea is RCDATA: references decode',
      '<textarea>&lt;p&gt; a &amp; b &copy; &notit; &amp</textarea>',
      'textarea',
    ],
    [
      'iframe, noembed and noframes content is raw text',
      '<iframe>fall <b>back</b></iframe><noembed><i>e</i></noembed><noframes><p>f</noframes>',
      'iframe, noembed, noframes',
    ],
    [
      'noscript content is the page text, unnormalised',
      '<noscript><img src=a.jpg alt="café &amp; x"><p>t</noscript><p>n',
      'noscript, p',
    ],
    [
      'noscript holding an iframe',
      '<noscript><iframe src="/ns?id=1" height="0"></iframe></noscript><p>n</p>',
      'noscript, iframe, p',
    ],
    [
      '<?…> and <!…> are bogus comments, a doctype in body is dropped',
      '<p>a<?php echo 1 ?>b<!x>c<!DOCTYPE html>d</p>',
      'p',
    ],
    ['<image> is <img>', '<image src=a.png alt=x><p>after', 'img, p, body > *'],
    ['li closes an open li across a p', '<ul><li><p>one<li><p>two<li>three</ul>', 'li'],
    [
      'li closes an open li across a div or a span',
      '<ul><li><div>one<li>two</ul><ul><li><span>x<li>y</span></ul>',
      'li',
    ],
    ['dd and dt close an open dd or dt across a p', '<dl><dt><p>t<dd><p>d<dt>t2</dl>', 'dt, dd, p'],
    ['li closes an open p; </p> then makes an empty p', '<p>a<li>b</li>c</p>d', 'p, li, body > *'],
    [
      'a block closes an open p across inline elements',
      '<p>a<span>b<section>c</section>d</span>e</p>f',
      'p, span, section',
    ],
    [
      'center, menu, summary close an open p',
      '<p>a<center>b</center><p>x<menu><li>m</li></menu>y</p>',
      'p, center, menu',
    ],
    ['a heading closes a heading it is directly in', '<h1>a<h2>b</h2>c</h1>d', 'h1, h2'],
    [
      'an a closes an open a',
      '<a href=1>a<a href=2>b</a>c</a>d<a href=3>e<span><a href=4>f</a></span></a>',
      'a',
    ],
    ['text in a table is moved before it', '<div><table>x<tr><td>a</td></tr>y</table></div>', 'div'],
    [
      'elements in a table or row are moved before it',
      '<div><table><b>x</b><tr><td>a</td></tr><tr><i>z</i><td>b</td></tr></table></div>',
      'div, div > *',
    ],
    [
      'a hidden input stays in the table, others move',
      '<table><input type=hidden name=a><tr><td>1</td></tr><input name=b></table>',
      'input, table > input',
    ],
    [
      'a form in a table is empty, its rows are the table’s',
      '<table><form><tr><td><input name=q></td></tr></form></table>',
      'table > tbody > tr, form',
    ],
    [
      'implied tbody takes the whitespace after the rows',
      '<table>\n <tr><td>1</td></tr>\n <tbody><tr><td>2</td></tr></tbody>\n <tr><td>3</td></tr>\n</table>',
      'table, tbody',
    ],
    ['cells outside a row get the implied tr', '<table><td>a<td>b<tr><td>c</table>', 'table > tbody > tr'],
    [
      'a form inside a form is ignored, its end closes the outer',
      '<form id=a><form id=b><input name=x></form><div>z</div></form>w',
      'form, form div, body > *',
    ],
    [
      'content after </body> and </html> is in body',
      '<p>x</p></body></html>\n<div>late</div><!--c-->\n',
      'body > div, body',
    ],
    [
      'template content is out of the tree',
      '<div><template><p>a&amp;é</p></template>y</div><p>z</p>',
      'div, p, template',
    ],
  ])('%s, as a browser has it', (_name, body, selector) => {
    // Prepare
    const html = body.includes('</html>') ? `<!DOCTYPE html><html><head></head><body>${body}` : page(body);

    // Act
    const ours = values(parseHtml(html), selector, outerHtml);

    // Assess
    const browser = browserValues(html, selector);
    expect(ours).toEqual(browser);
    expect(browser.length).toBeGreaterThan(0);
    expect(values(loadWithHtmlparser2(html), selector, outerHtml)).not.toEqual(browser);
  });

  // Special cases where htmlparser2 already builds what a browser does: kept so a change of parser shows.
  it.each([
    ['references without a semicolon in text', '<p>a &amp b &copy c &notit; d &copyx &lt2</p>', 'p'],
    [
      'references in attributes: &amp= and &copyx stay',
      '<a href="/?a=1&amp=2&copyx=3&copy=4&lt;&amp;">x</a>',
      'a',
    ],
    [
      'C1 references are windows-1252, bad ones U+FFFD',
      '<p>&#x80;&#x9f;&#150; &#x110000;&#xD800;&#0;&#x10FFFF;</p>',
      'p',
    ],
    ['a block closes an open p', '<p>a<div>b</div>c</p><p>x<ul><li>y</ul>z', 'p, div, ul'],
    ['</p> without an open p makes an empty p', '<div>a</p>b</div>', 'div, p'],
    [
      'li, dt, dd and option close their like',
      '<ul><li>a<li>b</ul><dl><dt>c<dd>d<dt>e</dl><select><option>f<option>g</select>',
      'li, dt, dd, option',
    ],
    ['</br> is a br', '<p>a</br>b</p>', 'p, br'],
    ['title is RCDATA', '<title>a<b>c</b>&amp;</title>', 'title'],
    [
      'script and style are raw text',
      '<script>if (a < b) document.write("<p>x</p>")</script><style>p > a {}</style><p>y</p>',
      'script, style, p',
    ],
    ['xmp is raw text', '<xmp><b>&amp;</b></xmp>', 'xmp'],
    [
      'head elements after body stay in body',
      '<p>x</p><meta name=a><title>t2</title>',
      'body > meta, body > title',
    ],
    ['upper-case tags and attributes match', '<DIV CLASS="k"><A HREF="/u">U</A></DIV>', 'div.k a'],
    [
      'text is textContent: no break for <br> or blocks, script text in',
      '<div>a<br>b<p>c</p><script>s</script><!--c-->d</div>',
      'div',
    ],
  ])('%s, as a browser has it', (_name, body, selector) => {
    // Prepare
    const html = page(body);

    // Act
    const ours = values(parseHtml(html), selector, outerHtml);

    // Assess
    expect(ours).toEqual(browserValues(html, selector));
    expect(ours.length).toBeGreaterThan(0);
  });

  // Differences kept (README, "Parser"): rare on real pages, or needing more of the tree builder.
  it.each([
    [
      'misnested formatting is not re-nested (adoption agency)',
      '<b><p>x</b>y</p>',
      'p',
      [
        { text: 'x', html: '<p>x</p>' },
        { text: '', html: '<p></p>' },
      ],
    ],
    [
      'formatting elements are not reopened in the next li',
      '<ul><li><a href=1>a<li>b</ul>',
      'a',
      [{ text: 'ab', html: '<a href="1">a<li>b</li></a>' }],
    ],
    [
      'an a inside a block inside an a is not split',
      '<a href=1>a<div><a href=2>b</a></div></a>',
      'a',
      [
        { text: 'ab', html: '<a href="1">a<div><a href="2">b</a></div></a>' },
        { text: 'b', html: '<a href="2">b</a>' },
      ],
    ],
    [
      'select keeps other elements',
      '<select><b>x</b><option>a</select>',
      'select b',
      [{ text: 'x', html: '<b>x</b>' }],
    ],
    [
      'an unclosed caption takes the rows',
      '<table><caption>c<tr><td>a</table>',
      'caption',
      [{ text: 'ca', html: '<caption>c<tr><td>a</td></tr></caption>' }],
    ],
    ['col gets no implied colgroup', '<table><col><tr><td>a</table>', 'table > colgroup', []],
    [
      'cells in a thead without a row close the thead',
      '<table><thead><td>h</td></thead></table>',
      'thead',
      [{ text: '', html: '<thead></thead>' }],
    ],
    [
      'a p just before an ignored nested form stays closed',
      '<form id=a><p><form id=b><input name=x></form></form>',
      'form p',
      [{ text: '', html: '<p></p>' }],
    ],
    [
      'plaintext ends at its end tag',
      '<plaintext><b>x</b></plaintext><p>y',
      'plaintext',
      [{ text: 'x', html: '<plaintext><b>x</b></plaintext>' }],
    ],
    [
      'CDATA in SVG is a comment',
      '<svg><text><![CDATA[x<y]]></text></svg>',
      'text',
      [{ text: '', html: '<text><!--[CDATA[x<y]]--></text>' }],
    ],
    [
      'a second body is an element',
      '<body class=a><body class=b>',
      'body.b',
      [{ text: '', html: '<body class="b"></body>' }],
    ],
  ])('%s (not as a browser has it)', (_name, body, selector, expected) => {
    // Prepare
    const html = page(body);

    // Act
    const ours = values(parseHtml(html), selector, outerHtml);

    // Assess
    expect(ours).toEqual(expected);
    expect(ours).not.toEqual(browserValues(html, selector));
  });
});
