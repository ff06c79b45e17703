// What a Crawlee user writes for the bench's scheme with cheerio, for CheerioCrawler and PuppeteerCrawler
// alike: each field's matches' text or attribute, URLs made absolute, a details page per listed record.
import { rm } from 'node:fs/promises';
import type { CheerioAPI } from '@crawlee/cheerio';
import type { SchemeField } from '#extraction/scheme';
import type { BenchCase } from './cases.ts';
import { countValues, measure, RecordsDigest } from './contender.ts';

type Selection = ReturnType<CheerioAPI>;

interface CrawledRequest {
  url: string;
  loadedUrl?: string | undefined;
  label?: string | undefined;
  userData: Record<string, unknown>;
}

export interface HandlerContext {
  request: CrawledRequest;
  $: CheerioAPI;
  pushData(record: Record<string, unknown>): Promise<void>;
  addRequests(requests: { url: string; label: string; userData?: object }[]): Promise<unknown>;
}

const normal = (text: string) => text.replace(/\s+/gu, ' ').trim();
const one = <T>(values: T[]): T | T[] | '' =>
  values.length === 0 ? '' : values.length === 1 ? (values[0] as T) : values;

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

/** The request handler for the case, and what it counted: pages, records, values and their digest. */
export function crawleeHandler(bench: BenchCase) {
  const detailsField = bench.scheme.fields.find((field) => field.details !== undefined);
  const digest = new RecordsDigest();
  const counts = { pages: 0, records: 0, values: 0, failed: 0 };
  const handle = async ({ request, $, pushData, addRequests }: HandlerContext) => {
    counts.pages++;
    const base = request.loadedUrl ?? request.url;
    if (request.label === 'DETAIL') {
      const details: Record<string, unknown> = {};
      for (const field of detailsField?.details?.fields ?? [])
        Object.assign(details, valuesOf($, $(field.selector), field, base));
      const record = { ...(request.userData.record as object), [`${detailsField?.name}_details`]: details };
      counts.values += countValues(record);
      digest.add(record);
      await pushData(record);
      counts.records++;
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
  };
  return {
    handle,
    failed() {
      counts.failed++;
    },
    counts: () => ({ ...counts, digest: digest.value() }),
  };
}

/**
 * Runs a crawler from the case's first page under `measure`, prints the run as the bench's children
 * do (JSON on the last line), and removes the crawler's storage folder.
 */
export async function runCrawler(
  crawler: { run(requests: { url: string; label: string }[]): Promise<unknown> },
  handler: ReturnType<typeof crawleeHandler>,
  start: { origin: string; bench: BenchCase; storage: string },
): Promise<void> {
  try {
    const run = await measure('crawlee', async () => {
      await crawler.run([{ url: `${start.origin}${start.bench.startPath}`, label: 'LIST' }]);
      return handler.counts();
    });
    console.log(JSON.stringify(run));
  } finally {
    await rm(start.storage, { recursive: true, force: true });
  }
}
