/**
 * Our engine against Crawlee's CheerioCrawler on two sites served by this process on 127.0.0.1: a
 * Sphinx documentation site (20 API index pages of 60 KB chained by `rel="next"`, 500 class pages
 * of 130 KB; `docs-site.ts`) and the small-page bookshop (100 listings of 18 KB, 2,000 book pages
 * of 7 KB; `site.ts`). The same fields at concurrency 10, robots.txt on, each contender in its own
 * process (its own peak RSS), taking turns at going first, several rounds. The service end to end
 * (`service.ts`: a task through `npm start`'s stack, create to completed) takes its turn too.
 *
 *   npm run bench:extraction [-- <rounds=3>] [--cases docs,shop] [--no-service]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXTRACT_BATCH_MEMORY_MB } from '#infra/lifecycle';
import { heapFlags } from '#local/containers/container';
import { runChild, table } from '../lib/child.ts';
import { type BenchCase, caseNamed, expectedPages, expectedRecords } from './cases.ts';
import type { ContenderRun } from './contender.ts';
import { describePages } from './page-stats.ts';
import { type Service, serviceCrawl, startService } from './service.ts';
import { startSite } from './site.ts';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  allowNegative: true,
  options: { cases: { type: 'string', default: 'docs,shop' }, service: { type: 'boolean', default: true } },
});
const rounds = Number(positionals[0] ?? 3);
const cases = (options.cases ?? '').split(',').map(caseNamed);
// Both run with the heap Lambda's bootstrap gives ExtractBatch (a 51 MB semi-space, not Node's 16).
const heapOfExtractBatch = heapFlags(EXTRACT_BATCH_MEMORY_MB);
const contenders = { engine: 'engine-run.ts', crawlee: 'crawlee-run.ts' } as const;
type Contender = keyof typeof contenders | 'service';
const turns: Contender[] = options.service ? ['engine', 'crawlee', 'service'] : ['engine', 'crawlee'];
const service: Service | null = options.service ? await startService() : null;
const pageLines: string[] = [];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function runCase(bench: BenchCase): Promise<ContenderRun[]> {
  const pages = bench.pages();
  const isListing = (path: string) => /(index|page)-\d+\.html$/u.test(path);
  const kind = (listing: boolean) =>
    [...pages].filter(([path]) => isListing(path) === listing).map(([, html]) => html);
  pageLines.push(`${bench.label}: listings ${describePages(kind(true))}`);
  pageLines.push(`${bench.label}: details ${describePages(kind(false))}`);
  console.error(pageLines.slice(-2).join('\n'));
  const site = await startSite(pages);
  const runs: ContenderRun[] = [];
  try {
    // The stack's containers start on a first small task, as Lambda's would be warm.
    if (service) await serviceCrawl(service, bench, site.origin, 30);
    for (let round = 1; round <= rounds; round++) {
      // Each goes first in turn, so none always meets a warmer or cooler machine.
      const order = turns.map((_, index) => turns[(index + round - 1) % turns.length] as Contender);
      for (const contender of order) {
        const run =
          contender === 'service' && service
            ? await serviceCrawl(service, bench, site.origin)
            : await runChild<ContenderRun>(
                join(import.meta.dirname, contenders[contender as 'engine']),
                [site.origin, bench.name],
                heapOfExtractBatch,
              );
        if (run.pages !== expectedPages(bench) || run.records !== expectedRecords(bench))
          throw new Error(
            `${bench.name} ${contender} fetched ${run.pages} pages and wrote ${run.records} records`,
          );
        console.error(
          `${bench.name} round ${round} ${contender}: ${run.crawlMs} ms, ${run.cpuMs} CPU ms, ` +
            `${run.peakRssMiB} MiB, ${run.values} values`,
        );
        runs.push(run);
      }
    }
  } finally {
    await site.close();
  }
  const counts = new Set(runs.map((run) => run.values));
  if (counts.size !== 1)
    throw new Error(`${bench.name}: the contenders wrote different value counts: ${[...counts]}`);
  return runs;
}

const summary = (runs: ContenderRun[], contender: Contender) => {
  const own = runs.filter((run) => run.contender === contender);
  return {
    pagesPerSecond: median(own.map((run) => run.pages / (run.crawlMs / 1000))),
    cpuMsPerPage: median(own.map((run) => run.cpuMs / run.pages)),
    peakRssMiB: median(own.map((run) => run.peakRssMiB)),
    wallS: median(own.map((run) => run.crawlMs / 1000)),
    range: `${Math.min(...own.map((run) => run.crawlMs / 1000)).toFixed(2)}–${Math.max(...own.map((run) => run.crawlMs / 1000)).toFixed(2)}`,
  };
};

const rows: (string | number)[][] = [];
const ratios: string[] = [];
try {
  for (const bench of cases) {
    const runs = await runCase(bench);
    const engine = summary(runs, 'engine');
    const crawlee = summary(runs, 'crawlee');
    for (const name of turns) {
      const result = summary(runs, name);
      rows.push([
        bench.label,
        name,
        expectedPages(bench),
        result.wallS.toFixed(2),
        result.range,
        result.pagesPerSecond.toFixed(0),
        result.cpuMsPerPage.toFixed(2),
        name === 'service' ? '-' : result.peakRssMiB,
      ]);
    }
    ratios.push(
      `${bench.label}: engine / crawlee ${(engine.pagesPerSecond / crawlee.pagesPerSecond).toFixed(2)}× the pages per second (target ≥ 2.5×), ` +
        `${(engine.cpuMsPerPage / crawlee.cpuMsPerPage).toFixed(2)}× the CPU per page (target ≤ 0.5×), ${runs[0]?.values} values each`,
    );
    if (service) {
      const whole = summary(runs, 'service');
      ratios.push(
        `${bench.label}: service end to end / crawlee ${(whole.pagesPerSecond / crawlee.pagesPerSecond).toFixed(2)}× the pages per second, ` +
          `${(whole.cpuMsPerPage / crawlee.cpuMsPerPage).toFixed(2)}× the CPU per page (the whole stack's)`,
      );
    }
  }
} finally {
  await service?.stop();
}
console.log(`${pageLines.join('\n')}\n\nconcurrency 10, ${rounds} rounds; medians:\n`);
console.log(
  table(
    ['site', 'contender', 'pages', 'wall s', 'wall range s', 'pages/s', 'CPU ms / page', 'peak RSS MiB'],
    rows,
  ),
);
console.log(`\n${ratios.join('\n')}`);
