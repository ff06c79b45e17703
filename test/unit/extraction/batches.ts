import { crawlBatch } from '#extraction/crawl';
import type { FetchPage } from '#extraction/fetch-page';
import { type CrawlFrontier, newFrontier } from '#extraction/frontier';
import type { ExtractedRecord } from '#extraction/record';
import type { ExtractionScheme } from '#extraction/scheme';

/**
 * A fetcher whose first request for each of `paths` hangs until its signal aborts (a batch's
 * deadline), without reaching the site: each such page ends a batch and is fetched in the next.
 */
export function holdingOnce(fetchPage: FetchPage, paths: readonly string[]): FetchPage {
  const toHold = new Set(paths);
  return (url, options) => {
    const path = new URL(url).pathname;
    if (!toHold.delete(path)) return fetchPage(url, options);
    return new Promise((_, reject) => {
      const signal = options?.signal;
      if (signal === undefined) return reject(new Error(`Held ${path} without a signal to end it`));
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
}

/**
 * A fetcher that counts, per path, the fetches that came back: a batch's deadline also aborts
 * requests the site has seen, and the crawl requests those again.
 */
export function countingFetches(fetchPage: FetchPage): {
  fetchPage: FetchPage;
  fetched: Map<string, number>;
} {
  const fetched = new Map<string, number>();
  return {
    fetched,
    fetchPage: async (url, options) => {
      const page = await fetchPage(url, options);
      const path = new URL(url).pathname;
      fetched.set(path, (fetched.get(path) ?? 0) + 1);
      return page;
    },
  };
}

/**
 * Runs batches of `batchMs` until the crawl is done, the frontier saved as JSON between them; from a
 * new frontier unless given one to resume.
 */
export async function crawlInBatches(
  scheme: ExtractionScheme,
  fetchPage: FetchPage,
  batchMs: number,
  from: CrawlFrontier = newFrontier(scheme),
) {
  const records: ExtractedRecord[] = [];
  let frontier = JSON.parse(JSON.stringify(from)) as CrawlFrontier;
  let batches = 0;
  for (;;) {
    batches++;
    const result = await crawlBatch({ scheme, frontier, fetchPage, deadline: Date.now() + batchMs });
    records.push(...result.records);
    frontier = JSON.parse(JSON.stringify(result.frontier)) as CrawlFrontier;
    if (result.done) return { records, frontier, batches };
    if (batches > 100) throw new Error('The crawl does not end');
  }
}
