import { type CheerioAPI, load } from 'cheerio/slim';
import {
  type AnyNode,
  type Element,
  hasChildren,
  isDirective,
  isTag,
  type ProcessingInstruction,
} from 'domhandler';
import { maxDomDepth, PageTooDeepError } from './dom-depth.ts';
import { detachTemplateContents } from './template-content.ts';
import {
  bogusComments,
  decodeTextareas,
  dropLeadingNewline,
  rawTextFromSource,
  rawTextNames,
  replaceNul,
} from './token-repairs.ts';
import {
  closeOpenElements,
  contentAfterBody,
  imageAsImg,
  impliedEndNames,
  repairTables,
  unnestForms,
} from './tree-repairs.ts';

const collected = new Set([
  ...rawTextNames,
  'textarea',
  'pre',
  'listing',
  'image',
  'table',
  'template',
  'form',
]);

/**
 * A page as cheerio sees it, parsed with htmlparser2: about 40% less CPU per page than parse5, by
 * bench/extraction. Its tree is then repaired where it differs from the one a browser's parser builds
 * (the HTML standard's, as parse5 builds it) in ways that change a value or what a selector matches:
 * token-repairs.ts for raw text, RCDATA, newlines and NUL, tree-repairs.ts for implied end tags, tables,
 * forms and content after body; template content is moved out of the tree. Left as written: missing
 * `<html>`/`<head>`/`<body>` are not made up, misnested formatting tags (`<b><p></b>`) not re-nested.
 * A tree deeper than `maxDomDepth` throws PageTooDeepError, before anything walks it recursively.
 */
export function parseHtml(html: string): CheerioAPI {
  // The input stream's preprocessing: CR and CRLF are LF before tokenizing.
  const source = html.includes('\r') ? html.replace(/\r\n?/gu, '\n') : html;
  const $ = load(source, {
    xml: { xmlMode: false, decodeEntities: true, withStartIndices: true, withEndIndices: true },
  });
  const root = $.root()[0]!;
  const { elements, impliedEnds, instructions } = collect(root);
  const named = (...names: string[]) => names.flatMap((name) => elements.get(name) ?? []);
  rawTextFromSource($, source, named(...rawTextNames));
  bogusComments($, instructions);
  if (source.includes('\0')) replaceNul(root);
  decodeTextareas(named('textarea'));
  dropLeadingNewline($, named('pre', 'listing', 'textarea'));
  imageAsImg($, named('image'));
  closeOpenElements($, source, impliedEnds);
  unnestForms($, source, named('form'));
  repairTables($, named('table'));
  contentAfterBody($, root);
  detachTemplateContents(named('template'));
  return $;
}

interface Collected {
  /** The elements of each collected name, in document order. */
  elements: Map<string, Element[]>;
  /** The elements closeOpenElements looks at, in document order. */
  impliedEnds: Element[];
  instructions: ProcessingInstruction[];
}

/** The nodes the repairs need, in one walk without recursion that also checks the tree's depth. */
function collect(root: AnyNode): Collected {
  const elements = new Map<string, Element[]>();
  const impliedEnds: Element[] = [];
  const instructions: ProcessingInstruction[] = [];
  const pending: AnyNode[] = [root];
  // Each pending node's depth, pushed and popped with it: no tuple per node for the GC.
  const depths: number[] = [0];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const depth = depths.pop() as number;
    if (isDirective(node)) instructions.push(node);
    if (isTag(node) && impliedEndNames.has(node.name)) impliedEnds.push(node);
    if (isTag(node) && collected.has(node.name)) {
      const list = elements.get(node.name);
      if (list === undefined) elements.set(node.name, [node]);
      else list.push(node);
    }
    if (hasChildren(node)) {
      if (depth > maxDomDepth) throw new PageTooDeepError();
      for (let index = node.children.length - 1; index >= 0; index--) {
        pending.push(node.children[index]!);
        depths.push(depth + 1);
      }
    }
  }
  return { elements, impliedEnds, instructions };
}
