import type { CheerioAPI } from 'cheerio/slim';
import { type AnyNode, Element, isComment, isTag, isText, type ParentNode } from 'domhandler';

/*
 * Where htmlparser2 builds another tree than the HTML standard's tree construction, repaired after
 * parsing. htmlparser2 closes an open element only when it is the current node and knows no tables,
 * foster parenting or form pointer. Misnested formatting elements (the adoption agency) are not redone.
 */

const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const formatting = new Set([
  'a',
  'b',
  'big',
  'code',
  'em',
  'font',
  'i',
  'nobr',
  's',
  'small',
  'strike',
  'strong',
  'tt',
  'u',
]);
// The standard's "special" category (its SVG and MathML members excepted: foreign content is left alone).
const special = new Set(
  'address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp svg math'.split(
    ' ',
  ),
);
// Start tags that "close a p element" in body, beyond those htmlparser2 knows.
const closesP = new Set(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form plaintext table hr xmp li dd dt'.split(
    ' ',
  ),
);

/** The elements closeOpenElements looks at. */
export const impliedEndNames: ReadonlySet<string> = new Set([...closesP, 'a']);

const crossable = (name: string) => !formatting.has(name) && !special.has(name);
const crossableByItem = (name: string) =>
  crossable(name) || name === 'address' || name === 'div' || name === 'p';
const never = () => false;

/**
 * A start tag closes the open elements the standard says it does, wherever they are on the stack:
 * li an open li (dd/dt an open dd or dt) across p, div and inline elements; block elements, li, dd and
 * dt an open p across inline elements; a heading a heading it is directly in; `a` an open `a`.
 */
export function closeOpenElements($: CheerioAPI, source: string, elements: Element[]): void {
  for (const element of elements) {
    const name = element.name;
    if (name === 'li')
      hoist(
        $,
        element,
        ancestor(element, (tag) => tag === 'li', crossableByItem),
      );
    if (name === 'dd' || name === 'dt')
      hoist(
        $,
        element,
        ancestor(element, (tag) => tag === 'dd' || tag === 'dt', crossableByItem),
      );
    if (name === 'a')
      hoist(
        $,
        element,
        ancestor(element, (tag) => tag === 'a', crossable),
      );
    if (headings.has(name))
      hoist(
        $,
        element,
        ancestor(element, (tag) => headings.has(tag), never),
      );
    if (closesP.has(name)) {
      const p = ancestor(element, (tag) => tag === 'p', crossable);
      // `</p>` with no p open makes an empty p, where the closed one's end tag was.
      const endTag =
        p !== undefined &&
        source.slice((p.endIndex ?? 0) - 3, (p.endIndex ?? 0) + 1).toLowerCase() === '</p>';
      hoist($, element, p, endTag ? [new Element('p', {})] : []);
    }
  }
}

/** The nearest ancestor `isTarget` accepts, when every element between them is one `mayCross` accepts. */
function ancestor(
  element: Element,
  isTarget: (name: string) => boolean,
  mayCross: (name: string) => boolean,
) {
  for (let node = element.parent; node !== null && isTag(node); node = node.parent) {
    if (isTarget(node.name)) return node;
    if (!mayCross(node.name)) return undefined;
  }
  return undefined;
}

/** Closes `open` where `element` starts: the element and all that follows it inside `open` go after it. */
function hoist($: CheerioAPI, element: Element, open: Element | undefined, appended: AnyNode[] = []): void {
  if (open === undefined) return;
  const moved: AnyNode[] = [];
  for (let node: AnyNode = element; node !== open; node = node.parent as Element) {
    const siblings = (node.parent as ParentNode).children;
    moved.push(...siblings.slice(siblings.indexOf(node) + (node === element ? 0 : 1)));
  }
  $(open).after([...moved, ...appended]);
}

