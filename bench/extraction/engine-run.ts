// Our engine in its own process: crawlBatch end to end with the real page fetcher, robots.txt on,
// each batch's records written as a JSONL part file and the frontier saved, as the workflow does.
// A chrome case renders with the browser step's fetcher: one browser for the process (a container's),
// a context per batch.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChromePageFetcher } from '#browser/chrome-fetcher';
import { createBrowserHost, executablePath } from '#browser/launch';
import { crawlBatch } from '#extraction/crawl';
import { createPageFetcher } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import { type ExtractionScheme, extractionSchemeSchema } from '#extraction/scheme';
import { caseNamed } from './cases.ts';
import { benchUserAgent, countValues, measure, RecordsDigest } from './contender.ts';

const [origin, caseName = 'shop'] = process.argv.slice(2) as [string, string?];
const bench = caseNamed(caseName);

const scheme: ExtractionScheme = extractionSchemeSchema.parse({
  name: `bench ${bench.name}`,
  request: { url: `${origin}${bench.startPath}`, type: bench.renderer },
  ...bench.scheme,
  concurrency: bench.concurrency,
  maxRequests: 100_000,
  respectRobotsTxt: true,
});

const dir = await mkdtemp(join(tmpdir(), 'dfk-bench-engine-'));
const host = bench.renderer === 'chrome' ? createBrowserHost({ allowPrivateNetworks: true }) : undefined;
const http = createPageFetcher({ allowPrivateNetworks: true, userAgent: benchUserAgent });
// What the browser step's handler gives a batch (functions/workflow/extract-chrome-batch.ts).
const pagesOfBatch = () =>
  host &&
  createChromePageFetcher({
    host,
    waitUntil: scheme.request.waitUntil,
    waitDelay: scheme.request.waitDelay,
    blockResources: scheme.request.blockResources,
  });
// Decompressed once per machine (it stays in /tmp), as Crawlee's run finds it: not part of a crawl.
if (host) await executablePath();
try {
  const run = await measure('engine', async () => {
    let frontier = newFrontier(scheme);
    let part = 0;
    let records = 0;
    let values = 0;
    const digest = new RecordsDigest();
    for (;;) {
      const own = pagesOfBatch();
      const result = await crawlBatch({
        scheme,
        frontier,
        fetchPage: own ?? http,
        // The workflow's defaults: a 120 s batch, progress every 2 s.
        deadline: Date.now() + 120_000,
      }).finally(() => own?.close());
      if (result.records.length > 0) {
        const lines = result.records.map((record) => JSON.stringify(record)).join('\n');
        await writeFile(join(dir, `part-${String(part++).padStart(6, '0')}.jsonl`), `${lines}\n`);
        records += result.records.length;
        for (const record of result.records) {
          values += countValues(record);
          digest.add(record);
        }
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
      digest: digest.value(),
    };
  });
  console.log(JSON.stringify(run));
} finally {
  await http.close();
  await host?.close();
  await rm(dir, { recursive: true, force: true });
}
