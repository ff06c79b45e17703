/**
 * Our engine against Crawlee on sites served by this process on 127.0.0.1, each contender in its own
 * process, taking turns at going first, several rounds; the service end to end (`service.ts`: a task
 * through `npm start`'s stack, create to completed) takes its turn too.
 *
 * - `docs`, `shop` (`bench:extraction`): a Sphinx documentation site (20 API index pages of 60 KB
 *   chained by `rel="next"`, 500 class pages of 130 KB; `docs-site.ts`) and the small-page bookshop
 *   (100 listings of 18 KB, 2,000 book pages of 7 KB; `site.ts`), against CheerioCrawler at
 *   concurrency 10.
 * - `js` (`bench:chrome`): the bookshop rendered by its scripts (12 listings, 288 book pages;
 *   `js-site.ts`), in the browser, against PuppeteerCrawler on the same binary at concurrency 4; and
 *   the browser's cold start, through the engine (`chrome-start.ts`) and through the service.
 *
 * The same fields, robots.txt on; every contender must write as many values, and where the case says
 * so the same records (their digest). CPU and memory are of the contender's whole process tree (a
 * browser's processes are its children).
 *
 *   npm run bench:extraction [-- <rounds=3>] [--cases docs,shop] [--no-service]
 *   npm run bench:chrome [-- <rounds=1>] [--no-service]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXTRACT_BATCH_MEMORY_MB } from '#infra/lifecycle';
import { heapFlags } from '#local/containers/container';
import { runChild, table } from '../lib/child.ts';
import { type TreePeak, watchTree } from '../lib/proc.ts';
import { type BenchCase, caseNamed, expectedPages, expectedRecords } from './cases.ts';
import type { ContenderRun } from './contender.ts';
import { describePages } from './page-stats.ts';
import { type Service, serviceChromeStart, serviceCrawl, startService } from './service.ts';
import { startSite } from './site.ts';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  allowNegative: true,
  options: {
    cases: { type: 'string', default: 'docs,shop' },
    rounds: { type: 'string', default: '3' },
    service: { type: 'boolean', default: true },
  },
});
const rounds = Number(positionals[0] ?? options.rounds);
const cases = (options.cases ?? '').split(',').map(caseNamed);
// Both run with the heap Lambda's bootstrap gives ExtractBatch (a 51 MB semi-space, not Node's 16).
const heapOfExtractBatch = heapFlags(EXTRACT_BATCH_MEMORY_MB);
type Contender = 'engine' | 'crawlee' | 'service';
const scriptOf = (contender: 'engine' | 'crawlee', bench: BenchCase) =>
  contender === 'engine'
    ? 'engine-run.ts'
    : bench.renderer === 'chrome'
      ? 'puppeteer-run.ts'
      : 'crawlee-run.ts';
const turns: Contender[] = options.service ? ['engine', 'crawlee', 'service'] : ['engine', 'crawlee'];
const service: Service | null = options.service ? await startService() : null;
const notes: string[] = [];

type Run = ContenderRun & { tree: TreePeak };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

function describeSite(bench: BenchCase, pages: Map<string, string | Buffer>): string[] {
  const html = [...pages].filter(([path]) => path.endsWith('.html'));
  if (bench.renderer === 'chrome')
    return [
      `${bench.label}: ${html.length} page shells, ${pages.size - html.length} JSON, static and image files`,
    ];
  const isListing = (path: string) => /(index|page)-\d+\.html$/u.test(path);
  const kind = (listing: boolean) =>
    html.filter(([path]) => isListing(path) === listing).map(([, body]) => body.toString());
  return [
    `${bench.label}: listings ${describePages(kind(true))}`,
    `${bench.label}: details ${describePages(kind(false))}`,
  ];
}

const note = (...lines: string[]) => {
  notes.push(...lines);
  console.error(lines.join('\n'));
};

/** One crawl by one contender, with the peak memory of its process tree (the service's: the whole stack). */
async function crawl(contender: Contender, bench: BenchCase, origin: string): Promise<Run> {
  if (contender === 'service' && service) {
    const watch = watchTree(service.pid);
    const run = await serviceCrawl(service, bench, origin);
    return { ...run, tree: await watch.stop() };
  }
  let watch: ReturnType<typeof watchTree> | undefined;
  const run = await runChild<ContenderRun>(
    join(import.meta.dirname, scriptOf(contender as 'engine', bench)),
    [origin, bench.name],
    bench.renderer === 'chrome' ? [] : heapOfExtractBatch,
    (pid) => {
      watch = watchTree(pid);
    },
  );
  return { ...run, tree: (await watch?.stop()) ?? { rssMiB: 0, pssMiB: 0 } };
}

