import { describe, expect, it } from 'vitest';
import { crawlBatch, FirstPageError } from '#extraction/crawl';
import { createPageFetcher, type FetchPage } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import type { ExtractionScheme } from '#extraction/scheme';
import { startServer } from './server.ts';

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

describe('crawlBatch on a first page nothing listens for', () => {
  it.each([true, false])(
    'fails the crawl saying the site could not be reached (respectRobotsTxt: %s)',
    async (respectRobotsTxt) => {
      // Prepare: a port that was free a moment ago and that nothing listens on now.
      const closed = await startServer(() => undefined);
      await closed.close();
      const start = `${closed.origin}/list`;
      const unreachable: ExtractionScheme = { ...scheme, request: { url: start }, respectRobotsTxt };
      const fetcher = createPageFetcher({ allowPrivateNetworks: true });

      // Act
      const error = await crawlBatch({
        scheme: unreachable,
        frontier: newFrontier(unreachable),
        fetchPage: fetcher,
        deadline: Date.now() + 10_000,
      }).catch((thrown: unknown) => thrown);
      await fetcher.close();

      // Assess: robots.txt is on the same host and port, so it is not what the reason names.
      expect(error).toBeInstanceOf(FirstPageError);
      expect((error as FirstPageError).message).toBe(
        `The first page ${start} could not be fetched: The site 127.0.0.1:${closed.port} could not be reached: connection refused (ECONNREFUSED)`,
      );
    },
  );
});
