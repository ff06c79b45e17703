// The browser's cold start and warm pages, through the engine, in a process of its own: the binary
// decompressed into a TMPDIR of its own (the machine's /tmp/chromium is neither used nor touched, as a
// new Lambda container has none), the launch, the first page (context, tab, networkidle), then warm
// pages one at a time. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WaitUntil } from '#browser/request-fields';
import { caseNamed } from './cases.ts';

const [origin, caseName = 'js', warmPages = '20'] = process.argv.slice(2) as [string, string?, string?];
const bench = caseNamed(caseName);
const coldDir = mkdtempSync(join(tmpdir(), 'chromium-cold-'));
process.env.TMPDIR = coldDir;
// Imported after TMPDIR is set: @sparticuz/chromium decompresses into the temp dir it reads.
const { createBrowserHost, executablePath } = await import('#browser/launch');
const { createChromePageFetcher } = await import('#browser/chrome-fetcher');
const host = createBrowserHost({ allowPrivateNetworks: true });
const ms = (since: number) => Math.round(performance.now() - since);
const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

try {
  let started = performance.now();
  await executablePath();
  const decompressMs = ms(started);
  started = performance.now();
  await host.browser();
  const launchMs = ms(started);
  started = performance.now();
  const first = createChromePageFetcher({ host });
  await first(`${origin}${bench.startPath}`);
  await first.close();
  const firstPageMs = ms(started);
  const warm: Record<string, { medianMs: number; slowestMs: number }> = {};
  for (const waitUntil of ['networkidle', 'load'] as WaitUntil[]) {
    const fetcher = createChromePageFetcher({ host, waitUntil });
    const times: number[] = [];
    for (let page = 1; page <= Number(warmPages); page++) {
      started = performance.now();
      await fetcher(`${origin}/shop/book-${page}.html`);
      times.push(ms(started));
    }
    await fetcher.close();
    warm[waitUntil] = { medianMs: median(times), slowestMs: Math.max(...times) };
  }
  console.log(JSON.stringify({ decompressMs, launchMs, firstPageMs, warm }));
} finally {
  await host.close();
  rmSync(coldDir, { recursive: true, force: true });
}
