import { type CheerioAPI, load } from 'cheerio';
import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import { serialize, serializeOuter } from 'parse5';
import { adapter, type Htmlparser2TreeAdapterMap } from 'parse5-htmlparser2-tree-adapter';

/**
 * A page as a browser has it, for parity tests: parse5 builds the HTML standard's tree (cheerio's
 * default parser), templates keep their content out of the tree, and parse5 serializes.
 */
export interface BrowserPage {
  $: CheerioAPI;
  innerHtml(node: ParentNode): string;
  outerHtml(node: AnyNode): string;
}

export function browserPage(html: string): BrowserPage {
  const $ = load(html);
  const contents = new Map<Element, Document>();
  for (const template of $('template').toArray()) {
    const content = template.children[0] as Document;
    contents.set(template, content);
    template.children = [];
  }
  const treeAdapter: typeof adapter = {
    ...adapter,
    getTemplateContent: (template: Element) => contents.get(template)!,
  };
  return {
    $,
    innerHtml: (node) => serialize<Htmlparser2TreeAdapterMap>(node, { treeAdapter }),
    outerHtml: (node) => serializeOuter<Htmlparser2TreeAdapterMap>(node, { treeAdapter }),
  };
}
