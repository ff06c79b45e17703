import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { crawlBatch } from '#extraction/crawl';
import { createPageFetcher, type FetchPage, type PageFetcher } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import { collapse } from '#extraction/record';
import type { ExtractionScheme, SchemeDetails } from '#extraction/scheme';
import { unmatchedSelectors } from '#extraction/selector-matches';
import {
  chapters,
  type DocsSite,
  hitsOf,
  seeAlsoOf,
  startDocsSite,
  termExists,
  terms,
  termsOf,
} from '#test/helpers/docs-site';
import { countingFetches, crawlInBatches, holdingOnce } from './batches.ts';

const origin = 'https://catalog.example';

// Categories link to items; category A spreads over two pages.
const site: Record<string, string> = {
  '/start': '<a class="cat" href="/cat-a">A</a><a class="cat" href="/cat-b">B</a>',
  '/cat-a':
    '<ul><li><a href="/item-1">one</a></li><li><a href="/item-2">two</a></li></ul><a class="next" href="/cat-a-2">»</a>',
  '/cat-a-2': '<ul><li><a href="/item-3">three</a></li></ul><a class="next" href="/cat-a">«</a>',
  '/cat-b': '<ul><li><a href="/item-4">four</a></li></ul>',
  '/item-1': '<p class="stock">s1</p>',
  '/item-2': '<p class="stock">s2</p>',
  '/item-3': '<p class="stock">s3</p>',
  '/item-4': '<p class="stock">s4</p>',
};

/** An in-memory site; later pages answer faster, so completion order differs from page order. */
const fetchPage: FetchPage = async (url) => {
  const path = new URL(url).pathname;
  const body = site[path];
  await new Promise((resolve) =>
    setTimeout(resolve, path.startsWith('/item-') ? 40 - Number(path.at(-1)) * 10 : 1),
  );
  return { url, status: body ? 200 : 404, body: body ?? '', contentType: 'text/html', headers: {} };
};

function scheme(categoryPath: boolean, itemPath: boolean): ExtractionScheme {
  const items: SchemeDetails = {
    fields: [
      {
        name: 'Item',
        selector: 'li a',
        type: 2,
        attrs: ['text'],
        details: { fields: [{ name: 'Stock', selector: '.stock', type: 1, attrs: ['text'] }] },
      },
    ],
    paginator: { nextPageSelector: 'a.next', pageNum: 5 },
    path: itemPath,
  };
  return {
    name: 'catalog',
    request: { url: `${origin}/start` },
    fields: [{ name: 'Category', selector: 'a.cat', type: 2, attrs: ['text'], details: items }],
    path: categoryPath,
    concurrency: 5,
    respectRobotsTxt: false,
  };
}

async function crawl(crawlScheme: ExtractionScheme) {
  return crawlBatch({
    scheme: crawlScheme,
    frontier: newFrontier(crawlScheme),
    fetchPage,
    deadline: Date.now() + 10_000,
  });
}

const item = (text: string, stock: string) => ({ Item_text: text, Item_details: { Stock_text: stock } });

describe('crawlBatch with nested details', () => {
  it('nests details of details, across a details paginator, in page order', async () => {
    // Act
    const result = await crawl(scheme(false, false));

    // Assess
    expect(result.records).toEqual([
      { Category_text: 'A', Category_details: [item('one', 's1'), item('two', 's2'), item('three', 's3')] },
      { Category_text: 'B', Category_details: item('four', 's4') },
    ]);
    expect(result.frontier.counters).toEqual({
      requests: 8,
      failedRequests: 0,
      pagesDone: 1,
      skippedRequests: 0,
      records: 2,
    });
    expect(result.done).toBe(true);
  });

  it('emits the details records with path: true', async () => {
    // Act
    const result = await crawl(scheme(true, false));

    // Assess
    expect(result.records).toEqual([
      item('one', 's1'),
      item('two', 's2'),
      item('three', 's3'),
      item('four', 's4'),
    ]);
  });

  it('finishes a frontier saved before details links were fetched once', async () => {
    // Prepare: a record waiting for its details job, as the owner of the job itself.
    const itemScheme: ExtractionScheme = {
      ...scheme(false, false),
      fields: [
        {
          name: 'Item',
          selector: 'li a',
          type: 2,
          attrs: ['text'],
          details: { fields: [{ name: 'Stock', selector: '.stock', type: 1, attrs: ['text'] }] },
        },
      ],
    };
    const frontier = {
      ...newFrontier(itemScheme),
      queue: [
        {
          kind: 'detail' as const,
          url: `${origin}/item-1`,
          page: 1,
          level: [0],
          owner: 0,
          field: 0,
          slot: 0,
        },
      ],
      pending: [{ id: 0, level: [], record: { Item_text: 'one' }, parent: null, waiting: 1, collected: {} }],
      nextId: 1,
      details: undefined,
    };

    // Act
    const result = await crawlBatch({
      scheme: itemScheme,
      frontier,
      fetchPage,
      deadline: Date.now() + 10_000,
    });

    // Assess
    expect(result.records).toEqual([{ Item_text: 'one', Item_details: { Stock_text: 's1' } }]);
  });

  it('emits the innermost records with path: true at every level', async () => {
    // Act
    const result = await crawl(scheme(true, true));

    // Assess
    expect(result.records).toEqual(['s1', 's2', 's3', 's4'].map((stock) => ({ Stock_text: stock })));
  });
});

