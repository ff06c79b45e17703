import type { AnyNode } from 'domhandler';

/** Deepest element nesting a page may have, as in Chromium's parser; text() overflowed near 3,000. */
export const maxDomDepth = 512;

/** A page nested too deep to extract (cheerio walks a tree recursively): that page fails, not the crawl. */
export class PageTooDeepError extends Error {
  override readonly name = 'PageTooDeepError';
  constructor() {
    super(`The page nests elements deeper than ${maxDomDepth} levels`);
  }
}

/** Throws PageTooDeepError when the tree nests deeper than `maxDomDepth`; walked without recursion. */
export function checkDomDepth(root: AnyNode): void {
  const pending: [AnyNode, number][] = [[root, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, depth] = next;
    if (!('children' in node)) continue;
    if (depth > maxDomDepth) throw new PageTooDeepError();
    for (const child of node.children) pending.push([child, depth + 1]);
  }
}
