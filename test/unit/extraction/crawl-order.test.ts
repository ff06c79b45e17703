import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlBatch } from '#extraction/crawl';
import { createPageFetcher, type FetchPage, type PageFetcher } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import type { ExtractionScheme } from '#extraction/scheme';
import { chapters, type DocsSite, startDocsSite } from '#test/helpers/docs-site';
import { countingFetches, crawlInBatches, holdingOnce } from './batches.ts';

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

describe('crawlBatch paginator', () => {
  let fetcher: PageFetcher;
  let docs: DocsSite;

  beforeAll(async () => {
    fetcher = createPageFetcher({ allowPrivateNetworks: true });
    docs = await startDocsSite();
  });

  afterAll(async () => {
    await fetcher.close();
    await docs.close();
  });

  // The sidebar's selector matches "#" (top), then "previous", then "next".
  const docsScheme = (): ExtractionScheme => ({
    name: 'docs',
    request: { url: `${docs.origin}/docs/index.html` },
    fields: [{ name: 'Title', selector: 'h1', type: 1, attrs: ['text'] }],
    paginator: { nextPageSelector: '.related a', pageNum: 0 },
    respectRobotsTxt: false,
  });

  const titles = ['Contents', ...Array.from({ length: chapters }, (_, index) => `Chapter ${index + 1}`)];
  const pages = [
    '/docs/index.html',
    ...Array.from({ length: chapters }, (_, index) => `/docs/chapter-${index + 1}.html`),
  ];

  it('follows the first link not yet visited, past a "previous" link to a page it has seen', async () => {
    // Prepare
    docs.requests.length = 0;

    // Act
    const result = await crawlBatch({
      scheme: docsScheme(),
      frontier: newFrontier(docsScheme()),
      fetchPage: fetcher,
      deadline: Date.now() + 30_000,
    });

    // Assess
    expect(result.records.map((record) => record.Title_text)).toEqual(titles);
    expect(docs.requests).toEqual(pages);
    expect(result.frontier.counters).toMatchObject({ requests: 22, pagesDone: 22 });
  });

  it('knows the pages visited in earlier batches', async () => {
    // Prepare
    const { fetchPage, fetched } = countingFetches(fetcher);

    // Act
    const held = holdingOnce(fetchPage, ['/docs/chapter-6.html', '/docs/chapter-13.html']);
    const crawl = await crawlInBatches(docsScheme(), held, 300);

    // Assess
    expect(crawl.batches).toBeGreaterThanOrEqual(3);
    expect(crawl.records.map((record) => record.Title_text)).toEqual(titles);
    expect(fetched).toEqual(new Map(pages.map((page) => [page, 1])));
  });
});