describe('crawlBatch with details links shared by many records', () => {
  let fetcher: PageFetcher;
  let docs: DocsSite;

  beforeAll(async () => {
    fetcher = createPageFetcher({ allowPrivateNetworks: true });
  });

  afterAll(async () => {
    await fetcher.close();
  });

  beforeEach(async () => {
    docs = await startDocsSite();
  });

  afterEach(async () => {
    await docs.close();
  });

  // Chapters link to glossary terms (level 1); a term links to another term, read there (level 2) with another scheme.
  const glossaryScheme = (): ExtractionScheme => ({
    name: 'docs',
    request: { url: `${docs.origin}/docs/index.html` },
    commonParent: 'main',
    fields: [
      { name: 'Title', selector: 'h1', type: 1, attrs: ['text'] },
      {
        name: 'Term',
        selector: '.terms a',
        type: 2,
        attrs: ['text'],
        details: {
          fields: [
            { name: 'Definition', selector: '.definition', type: 1, attrs: ['text'] },
            {
              name: 'See',
              selector: 'a.see',
              type: 2,
              attrs: ['text'],
              details: { fields: [{ name: 'Heading', selector: 'h2', type: 1, attrs: ['text'] }] },
            },
          ],
        },
      },
    ],
    paginator: { nextPageSelector: '.related a', pageNum: 0 },
    respectRobotsTxt: false,
  });

  /** Each record as if every link had been fetched for it alone; a missing term's page gives nothing. */
  function expectedRecords() {
    const termRecord = (term: number) => ({
      Definition_text: `Definition ${term}`,
      See_text: `see term ${seeAlsoOf(term)}`,
      See_details: { Heading_text: `Term ${seeAlsoOf(term)}` },
    });
    const chapterRecords = Array.from({ length: chapters }, (_, index) => {
      const linked = termsOf(index + 1);
      return {
        Title_text: `Chapter ${index + 1}`,
        Term_text: linked.map((term) => `term ${term}`),
        Term_details: collapse(linked.filter(termExists).map(termRecord)),
      };
    });
    return [{ Title_text: 'Contents', Term_text: '', Term_details: '' }, ...chapterRecords];
  }

  /** Every term fetched once as a term (level 1) and once as a "see also" (level 2); the missing one once. */
  function expectOneFetchPerLevel(fetched: Map<string, number>) {
    for (let term = 1; term <= terms; term++) {
      expect(fetched.get(`/glossary/term-${term}.html`)).toBe(termExists(term) ? 2 : 1);
    }
  }

  it('fetches each link once per level and gives its record to every record that links to it', async () => {
    // Act
    const result = await crawlBatch({
      scheme: glossaryScheme(),
      frontier: newFrontier(glossaryScheme()),
      fetchPage: fetcher,
      deadline: Date.now() + 30_000,
    });

    // Assess
    expect(result.records).toEqual(expectedRecords());
    expectOneFetchPerLevel(hitsOf(docs));
    // 22 pages, 4 terms at each level; 21 × 3 links to terms and as many "see also" links before.
    expect(result.frontier.counters).toMatchObject({ requests: 22 + 4 + 4, failedRequests: 1, records: 22 });
    expect(result.frontier.failures).toEqual([
      { url: `${docs.origin}/glossary/term-${terms}.html`, reason: 'HTTP 404' },
    ]);
  });

  it('reuses the links done and those still in flight across batches', async () => {
    // Prepare: a term and two chapters, each held until its batch's deadline, end batches early.
    const { fetchPage, fetched } = countingFetches(fetcher);
    const paths = ['/glossary/term-3.html', '/docs/chapter-8.html', '/docs/chapter-15.html'];

    // Act
    const crawl = await crawlInBatches(glossaryScheme(), holdingOnce(fetchPage, paths), 400);

    // Assess
    expect(crawl.batches).toBeGreaterThanOrEqual(3);
    expect(crawl.records).toEqual(expectedRecords());
    expectOneFetchPerLevel(fetched);
    expect(crawl.frontier.counters).toMatchObject({ requests: 30, failedRequests: 1 });
  });

  it('counts, across batches, the pages each selector matched on at every level', async () => {
    // Prepare: an author nowhere, examples on no term; terms are on every chapter but not the contents.
    const scheme = glossaryScheme();
    const [title, term] = scheme.fields;
    const termDetails = term?.details;
    if (title === undefined || term === undefined || termDetails === undefined)
      throw new Error('glossaryScheme');
    scheme.fields = [
      title,
      { name: 'Author', selector: '.author', type: 1, attrs: ['text'] },
      {
        ...term,
        details: {
          ...termDetails,
          fields: [
            ...termDetails.fields,
            { name: 'Example', selector: '.example', type: 1, attrs: ['text'] },
          ],
        },
      },
    ];
    const paths = ['/glossary/term-2.html', '/docs/chapter-10.html'];

    // Act
    const crawl = await crawlInBatches(scheme, holdingOnce(fetcher, paths), 400);

    // Assess
    expect(crawl.batches).toBeGreaterThanOrEqual(2);
    expect(unmatchedSelectors(scheme, crawl.frontier.matches ?? {})).toEqual([
      'field Author: selector .author matched nothing on 22 pages',
      'field Term_details.Example: selector .example matched nothing on 4 pages',
    ]);
  });

  it('fetches a link again once the cache is full, with the same records', async () => {
    // Act
    const result = await crawlBatch({
      scheme: glossaryScheme(),
      frontier: newFrontier(glossaryScheme()),
      fetchPage: fetcher,
      deadline: Date.now() + 30_000,
      maxCachedDetailsChars: 0,
    });

    // Assess
    expect(result.records).toEqual(expectedRecords());
    expect(result.frontier.details).toEqual({});
    expect(result.frontier.counters.requests).toBeGreaterThan(30);
  });
});
