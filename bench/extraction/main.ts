/**
 * Our engine against Crawlee's CheerioCrawler on a fixture bookshop on 127.0.0.1 (100 listings with
 * pagination, 2,000 details pages): the same fields at concurrency 10, robots.txt on, each contender in
 * its own process (its own peak RSS), alternating, several rounds; the site runs in this process.
 *
 *   npm run bench:extraction [-- <rounds=3>]
 */
import { join } from 'node:path';
import { runChild, table } from '../lib/child.ts';
import type { ContenderRun } from './contender.ts';
import { defaultShape, pageCount, startSite } from './site.ts';

const rounds = Number(process.argv[2] ?? 3);
const contenders = { engine: 'engine-run.ts', crawlee: 'crawlee-run.ts' } as const;
type Contender = keyof typeof contenders;

const site = await startSite(defaultShape);
const expectedPages = pageCount(defaultShape);
const runs: ContenderRun[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    // Alternate who goes first, so neither always meets a warmer or cooler machine.
    const order: Contender[] = round % 2 === 1 ? ['engine', 'crawlee'] : ['crawlee', 'engine'];
    for (const contender of order) {
      const run = await runChild<ContenderRun>(join(import.meta.dirname, contenders[contender]), [
        site.origin,
      ]);
      if (run.pages !== expectedPages || run.records !== defaultShape.listings * defaultShape.perListing)
        throw new Error(`${contender} fetched ${run.pages} pages and wrote ${run.records} records`);
      console.error(
        `round ${round} ${contender}: ${run.crawlMs} ms, ${run.cpuMs} CPU ms, ${run.peakRssMiB} MiB`,
      );
      runs.push(run);
    }
  }
} finally {
  await site.close();
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const summary = (contender: Contender) => {
  const own = runs.filter((run) => run.contender === contender);
  return {
    pagesPerSecond: median(own.map((run) => run.pages / (run.crawlMs / 1000))),
    cpuPerThousand: median(own.map((run) => run.cpuMs / run.pages)),
    peakRssMiB: median(own.map((run) => run.peakRssMiB)),
    wallS: median(own.map((run) => run.crawlMs / 1000)),
  };
};
const engine = summary('engine');
const crawlee = summary('crawlee');
const speedup = engine.pagesPerSecond / crawlee.pagesPerSecond;
const cpuRatio = engine.cpuPerThousand / crawlee.cpuPerThousand;
console.log(`${expectedPages} pages per crawl, concurrency 10, ${rounds} rounds; medians:\n`);
console.log(
  table(
    ['contender', 'wall s', 'pages/s', 'CPU s / 1,000 pages', 'peak RSS MiB'],
    [
      [
        'engine',
        engine.wallS.toFixed(2),
        engine.pagesPerSecond.toFixed(0),
        engine.cpuPerThousand.toFixed(2),
        engine.peakRssMiB,
      ],
      [
        'crawlee',
        crawlee.wallS.toFixed(2),
        crawlee.pagesPerSecond.toFixed(0),
        crawlee.cpuPerThousand.toFixed(2),
        crawlee.peakRssMiB,
      ],
    ],
  ),
);
console.log(
  `\nengine / crawlee: ${speedup.toFixed(2)}× the pages per second (target ≥ 2.5×), ` +
    `${cpuRatio.toFixed(2)}× the CPU per page (target ≤ 0.5×)`,
);
