// Crawlee's CheerioCrawler in its own process: the same fields, concurrency 10, robots.txt on,
// storage in memory (nothing persisted), records pushed to its dataset.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheerioCrawler, Configuration, log } from '@crawlee/cheerio';
import { measure } from './contender.ts';

const [origin] = process.argv.slice(2) as [string];
log.setLevel(log.LEVELS.OFF);
const dir = await mkdtemp(join(tmpdir(), 'dfk-bench-crawlee-'));
process.env.CRAWLEE_STORAGE_DIR = dir;
const config = new Configuration({ persistStorage: false, purgeOnStart: true });
const normal = (text: string) => text.replace(/\s+/gu, ' ').trim();
const one = <T>(values: T[]): T | T[] | '' =>
  values.length === 0 ? '' : values.length === 1 ? (values[0] as T) : values;

let records = 0;
let pages = 0;
let failed = 0;
const crawler = new CheerioCrawler(
  {
    minConcurrency: 10,
    maxConcurrency: 10,
    maxRequestRetries: 2,
    respectRobotsTxtFile: true,
    async requestHandler({ request, $, pushData, addRequests }) {
      pages++;
      const base = request.loadedUrl ?? request.url;
      if (request.label === 'DETAIL') {
        const details = {
          Stock_text: one(
            $('.product_main .availability')
              .map((_, element) => normal($(element).text()))
              .get(),
          ),
          Description_text: one(
            $('#description p')
              .map((_, element) => $(element).text())
              .get(),
          ),
        };
        await pushData({ ...(request.userData.record as object), Title_details: details });
        records++;
        return;
      }
      const requests: { url: string; label: string; userData?: object }[] = [];
      $('article.product_pod').each((_, element) => {
        const title = $(element).find('h3 a');
        const cover = $(element).find('img');
        const href = new URL(title.attr('href') ?? '', base).href;
        const record = {
          Title_text: title.text(),
          Title_href: href,
          Price_text: $(element).find('.price_color').text(),
          Cover_src: new URL(cover.attr('src') ?? '', base).href,
          Cover_alt: cover.attr('alt') ?? '',
        };
        requests.push({ url: href, label: 'DETAIL', userData: { record } });
      });
      const next = $('li.next a').attr('href');
      if (next) requests.push({ url: new URL(next, base).href, label: 'LIST' });
      await addRequests(requests);
    },
    failedRequestHandler() {
      failed++;
    },
  },
  config,
);

try {
  const run = await measure('crawlee', async () => {
    await crawler.run([{ url: `${origin}/catalogue/page-1.html`, label: 'LIST' }]);
    return { pages, records, failed };
  });
  console.log(JSON.stringify(run));
} finally {
  await rm(dir, { recursive: true, force: true });
}
