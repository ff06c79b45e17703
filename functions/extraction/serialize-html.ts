import { type AnyNode, type Element, isComment, isTag, isText, type ParentNode } from 'domhandler';
import { mathAttributeNames, svgAttributeNames, svgElementNames } from './foreign-names.ts';
import { templateContent } from './template-content.ts';

/*
 * innerHTML and outerHTML as the HTML standard serializes a fragment. Written here because
 * dom-serializer (cheerio's) escapes non-ASCII inside <svg>/<math>, writes `<path/>` there and
 * differs on void elements; parse5's serializer needs parse5's namespaces, which htmlparser2 leaves out.
 */

type Namespace = 'html' | 'svg' | 'math';

const voidElements = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

// Their text is written as it is: noscript too, since pages are parsed as where scripts run.
const rawTextElements = new Set([
  'style',
  'script',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
  'noscript',
]);

const svgHtmlIntegration = new Set(['foreignobject', 'desc', 'title']);
const mathTextIntegration = new Set(['mi', 'mo', 'mn', 'ms', 'mtext']);

export function innerHtml(node: ParentNode): string {
  return isTag(node) ? childrenHtml(node, namespaceOf(node)) : childrenOf(node, 'html');
}

export function outerHtml(node: AnyNode): string {
  const parent = node.parent;
  return nodeHtml(node, parent !== null && isTag(parent) ? namespaceOf(parent) : 'html');
}

/** `parentNamespace`: the namespace of the node's parent element ('html' at the top). */
function nodeHtml(node: AnyNode, parentNamespace: Namespace): string {
  if (isTag(node)) return elementHtml(node, childNamespace(node.parent, parentNamespace, node.name));
  if (isText(node)) {
    const parent = node.parent;
    const raw =
      parentNamespace === 'html' && parent !== null && isTag(parent) && rawTextElements.has(parent.name);
    return raw ? node.data : escapeText(node.data);
  }
  if (isComment(node)) return `<!--${node.data}-->`;
  return '';
}

function elementHtml(element: Element, namespace: Namespace): string {
  const name = namespace === 'svg' ? (svgElementNames.get(element.name) ?? element.name) : element.name;
  let html = `<${name}`;
  for (const attribute in element.attribs)
    html += ` ${attributeName(attribute, namespace)}="${escapeAttribute(element.attribs[attribute]!)}"`;
  if (namespace === 'html' && voidElements.has(element.name)) return `${html}>`;
  return `${html}>${childrenHtml(element, namespace)}</${name}>`;
}

function childrenHtml(element: Element, namespace: Namespace): string {
  const content = namespace === 'html' && element.name === 'template' ? templateContent(element) : undefined;
  return content === undefined ? childrenOf(element, namespace) : childrenOf(content, 'html');
}

function childrenOf(parent: ParentNode, namespace: Namespace): string {
  let html = '';
  for (const child of parent.children) html += nodeHtml(child, namespace);
  return html;
}

function attributeName(name: string, namespace: Namespace): string {
  if (namespace === 'svg') return svgAttributeNames.get(name) ?? name;
  if (namespace === 'math') return mathAttributeNames.get(name) ?? name;
  return name;
}

/** The namespace an element got from the parser: svg and math start foreign content, integration points end it. */
function childNamespace(parent: ParentNode | null, parentNamespace: Namespace, name: string): Namespace {
  const entering = name === 'svg' ? 'svg' : name === 'math' ? 'math' : 'html';
  if (parentNamespace === 'html' || parent === null || !isTag(parent)) return entering;
  if (parentNamespace === 'svg') return svgHtmlIntegration.has(parent.name) ? entering : 'svg';
  if (mathTextIntegration.has(parent.name) && name !== 'mglyph' && name !== 'malignmark') return entering;
  if (parent.name === 'annotation-xml') {
    if (name === 'svg') return 'svg';
    const encoding = parent.attribs.encoding?.toLowerCase();
    if (encoding === 'text/html' || encoding === 'application/xhtml+xml') return entering;
  }
  return 'math';
}

function namespaceOf(element: Element): Namespace {
  const path: Element[] = [];
  for (let node: ParentNode | null = element; node !== null && isTag(node); node = node.parent)
    path.push(node);
  let namespace: Namespace = 'html';
  for (let index = path.length - 1; index >= 0; index--) {
    const node = path[index]!;
    namespace = childNamespace(node.parent, namespace, node.name);
  }
  return namespace;
}

// The standard's "escaping a string"; entities has these escapers but is not a dependency of ours.
const textEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u00a0': '&nbsp;' };
const attributeEscapes: Record<string, string> = { '&': '&amp;', '"': '&quot;', '\u00a0': '&nbsp;' };

const textSpecials = /[&<>\u00a0]/u;
const attributeSpecials = /["&\u00a0]/u;

const escapeText = (text: string) =>
  textSpecials.test(text) ? text.replace(/[&<>\u00a0]/gu, (char) => textEscapes[char]!) : text;
const escapeAttribute = (value: string) =>
  attributeSpecials.test(value) ? value.replace(/["&\u00a0]/gu, (char) => attributeEscapes[char]!) : value;
