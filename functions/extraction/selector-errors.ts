import { characterAt, type Nesting, nesting, type SelectorToken, tokenize } from './selector-tokens.ts';

// css-what has no error codes or positions: its texts are matched, the place read from the tokens.

type Pseudo = SelectorToken & { kind: 'pseudo' };

const quotedLength = 120;

/** The selector in quotes, its first 120 characters when longer: positions still count in the whole. */
export function quoted(selector: string): string {
  const characters = Array.from(selector.slice(0, quotedLength * 2));
  return characters.length > quotedLength
    ? `"${characters.slice(0, quotedLength).join('')}…"`
    : `"${selector}"`;
}

/** A selector's tokens, their pairs, and its sentences: `<problem>: "<selector>" — <detail>`. */
class Explain {
  readonly selector: string;
  readonly tokens: SelectorToken[];
  readonly nested: Nesting;
  constructor(selector: string) {
    this.selector = selector;
    this.tokens = tokenize(selector);
    this.nested = nesting(this.tokens);
  }
  say(problem: string, detail: string): string {
    return `${problem}: ${quoted(this.selector)} — ${detail}`;
  }
  at(index: number): string {
    return `at character ${characterAt(this.selector, this.tokens[index]?.at ?? 0)}`;
  }
  /** The index of the next token that is not a space (the previous one with `step` -1). */
  near(index: number, step: 1 | -1): number {
    let near = index + step;
    while (this.tokens[near]?.kind === 'space') near += step;
    return near;
  }
  /** The pseudo-class written right before the token at `index` (a `(`), if any. */
  pseudoBefore(index: number): Pseudo | undefined {
    const previous = this.tokens[index - 1];
    return previous?.kind === 'pseudo' ? previous : undefined;
  }
  /** An opener whose partner comes next, with nothing but spaces between: `()`, `[ ]`. */
  isEmpty(index: number): boolean {
    return this.nested.partner.get(index) === this.near(index, 1);
  }
  /** The text between an opener and its partner. */
  inside(index: number): string | undefined {
    const close = this.nested.partner.get(index);
    const from = this.tokens[index]?.at;
    const to = close === undefined ? undefined : this.tokens[close]?.at;
    return from === undefined || to === undefined ? undefined : this.selector.slice(from + 1, to);
  }
  /** The first token that passes `test`, with its index. */
  find<T extends SelectorToken>(
    test: (token: SelectorToken, index: number) => token is T,
  ): [T, number] | undefined;
  find(test: (token: SelectorToken, index: number) => boolean): [SelectorToken, number] | undefined;
  find(test: (token: SelectorToken, index: number) => boolean): [SelectorToken, number] | undefined {
    const index = this.tokens.findIndex(test);
    const token = this.tokens[index];
    return token === undefined ? undefined : [token, index];
  }
}

const isPseudo = (token: SelectorToken): token is Pseudo => token.kind === 'pseudo';

/** A sentence for a selector the library refused with `message`. */
export function explainSelectorError(selector: string, message: string): string {
  const explain = new Explain(selector);
  return structure(explain) ?? fromMessage(explain, message) ?? explain.say('invalid CSS selector', message);
}

/** Quotes, brackets and parentheses that are never closed, or closed without being opened. */
function structure(explain: Explain): string | null {
  const quote = explain.find((token) => token.kind === 'string' && !token.closed);
  if (quote?.[0].kind === 'string')
    return explain.say(
      'unclosed quote',
      `the quote ${quote[0].quote} ${explain.at(quote[1])} is never closed`,
    );
  const { stray, unclosed } = explain.nested;
  const closer = stray === undefined ? undefined : explain.tokens[stray];
  if (stray !== undefined && closer?.kind === 'close')
    return explain.say(
      `unmatched "${closer.char}"`,
      `nothing opens the "${closer.char}" ${explain.at(stray)}`,
    );
  const open = unclosed.at(-1);
  const opener = open === undefined ? undefined : explain.tokens[open];
  if (open === undefined || opener?.kind !== 'open') return null;
  if (opener.char === '[') {
    const detail =
      explain.near(open, 1) >= explain.tokens.length
        ? `expected an attribute name after "[" ${explain.at(open)}`
        : `the "[" ${explain.at(open)} has no closing "]"`;
    return explain.say('unclosed attribute selector', detail);
  }
  const pseudo = explain.pseudoBefore(open);
  const of = pseudo ? ` of :${pseudo.name}` : '';
  return explain.say('unclosed parenthesis', `the "("${of} ${explain.at(open)} has no closing ")"`);
}

