import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlBatch, FirstPageError } from '#extraction/crawl';
import { createPageFetcher, type PageFetcher } from '#extraction/fetch-page';
import { type CrawlFrontier, newFrontier } from '#extraction/frontier';
import type { ExtractionScheme } from '#extraction/scheme';
import { type FixtureServer, startServer } from './server.ts';

// One attempt may take 200 ms and a batch 300 ms: two attempts never fit in one batch, as three
// 60 s attempts never fit in a 120 s batch.
const attemptMs = 200;
const batchMs = 300;
const maxBatches = 8;

let server: FixtureServer;
let fetcher: PageFetcher;

/** Headers, then a byte every 20 ms for as long as the client listens. */
function trickle(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/plain' });
  const timer = setInterval(() => response.write('x'), 20);
  response.on('close', () => clearInterval(timer));
}

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://fixture').pathname;
    if (path === '/list') {
      response.setHeader('content-type', 'text/html');
      response.end('<a href="/endless">endless</a>');
    } else if (path === '/endless' || path === '/robots.txt') trickle(response);
    else {
      response.statusCode = 404;
      response.end();
    }
  });
  fetcher = createPageFetcher({ allowPrivateNetworks: true, totalTimeoutMs: attemptMs });
});

afterAll(async () => {
  await fetcher.close();
  await server.close();
});

const scheme = (respectRobotsTxt: boolean): ExtractionScheme => ({
  name: 'endless',
  request: { url: `${server.origin}/list` },
  fields: [
    {
      name: 'Link',
      selector: 'a',
      type: 2,
      attrs: ['text'],
      details: { fields: [{ name: 'Body', selector: 'p', type: 1, attrs: ['text'] }] },
    },
  ],
  retries: 2,
  respectRobotsTxt,
});

/** Batches as the workflow runs them, the frontier saved as JSON between them; at most `maxBatches`. */
async function crawl(of: ExtractionScheme) {
  let frontier = newFrontier(of);
  for (let batches = 1; batches <= maxBatches; batches++) {
    try {
      const result = await crawlBatch({
        scheme: of,
        frontier,
        fetchPage: fetcher,
        deadline: Date.now() + batchMs,
        attemptTimeoutMs: attemptMs,
        retry: { baseDelayMs: 1, maxDelayMs: 1 },
      });
      frontier = JSON.parse(JSON.stringify(result.frontier)) as CrawlFrontier;
      if (result.done) return { batches, frontier, error: null };
    } catch (error) {
      return { batches, frontier, error };
    }
  }
  return { batches: Number.POSITIVE_INFINITY, frontier, error: null };
}

const requestsOf = (path: string) => server.requests.filter((requested) => requested === path).length;

describe('crawlBatch on a page that never ends', () => {
  it('gives up on it within its attempts, across batches, and ends', async () => {
    // Act
    const { batches, frontier } = await crawl(scheme(false));

    // Assess
    expect(batches).toBeLessThanOrEqual(4);
    expect(frontier.counters).toEqual({
      requests: 1,
      failedRequests: 1,
      pagesDone: 1,
      skippedRequests: 0,
      records: 1,
    });
    expect(frontier.failures[0]?.url).toBe(`${server.origin}/endless`);
    expect(frontier.failures[0]?.reason).toMatch(/^Timed out fetching /u);
    // Three attempts, and one more request each time a batch's deadline cut one short.
    expect(requestsOf('/endless')).toBeLessThanOrEqual(3 + batches - 1);
  });

  it('gives up on a robots.txt that never ends, across batches, as disallowing the whole site', async () => {
    // Act
    const { batches, error } = await crawl(scheme(true));

    // Assess
    expect(batches).toBeLessThanOrEqual(4);
    expect(error).toBeInstanceOf(FirstPageError);
    expect(String(error)).toMatch(
      /robots\.txt could not be fetched, which RFC 9309 reads as disallowing the whole site: Timed out fetching /u,
    );
    expect(requestsOf('/robots.txt')).toBeLessThanOrEqual(2 + batches - 1);
  });
});
