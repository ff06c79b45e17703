import { describe, expect, it } from 'vitest';
import { crawlBatch } from '#extraction/crawl';
import { maxDomDepth, PageTooDeepError } from '#extraction/dom-depth';
import type { FetchPage } from '#extraction/fetch-page';
import { newFrontier } from '#extraction/frontier';
import { parseHtml } from '#extraction/parse-html';
import type { ExtractionScheme } from '#extraction/scheme';

/** A page whose deepest element, a `<p>` in nested `<div>`s, is `depth` elements deep (`<html>` is 1). */
const nestedPage = (depth: number) => {
  const divs = depth - 3;
  return `<html><body>${'<div>'.repeat(divs)}<p class="stock">deep</p>${'</div>'.repeat(divs)}</body></html>`;
};

describe('parseHtml on deep pages', () => {
  it(`parses a page ${maxDomDepth} elements deep`, () => {
    // Act
    const $ = parseHtml(nestedPage(maxDomDepth));

    // Assess
    expect($('p').text()).toBe('deep');
  });

  it.each([maxDomDepth + 1, 10_000])('refuses a page %i elements deep, without overflowing', (depth) => {
    // Act
    const parse = () => parseHtml(nestedPage(depth));

    // Assess
    expect(parse).toThrow(PageTooDeepError);
    expect(parse).toThrow(`The page nests elements deeper than ${maxDomDepth} levels`);
  });
});

describe('crawlBatch on a page nested too deep', () => {
  it('fails that page and goes on', async () => {
    // Prepare
    const origin = 'https://shop.example';
    const pages: Record<string, string> = {
      '/list': '<a href="/deep">deep</a><a href="/flat">flat</a>',
      '/deep': nestedPage(10_000),
      '/flat': nestedPage(4),
    };
    const fetchPage: FetchPage = async (url) => {
      const body = pages[new URL(url).pathname] ?? '';
      return { url, status: 200, body, contentType: 'text/html', headers: {} };
    };
    const scheme: ExtractionScheme = {
      name: 'deep',
      request: { url: `${origin}/list` },
      fields: [
        {
          name: 'Link',
          selector: 'a',
          type: 2,
          attrs: ['text'],
          details: { fields: [{ name: 'Stock', selector: 'body', type: 1, attrs: ['text'] }] },
        },
      ],
      respectRobotsTxt: false,
    };

    // Act
    const result = await crawlBatch({
      scheme,
      frontier: newFrontier(scheme),
      fetchPage,
      deadline: Date.now() + 10_000,
    });

    // Assess
    expect(result.done).toBe(true);
    expect(result.records).toEqual([
      { Link_text: 'deep', Link_details: '' },
      { Link_text: 'flat', Link_details: { Stock_text: 'deep' } },
    ]);
    expect(result.frontier.counters).toEqual({
      requests: 2,
      failedRequests: 1,
      pagesDone: 1,
      skippedRequests: 0,
      records: 2,
    });
    expect(result.failures).toEqual([
      { url: `${origin}/deep`, reason: `The page nests elements deeper than ${maxDomDepth} levels` },
    ]);
  });
});
