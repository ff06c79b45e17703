import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressRefusal } from '#extraction/address-guard';
import { createChromePageFetcher } from '../../../functions/browser/chrome-fetcher.ts';
import type { WaitUntil } from '../../../functions/browser/request-fields.ts';
import { startJsSite } from './js-site.ts';

// The figures in functions/browser/README.md: `npx node test/unit/browser/measure.ts`. The cold
// start decompresses into a TMPDIR of its own, so the machine's /tmp/chromium is neither used nor touched.

const coldDir = mkdtempSync(join(tmpdir(), 'chromium-cold-'));
process.env.TMPDIR = coldDir;
const { createBrowserHost, executablePath } = await import('../../../functions/browser/launch.ts');

const siteAddress = '127.0.0.2';
const site = await startJsSite(siteAddress);
const host = createBrowserHost({
  addressPolicy: (address) => (address === siteAddress ? null : addressRefusal(address)),
  resolve: async (name) => (name === 'site.test' ? [{ address: siteAddress, family: 4 }] : []),
});
const ms = (since: number) => Math.round(performance.now() - since);

try {
  let started = performance.now();
  await executablePath();
  const decompress = ms(started);
  started = performance.now();
  await host.browser();
  const launch = ms(started);
  started = performance.now();
  const first = createChromePageFetcher({ host });
  await first(`${site.origin}/listing`);
  await first.close();
  console.log(`cold: decompress ${decompress} ms, launch ${launch} ms, first page ${ms(started)} ms`);

  for (const waitUntil of ['networkidle', 'load'] as WaitUntil[]) {
    const fetcher = createChromePageFetcher({ host, waitUntil });
    const times: number[] = [];
    for (let round = 0; round < 20; round++) {
      started = performance.now();
      await fetcher(`${site.origin}/listing`);
      times.push(ms(started));
    }
    await fetcher.close();
    times.sort((a, b) => a - b);
    console.log(`warm (${waitUntil}): median ${times[10]} ms, slowest ${times[19]} ms a page, one at a time`);
  }
} finally {
  await host.close();
  await site.close();
  rmSync(coldDir, { recursive: true, force: true });
}
