import { type AnyNode, hasChildren } from 'domhandler';
import { describe, expect, it } from 'vitest';
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
});
