// Crawlee's CheerioCrawler in its own process: the same fields, concurrency 10, robots.txt on,
// storage in memory (nothing persisted), records pushed to its dataset.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheerioCrawler, Configuration, log } from '@crawlee/cheerio';
import { caseNamed } from './cases.ts';
import { crawleeHandler, runCrawler } from './crawlee-handler.ts';

const [origin, caseName = 'shop'] = process.argv.slice(2) as [string, string?];
const bench = caseNamed(caseName);
log.setLevel(log.LEVELS.OFF);
const dir = await mkdtemp(join(tmpdir(), 'dfk-bench-crawlee-'));
process.env.CRAWLEE_STORAGE_DIR = dir;
const config = new Configuration({ persistStorage: false, purgeOnStart: true });
const handler = crawleeHandler(bench);
const crawler = new CheerioCrawler(
  {
    minConcurrency: bench.concurrency,
    maxConcurrency: bench.concurrency,
    maxRequestRetries: 2,
    respectRobotsTxtFile: true,
    requestHandler: handler.handle,
    failedRequestHandler: handler.failed,
  },
  config,
);

await runCrawler(crawler, handler, { origin, bench, storage: dir });
