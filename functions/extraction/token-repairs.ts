import { type CheerioAPI, load } from 'cheerio/slim';
import {
  type AnyNode,
  Comment,
  type Element,
  hasChildren,
  isComment,
  isDocument,
  isTag,
  isText,
  type ProcessingInstruction,
} from 'domhandler';

/*
 * Where htmlparser2's tokenizer reads a page differently from the HTML standard's, repaired on its tree
 * (which parseHtml built with source positions): raw text, RCDATA, the newline after <pre>, NUL, bogus comments.
 */

/** Raw text in a browser; htmlparser2 parses noscript, iframe, noembed and noframes content as markup. */
export const rawTextNames = new Set(['noscript', 'iframe', 'noembed', 'noframes']);

/** Each element's content becomes the page's text up to its first end tag, as the raw text state reads it. */
export function rawTextFromSource($: CheerioAPI, source: string, elements: Element[]): void {
  for (const element of elements) {
    const first = element.children[0];
    if (first === undefined || !attached(element)) continue;
    const endTag = new RegExp(`</${element.name}[\\t\\n\\f />]`, 'giu');
    endTag.lastIndex = first.startIndex ?? 0;
    const end = endTag.exec(source)?.index ?? source.length;
    $(element).text(source.slice(first.startIndex ?? 0, end));
  }
}

/** textarea is RCDATA: htmlparser2 keeps it as text but, unlike <title>, leaves its references undecoded. */
export function decodeTextareas(elements: Element[]): void {
  for (const element of elements) {
    const text = element.children[0];
    if (text === undefined || !isText(text) || !text.data.includes('&')) continue;
    // htmlparser2's own decoder, through a <title>: with `<` escaped the text cannot end it early.
    text.data = load(`<title>${text.data.replaceAll('<', '&lt;')}</title>`)('title').text();
  }
}

/** "If the next token is a U+000A LINE FEED (LF) character token, then ignore that token". */
export function dropLeadingNewline($: CheerioAPI, elements: Element[]): void {
  for (const element of elements) {
    const text = element.children[0];
    if (text === undefined || !isText(text) || !text.data.startsWith('\n')) continue;
    text.data = text.data.slice(1);
    if (text.data === '') $(text).remove();
  }
}

const nulAsReplacement = new Set([
  'script',
  'style',
  'xmp',
  'textarea',
  'title',
  'plaintext',
  ...rawTextNames,
]);
const foreignEnds = new Set(['foreignobject', 'desc', 'title', 'mi', 'mo', 'mn', 'ms', 'mtext']);

/** NUL is dropped from text in body, and U+FFFD elsewhere: raw text, RCDATA, foreign content, attributes, comments. */
export function replaceNul(root: AnyNode): void {
  const pending: [AnyNode, boolean][] = [[root, false]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, foreign] = next;
    if ((isText(node) || isComment(node)) && node.data.includes('\0')) {
      const parent = node.parent;
      const replaced =
        isComment(node) || foreign || (parent !== null && isTag(parent) && nulAsReplacement.has(parent.name));
      node.data = node.data.replaceAll('\0', replaced ? '\uFFFD' : '');
    }
    if (!hasChildren(node)) continue;
    let childrenForeign = foreign;
    if (isTag(node)) {
      for (const [name, value] of Object.entries(node.attribs))
        if (value.includes('\0')) node.attribs[name] = value.replaceAll('\0', '\uFFFD');
      if (node.name === 'svg' || node.name === 'math') childrenForeign = true;
      else if (foreign && foreignEnds.has(node.name)) childrenForeign = false;
    }
    for (const child of node.children) pending.push([child, childrenForeign]);
  }
}

/** `<?…>` and `<!…>` inside a page are bogus comments; a second doctype is dropped. */
export function bogusComments($: CheerioAPI, instructions: ProcessingInstruction[]): void {
  for (const instruction of instructions) {
    const parent = instruction.parent;
    if (parent === null || !isTag(parent)) continue;
    const doctype = /^!doctype/iu.test(instruction.data);
    const data = instruction.data.startsWith('!') ? instruction.data.slice(1) : instruction.data;
    if (doctype) $(instruction).remove();
    else $(instruction).replaceWith(new Comment(data));
  }
}

/** Still in the page: not inside an element whose markup an earlier repair turned into text. */
function attached(element: Element): boolean {
  let node: AnyNode = element;
  while (node.parent !== null) node = node.parent;
  return isDocument(node);
}