const sections = new Set(['thead', 'tbody', 'tfoot']);
const tableParts = new Set(['caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);
// What a table, its sections and rows may hold; anything else is foster-parented before the table.
const keptInTable = new Set([...tableParts, 'script', 'style', 'template', 'form', 'table']);
const whitespace = /^[\t\n\f\r ]*$/u;
const rows = new Set(['tr']);
const cells = new Set(['td', 'th']);
const rowStarts = new Set(['tr', 'td', 'th']);
const sectionEnds = new Set([...sections, 'caption', 'colgroup', 'col']);
const forms = new Set(['form']);

/**
 * Tables as the "in table" modes build them: a form in a table stays empty, text and other elements
 * directly in a table, section or row go before the table, and rows (or cells) outside a section
 * get the implied tbody (and tr), with the whitespace and comments between them.
 */
export function repairTables($: CheerioAPI, tables: Element[]): void {
  for (const table of tables) {
    const containers = [table, ...childElements(table, sections)];
    containers.push(...containers.flatMap((container) => childElements(container, rows)));
    const fostered: AnyNode[] = [];
    for (const container of containers) {
      for (const form of childElements(container, forms)) emptyForm($, form);
      for (const child of container.children) if (fosterParented(child)) fostered.push(child);
    }
    if (fostered.length > 0) $(table).before(fostered);
    wrapRuns($, table, rowStarts, sectionEnds, 'tbody');
    for (const section of childElements(table, sections)) wrapRuns($, section, cells, rows, 'tr');
  }
}

function fosterParented(node: AnyNode): boolean {
  if (isText(node)) return !whitespace.test(node.data);
  if (!isTag(node) || keptInTable.has(node.name)) return false;
  if (node.name === 'input' && node.attribs.type?.toLowerCase() === 'hidden') return false;
  return !holdsTableParts(node);
}

/** Rows or cells an unclosed element took in: moving it would take them out of their table. */
function holdsTableParts(element: Element): boolean {
  const pending: AnyNode[] = [...element.children];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (!isTag(node) || node.name === 'table') continue;
    if (tableParts.has(node.name)) return true;
    pending.push(...node.children);
  }
  return false;
}

/** The form element is inserted and popped at once: what htmlparser2 put in it follows it. */
function emptyForm($: CheerioAPI, form: Element): void {
  if (form.children.length > 0) $(form).after([...form.children]);
}

/**
 * Wraps each run of `parent`'s children that starts at one of `starts` and ends before one of `ends`
 * (or at the end) in a new `name` element; the new elements, in order.
 */
function wrapRuns(
  $: CheerioAPI,
  parent: Element,
  starts: Set<string>,
  ends: Set<string>,
  name: string,
): Element[] {
  const wrappers: Element[] = [];
  let run: AnyNode[] = [];
  const close = () => {
    const first = run[0];
    if (first === undefined) return;
    const wrapper = new Element(name, {});
    $(first).before(wrapper);
    $(wrapper).append(run);
    wrappers.push(wrapper);
    run = [];
  };
  for (const child of [...parent.children]) {
    const tag = isTag(child) ? child.name : undefined;
    if (tag !== undefined && ends.has(tag)) close();
    else if (run.length > 0 || (tag !== undefined && starts.has(tag))) run.push(child);
  }
  close();
  return wrappers;
}

function childElements(parent: ParentNode, names: Set<string>): Element[] {
  return parent.children.filter((child): child is Element => isTag(child) && names.has(child.name));
}

/**
 * A form start tag while a form is open is ignored; the inner form's end tag closes the outer one,
 * so what follows it at the outer form's level goes after the outer form.
 */
export function unnestForms($: CheerioAPI, source: string, forms: Element[]): void {
  for (const form of forms) {
    const outer = ancestor(
      form,
      (tag) => tag === 'form',
      (tag) => tag !== 'template',
    );
    if (outer === undefined) continue;
    const endTag = /^<\/form[\t\n\f />]/iu.test(source.slice(source.lastIndexOf('</', form.endIndex ?? 0)));
    let child: AnyNode = form;
    while (child.parent !== outer) child = child.parent as Element;
    const following = outer.children.slice(outer.children.indexOf(child) + 1);
    $(form).replaceWith([...form.children]);
    if (endTag && following.length > 0) $(outer).after(following);
  }
}

/** Content after `</body>` or `</html>` goes at the end of body, as "after body" has it. */
export function contentAfterBody($: CheerioAPI, root: ParentNode): void {
  const html = childElements(root, new Set(['html']))[0];
  const body = html === undefined ? undefined : childElements(html, new Set(['body']))[0];
  if (html === undefined || body === undefined) return;
  const after = [
    ...html.children.slice(html.children.indexOf(body) + 1),
    ...root.children.slice(root.children.indexOf(html) + 1),
  ];
  // Comments stay where they are until content switches the parser back to "in body".
  const reopened = after.findIndex(
    (node) => !isComment(node) && !(isText(node) && whitespace.test(node.data)),
  );
  const moved = after.filter((node, index) => !isComment(node) || (reopened !== -1 && index > reopened));
  if (moved.length > 0) $(body).append(moved);
}

/** `<image>` is read as `<img>`, a void element, outside SVG. */
export function imageAsImg($: CheerioAPI, images: Element[]): void {
  for (const image of images) {
    if ($(image).closest('svg, math').length > 0) continue;
    image.name = 'img';
    if (image.children.length > 0) $(image).after([...image.children]);
  }
}
