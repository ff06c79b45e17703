import { quoted } from './selector-errors.ts';
import { characterAt, type SelectorToken, tokenize } from './selector-tokens.ts';

const axes = new Set([
  'ancestor',
  'ancestor-or-self',
  'attribute',
  'child',
  'descendant',
  'descendant-or-self',
  'following',
  'following-sibling',
  'namespace',
  'parent',
  'preceding',
  'preceding-sibling',
  'self',
]);

// CSS has no `name(` outside a pseudo-class: these are XPath's node tests and functions.
const functions = new Set([
  'text',
  'node',
  'comment',
  'processing-instruction',
  'contains',
  'starts-with',
  'ends-with',
  'normalize-space',
  'last',
  'position',
  'count',
  'string',
  'string-length',
  'name',
  'local-name',
  'concat',
  'not',
  'translate',
  'substring',
  'substring-before',
  'substring-after',
]);

// Not `/` inside brackets: an unquoted `[href=/a]` is a CSS mistake, not XPath.
/** The first stretch that is XPath and never CSS, outside strings and pseudo-class arguments. */
function xpathSign(tokens: readonly SelectorToken[]): { at: number; text: string } | undefined {
  let brackets = 0;
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'open' && token.char === '[') brackets++;
    if (token.kind === 'close' && token.char === ']') brackets = Math.max(0, brackets - 1);
    if (token.parens > 0) continue;
    const next = tokens[index + 1];
    const previous = tokens[index - 1];
    const before = previous?.kind === 'space' ? tokens[index - 2] : previous;
    const opensBracket = before?.kind === 'open' && before.char === '[';
    if (token.kind === 'char' && token.char === '/' && brackets === 0)
      return { at: token.at, text: next?.kind === 'char' && next.char === '/' ? '//' : '/' };
    if (token.kind === 'char' && token.char === '@' && (brackets === 0 || opensBracket))
      return { at: token.at, text: '@' };
    if (token.kind === 'pseudo' && token.element && previous?.kind === 'name' && axes.has(previous.text))
      return { at: previous.at, text: `${previous.text}::` };
    if (token.kind === 'name' && next?.kind === 'open' && next.char === '(' && functions.has(token.text))
      return { at: token.at, text: `${token.text}(` };
    if (token.kind === 'name' && opensBracket && /^[0-9]+$/.test(token.text))
      return { at: before?.at ?? token.at, text: `[${token.text}]` };
  }
  return undefined;
}

/** What the expression takes from its elements, said as the scheme says it: in `attrs`. */
function attrsHint(tokens: readonly SelectorToken[]): string {
  const [third, second, last] = tokens.filter((token) => token.kind !== 'space').slice(-3);
  if (second?.kind === 'char' && second.char === '@' && last?.kind === 'name')
    return `; select the element with CSS and list "${last.text}" in attrs ("attrs": ["${last.text}"])`;
  if (third?.kind === 'name' && third.text === 'text' && second?.kind === 'open' && last?.kind === 'close')
    return '; select the element with CSS and list "text" in attrs ("attrs": ["text"])';
  return '';
}

/** Why a selector is XPath rather than CSS, or null: copied XPath would otherwise meet CSS's errors. */
export function xpathError(selector: string): string | null {
  const tokens = tokenize(selector);
  const sign = xpathSign(tokens);
  if (sign === undefined) return null;
  const where = characterAt(selector, sign.at);
  return `XPath instead of CSS: ${quoted(selector)} — selectors are CSS, not XPath ("${sign.text}" at character ${where} is XPath)${attrsHint(tokens)}`;
}
