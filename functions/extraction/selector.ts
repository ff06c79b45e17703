import { load } from 'cheerio/slim';
import { compile } from 'css-select';

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

// cheerio-select plans positional pseudos itself and refuses some that compile (`:not(~:first)`).
const probe = load('<html><head></head><body><div><p>a</p><p>b</p></div></body></html>');

/** Why a CSS selector cannot run under cheerio, or null when it compiles and runs. */
export function selectorError(selector: string): string | null {
  if (selector.trim() === '') return 'the selector is empty';
  try {
    compile(selector, { pseudos: positionalPseudos });
    probe(selector);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
