import { type AnyNode, hasChildren } from 'domhandler';
import { describe, expect, it, vi } from 'vitest';
import { discardTree } from '#extraction/discard-tree';
import { parseHtml } from '#extraction/parse-html';
import { readFixture } from './fixture.ts';

function nodesOf(root: AnyNode): AnyNode[] {
  const nodes: AnyNode[] = [];
  const pending = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    nodes.push(node);
    if (hasChildren(node)) pending.push(...node.children);
  }
  return nodes;
}

describe('discardTree', () => {
  it('leaves no node of a parsed page linked to another', () => {
    const root = parseHtml(readFixture('books.html')).root()[0] as AnyNode;
    const nodes = nodesOf(root);
    expect(nodes.length).toBeGreaterThan(80);
    discardTree(root);
    const linked = nodes.filter(
      (node) =>
        node.parent !== null ||
        node.prev !== null ||
        node.next !== null ||
        (hasChildren(node) && node.children.length > 0),
    );
    expect(linked).toEqual([]);
  });

  it('is given the whole tree of each page extractPage parsed, once its values are out', async () => {
    // Files share their worker's modules: extract.ts is loaded again, importing the watched function.
    const given: AnyNode[] = [];
    vi.resetModules();
    vi.doMock('#extraction/discard-tree', () => ({
      discardTree: (root: AnyNode) => {
        given.push(root);
        discardTree(root);
      },
    }));
    try {
      const { extractPage } = await import('#extraction/extract');
      const { records } = extractPage(readFixture('books.html'), 'https://books.example.com/', {
        commonParent: 'article.product_pod',
        fields: [{ name: 'Price', selector: '.price_color', type: 1, attrs: ['text'] }],
      });
      expect(records).toEqual([{ Price_text: '£51.77' }, { Price_text: '£53.74' }, { Price_text: '£50.10' }]);
      expect(
        given.map((root) => ({ type: root.type, children: hasChildren(root) ? root.children : null })),
      ).toEqual([{ type: 'root', children: [] }]);
    } finally {
      vi.doUnmock('#extraction/discard-tree');
      vi.resetModules();
    }
  });
});