function fromMessage(explain: Explain, message: string): string | null {
  // css-select fails on an :nth-… without parentheses with a TypeError of its own code.
  const bareNth = explain.find(
    (token, index): token is Pseudo =>
      isPseudo(token) && token.name.startsWith('nth-') && explain.tokens[index + 1]?.kind !== 'open',
  );
  if (bareNth) return needsArgument(explain, ...bareNth);
  if (message.startsWith('Expected name')) return missingName(explain);
  if (message === "Attribute selector didn't terminate") return malformedAttribute(explain);
  if (message.startsWith('Unmatched selector: ')) return unexpected(explain, message.slice(20));
  if (message === 'Empty sub-selector') return emptySubSelector(explain);
  if (message.startsWith('Did not expect successive traversals')) return successiveCombinators(explain);
  if (message === 'Pseudo-elements are not supported by css-select') return pseudoElement(explain);
  const named = /^(?:Unknown pseudo-class|Pseudo-class) :(\S+)/.exec(message)?.[1]?.toLowerCase();
  const pseudo =
    named === undefined
      ? undefined
      : explain.find(
          (token): token is Pseudo => isPseudo(token) && !token.element && token.name.toLowerCase() === named,
        );
  if (pseudo && message.startsWith('Unknown')) return unknownPseudo(explain, ...pseudo);
  if (pseudo && message.endsWith('requires an argument')) return needsArgument(explain, ...pseudo);
  if (pseudo && message.endsWith("doesn't have any arguments"))
    return explain.say('unexpected argument', `":${pseudo[0].name}" ${explain.at(pseudo[1])} takes none`);
  const nth = /^n-th rule couldn't be parsed \('(.*)'\)$/s.exec(message)?.[1];
  return nth === undefined ? null : badPosition(explain, nth);
}

function needsArgument(explain: Explain, pseudo: Pseudo, index: number): string {
  const example = pseudo.name.startsWith('nth-') ? `, as ":${pseudo.name}(2)"` : '';
  const detail = `":${pseudo.name}" ${explain.at(index)} needs one in parentheses${example}`;
  return explain.say('missing argument', detail);
}

function missingName(explain: Explain): string | null {
  const { tokens } = explain;
  for (const [index, token] of tokens.entries()) {
    const next = tokens[index + 1];
    const named = next?.kind === 'name' && next.at === token.at + 1;
    if (token.kind === 'open' && token.char === '[' && explain.isEmpty(index))
      return explain.say(
        'empty attribute selector',
        `expected an attribute name after "[" ${explain.at(index)}`,
      );
    if (token.kind === 'char' && token.char === '#' && !named)
      return explain.say('missing id', `"#" ${explain.at(index)} needs an id after it, as "#main"`);
    if (token.kind === 'char' && token.char === '.' && !named)
      return explain.say(
        'missing class name',
        `"." ${explain.at(index)} needs a class name after it, as ".price"`,
      );
    if (token.kind === 'pseudo' && token.name === '') {
      const colons = token.element ? '::' : ':';
      const detail = `"${colons}" ${explain.at(index)} needs a name after it, as ":first-child"`;
      return explain.say('missing pseudo-class name', detail);
    }
  }
  return null;
}

// [name], [name=value] or [name op value] with an optional i or s flag; anything else is malformed.
function wellFormedAttribute(inner: readonly SelectorToken[]): boolean {
  const parts = inner.filter((token) => token.kind !== 'space');
  const equals = parts.findIndex((token) => token.kind === 'char' && token.char === '=');
  if (equals === -1) return parts.length === 1 && parts[0]?.kind === 'name';
  const value = parts.slice(equals + 1);
  const flag = value[1];
  const flagged = value.length === 2 && flag?.kind === 'name' && /^[iIsS]$/.test(flag.text);
  return equals <= 2 && (value.length === 1 || flagged);
}

function malformedAttribute(explain: Explain): string | null {
  const { tokens, nested } = explain;
  let first: number | undefined;
  for (const [index, token] of tokens.entries()) {
    const close = nested.partner.get(index);
    if (token.kind !== 'open' || token.char !== '[' || close === undefined) continue;
    first ??= index;
    if (!wellFormedAttribute(tokens.slice(index + 1, close))) {
      first = index;
      break;
    }
  }
  if (first === undefined) return null;
  const detail = `"[${explain.inside(first)}]" ${explain.at(first)} is neither [name] nor [name=value]; a value with spaces needs quotes`;
  return explain.say('malformed attribute selector', detail);
}

function unexpected(explain: Explain, rest: string): string | null {
  const quote = explain.find((token) => token.kind === 'string' && token.parens === 0);
  if (quote) {
    const detail = `the quoted text ${explain.at(quote[1])} belongs inside [name="value"] or :contains("text")`;
    return explain.say('unexpected quote', detail);
  }
  const bare = explain.find(
    (token, index) => token.kind === 'open' && token.char === '(' && !explain.pseudoBefore(index),
  );
  if (bare) {
    const detail = `the "(" ${explain.at(bare[1])} follows no pseudo-class such as :not or :nth-child`;
    return explain.say('parentheses without a pseudo-class', detail);
  }
  const { selector } = explain;
  if (rest === '' || !selector.endsWith(rest)) return null;
  const at = selector.length - rest.length;
  const char = String.fromCodePoint(selector.codePointAt(at) ?? 0);
  const detail = `"${char}" at character ${characterAt(selector, at)} has no meaning in CSS`;
  return explain.say('unexpected character', detail);
}

