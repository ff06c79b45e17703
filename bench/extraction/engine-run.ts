// Our engine in its own process: crawlBatch end to end with the real page fetcher, robots.txt on,
// each batch's records written as a JSONL part file and the frontier saved, as the workflow does.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crawlBatch } from '#extraction/crawl';
import { createPageFetcher } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import { type ExtractionScheme, extractionSchemeSchema } from '#extraction/scheme';
import { caseNamed } from './cases.ts';
import { benchUserAgent, countValues, measure } from './contender.ts';

const [origin, caseName = 'shop'] = process.argv.slice(2) as [string, string?];
const bench = caseNamed(caseName);

const scheme: ExtractionScheme = extractionSchemeSchema.parse({
  name: `bench ${bench.name}`,
  request: { url: `${origin}${bench.startPath}` },
  ...bench.scheme,
  concurrency: 10,
  maxRequests: 100_000,
  respectRobotsTxt: true,
});

const dir = await mkdtemp(join(tmpdir(), 'dfk-bench-engine-'));
const fetchPage = createPageFetcher({ allowPrivateNetworks: true, userAgent: benchUserAgent });
try {
  const run = await measure('engine', async () => {
    let frontier = newFrontier(scheme);
    let part = 0;
    let records = 0;
    let values = 0;
    for (;;) {
      const result = await crawlBatch({
        scheme,
        frontier,
        fetchPage,
        // The workflow's defaults: a 120 s batch, progress every 2 s.
        deadline: Date.now() + 120_000,
      });
      if (result.records.length > 0) {
        const lines = result.records.map((record) => JSON.stringify(record)).join('\n');
        await writeFile(join(dir, `part-${String(part++).padStart(6, '0')}.jsonl`), `${lines}\n`);
        records += result.records.length;
        for (const record of result.records) values += countValues(record);
      }
      await writeFile(
        join(dir, 'frontier.json'),
        JSON.stringify({ nextPart: part, frontier: result.frontier }),
      );
      frontier = result.frontier;
      if (result.done || result.stopped) break;
    }
    return {
      pages: frontier.counters.requests,
      records,
      values,
      failed: frontier.counters.failedRequests,
    };
  });
  console.log(JSON.stringify(run));
} finally {
  await fetchPage.close();
  await rm(dir, { recursive: true, force: true });
}
