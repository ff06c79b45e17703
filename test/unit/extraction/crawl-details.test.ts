import { describe, expect, it } from 'vitest';
import { crawlBatch } from '#extraction/crawl';
import type { FetchPage } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import type { ExtractionScheme, SchemeDetails } from '#extraction/scheme';

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

  it('emits the innermost records with path: true at every level', async () => {
    // Act
    const result = await crawl(scheme(true, true));

    // Assess
    expect(result.records).toEqual(['s1', 's2', 's3', 's4'].map((stock) => ({ Stock_text: stock })));
  });
});
