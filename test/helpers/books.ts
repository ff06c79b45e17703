import type { FixtureBook, FixtureSite } from './fixture-site.ts';

/** The contract's example scheme, pointed at the fixture bookshop. */
export function booksScheme(site: Pick<FixtureSite, 'startUrl'>, overrides: Record<string, unknown> = {}) {
  return {
    name: 'books',
    request: { url: site.startUrl, type: 'base' },
    commonParent: 'article.product_pod',
    fields: [
      { name: 'Title', selector: 'h3 a', type: 2, attrs: ['text', 'href'], filters: [{ name: 'trim' }] },
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
    format: 'json',
    ...overrides,
  };
}

/** The record the scheme above extracts for a book of the fixture site. */
export function bookRecord(book: FixtureBook) {
  return {
    Title_text: book.title,
    Title_href: book.href,
    Price_text: book.price.replace('£', ''),
    Cover_src: book.cover,
    Cover_alt: book.alt,
  };
}

export function expectedBooks(site: FixtureSite, pages: number) {
  return Array.from({ length: pages }, (_, i) => site.booksOn(i + 1).map(bookRecord)).flat();
}
