import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { crawlBatch } from '#extraction/crawl';
import type { FetchPage } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import type { ExtractedRecord } from '#extraction/record';
import type { ExtractionScheme } from '#extraction/scheme';
import { togetherMs } from '#extraction/start-spreader';
import { crawlInBatches } from './batches.ts';

const origin = 'https://shop.example';
const books = 9;

const scheme: ExtractionScheme = {
  name: 'shop',
  request: { url: `${origin}/list`, type: 'chrome' },
  fields: [
    {
      name: 'Book',
      selector: 'a.book',
      type: 2,
      attrs: ['text'],
      details: { fields: [{ name: 'Stock', selector: '.stock', type: 1, attrs: ['text'] }] },
    },
  ],
  concurrency: 3,
  respectRobotsTxt: false,
};

const body = (path: string) =>
  path === '/list'
    ? Array.from({ length: books }, (_, index) => `<a class="book" href="/book-${index}">b${index}</a>`).join(
        '',
      )
    : `<p class="stock">${path.slice(1)}</p>`;

/** Pages that take `pageMs` (the listing `listMs`) and give up when their signal aborts; starts are noted. */
function timedSite(pageMs: number, listMs = pageMs) {
  const starts: { path: string; at: number }[] = [];
  const fetchPage: FetchPage = async (url, options) => {
    const path = new URL(url).pathname;
    starts.push({ path, at: performance.now() });
    await sleep(path === '/list' ? listMs : pageMs, undefined, { signal: options?.signal });
    return { url, status: 200, body: body(path), contentType: 'text/html', headers: {} };
  };
  return { fetchPage, starts };
}

/** The shortest time between two fetches of book pages starting. */
function closestStarts(starts: { path: string; at: number }[]): number {
  const times = starts.filter(({ path }) => path !== '/list').map(({ at }) => at);
  return Math.min(...times.slice(1).map((at, index) => at - (times[index] ?? 0)));
}

const stocks = (records: ExtractedRecord[]) => records.map((record) => record.Book_details);

describe('crawlBatch on a chrome scheme', () => {
  it('starts apart the fetches that would start together, which a base scheme does not', async () => {
    // Prepare: pages of 600 ms at concurrency 3, so starts 100 ms apart, well clear of a late timer.
    const together = timedSite(600);
    const spread = timedSite(600);
    const base: ExtractionScheme = { ...scheme, request: { url: scheme.request.url, type: 'base' } };
    const run = (crawled: ExtractionScheme, fetchPage: FetchPage) =>
      crawlBatch({
        scheme: crawled,
        frontier: newFrontier(crawled),
        fetchPage,
        deadline: Date.now() + 30_000,
      });

    // Act: side by side, as the two crawls only wait.
    const [plain, spreadOut] = await Promise.all([
      run(base, together.fetchPage),
      run(scheme, spread.fetchPage),
    ]);

    // Assert: the listing's three first books start in the same instant, unless spread.
    expect(closestStarts(together.starts)).toBeLessThan(togetherMs);
    expect(closestStarts(spread.starts)).toBeGreaterThanOrEqual(togetherMs);
    expect(spreadOut.records).toEqual(plain.records);
    expect(stocks(spreadOut.records)).toEqual(
      Array.from({ length: books }, (_, index) => ({ Stock_text: `book-${index}` })),
    );
  });

  it('puts back a page whose start was waiting when the deadline came, and fetches it in the next batch', async () => {
    // Prepare: a 1.6 s listing makes the second book wait 250 ms (at most), through the deadline.
    const { fetchPage, starts } = timedSite(300, 1_600);
    const first = await crawlBatch({
      scheme,
      frontier: newFrontier(scheme),
      fetchPage,
      deadline: Date.now() + 1_725,
    });
    const startedInFirst = starts.map(({ path }) => path);

    // Act
    const rest = await crawlInBatches(scheme, fetchPage, 30_000, first.frontier);
    const records = [...first.records, ...rest.records];

    // Assert: the waiting book never reached the fetcher in the first batch, and no page was lost or doubled.
    expect(first.done).toBe(false);
    expect(startedInFirst).toEqual(['/list', '/book-0']);
    expect(first.frontier.queue.map((job) => job.url)).toContain(`${origin}/book-1`);
    expect(stocks(records)).toEqual(
      Array.from({ length: books }, (_, index) => ({ Stock_text: `book-${index}` })),
    );
  });
});
