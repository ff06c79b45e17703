import { type AnyNode, hasChildren } from 'domhandler';

/**
 * Unlinks every node of a parsed page once nothing reads it. A scavenge that falls inside a parse
 * promotes the tree's first nodes; left linked, those dead old-space nodes keep every later node
 * alive through each following scavenge, which copies and then promotes the whole tree.
 */
export function discardTree(root: AnyNode): void {
  const pending: AnyNode[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (hasChildren(node)) {
      for (const child of node.children) pending.push(child);
      node.children = [];
    }
    node.parent = null;
    node.prev = null;
    node.next = null;
  }
}