/** The browser's cold start and warm pages, through the engine and, with the service, the local runtime. */
async function chromeStart(bench: BenchCase, origin: string) {
  const engine = await runChild<{
    decompressMs: number;
    launchMs: number;
    firstPageMs: number;
    warm: Record<string, { medianMs: number; slowestMs: number }>;
  }>(join(import.meta.dirname, 'chrome-start.ts'), [origin, bench.name]);
  note(
    `engine cold start: decompress ${engine.decompressMs} ms, launch ${engine.launchMs} ms, ` +
      `first page ${engine.firstPageMs} ms (context, tab, networkidle)`,
    ...Object.entries(engine.warm).map(
      ([wait, times]) =>
        `engine warm book page, one at a time, ${wait}: median ${times.medianMs} ms, slowest ${times.slowestMs} ms of 20`,
    ),
  );
  if (service) {
    const start = await serviceChromeStart(service, bench, origin);
    note(
      `service, one-page chrome task create to completed: ${start.coldTaskMs} ms on a new container ` +
        `(ready in ${start.containerReadyMs} ms, module init ${start.moduleInitMs} ms), ${start.warmTaskMs} ms warm`,
    );
  }
}

async function runCase(bench: BenchCase): Promise<Run[]> {
  const pages = bench.pages();
  note(...describeSite(bench, pages));
  const site = await startSite(pages);
  const runs: Run[] = [];
  try {
    if (bench.renderer === 'chrome') await chromeStart(bench, site.origin);
    // The stack's containers start on a first small task, as Lambda's would be warm.
    else if (service) await serviceCrawl(service, bench, site.origin, { maxRequests: 30 });
    for (let round = 1; round <= rounds; round++) {
      // Each goes first in turn, so none always meets a warmer or cooler machine.
      const order = turns.map((_, index) => turns[(index + round - 1) % turns.length] as Contender);
      for (const contender of order) {
        const run = await crawl(contender, bench, site.origin);
        if (run.pages !== expectedPages(bench) || run.records !== expectedRecords(bench))
          throw new Error(
            `${bench.name} ${contender} fetched ${run.pages} pages and wrote ${run.records} records`,
          );
        console.error(
          `${bench.name} round ${round} ${contender}: ${run.crawlMs} ms, ${run.cpuMs} CPU ms, ` +
            `${run.tree.rssMiB} MiB RSS (${run.tree.pssMiB} PSS) of the tree, ${run.values} values`,
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
  const digests = new Set(runs.map((run) => run.digest));
  if (bench.sameRecords && digests.size !== 1)
    throw new Error(
      `${bench.name}: the contenders wrote different records: ${runs.map((run) => `${run.contender} ${run.digest}`).join(', ')}`,
    );
  return runs;
}

const summary = (runs: Run[], contender: Contender) => {
  const own = runs.filter((run) => run.contender === contender);
  const walls = own.map((run) => run.crawlMs / 1000);
  return {
    pagesPerSecond: median(own.map((run) => run.pages / (run.crawlMs / 1000))),
    cpuMsPerPage: median(own.map((run) => run.cpuMs / run.pages)),
    nodeRssMiB: median(own.map((run) => run.peakRssMiB)).toFixed(1),
    treeRssMiB: median(own.map((run) => run.tree.rssMiB)).toFixed(1),
    treePssMiB: median(own.map((run) => run.tree.pssMiB)).toFixed(1),
    wallS: median(walls),
    range: `${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)}`,
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
        name === 'crawlee' ? scriptOf('crawlee', bench).replace('-run.ts', '') : name,
        expectedPages(bench),
        result.wallS.toFixed(2),
        result.range,
        result.pagesPerSecond.toFixed(bench.renderer === 'chrome' ? 2 : 0),
        result.cpuMsPerPage.toFixed(2),
        name === 'service' ? '-' : result.nodeRssMiB,
        result.treeRssMiB,
        result.treePssMiB,
      ]);
    }
    const { speed, cpu } = bench.targets;
    ratios.push(
      `${bench.label}: engine / crawlee ${(engine.pagesPerSecond / crawlee.pagesPerSecond).toFixed(2)}× the pages per second (target ≥ ${speed}×), ` +
        `${(engine.cpuMsPerPage / crawlee.cpuMsPerPage).toFixed(2)}× the CPU per page${cpu ? ` (target ≤ ${cpu}×)` : ''}, ` +
        `${(Number(engine.treeRssMiB) / Number(crawlee.treeRssMiB)).toFixed(2)}× the peak RSS and ` +
        `${(Number(engine.treePssMiB) / Number(crawlee.treePssMiB)).toFixed(2)}× the peak PSS, ` +
        `${runs[0]?.records} records, ${runs[0]?.values} values each`,
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
const concurrency = [...new Set(cases.map((bench) => bench.concurrency))].join(', ');
console.log(`${notes.join('\n')}\n\nconcurrency ${concurrency}, ${rounds} rounds; medians:\n`);
console.log(
  table(
    [
      'site',
      'contender',
      'pages',
      'wall s',
      'wall range s',
      'pages/s',
      'CPU ms / page',
      'Node peak RSS MiB',
      'tree peak RSS MiB',
      'tree peak PSS MiB',
    ],
    rows,
  ),
);
console.log(`\n${ratios.join('\n')}`);
