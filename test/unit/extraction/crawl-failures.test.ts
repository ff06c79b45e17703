import { describe, expect, it } from 'vitest';
import { crawlBatch } from '#extraction/crawl';
import type { FetchPage } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import type { ExtractionScheme } from '#extraction/scheme';

const origin = 'https://shop.example';
const books = 150;

// One listing of 150 books whose pages all answer 404.
const fetchPage: FetchPage = async (url) => {
  const path = new URL(url).pathname;
  const body =
    path === '/list'
      ? Array.from({ length: books }, (_, index) => `<a href="/book-${index}">b${index}</a>`).join('')
      : '';
  return { url, status: body ? 200 : 404, body, contentType: 'text/html', headers: {} };
};

const scheme: ExtractionScheme = {
  name: 'shop',
  request: { url: `${origin}/list` },
  fields: [
    {
      name: 'Book',
      selector: 'a',
      type: 2,
      attrs: ['text'],
      details: { fields: [{ name: 'Stock', selector: '.stock', type: 1, attrs: ['text'] }] },
    },
  ],
  concurrency: 10,
  retries: 0,
  respectRobotsTxt: false,
};

const run = (frontier: ReturnType<typeof newFrontier>, deadline: number) =>
  crawlBatch({ scheme, frontier, fetchPage, deadline });

describe('crawlBatch failures', () => {
  it("reports every page the batch gave up on, beyond the frontier's first 100", async () => {
    // Act
    const result = await run(newFrontier(scheme), Date.now() + 10_000);

    // Assess
    expect(result.failures).toHaveLength(books);
    expect(result.failures[149]).toEqual({ url: `${origin}/book-149`, reason: 'HTTP 404' });
    expect(result.failuresOmitted).toBe(0);
    expect(result.frontier.failures).toHaveLength(100);
    expect(result.frontier.counters.failedRequests).toBe(books);
  });

  it('reports only its own failures, not those of earlier batches', async () => {
    // Prepare
    const earlier = await run(newFrontier(scheme), Date.now() + 10_000);
    const frontier = {
      ...earlier.frontier,
      queue: [{ kind: 'list' as const, url: `${origin}/other`, page: 2 }],
    };

    // Act
    const later = await run(frontier, Date.now() + 10_000);

    // Assess
    expect(later.failures).toEqual([{ url: `${origin}/other`, reason: 'HTTP 404' }]);
    expect(later.frontier.counters.failedRequests).toBe(books + 1);
  });
});
