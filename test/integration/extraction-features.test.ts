// The collection scheme's features on the local stack, end to end: details, path, every format,
// a legacy charset, robots.txt, rate limits, a flaky server, an oversized page, a long crawl cancelled,
// a docs site (a sidebar's "previous" first, shared details links, a selector that matches nothing).
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { type DocsSite, hitsOf, startDocsSite, terms } from '#test/helpers/docs-site';
import { CP1250_TEXT, type FeatureSite, startFeatureSite } from '#test/helpers/feature-site';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import { isFinished, pollTask } from '#test/helpers/tasks';

const MAX_PAGE_BYTES = 100_000;
const stack = useTestRuntime({
  env: { DFK_PROGRESS_SECONDS: '0.2', DFK_MAX_PAGE_BYTES: String(MAX_PAGE_BYTES) },
});
let site: FeatureSite;
let shop: FixtureSite;
let bigShop: FixtureSite;
let docs: DocsSite;

beforeAll(async () => {
  site = await startFeatureSite({ hugeBytes: MAX_PAGE_BYTES * 2 });
  shop = await startFixtureSite({ pages: 3, perPage: 3 });
  // 10 ms a page: the crawl outlasts the cancel call by seconds, even on a loaded machine.
  bigShop = await startFixtureSite({ pages: 1000, perPage: 1, delayMs: 10 });
  docs = await startDocsSite();
});

afterAll(async () => {
  await site.close();
  await shop.close();
  await bigShop.close();
  await docs.close();
});

async function runToEnd(scheme: Record<string, unknown>, timeoutMs = 30_000): Promise<TaskView> {
  const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme, run: true });
  expect(created.status).toBe(201);
  return pollTask(stack.api, created.body.id, isFinished, timeoutMs);
}

async function results(task: TaskView, format?: string): Promise<Buffer> {
  const store = await stack.api<{ url: string }>('POST', `/tasks/${task.id}/store`, undefined, {
    query: format ? { format } : {},
  });
  expect(store.status).toBe(200);
  return Buffer.from(await (await fetch(store.body.url)).arrayBuffer());
}

const headline = (url: string) => ({
  name: 'page',
  request: { url, type: 'base' },
  fields: [{ name: 'H', selector: 'h1', type: 1, attrs: ['text'] }],
  format: 'json',
});

const listing = (path?: boolean) => ({
  name: 'items',
  request: { url: site.url('/listing.html'), type: 'base' },
  commonParent: 'div.item',
  fields: [
    {
      name: 'Name',
      selector: 'a.name',
      type: 2,
      attrs: ['text', 'href'],
      details: { fields: [{ name: 'Stock', selector: '.stock', type: 1, attrs: ['text'] }] },
    },
  ],
  path,
  format: 'json',
});

describe('details and path', () => {
  it('fetches each link with its own scheme, skips what robots.txt disallows, and counts it failed', async () => {
    const done = await runToEnd(listing());
    expect(done).toMatchObject({ status: 'completed', requests: 3, failedRequests: 1 });
    expect(site.hits.get('/private/c.html')).toBeUndefined();
    expect(JSON.parse((await results(done)).toString())).toEqual([
      { Name_text: 'Item 1', Name_href: site.url('/open/a.html'), Name_details: { Stock_text: '3 left' } },
      { Name_text: 'Item 2', Name_href: site.url('/open/b.html'), Name_details: { Stock_text: 'sold out' } },
      { Name_text: 'Item 3', Name_href: site.url('/private/c.html'), Name_details: '' },
    ]);
  });

  it('takes the records only from the details pages with path: true', async () => {
    const done = await runToEnd(listing(true));
    expect(JSON.parse((await results(done)).toString())).toEqual([
      { Stock_text: '3 left' },
      { Stock_text: 'sold out' },
    ]);
  });

  it('ends in error with the reason when robots.txt disallows the first page', async () => {
    const done = await runToEnd(headline(site.url('/private/start.html')));
    expect(done.status).toBe('error');
    expect(done.error).toMatch(/robots\.txt/i);
  });
});

