// Crawlee's CheerioCrawler in its own process: the same fields, concurrency 10, robots.txt on,
// storage in memory (nothing persisted), records pushed to its dataset.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CheerioAPI, CheerioCrawler, Configuration, log } from '@crawlee/cheerio';
import type { SchemeField } from '#extraction/scheme';
import { caseNamed } from './cases.ts';
import { countValues, measure } from './contender.ts';

const [origin, caseName = 'shop'] = process.argv.slice(2) as [string, string?];
const bench = caseNamed(caseName);
log.setLevel(log.LEVELS.OFF);
const dir = await mkdtemp(join(tmpdir(), 'dfk-bench-crawlee-'));
process.env.CRAWLEE_STORAGE_DIR = dir;
const config = new Configuration({ persistStorage: false, purgeOnStart: true });
const normal = (text: string) => text.replace(/\s+/gu, ' ').trim();
const one = <T>(values: T[]): T | T[] | '' =>
  values.length === 0 ? '' : values.length === 1 ? (values[0] as T) : values;

type Selection = ReturnType<CheerioAPI>;

/** What a user writes with cheerio for each field: its matches' text or attribute, URLs made absolute. */
function valuesOf($: CheerioAPI, matches: Selection, field: SchemeField, base: string) {
  const record: Record<string, unknown> = {};
  for (const attr of field.attrs) {
    const values = matches
      .map((_, element) => {
        const value = attr === 'text' ? $(element).text() : ($(element).attr(attr) ?? '');
        if ((attr === 'href' || attr === 'src') && value !== '') return new URL(value, base).href;
        return field.filters?.some((filter) => filter.name === 'normal') ? normal(value) : value;
      })
      .get();
    record[`${field.name}_${attr}`] = one(values);
  }
  return record;
}

const detailsField = bench.scheme.fields.find((field) => field.details !== undefined);
let records = 0;
let values = 0;
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
        const details: Record<string, unknown> = {};
        for (const field of detailsField?.details?.fields ?? [])
          Object.assign(details, valuesOf($, $(field.selector), field, base));
        const record = { ...(request.userData.record as object), [`${detailsField?.name}_details`]: details };
        values += countValues(record);
        await pushData(record);
        records++;
        return;
      }
      const requests: { url: string; label: string; userData?: object }[] = [];
      $(bench.scheme.commonParent).each((_, element) => {
        const record: Record<string, unknown> = {};
        for (const field of bench.scheme.fields)
          Object.assign(record, valuesOf($, $(element).find(field.selector), field, base));
        const href = detailsField ? $(element).find(detailsField.selector).attr('href') : undefined;
        if (href) requests.push({ url: new URL(href, base).href, label: 'DETAIL', userData: { record } });
      });
      const next = $(bench.scheme.paginator.nextPageSelector).attr('href');
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
    await crawler.run([{ url: `${origin}${bench.startPath}`, label: 'LIST' }]);
    return { pages, records, values, failed };
  });
  console.log(JSON.stringify(run));
} finally {
  await rm(dir, { recursive: true, force: true });
}
