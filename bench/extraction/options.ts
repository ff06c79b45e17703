/**
 * The options for extraction's CPU on realistic pages, each measured alone, in this process, on the
 * docs site's pages (`docs-site.ts`: 20 listings, 500 class pages) with the bench's docs scheme:
 * CPU ms per page for parsing (cheerio's load, htmlparser2 with its options), selecting (cheerio's
 * `$(selector)` per field, css-select with selectors compiled once, one walk for all fields) and the
 * whole `extractPage`; then `extractPage` over all pages on 1 and 2 worker threads.
 *
 *   node bench/extraction/options.ts [--rounds 5] [--only parse,select,extract,workers]
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { load } from 'cheerio/slim';
import { compile } from 'css-select';
import { type AnyNode, type Document, type Element, hasChildren, isTag } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { extractPage } from '#extraction/extract';
import { parseHtml } from '#extraction/parse-html';
import type { PageScheme } from '#extraction/scheme';
import { benchCases } from './cases.ts';

const bench = benchCases.docs;
const listingScheme: PageScheme = bench.scheme;
const detailsScheme: PageScheme = bench.scheme.fields[0]?.details ?? { fields: [] };

interface Page {
  url: string;
  html: string;
  scheme: PageScheme;
}

function sitePages(): Page[] {
  return [...bench.pages()].map(([path, html]) => {
    const listing = /index-\d+\.html$/u.test(path);
    return {
      url: `http://127.0.0.1:8000${path}`,
      html: html.toString(),
      scheme: listing ? listingScheme : detailsScheme,
    };
  });
}

/** CPU ms per page of `work` over every page, median of `rounds` passes after one warm-up pass. */
function perPage(pages: Page[], rounds: number, work: (page: Page) => unknown): number {
  const samples: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const before = process.cpuUsage();
    for (const page of pages) work(page);
    const used = process.cpuUsage(before);
    if (round > 0) samples.push((used.user + used.system) / 1000 / pages.length);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

type Query = ((element: Element) => boolean) & { shouldTestNextSiblings?: boolean };
const compiled = new Map<string, Query>();
const queryFor = (selector: string): Query => {
  let query = compiled.get(selector);
  if (query === undefined) {
    query = compile(selector, { xmlMode: false }) as Query;
    compiled.set(selector, query);
  }
  return query;
};

/** Every element under `root` in document order that `query` matches (what DomUtils.find does). */
function findAll(root: AnyNode, query: Query): Element[] {
  const found: Element[] = [];
  const pending: AnyNode[] = hasChildren(root) ? [...root.children].reverse() : [];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isTag(node) && query(node)) found.push(node);
    if (hasChildren(node))
      for (let index = node.children.length - 1; index >= 0; index--)
        pending.push(node.children[index] as AnyNode);
  }
  return found;
}

/** One walk for several queries: the matches of each, in document order. */
function findEach(root: AnyNode, queries: Query[]): Element[][] {
  const found = queries.map((): Element[] => []);
  const pending: AnyNode[] = hasChildren(root) ? [...root.children].reverse() : [];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isTag(node))
      for (let index = 0; index < queries.length; index++)
        if (queries[index]?.(node)) found[index]?.push(node);
    if (hasChildren(node))
      for (let index = node.children.length - 1; index >= 0; index--)
        pending.push(node.children[index] as AnyNode);
  }
  return found;
}

const documentSelectors = (scheme: PageScheme) => [
  'base[href]',
  ...(scheme.commonParent === undefined
    ? scheme.fields.map((field) => field.selector)
    : [scheme.commonParent]),
];

