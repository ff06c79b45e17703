import { describe, expect, it } from 'vitest';
import { crawlBatch } from '#extraction/crawl';
import type { FetchPage } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import type { ExtractionScheme } from '#extraction/scheme';

const origin = 'https://shop.example';

/** Three listing pages of three books each, every book with its own page. */
function page(path: string): string {
  const listing = /^\/page-(\d)$/u.exec(path);
  if (listing) {
    const number = Number(listing[1]);
    const books = [1, 2, 3].map(
      (index) => `<a class="book" href="/book-${number}${index}">b${number}${index}</a>`,
    );
    const next = number < 3 ? `<a class="next" href="/page-${number + 1}">next</a>` : '';
    return `${books.join('')}${next}`;
  }
  return `<p class="stock">${path.slice(1)}</p>`;
}

const scheme: ExtractionScheme = {
  name: 'shop',
  request: { url: `${origin}/page-1` },
  fields: [
    {
      name: 'Book',
      selector: 'a.book',
      type: 2,
      attrs: ['text'],
      details: { fields: [{ name: 'Stock', selector: '.stock', type: 1, attrs: ['text'] }] },
    },
  ],
  paginator: { nextPageSelector: 'a.next', pageNum: 0 },
  concurrency: 1,
  respectRobotsTxt: false,
};

describe('crawlBatch order', () => {
  it("fetches the next listing page before the current page's details, and keeps records in page order", async () => {
    // Prepare
    const fetched: string[] = [];
    const fetchPage: FetchPage = async (url) => {
      const path = new URL(url).pathname;
      fetched.push(path);
      return { url, status: 200, body: page(path), contentType: 'text/html', headers: {} };
    };

    // Act
    const result = await crawlBatch({
      scheme,
      frontier: newFrontier(scheme),
      fetchPage,
      deadline: Date.now() + 10_000,
    });

    // Assess
    expect(fetched.slice(0, 5)).toEqual(['/page-1', '/page-2', '/book-11', '/book-12', '/book-13']);
    expect(result.records.map((record) => record.Book_details)).toEqual(
      ['11', '12', '13', '21', '22', '23', '31', '32', '33'].map((book) => ({ Stock_text: `book-${book}` })),
    );
  });
});
