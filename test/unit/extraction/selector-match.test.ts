import { load } from 'cheerio/slim';
import type { Element, ParentNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { compiledSelector, matchEach } from '#extraction/selector';

// Nested blocks, tables, lists, siblings and attributes: what the selectors below tell apart.
const page = `<!DOCTYPE html><html lang="en"><head><title>t</title><base href="/b/"></head><body>
<div class="block a" id="one" data-x="1"><p>first <a href="/1">one</a></p><p class="b">second</p>
  <div class="block b"><p><a href="/2" title="Two">two</a></p><ul><li>a</li><li class="x">b</li><li><a href="#c">c</a></li></ul></div>
</div>
<table class="t"><tbody><tr><td><a href="/r1">r1</a></td><td>one</td></tr><tr><td><a href="/r2">r2</a></td><td>two</td></tr></tbody></table>
<section aria-label="S"><h2>H</h2><p></p><p>after <em>em</em></p><h3>h3</h3></section>
<div class="block c"><div class="block d"><p>deep <a href="/3">three</a></p></div></div>
</body></html>`;

const selectors = [
  'p',
  'div p',
  'div > p',
  '> p',
  '> div',
  'a[href]',
  'a[title="two" i]',
  '[data-x="1"] a',
  'td:first-child a',
  'td:nth-child(2)',
  'tr:last-child td',
  'li:nth-child(2)',
  'li.x ~ li',
  'li + li',
  'ul li a',
  ':scope > p',
  ':scope a',
  'div:has(> ul)',
  'p:has(a)',
  ':not(p)',
  'div.block',
  'div.block p',
  '.block.b p a',
  '#one > p.b',
  ':root',
  'html body > div',
  'body *',
  'P',
  'h2, h3',
  'p:empty',
  'section p:last-of-type',
  'base[href]',
];

const loaded = () => load(page, { xml: { xmlMode: false, decodeEntities: true } });

describe('matchEach', () => {
  it('finds under the document what $(selector) finds, in the same order', () => {
    // Prepare
    const $ = loaded();
    const compiled = selectors.map((selector) => compiledSelector(selector));

    // Act
    const found = matchEach(
      $.root()[0] as ParentNode,
      compiled.filter((query) => query !== null),
    );

    // Assess
    expect(compiled.every((query) => query !== null)).toBe(true);
    selectors.forEach((selector, index) => {
      expect({ selector, found: found[index] }).toEqual({ selector, found: $(selector).toArray() });
    });
  });

  it('finds under each element what $(element).find(selector) finds, nested and top-level roots too', () => {
    // Prepare
    const $ = loaded();
    const roots = [...$('div.block').toArray(), ...$('tr, section, html, body').toArray()] as Element[];
    const compiled = selectors
      .map((selector) => compiledSelector(selector))
      .filter((query) => query !== null);

    for (const root of roots) {
      // Act
      const found = matchEach(root, compiled);

      // Assess
      selectors.forEach((selector, index) => {
        const expected = $(root).find(selector).toArray();
        expect({ root: $(root).attr('class') ?? root.name, selector, found: found[index] }).toEqual({
          root: $(root).attr('class') ?? root.name,
          selector,
          found: expected,
        });
      });
    }
  });

  it('leaves to cheerio-select the positional pseudos and selectors that start at the next siblings', () => {
    // Act
    const refused = ['li:first', 'li:eq(1)', 'p:not(:last)', 'div:gt(0) p', '+ p', '~ div', 'a:odd'].map(
      (selector) => compiledSelector(selector),
    );

    // Assess
    expect(refused).toEqual([null, null, null, null, null, null, null]);
  });
});