function emptySubSelector(explain: Explain): string | null {
  const { tokens } = explain;
  for (const [index, token] of tokens.entries()) {
    const pseudo = token.kind === 'open' && explain.isEmpty(index) ? explain.pseudoBefore(index) : undefined;
    if (pseudo)
      return explain.say(`empty :${pseudo.name}()`, `the parentheses ${explain.at(index)} hold no selector`);
    if (token.kind !== 'comma') continue;
    const before = tokens[explain.near(index, -1)]?.kind;
    const after = tokens[explain.near(index, 1)]?.kind;
    if (before === undefined || before === 'open' || before === 'comma')
      return explain.say('empty selector in a list', `nothing before the "," ${explain.at(index)}`);
    if (after === undefined || after === 'close' || after === 'comma')
      return explain.say('empty selector in a list', `nothing after the "," ${explain.at(index)}`);
  }
  return null;
}

function successiveCombinators(explain: Explain): string | null {
  const { tokens } = explain;
  for (const [index, token] of tokens.entries()) {
    const after = explain.near(index, 1);
    const next = tokens[after];
    if (token.kind === 'combinator' && next?.kind === 'combinator') {
      const detail = `"${token.char}" ${explain.at(index)} is followed by "${next.char}" ${explain.at(after)}`;
      return explain.say('two combinators in a row', detail);
    }
  }
  return null;
}

const takesElements = 'a selector picks elements, and attrs what to take from them';

function pseudoElement(explain: Explain): string | null {
  const found = explain.find((token): token is Pseudo => isPseudo(token) && token.element);
  if (found === undefined) return null;
  const [token, index] = found;
  const open = explain.tokens[index + 1];
  const argument = open?.kind === 'open' && open.char === '(' ? explain.inside(index + 1) : undefined;
  const written = `::${token.name}${argument === undefined ? '' : `(${argument})`}`;
  // Scrapy's (parsel's) ::text and ::attr(name) say what to take: here that is the field's attrs.
  const take = token.name === 'text' ? 'text' : token.name === 'attr' ? argument?.trim() : undefined;
  const detail = take
    ? `"${written}" ${explain.at(index)} is Scrapy's syntax; leave it out and list "${take}" in attrs ("attrs": ["${take}"])`
    : `"${written}" ${explain.at(index)} selects no element; ${takesElements}`;
  return explain.say('unsupported pseudo-element', detail);
}

const pseudoElementsWithOneColon = new Set(['before', 'after', 'first-line', 'first-letter']);
const positionals = new Set(['first', 'last', 'even', 'odd', 'eq', 'nth', 'gt', 'lt']);

function unknownPseudo(explain: Explain, pseudo: Pseudo, index: number): string {
  const name = pseudo.name.toLowerCase();
  const written = `":${pseudo.name}" ${explain.at(index)}`;
  if (pseudoElementsWithOneColon.has(name))
    return explain.say('unsupported pseudo-element', `${written} selects no element; ${takesElements}`);
  if (positionals.has(name) && pseudo.parens > 0) {
    const detail = `${written} is a jQuery position, which works only outside :has(…), :is(…) and the like`;
    return explain.say('position inside a pseudo-class', detail);
  }
  const known = ':first-child, :nth-child(2), :not(…), :has(…), :contains(…), :first, :eq(0)';
  return explain.say('unknown pseudo-class', `${written} is none of those cheerio knows (such as ${known})`);
}

function badPosition(explain: Explain, written: string): string | null {
  const found = explain.find(
    (token, index): token is Pseudo =>
      isPseudo(token) &&
      token.name.startsWith('nth-') &&
      explain.inside(index + 1)?.trim() === written.trim(),
  );
  if (found === undefined) return null;
  const detail = `"${written}" in ":${found[0].name}" ${explain.at(found[1])} is not a position such as 3, 2n+1, odd or even`;
  return explain.say('invalid position', detail);
}

/** A combinator with nothing after it (`div >`): browsers refuse it, css-what reads `div >` as `div > *`. */
export function trailingCombinatorError(selector: string): string | null {
  const explain = new Explain(selector);
  const found = explain.find((token, index) => {
    const next = explain.tokens[explain.near(index, 1)];
    return token.kind === 'combinator' && token.parens === 0 && (next === undefined || next.kind === 'comma');
  });
  if (found?.[0].kind !== 'combinator') return null;
  return explain.say(
    'trailing combinator',
    `"${found[0].char}" ${explain.at(found[1])} has no selector after it`,
  );
}