function runOptions(pages: Page[], rounds: number, only: Set<string>) {
  const rows: [string, string, number][] = [];
  const row = (group: string, name: string, work: (page: Page) => unknown) => {
    const ms = perPage(pages, rounds, work);
    rows.push([group, name, ms]);
    console.error(`${group.padEnd(8)} ${name.padEnd(62)} ${ms.toFixed(2)} ms/page`);
  };
  if (only.has('parse')) {
    row('parse', "parseHtml (the engine's: load, depth check, repairs)", (page) => parseHtml(page.html));
    row('parse', 'cheerio/slim load (htmlparser2 + cheerio root)', (page) =>
      load(page.html, { xml: { xmlMode: false, decodeEntities: true } }),
    );
    row('parse', 'htmlparser2 parseDocument, defaults', (page) => parseDocument(page.html));
    row('parse', 'htmlparser2 parseDocument, withStartIndices + withEndIndices', (page) =>
      parseDocument(page.html, { withStartIndices: true, withEndIndices: true }),
    );
    row('parse', 'htmlparser2 parseDocument, decodeEntities: false', (page) =>
      parseDocument(page.html, { decodeEntities: false }),
    );
  }
  if (only.has('select')) {
    // Parsed here, not before the parse rows: 520 live trees would make their GC dearer.
    const parsed = new Map(
      pages.map((page) => [page, load(page.html, { xml: { xmlMode: false, decodeEntities: true } })]),
    );
    row('select', 'cheerio $(selector) per field, as extract.ts (compiles each call)', (page) => {
      const $ = parsed.get(page)!;
      $('base[href]').first();
      if (page.scheme.commonParent === undefined)
        for (const field of page.scheme.fields) $(field.selector).toArray();
      else
        for (const parent of $(page.scheme.commonParent).toArray())
          for (const field of page.scheme.fields) $(parent).find(field.selector).toArray();
    });
    row('select', 'css-select compiled once, one walk per field', (page) => {
      const document = parsed.get(page)!.root()[0] as Document;
      for (const selector of documentSelectors(page.scheme)) findAll(document, queryFor(selector));
    });
    row('select', 'css-select compiled once, one walk for all fields', (page) => {
      const document = parsed.get(page)!.root()[0] as Document;
      findEach(document, documentSelectors(page.scheme).map(queryFor));
    });
    row('select', "compile the fields' selectors only (css-select)", (page) => {
      for (const selector of documentSelectors(page.scheme)) compile(selector, { xmlMode: false });
      for (const field of page.scheme.fields) compile(field.selector, { xmlMode: false });
    });
    row('select', 'a bare walk of the tree (no test)', (page) =>
      findEach(parsed.get(page)!.root()[0] as Document, []),
    );
  }
  if (only.has('extract'))
    row('extract', 'extractPage (parse, select, values)', (page) =>
      extractPage(page.html, page.url, page.scheme),
    );
  return rows;
}

/** Wall and CPU of extractPage over every page `copies` times, spread over `threads` workers. */
async function onWorkers(pages: Page[], threads: number, copies: number) {
  const before = process.cpuUsage();
  const startedAt = performance.now();
  const shares = Array.from({ length: threads }, (_, thread) => thread);
  await Promise.all(
    shares.map(
      (thread) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { thread, threads, copies } });
          worker.once('message', () => resolve());
          worker.once('error', reject);
        }),
    ),
  );
  const wallMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(before);
  const total = pages.length * copies;
  return { pagesPerSecond: total / (wallMs / 1000), cpuMsPerPage: (cpu.user + cpu.system) / 1000 / total };
}

if (!isMainThread) {
  const { thread, threads, copies } = workerData as { thread: number; threads: number; copies: number };
  const pages = sitePages().filter((_, index) => index % threads === thread);
  for (let copy = 0; copy < copies; copy++)
    for (const page of pages) extractPage(page.html, page.url, page.scheme);
  parentPort?.postMessage('done');
} else {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      only: { type: 'string', default: 'parse,select,extract,workers' },
    },
  });
  const rounds = Number(values.rounds);
  const only = new Set((values.only ?? '').split(','));
  const pages = sitePages();
  console.error(`${pages.length} pages; ${availableParallelism()} CPUs; median of ${rounds} passes`);
  runOptions(pages, rounds, only);
  if (only.has('workers')) {
    for (const threads of [1, 2]) {
      const result = await onWorkers(pages, threads, 3);
      console.error(
        `workers  extractPage on ${threads} worker thread(s), 3 × ${pages.length} pages: ` +
          `${result.pagesPerSecond.toFixed(0)} pages/s, ${result.cpuMsPerPage.toFixed(2)} CPU ms/page (threads' startup included)`,
      );
    }
  }
}
