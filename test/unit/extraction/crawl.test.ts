import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CrawlBatchInput, crawlBatch, FirstPageError } from '#extraction/crawl';
import { createPageFetcher, type PageFetcher } from '#extraction/fetch-page';
import { type CrawlCounters, type CrawlFrontier, newFrontier } from '#extraction/frontier';
import type { ExtractedRecord } from '#extraction/record';
import type { ExtractionScheme } from '#extraction/scheme';
import type { FixtureServer } from './server.ts';
import { type ShopBehaviour, startShop } from './shop-server.ts';

const titles = [
  'A Light in the Attic',
  'Tipping the Velvet',
  'Soumission',
  'Sharp Objects',
  'Sapiens',
  'The Requiem Red',
];
const prices = ['£51.77', '£53.74', '£50.10', '£47.82', '£54.23', '£22.65'];
const stocks = [
  'In stock (22 available)',
  'In stock (20 available)',
  'Out of stock',
  'In stock (20 available)',
  'In stock (5 available)',
  'In stock (1 available)',
];

let fetcher: PageFetcher;
let shop: FixtureServer | undefined;

beforeAll(() => {
  fetcher = createPageFetcher({ allowPrivateNetworks: true });
});

afterAll(async () => {
  await fetcher.close();
});

afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

async function open(behaviour: ShopBehaviour = {}): Promise<string> {
  shop = await startShop(behaviour);
  return `${shop.origin}/shop`;
}

function listingScheme(base: string, changes: Partial<ExtractionScheme> = {}): ExtractionScheme {
  return {
    name: 'shop',
    request: { url: `${base}/page-1.html`, type: 'base' },
    commonParent: 'article.product_pod',
    fields: [
      { name: 'Title', selector: 'h3 a', type: 2, attrs: ['text', 'href'] },
      { name: 'Price', selector: '.price_color', type: 1, attrs: ['text'] },
    ],
    paginator: { nextPageSelector: 'li.next a', pageNum: 5 },
    format: 'json',
    respectRobotsTxt: false,
    ...changes,
  };
}

function detailsScheme(base: string, changes: Partial<ExtractionScheme> = {}): ExtractionScheme {
  return listingScheme(base, {
    fields: [
      {
        name: 'Title',
        selector: 'h3 a',
        type: 2,
        attrs: ['text'],
        details: {
          fields: [
            {
              name: 'Stock',
              selector: '.availability',
              type: 1,
              attrs: ['text'],
              filters: [{ name: 'trim' }],
            },
          ],
        },
      },
      { name: 'Price', selector: '.price_color', type: 1, attrs: ['text'] },
    ],
    ...changes,
  });
}

const listed = (base: string, count = 6) =>
  titles.slice(0, count).map((title, index) => ({
    Title_text: title,
    Title_href: `${base}/book-${index + 1}.html`,
    Price_text: prices[index],
  }));

const detailed = (count = 6) =>
  titles.slice(0, count).map((title, index) => ({
    Title_text: title,
    Title_details: { Stock_text: stocks[index] },
    Price_text: prices[index],
  }));

type Options = Partial<Omit<CrawlBatchInput, 'scheme' | 'frontier'>>;

