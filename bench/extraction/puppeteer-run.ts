// Crawlee's PuppeteerCrawler in its own process, on our browser: puppeteer-core launching the same
// @sparticuz/chromium binary with the same flags (less the guard proxy's three, as Crawlee connects
// directly), the same blocked resource types, the same wait (500 ms of network quiet), the same fields
// through Crawlee's parseWithCheerio, at the case's concurrency, robots.txt on, storage in memory.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Configuration, log, PuppeteerCrawler } from '@crawlee/puppeteer';
import puppeteer, { type GoToOptions, type HTTPRequest, type Page } from 'puppeteer-core';
import { chromeArgs, executablePath } from '#browser/launch';
import { defaultBlockResources } from '#browser/request-fields';
import { caseNamed } from './cases.ts';
import { crawleeHandler, runCrawler } from './crawlee-handler.ts';

const [origin, caseName = 'js'] = process.argv.slice(2) as [string, string?];
const bench = caseNamed(caseName);
log.setLevel(log.LEVELS.OFF);
const dir = await mkdtemp(join(tmpdir(), 'dfk-bench-puppeteer-'));
process.env.CRAWLEE_STORAGE_DIR = dir;
const config = new Configuration({ persistStorage: false, purgeOnStart: true });
const handler = crawleeHandler(bench);
const proxyFlags = ['--proxy-server=', '--proxy-bypass-list=', '--host-resolver-rules='];
const args = chromeArgs('http://127.0.0.1:9').filter(
  (arg) => !proxyFlags.some((flag) => arg.startsWith(flag)),
);
const blocked = new Set<string>(defaultBlockResources);
// Decompressed once per machine (it stays in /tmp), as the engine's run finds it: not part of a crawl.
const path = await executablePath();

const crawler = new PuppeteerCrawler(
  {
    minConcurrency: bench.concurrency,
    maxConcurrency: bench.concurrency,
    maxRequestRetries: 2,
    respectRobotsTxtFile: true,
    launchContext: {
      launcher: puppeteer,
      launchOptions: {
        executablePath: path,
        args,
        headless: 'shell',
        defaultViewport: { width: 1280, height: 800 },
      },
    },
    // Crawlee's fingerprints would change the user agent and viewport and add a script to every page.
    browserPoolOptions: { useFingerprints: false },
    preNavigationHooks: [
      async ({ page }: { page: Page }, gotoOptions) => {
        // puppeteer's own 500 ms of no request in flight, as the engine's `networkidle`.
        if (typeof gotoOptions === 'object' && gotoOptions !== null)
          Object.assign(gotoOptions, { waitUntil: 'networkidle0' } satisfies GoToOptions);
        await page.setRequestInterception(true);
        page.on('request', (request: HTTPRequest) => {
          if (request.isInterceptResolutionHandled()) return;
          const skip = blocked.has(request.resourceType()) && !request.isNavigationRequest();
          void (skip ? request.abort('blockedbyclient') : request.continue()).catch(() => undefined);
        });
      },
    ],
    async requestHandler({ request, parseWithCheerio, pushData, addRequests }) {
      await handler.handle({ request, $: await parseWithCheerio(), pushData, addRequests });
    },
    failedRequestHandler: handler.failed,
  },
  config,
);

await runCrawler(crawler, handler, { origin, bench, storage: dir });
