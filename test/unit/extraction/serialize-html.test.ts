import { isTag } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '#extraction/parse-html';
import { innerHtml, outerHtml } from '#extraction/serialize-html';
import { browserPage } from './browser.ts';

const page = (body: string) =>
  `<!DOCTYPE html><html><head><title>t</title></head><body>${body}</body></html>`;

const article = `<article class="doc" data-note='say "hi" &amp; bye'>
<h2 id="s1">Usage<a class="headerlink" href="#s1" title="Permalink to this heading">¶</a></h2>
<p>Quotes « like this » — and “these”, a&nbsp;b, 5 &lt; 6 &amp;&amp; 7 &gt; 6, caf&eacute; &copy; &#x2014; &#128512;</p>
<p><a href="/search?q=a&amp;b=&quot;c&quot;&amp;d=&lt;e&gt;" title="x&#xa0;y">link</a><br><img src="a.png" alt="" width=10><input disabled value=""><hr><wbr></p>
<pre>
x &lt; y</pre>
<script>if (a < b && c > "</p>") { s = '&amp;'; }</script><style>p > a::after { content: "&" }</style>
<noscript><img src="/pixel.gif" alt="«»"></noscript><!-- a comment -->
<textarea>&lt;b&gt; &amp;</textarea><iframe><b>fallback &amp;</b></iframe>
<template><li class="t">é &amp; <b>x</b></li></template>
<svg viewBox="0 0 24 24" class="icon"><use xlink:href="#sun"/><linearGradient gradientUnits="userSpaceOnUse"><stop offset="0"/></linearGradient><foreignObject><p>in &amp; “html”</p></foreignObject><text>it's — &lt;</text><style>a > b {}</style></svg>
<math><mi definitionurl="u">x</mi></math>
<table><tr><td>1</td></tr></table>
</article>`;

describe('innerHtml and outerHtml', () => {
  it.each(['article', 'article > *', 'h2 a', 'svg *', 'template', 'table', 'pre', 'noscript'])(
    'serialize %s as parse5 does, as innerHTML and outerHTML',
    (selector) => {
      // Prepare
      const html = page(article);
      const ours = parseHtml(html);
      const browser = browserPage(html);

      // Act
      const matches = ours(selector).toArray().filter(isTag);
      const inner = matches.map((node) => innerHtml(node));
      const outer = matches.map((node) => outerHtml(node));

      // Assess
      const elements = browser.$(selector).toArray().filter(isTag);
      expect(elements.length).toBeGreaterThan(0);
      expect(inner).toEqual(elements.map((node) => browser.innerHtml(node)));
      expect(outer).toEqual(elements.map((node) => browser.outerHtml(node)));
    },
  );

  it('writes characters as they are, escaping only &, <, > and U+00A0 in text and &, " and U+00A0 in attributes', () => {
    // Prepare
    const $ = parseHtml(
      page('<p title="«&quot;&amp;&lt;» x&nbsp;y">¶ — « » a&nbsp;b &amp; &lt;i&gt; "q" \'s\'</p>'),
    );

    // Act
    const html = outerHtml($('p')[0]!);

    // Assess
    expect(html).toBe('<p title="«&quot;&amp;<» x&nbsp;y">¶ — « » a&nbsp;b &amp; &lt;i&gt; "q" \'s\'</p>');
  });
});