function batch(scheme: ExtractionScheme, frontier: CrawlFrontier, options: Options = {}) {
  return crawlBatch({
    scheme,
    frontier,
    fetchPage: fetcher,
    deadline: Date.now() + 30_000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

/** Runs batches until the crawl is done, the frontier saved as JSON between them. */
async function crawlToEnd(scheme: ExtractionScheme, batchMs: number) {
  const records: ExtractedRecord[] = [];
  let frontier = newFrontier(scheme);
  let batches = 0;
  for (;;) {
    batches++;
    const result = await batch(scheme, frontier, { deadline: Date.now() + batchMs });
    records.push(...result.records);
    frontier = JSON.parse(JSON.stringify(result.frontier)) as CrawlFrontier;
    if (result.done) return { records, frontier, batches };
    if (batches > 200) throw new Error('The crawl does not end');
  }
}

describe('crawlBatch', () => {
  it('follows the paginator over every page, never twice, and counts requests', async () => {
    // Prepare
    const base = await open();
    const scheme = listingScheme(base);
    const progress: CrawlCounters[] = [];

    // Act
    const result = await batch(scheme, newFrontier(scheme), {
      onCounters: (counters) => progress.push(counters),
    });

    // Assess
    expect(result.records).toEqual(listed(base));
    expect(result.done).toBe(true);
    expect(result.stopped).toBe(false);
    expect(result.frontier.counters).toEqual({
      requests: 3,
      failedRequests: 0,
      pagesDone: 3,
      skippedRequests: 0,
      records: 6,
    });
    expect(progress.at(-1)).toEqual({
      requests: 3,
      failedRequests: 0,
      pagesDone: 3,
      skippedRequests: 0,
      records: 6,
    });
    expect(shop?.requests).toEqual(['/shop/page-1.html', '/shop/page-2.html', '/shop/page-3.html']);
  });

  it('stops at pageNum pages, the first included', async () => {
    // Prepare
    const base = await open();
    const scheme = listingScheme(base, { paginator: { nextPageSelector: 'li.next a', pageNum: 2 } });

    // Act
    const result = await batch(scheme, newFrontier(scheme));

    // Assess
    expect(result.records).toEqual(listed(base, 4));
    expect(result.done).toBe(true);
  });

  it('stops at maxRequests', async () => {
    // Prepare
    const base = await open();
    const scheme = listingScheme(base, { maxRequests: 2 });

    // Act
    const result = await batch(scheme, newFrontier(scheme));

    // Assess
    expect(result.records).toEqual(listed(base, 4));
    expect(result.done).toBe(true);
    expect(shop?.requests).toHaveLength(2);
    // The third listing page was found but left out: counted, not silently dropped.
    expect(result.frontier.counters.skippedRequests).toBe(1);
  });

  it('merges each details page under <field>_details, in listing order', async () => {
    // Prepare
    const base = await open();
    const scheme = detailsScheme(base, { concurrency: 4 });

    // Act
    const result = await batch(scheme, newFrontier(scheme));

    // Assess
    expect(result.records).toEqual(detailed());
    expect(result.frontier.counters).toEqual({
      requests: 9,
      failedRequests: 0,
      pagesDone: 3,
      skippedRequests: 0,
      records: 6,
    });
    expect(result.frontier.pending).toEqual([]);
  });

  it('takes records from the details pages only with path: true', async () => {
    // Prepare
    const base = await open();
    const scheme = detailsScheme(base, { path: true });

    // Act
    const result = await batch(scheme, newFrontier(scheme));

    // Assess
    expect(result.records).toEqual(stocks.map((stock) => ({ Stock_text: stock })));
  });

  it('resumes from a saved frontier with the same records as one long batch', async () => {
    // Prepare
    const base = await open({ delayMs: 40 });
    const scheme = detailsScheme(base, { concurrency: 2 });

    // Act
    const long = await crawlToEnd(scheme, 30_000);
    const short = await crawlToEnd(scheme, 70);

    // Assess
    expect(long.batches).toBe(1);
    expect(short.batches).toBeGreaterThan(2);
    expect(long.records).toEqual(detailed());
    expect(short.records).toEqual(long.records);
    expect(short.frontier.counters).toEqual(long.frontier.counters);
  });

  it('stops promptly when the signal aborts, flushing what it has', async () => {
    // Prepare
    const base = await open({ delayMs: 150 });
    const scheme = detailsScheme(base, { concurrency: 1 });
    const progress: CrawlCounters[] = [];
    const started = Date.now();

    // Act
    const result = await batch(scheme, newFrontier(scheme), {
      signal: AbortSignal.timeout(200),
      onCounters: (counters) => progress.push(counters),
    });

    // Assess
    expect(result.stopped).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result.frontier.counters.requests).toBeLessThanOrEqual(2);
    expect(result.records).toEqual([
      { Title_text: titles[0], Title_details: expect.anything(), Price_text: prices[0] },
      { Title_text: titles[1], Title_details: expect.anything(), Price_text: prices[1] },
    ]);
    expect(progress.at(-1)).toEqual(result.frontier.counters);
  });

  it('fails with the reason when the first page cannot be fetched', async () => {
    // Prepare
    const base = await open({ statuses: { '/shop/page-1.html': 404 } });
    const scheme = listingScheme(base);

    // Act
    const error = await batch(scheme, newFrontier(scheme)).catch((reason: unknown) => reason);

    // Assess
    expect(error).toBeInstanceOf(FirstPageError);
    expect((error as Error).message).toBe(
      `The first page ${base}/page-1.html could not be fetched: HTTP 404`,
    );
  });

  it('counts a later page that fails and goes on', async () => {
    // Prepare
    const base = await open({ statuses: { '/shop/book-2.html': 500 } });
    const scheme = detailsScheme(base);

    // Act
    const result = await batch(scheme, newFrontier(scheme));

    // Assess
    expect(result.records[1]).toEqual({ Title_text: titles[1], Title_details: '', Price_text: prices[1] });
    expect(result.records).toHaveLength(6);
    expect(result.frontier.counters).toEqual({
      requests: 8,
      failedRequests: 1,
      pagesDone: 3,
      skippedRequests: 0,
      records: 6,
    });
    expect(result.frontier.failures).toEqual([{ url: `${base}/book-2.html`, reason: 'HTTP 500' }]);
    expect(result.failures).toEqual([{ url: `${base}/book-2.html`, reason: 'HTTP 500' }]);
    expect(result.failuresOmitted).toBe(0);
    expect(shop?.requests.filter((path) => path === '/shop/book-2.html')).toHaveLength(3);
  });

  it('retries a page that fails for a while', async () => {
    // Prepare
    const base = await open({ flaky: { '/shop/page-2.html': 2 } });
    const scheme = listingScheme(base, { retries: 2 });

    // Act
    const result = await batch(scheme, newFrontier(scheme));

    // Assess
    expect(result.records).toEqual(listed(base));
    expect(result.frontier.counters).toEqual({
      requests: 3,
      failedRequests: 0,
      pagesDone: 3,
      skippedRequests: 0,
      records: 6,
    });
  });

  it('keeps the pages robots.txt disallows out, and does not count robots.txt', async () => {
    // Prepare
    const base = await open({ robots: 'User-agent: *\nDisallow: /shop/book-3.html\n' });
    const scheme = detailsScheme(base, { respectRobotsTxt: true });

    // Act
    const result = await batch(scheme, newFrontier(scheme));

    // Assess
    expect(result.records[2]).toEqual({ Title_text: titles[2], Title_details: '', Price_text: prices[2] });
    expect(result.frontier.counters).toEqual({
      requests: 8,
      failedRequests: 1,
      pagesDone: 3,
      skippedRequests: 0,
      records: 6,
    });
    expect(result.frontier.failures).toEqual([
      { url: `${base}/book-3.html`, reason: 'Disallowed by robots.txt' },
    ]);
    expect(shop?.requests.filter((path) => path === '/robots.txt')).toHaveLength(1);
    expect(shop?.requests).not.toContain('/shop/book-3.html');
  });

  it.each([
    [404, true],
    [500, false],
  ])('reads a robots.txt answering %i as allowed=%s', async (status, allowed) => {
    // Prepare
    const base = await open({ robots: status });
    const scheme = listingScheme(base, { respectRobotsTxt: true, retries: 0 });

    // Act
    const outcome = await batch(scheme, newFrontier(scheme)).then(
      (result) => result.records.length,
      (error: unknown) => error,
    );

    // Assess
    if (allowed) expect(outcome).toBe(6);
    else expect(String(outcome)).toMatch(/could not be fetched: robots.txt answered HTTP 500/);
  });

  it('waits the delay between requests to one host', async () => {
    // Prepare
    const base = await open();
    const scheme = listingScheme(base, { delay: 150 });
    const started = Date.now();

    // Act
    await batch(scheme, newFrontier(scheme));

    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('honours the Crawl-delay of robots.txt', async () => {
    // Prepare
    const base = await open({ robots: 'User-agent: *\nCrawl-delay: 0.15\n' });
    const scheme = listingScheme(base, { respectRobotsTxt: true });
    const started = Date.now();

    // Act
    const result = await batch(scheme, newFrontier(scheme));

    // Assess
    expect(result.records).toHaveLength(6);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});
