/**
 * The sites the extraction benchmarks crawl, each with the scheme both contenders run: the same
 * selectors and fields (the engine takes it as a task's scheme, Crawlee's handler reads it as a
 * user's hand-written cheerio code would), so both write the same values. Two are plain HTTP
 * (`bench:extraction`, against CheerioCrawler); one renders in the browser (`bench:chrome`, against
 * PuppeteerCrawler).
 */
import type { SchemeField } from '#extraction/scheme';
import { docsPages, docsShape, docsStartPath } from './docs-site.ts';
import { jsPages, jsShape, jsStartPath } from './js-site.ts';
import { pageCount, type SiteShape, shopPages, shopShape, shopStartPath } from './site.ts';

export interface BenchScheme {
  commonParent: string;
  fields: SchemeField[];
  paginator: { nextPageSelector: string; pageNum: number };
}

export interface BenchCase {
  name: 'docs' | 'shop' | 'js';
  /** For the table. */
  label: string;
  shape: SiteShape;
  startPath: string;
  /** `chrome`: the scheme's `request.type`, and Crawlee's PuppeteerCrawler as the other contender. */
  renderer: 'base' | 'chrome';
  concurrency: number;
  /**
   * Whether Crawlee's handler writes the engine's very records (their digest is compared), or only as
   * many values: the docs' details have fields of many values, which the engine writes as one record
   * per row (Dataflow Kit's grouping) and the handler as arrays in one record.
   */
  sameRecords: boolean;
  /** The targets: engine / crawlee pages per second at least, CPU per page at most. */
  targets: { speed: number; cpu?: number };
  scheme: BenchScheme;
  /** Every path the site serves with its body (pages, and for the chrome case their JSON and static files). */
  pages(): Map<string, string | Buffer>;
}

const docs: BenchCase = {
  name: 'docs',
  label: 'Sphinx docs (60/130 KB)',
  shape: docsShape,
  startPath: docsStartPath,
  renderer: 'base',
  sameRecords: false,
  concurrency: 10,
  targets: { speed: 2.5, cpu: 0.5 },
  pages: () => docsPages(docsShape),
  scheme: {
    commonParent: 'table.autosummary tbody tr',
    fields: [
      {
        name: 'Name',
        selector: 'td:first-child a',
        type: 2,
        attrs: ['text', 'href', 'title'],
        details: {
          fields: [
            {
              name: 'Signature',
              selector: 'dl.py.class > dt',
              type: 1,
              attrs: ['text'],
              filters: [{ name: 'normal' }],
            },
            { name: 'Lead', selector: 'dl.py.class > dd > p:first-of-type', type: 1, attrs: ['text'] },
            { name: 'Methods', selector: 'dl.py.method > dt .sig-name', type: 1, attrs: ['text'] },
            {
              name: 'Parameters',
              selector: 'dl.py.method .field-list li > strong',
              type: 1,
              attrs: ['text'],
            },
            {
              name: 'Example',
              selector: 'dl.py.class > dd > .highlight-python pre',
              type: 1,
              attrs: ['text'],
            },
            { name: 'Source', selector: 'dl.py.class > dt > a.reference', type: 2, attrs: ['href'] },
          ],
        },
      },
      {
        name: 'Summary',
        selector: 'td:nth-child(2) p',
        type: 1,
        attrs: ['text'],
        filters: [{ name: 'normal' }],
      },
      { name: 'Added', selector: '.versionmodified.added', type: 1, attrs: ['data-version'] },
    ],
    paginator: { nextPageSelector: '.rst-footer-buttons a[rel="next"]', pageNum: 0 },
  },
};

/** The bookshop's scheme (books.toscrape.com's shape), with `extraDetails` on each book's page. */
function bookshopScheme(extraDetails: BenchCase['scheme']['fields'] = []): BenchCase['scheme'] {
  return {
    commonParent: 'article.product_pod',
    fields: [
      {
        name: 'Title',
        selector: 'h3 a',
        type: 2,
        attrs: ['text', 'href'],
        details: {
          fields: [
            {
              name: 'Stock',
              selector: '.product_main .availability',
              type: 1,
              attrs: ['text'],
              filters: [{ name: 'normal' }],
            },
            { name: 'Description', selector: '#description p', type: 1, attrs: ['text'] },
            ...extraDetails,
          ],
        },
      },
      { name: 'Price', selector: '.price_color', type: 1, attrs: ['text'] },
      { name: 'Cover', selector: 'img', type: 0, attrs: ['src', 'alt'] },
    ],
    paginator: { nextPageSelector: 'li.next a', pageNum: 0 },
  };
}

const shop: BenchCase = {
  name: 'shop',
  label: 'bookshop (18/7 KB)',
  shape: shopShape,
  startPath: shopStartPath,
  renderer: 'base',
  sameRecords: true,
  concurrency: 10,
  targets: { speed: 2.5, cpu: 0.5 },
  pages: () => shopPages(shopShape),
  scheme: bookshopScheme(),
};

// The bookshop again, each page rendered by its script (js-site.ts); reviews come from a second call.
const js: BenchCase = {
  name: 'js',
  label: 'JS bookshop (chrome)',
  shape: jsShape,
  startPath: jsStartPath,
  renderer: 'chrome',
  sameRecords: true,
  concurrency: 4,
  targets: { speed: 1.5 },
  pages: () => jsPages(jsShape),
  // The bookshop's scheme, and the reviews only a wait for the network to go quiet sees.
  scheme: bookshopScheme([{ name: 'Reviews', selector: '.reviews .count', type: 1, attrs: ['text'] }]),
};

export const benchCases = { docs, shop, js } as const;

export const caseNamed = (name: string): BenchCase => {
  const found = name === 'docs' || name === 'shop' || name === 'js' ? benchCases[name] : undefined;
  if (found === undefined) throw new Error(`No bench case "${name}" (docs, shop or js)`);
  return found;
};

export const expectedPages = (bench: BenchCase) => pageCount(bench.shape);
export const expectedRecords = (bench: BenchCase) => bench.shape.listings * bench.shape.perListing;
