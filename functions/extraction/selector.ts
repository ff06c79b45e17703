import { select } from 'cheerio-select';
import { _compileUnsafe, compile } from 'css-select';
import { type ChildNode, Document, Element, isTag, type ParentNode, Text } from 'domhandler';
import { explainSelectorError, trailingCombinatorError } from './selector-errors.ts';
import { xpathError } from './selector-xpath.ts';

type Pseudo = (element: unknown, argument?: string | null) => boolean;
const noArgument: Pseudo = (_element) => true;
// Two declared parameters: css-select then requires an argument, as cheerio-select does.
const oneArgument: Pseudo = (_element, _argument) => true;

// cheerio-select runs these positional pseudos itself; css-select only needs to know they exist and
// whether they take an argument (it reads the arity from the function's length).
const positionalPseudos: Record<string, Pseudo> = {
  first: noArgument,
  last: noArgument,
  even: noArgument,
  odd: noArgument,
  eq: oneArgument,
  nth: oneArgument,
  gt: oneArgument,
  lt: oneArgument,
};

/** A node with its children linked to it and to each other, as a parser leaves them. */
function node<T extends ParentNode>(parent: T): T {
  parent.children.forEach((child, index, all) => {
    child.parent = parent;
    child.prev = all[index - 1] ?? null;
    child.next = all[index + 1] ?? null;
  });
  return parent;
}
const element = (name: string, children: ChildNode[] = []) => node(new Element(name, {}, children));

// cheerio-select plans positional pseudos itself and refuses some that compile (`:not(~:first)`),
// and only once it meets elements: so a small document, `<html><head></head><body><div><p>a</p>
// <p>b</p></div></body></html>`, built here rather than parsed. Selecting is cheerio-select's work;
// cheerio around it would add its parser, serializer and API (90 kB) to create, which only validates.
const probe = node(
  new Document([
    element('html', [
      element('head'),
      element('body', [element('div', [element('p', [new Text('a')]), element('p', [new Text('b')])])]),
    ]),
  ]),
);
const probeElements = probe.children;
// What cheerio's `$(selector)` hands cheerio-select: the document's children (the document itself for
// a selector that starts relative to it), the document as context and root, its default options.
const startsFromContext = /^\s*(?:[+~]|:scope\b)/;

/** Why a CSS selector cannot run under cheerio, in a sentence with the position, or null when it runs. */
export function selectorError(selector: string): string | null {
  if (selector.trim() === '') return 'the selector is empty';
  // Both are refused before the library sees them: it accepts some of them (`/html/body`, `div >`).
  const refusal = xpathError(selector) ?? trailingCombinatorError(selector);
  if (refusal !== null) return refusal;
  try {
    compile(selector, { pseudos: positionalPseudos });
    select(selector, startsFromContext.test(selector) ? [probe] : probeElements, {
      context: [probe],
      root: probe,
    });
    return null;
  } catch (error) {
    return explainSelectorError(selector, error instanceof Error ? error.message : String(error));
  }
}

/**
 * A selector compiled once by css-select, matched against elements in one walk with others, giving
 * what cheerio's `$(selector)` and `$(element).find(selector)` give. cheerio-select compiles a
 * selector anew on every call: 80 compiles per listing page and a walk of the tree per field.
 */
export interface CompiledSelector {
  /** Compiled as cheerio-select compiles it for a root whose parent is not an element (a document). */
  unanchored: RootedQuery;
  /** For an element inside another: css-select then prefixes `:scope ` as jQuery's `find` does. */
  anchored: RootedQuery;
}

interface RootedQuery {
  test: (element: Element) => boolean;
  /** css-select's `:scope` reads the context's first element as it matches: the root is set here. */
  scope: ParentNode[];
}

// Placeholders that pass css-select's compile-time test of the context (an element whose parent is
// an element, or not): it only decides whether the selector gets the `:scope ` prefix.
const inDocument = new Document([element('html')]);
const inElement = element('div', [element('p')]);
node(inDocument);
const unanchoredScope = inDocument.children[0] as Element;
const anchoredScope = inElement.children[0] as Element;

type CompiledQuery = ((element: Element) => boolean) & { shouldTestNextSiblings?: boolean };

function rootedQuery(selector: string, placeholder: Element): RootedQuery | null {
  const scope: ParentNode[] = [placeholder];
  const test = _compileUnsafe<ChildNode, Element>(selector, {
    xmlMode: false,
    context: scope as ChildNode[],
    // Its cache of non-matching ancestors would outlive the root the query ran under.
    cacheResults: false,
  }) as CompiledQuery;
  // A leading `+` or `~` searches the root's next siblings: cheerio-select keeps those.
  if (test.shouldTestNextSiblings) return null;
  return { test, scope };
}

const compiledSelectors = new Map<string, CompiledSelector | null>();
const compiledKept = 500;

/**
 * The selector compiled for `matchEach`, or null where cheerio-select must run it: positional
 * pseudos (`:first`, `:eq(n)`, which css-select does not know) and a leading `+` or `~`.
 */
export function compiledSelector(selector: string): CompiledSelector | null {
  const known = compiledSelectors.get(selector);
  if (known !== undefined) return known;
  let compiled: CompiledSelector | null = null;
  try {
    const unanchored = rootedQuery(selector, unanchoredScope);
    const anchored = rootedQuery(selector, anchoredScope);
    compiled = unanchored && anchored ? { unanchored, anchored } : null;
  } catch {
    compiled = null;
  }
  if (compiledSelectors.size >= compiledKept) compiledSelectors.clear();
  compiledSelectors.set(selector, compiled);
  return compiled;
}

/**
 * The elements under `root` each selector matches, in document order, found in one walk: under a
 * document as `$(selector)` finds them, under an element as `$(element).find(selector)` does.
 */
export function matchEach(root: ParentNode, selectors: readonly CompiledSelector[]): Element[][] {
  const anchored = root.parent !== null && isTag(root.parent);
  const queries = selectors.map((selector) => (anchored ? selector.anchored : selector.unanchored));
  for (const query of queries) query.scope[0] = root;
  const found = queries.map((): Element[] => []);
  const pending: ChildNode[] = [];
  for (let index = root.children.length - 1; index >= 0; index--)
    pending.push(root.children[index] as ChildNode);
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (!isTag(current)) continue;
    for (let index = 0; index < queries.length; index++)
      if (queries[index]?.test(current)) found[index]?.push(current);
    const { children } = current;
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index] as ChildNode);
  }
  return found;
}
