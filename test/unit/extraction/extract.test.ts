import { describe, expect, it } from 'vitest';
import { extractPage } from '#extraction/extract';
import type { PageScheme } from '#extraction/scheme';
import { readFixture } from './fixture.ts';

const booksUrl = 'https://books.example.com/index.html';
const catalogue = 'https://books.example.com/catalogue/';

describe('extractPage', () => {
  it('makes one record per commonParent match, fields selected inside it', () => {
    // Prepare
    const scheme: PageScheme = {
      commonParent: 'article.product_pod',
      fields: [
        { name: 'Title', selector: 'h3 a', type: 2, attrs: ['text', 'title'], filters: [{ name: 'trim' }] },
        { name: 'Price', selector: '.price_color', type: 1, attrs: ['text'] },
      ],
    };

    // Act
    const { records } = extractPage(readFixture('books.html'), booksUrl, scheme);

    // Assess
    expect(records).toEqual([
      { Title_text: 'A Light in the ...', Title_title: 'A Light in the Attic', Price_text: '£51.77' },
      { Title_text: 'Tipping the Velvet', Title_title: 'Tipping the Velvet', Price_text: '£53.74' },
      { Title_text: 'Soumission', Title_title: 'Soumission', Price_text: '£50.10' },
    ]);
  });

  it('gives an array for several matches in one record, "" for none, and reads any attribute', () => {
    // Prepare
    const scheme: PageScheme = {
      commonParent: 'article.product_pod',
      fields: [
        { name: 'Tag', selector: '.tags li', type: 1, attrs: ['text'] },
        { name: 'Rating', selector: '.star-rating', type: 1, attrs: ['data-rating', 'class', 'missing'] },
      ],
    };

    // Act
    const { records } = extractPage(readFixture('books.html'), booksUrl, scheme);

    // Assess
    expect(records).toEqual([
      {
        Tag_text: ['poetry', 'classics'],
        'Rating_data-rating': '3',
        Rating_class: 'star-rating Three',
        Rating_missing: '',
      },
      {
        Tag_text: 'historical fiction',
        'Rating_data-rating': '1',
        Rating_class: 'star-rating One',
        Rating_missing: '',
      },
      { Tag_text: '', 'Rating_data-rating': '', Rating_class: '', Rating_missing: '' },
    ]);
  });

  it('zips the i-th match of every field into record i without commonParent', () => {
    // Prepare
    const scheme: PageScheme = {
      fields: [
        { name: 'Name', selector: 'h2.name', type: 1, attrs: ['text'] },
        { name: 'Price', selector: '.price', type: 1, attrs: ['text'] },
        { name: 'Link', selector: 'a.link', type: 2, attrs: ['href'] },
      ],
    };

    // Act
    const { records } = extractPage(
      readFixture('zipped.html'),
      'https://shop.example.com/dir/list.html',
      scheme,
    );

    // Assess
    expect(records).toEqual([
      { Name_text: 'Alpha', Price_text: '1', Link_href: 'https://shop.example.com/alpha' },
      { Name_text: 'Beta', Price_text: '2', Link_href: '' },
      { Name_text: 'Gamma', Price_text: '', Link_href: '' },
    ]);
  });

  it('resolves href and src against <base href> and the page URL', () => {
    // Prepare
    const scheme: PageScheme = {
      commonParent: 'article.product_pod',
      fields: [
        { name: 'Title', selector: 'h3 a', type: 2, attrs: ['href'] },
        { name: 'Cover', selector: 'img', type: 0, attrs: ['src', 'alt'] },
      ],
    };

    // Act
    const { records } = extractPage(readFixture('books.html'), booksUrl, scheme);

    // Assess
    expect(records).toEqual([
      {
        Title_href: `${catalogue}a-light-in-the-attic_1000/index.html`,
        Cover_src: 'https://books.example.com/media/cache/2c/da/attic.jpg',
        Cover_alt: 'A Light in the Attic',
      },
      {
        Title_href: `${catalogue}tipping-the-velvet_999/index.html`,
        Cover_src: 'https://books.example.com/media/cache/26/0c/velvet.jpg',
        Cover_alt: 'Tipping the Velvet',
      },
      {
        Title_href: `${catalogue}soumission_998/index.html`,
        Cover_src: 'https://images.example.org/soumission.jpg',
        Cover_alt: 'Soumission',
      },
    ]);
  });

  it('reads html and outerHtml, and applies filters to extracted values', () => {
    // Prepare
    const scheme: PageScheme = {
      commonParent: 'body',
      fields: [
        { name: 'Words', selector: '.words', type: 1, attrs: ['html', 'outerHtml'] },
        {
          name: 'Joined',
          selector: '.words span',
          type: 1,
          attrs: ['text'],
          filters: [{ name: 'concatenate' }],
        },
        { name: 'Each', selector: '.words span', type: 1, attrs: ['text'], filters: [{ name: 'uppercase' }] },
        {
          name: 'Phone',
          selector: '.phone',
          type: 1,
          attrs: ['text'],
          filters: [{ name: 'regex', param: '\\w+' }],
        },
        {
          name: 'Title',
          selector: '.title',
          type: 1,
          attrs: ['text'],
          filters: [{ name: 'normal' }, { name: 'capitalize' }],
        },
        {
          name: 'Price',
          selector: '.price',
          type: 1,
          attrs: ['text'],
          filters: [{ name: 'regex', param: '[0-9]+\\.[0-9]+' }],
        },
      ],
    };

    // Act
    const { records } = extractPage(readFixture('filters.html'), 'https://example.com/', scheme);

    // Assess
    expect(records).toEqual([
      {
        Words_html: '<span>Hello</span><span>World</span>',
        Words_outerHtml: '<div class="words"><span>Hello</span><span>World</span></div>',
        Joined_text: 'HelloWorld',
        Each_text: ['HELLO', 'WORLD'],
        Phone_text: '09442441822',
        Title_text: 'The Quick Brown Fox',
        Price_text: '12.9915.49',
      },
    ]);
  });

  it('gives html and outerHtml as a browser serializes them, and text without the newline after <pre>', () => {
    // Prepare
    const scheme: PageScheme = {
      fields: [{ name: 'Code', selector: 'div.highlight', type: 1, attrs: ['html', 'outerHtml', 'text'] }],
    };
    const html =
      '<div class="highlight" title="a &amp; &quot;b&quot;"><pre>\n¶ — «x» a&nbsp;b &lt;br&gt;<br></pre></div>';

    // Act
    const { records } = extractPage(html, 'https://example.com/', scheme);

    // Assess
    expect(records).toEqual([
      {
        Code_html: '<pre>¶ — «x» a&nbsp;b &lt;br&gt;<br></pre>',
        Code_outerHtml:
          '<div class="highlight" title="a &amp; &quot;b&quot;"><pre>¶ — «x» a&nbsp;b &lt;br&gt;<br></pre></div>',
        Code_text: '¶ — «x» a\u00a0b <br>',
      },
    ]);
  });

  it('offers the paginator hrefs that are not #, a fragment or javascript:, each once, in page order', () => {
    // Prepare
    const scheme: PageScheme = {
      fields: [{ name: 'P', selector: 'p', type: 1, attrs: ['text'] }],
      paginator: { nextPageSelector: 'a.next', pageNum: 3 },
    };

    // Act
    const withNext = extractPage(
      readFixture('paginator.html'),
      'https://shop.example.com/list?page=1',
      scheme,
    );
    const withoutNext = extractPage(
      readFixture('no-next.html'),
      'https://shop.example.com/list?page=9',
      scheme,
    );
    const noPaginator = extractPage(readFixture('paginator.html'), 'https://shop.example.com/list', {
      fields: scheme.fields,
    });

    // Assess
    expect(withNext.nextPages).toEqual([
      'https://shop.example.com/list?page=2',
      'https://shop.example.com/list?page=3',
    ]);
    expect(withoutNext.nextPages).toEqual([]);
    expect(noPaginator.nextPages).toEqual([]);
  });

  it('returns the details links of each record, absolute, in record order', () => {
    // Prepare
    const scheme: PageScheme = {
      commonParent: 'article.product_pod',
      fields: [
        { name: 'Price', selector: '.price_color', type: 1, attrs: ['text'] },
        {
          name: 'Title',
          selector: 'h3 a',
          type: 2,
          attrs: ['text'],
          details: { fields: [{ name: 'Stock', selector: '.availability', type: 1, attrs: ['text'] }] },
        },
      ],
    };

    // Act
    const { detailLinks } = extractPage(readFixture('books.html'), booksUrl, scheme);

    // Assess
    expect(detailLinks).toEqual([
      { record: 0, field: 1, url: `${catalogue}a-light-in-the-attic_1000/index.html` },
      { record: 1, field: 1, url: `${catalogue}tipping-the-velvet_999/index.html` },
      { record: 2, field: 1, url: `${catalogue}soumission_998/index.html` },
    ]);
  });

  it('finds nothing on a page without matches', () => {
    // Act
    const result = extractPage('<html><body></body></html>', 'https://example.com/', {
      commonParent: 'article',
      fields: [{ name: 'T', selector: 'h3', type: 1, attrs: ['text'] }],
      paginator: { nextPageSelector: 'a.next', pageNum: 2 },
    });

    // Assess
    expect(result).toEqual({ records: [], nextPages: [], detailLinks: [], matched: [false] });
  });

  it('says which fields matched, inside the commonParent matches only', () => {
    // Act
    const result = extractPage(
      '<h2>outside</h2><article><h3>in</h3></article><article><p>x</p></article>',
      'https://example.com/',
      {
        commonParent: 'article',
        fields: [
          { name: 'T', selector: 'h3', type: 1, attrs: ['text'] },
          { name: 'P', selector: 'p', type: 1, attrs: ['text'] },
          { name: 'H', selector: 'h2', type: 1, attrs: ['text'] },
        ],
      },
    );

    // Assess
    expect(result.matched).toEqual([true, true, false]);
  });
});
