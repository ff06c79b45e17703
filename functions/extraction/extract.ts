import type { CheerioAPI, load } from 'cheerio';
import { hasChildren } from 'domhandler';
import { discardTree } from './discard-tree.ts';
import { type CompiledFilters, compileFilters } from './filters.ts';
import { parseHtml } from './parse-html.ts';
import { collapse, type ExtractedRecord, valueKey } from './record.ts';
import type { PageScheme, SchemeField } from './scheme.ts';
import { compiledSelector, matchEach } from './selector.ts';
import { innerHtml, outerHtml } from './serialize-html.ts';
import { absoluteUrl, documentBase, followableUrl } from './urls.ts';

/** A details page to fetch for one record: the link of field `field` (its index in the page scheme). */
export interface DetailLink {
  record: number;
  field: number;
  url: string;
}

export interface PageExtraction {
  records: ExtractedRecord[];
  /**
   * The paginator's usable links (not `#`, not `javascript:`), absolute, each once, in document
   * order: the crawl follows the first it has not visited. Empty without a paginator.
   */
  nextPages: string[];
  /** In record order, then field order, then link order. */
  detailLinks: DetailLink[];
  /** Per field of the page scheme: whether its selector matched on this page (inside a commonParent's matches). */
  matched: boolean[];
}

// cheerio's node types, named without importing its transitive domhandler package.
type DomNode = Exclude<Parameters<typeof load>[0], string | Buffer | unknown[]>;
type ParentNode = Parameters<typeof matchEach>[0];
type Matches = DomNode[];

interface CompiledField {
  field: SchemeField;
  filters: CompiledFilters;
}

interface Context {
  $: CheerioAPI;
  base: string;
}

export function extractPage(html: string, pageUrl: string, scheme: PageScheme): PageExtraction {
  const $ = parseHtml(html);
  const document = $.root()[0] as ParentNode;
  try {
    return extractFrom($, document, pageUrl, scheme);
  } finally {
    discardTree(document);
  }
}

function extractFrom(
  $: CheerioAPI,
  document: ParentNode,
  pageUrl: string,
  scheme: PageScheme,
): PageExtraction {
  const fields = scheme.fields.map((field) => ({ field, filters: compileFilters(field.filters) }));
  const selectors = fields.map(({ field }) => field.selector);
  // One walk of the page for the base, the next page and the records (or their parents).
  const [bases = [], nextLinks = [], ...found] = selectEach($, document, [
    'base[href]',
    scheme.paginator?.nextPageSelector ?? null,
    ...(scheme.commonParent === undefined ? selectors : [scheme.commonParent]),
  ]);
  const context: Context = { $, base: documentBase(pageUrl, attribute(bases[0], 'href')) };
  const blocks =
    scheme.commonParent === undefined
      ? zippedBlocks(found)
      : (found[0] ?? []).map((parent) => selectEach($, parent as ParentNode, selectors));
  const records: ExtractedRecord[] = [];
  const detailLinks: DetailLink[] = [];
  blocks.forEach((matches, record) => {
    records.push(recordOf(context, fields, matches));
    fields.forEach(({ field }, index) => {
      if (field.details === undefined) return;
      for (const url of hrefsOf(context, matches[index])) detailLinks.push({ record, field: index, url });
    });
  });
  const nextPages = [...new Set(hrefsOf(context, nextLinks))];
  const matched = fields.map((_, index) => blocks.some((matches) => (matches[index]?.length ?? 0) > 0));
  return { records, nextPages, detailLinks, matched };
}

/**
 * What each selector matches under `root`, as `$(selector)` under the document and
 * `$(root).find(selector)` under an element: those css-select runs alone in one walk (compiled once
 * per process), the others (positional pseudos) by cheerio-select. A null selector matches nothing.
 */
function selectEach($: CheerioAPI, root: ParentNode, selectors: (string | null)[]): Matches[] {
  const compiled = selectors.map((selector) => (selector === null ? null : compiledSelector(selector)));
  const found = matchEach(
    root,
    compiled.filter((query) => query !== null),
  );
  let next = 0;
  return selectors.map((selector, index) => {
    if (compiled[index] !== null) return found[next++] ?? [];
    if (selector === null) return [];
    return $(root).find(selector).toArray();
  });
}

/** Without commonParent the i-th match of every field makes record i. */
function zippedBlocks(matches: Matches[]): Matches[][] {
  const count = Math.max(0, ...matches.map((match) => match.length));
  return Array.from({ length: count }, (_, index) =>
    matches.map((match) => (index < match.length ? match.slice(index, index + 1) : [])),
  );
}

function recordOf(context: Context, fields: CompiledField[], matches: Matches[]): ExtractedRecord {
  const record: ExtractedRecord = {};
  fields.forEach(({ field, filters }, index) => {
    const elements = matches[index] ?? [];
    for (const attr of field.attrs) {
      const raw = elements.map((element) => attrValue(context, element, attr));
      record[valueKey(field.name, attr)] = collapse(filters(raw).map(compact));
    }
  });
  return record;
}

/**
 * A fresh flat copy of a value: the parser's text is a rope of small pieces (and attribute values are
 * slices of the page), which would keep ~20 KB per value alive while the batch holds its records.
 */
function compact(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

function attrValue(context: Context, node: DomNode, attr: string): string {
  const element = context.$(node);
  switch (attr) {
    case 'text':
      return element.text();
    case 'html':
      return hasChildren(node) ? innerHtml(node) : '';
    case 'outerHtml':
      return outerHtml(node);
    case 'href':
    case 'src':
      return absoluteUrl(attribute(node, attr) ?? '', context.base);
    default:
      return attribute(node, attr) ?? '';
  }
}

function attribute(node: DomNode | undefined, name: string): string | undefined {
  if (node === undefined || !('attribs' in node)) return undefined;
  return node.attribs[name] ?? node.attribs[name.toLowerCase()];
}

function hrefsOf(context: Context, matches: Matches | undefined): string[] {
  if (matches === undefined) return [];
  return matches.flatMap((node) => followableUrl(attribute(node, 'href'), context.base) ?? []);
}