describe('a documentation site', () => {
  it('follows "next" past "previous", fetches each shared details page once, counts records and warns of a field that matched nothing', async () => {
    const done = await runToEnd({
      name: 'docs',
      request: { url: `${docs.origin}/docs/index.html`, type: 'base' },
      commonParent: 'main',
      fields: [
        { name: 'Title', selector: 'h1', type: 1, attrs: ['text'] },
        { name: 'Author', selector: '.author', type: 1, attrs: ['text'] },
        {
          name: 'Term',
          selector: '.terms a',
          type: 2,
          attrs: ['text'],
          details: { fields: [{ name: 'Definition', selector: '.definition', type: 1, attrs: ['text'] }] },
        },
      ],
      paginator: { nextPageSelector: '.related a', pageNum: 0 },
      format: 'json',
    });

    // 22 pages and 4 terms (the fifth answers 404), where each link fetched for its record took 85.
    expect(done).toMatchObject({ status: 'completed', requests: 26, failedRequests: 1, records: 22 });
    expect(done.warnings).toEqual(['field Author: selector .author matched nothing on 22 pages']);
    const hits = hitsOf(docs);
    for (let term = 1; term <= terms; term++) expect(hits.get(`/glossary/term-${term}.html`)).toBe(1);
    const records = JSON.parse((await results(done)).toString()) as Record<string, unknown>[];
    expect(records.map((record) => record.Title_text)).toEqual([
      'Contents',
      ...Array.from({ length: 21 }, (_, index) => `Chapter ${index + 1}`),
    ]);
    expect(records[1]).toEqual({
      Title_text: 'Chapter 1',
      Author_text: '',
      Term_text: ['term 2', 'term 3', 'term 4'],
      Term_details: [2, 3, 4].map((term) => ({ Definition_text: `Definition ${term}` })),
    });
  });
});

describe('every format', () => {
  it('writes excel and xml that read back to the same records', async () => {
    const done = await runToEnd(
      booksScheme(shop, { format: 'excel', paginator: { nextPageSelector: 'li.next a', pageNum: 3 } }),
    );
    const expected = expectedBooks(shop, 3);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await results(done)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows: unknown[][] = [];
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['Title_text', 'Title_href', 'Price_text', 'Cover_src', 'Cover_alt']);
    expect(rows.slice(1)).toEqual(expected.map((record) => Object.values(record)));

    const xml = (await results(done, 'xml')).toString('utf8');
    const parsed: Record<string, string>[] = [];
    const parser = new SaxesParser();
    let record: Record<string, string> | undefined;
    let field: string | undefined;
    parser.on('opentag', (tag) => {
      if (tag.name === 'record') record = {};
      else if (record) field = tag.name;
    });
    parser.on('text', (text) => {
      if (record && field) record[field] = (record[field] ?? '') + text;
    });
    parser.on('closetag', (tag) => {
      if (tag.name === 'record' && record) parsed.push(record);
      field = undefined;
    });
    parser.write(xml).close();
    expect(parsed).toEqual(expected);

    const csv = (await results(done, 'csv')).toString('utf8').trim().split(/\r?\n/);
    expect(csv).toHaveLength(expected.length + 1);
  });
});

describe('fetching', () => {
  it('decodes a windows-1250 page', async () => {
    const done = await runToEnd(headline(site.url('/cp1250.html')));
    expect(JSON.parse((await results(done)).toString())).toEqual([{ H_text: CP1250_TEXT }]);
  });

  it('waits as a 429 Retry-After asks, then gets the page', async () => {
    const done = await runToEnd(headline(site.url('/limited.html')));
    expect(done).toMatchObject({ status: 'completed', requests: 1, failedRequests: 0 });
    const [first, second] = site.hits.get('/limited.html') ?? [];
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(900);
    expect(JSON.parse((await results(done)).toString())).toEqual([{ H_text: 'finally' }]);
  });

  it('retries a 503 until the server recovers', async () => {
    const done = await runToEnd(headline(site.url('/flaky.html')));
    expect(done).toMatchObject({ status: 'completed', requests: 1 });
    expect(site.hits.get('/flaky.html')).toHaveLength(3);
    expect(JSON.parse((await results(done)).toString())).toEqual([{ H_text: 'recovered' }]);
  });

  it('refuses a page over the size limit with the reason', async () => {
    const done = await runToEnd(headline(site.url('/huge.html')));
    expect(done.status).toBe('error');
    expect(done.error).toMatch(/large|limit|size/i);
  });
});

describe('a 1,000-page crawl', () => {
  it('cancelled half way keeps exactly the pages it crawled', async () => {
    const scheme = booksScheme(bigShop, { paginator: { nextPageSelector: 'li.next a', pageNum: 1000 } });
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme, run: true });
    await pollTask(stack.api, created.body.id, (task) => task.requests >= 500, 60_000);
    expect((await stack.api<TaskView>('POST', `/tasks/${created.body.id}/cancel`)).body.status).toBe(
      'cancelled',
    );
    await stack.runtime.executions.waitFor(created.body.id, 20_000);

    const final = await pollTask(stack.api, created.body.id, () => true);
    expect(final.status).toBe('cancelled');
    expect(final.requests).toBeGreaterThanOrEqual(500);
    expect(final.requests).toBeLessThan(1000);
    const records = JSON.parse((await results(final)).toString()) as unknown[];
    expect(records).toEqual(expectedBooks(bigShop, records.length));
    expect(records.length).toBeGreaterThanOrEqual(500);
  });
});
