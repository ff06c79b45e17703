import { select } from 'cheerio-select';
import { compile } from 'css-select';
import { type ChildNode, Document, Element, type ParentNode, Text } from 'domhandler';
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
