/** A piece of a selector an error message points at: where it starts (UTF-16) and the parentheses around it. */
export type SelectorToken =
  | { kind: 'string'; at: number; parens: number; quote: string; closed: boolean }
  | { kind: 'open' | 'close'; at: number; parens: number; char: string }
  | { kind: 'comma' | 'space'; at: number; parens: number }
  | { kind: 'combinator'; at: number; parens: number; char: string }
  | { kind: 'pseudo'; at: number; parens: number; name: string; element: boolean }
  | { kind: 'name'; at: number; parens: number; text: string }
  | { kind: 'char'; at: number; parens: number; char: string };

const isNameCode = (code: number) =>
  (code >= 0x30 && code <= 0x39) ||
  (code >= 0x41 && code <= 0x5a) ||
  (code >= 0x61 && code <= 0x7a) ||
  code === 0x2d ||
  code === 0x5f ||
  code >= 0x80;

const isSpace = (char: string) =>
  char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f';

/** Never fails: it reads whatever the library refused, so a message can say where it goes wrong. */
export function tokenize(selector: string): SelectorToken[] {
  const tokens: SelectorToken[] = [];
  const { length } = selector;
  let parens = 0;
  let brackets = 0;
  // A name runs over name characters and escapes (`\/` in `.w-1\/2`).
  const nameEnd = (start: number) => {
    let end = start;
    while (end < length) {
      if (selector[end] === '\\' && end + 1 < length) end += 2;
      else if (isNameCode(selector.charCodeAt(end))) end++;
      else break;
    }
    return end;
  };
  let at = 0;
  while (at < length) {
    const char = selector.charAt(at);
    if (char === '"' || char === "'") {
      let end = at + 1;
      while (end < length && selector[end] !== char) end += selector[end] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', at, parens, quote: char, closed: end < length });
      at = end + 1;
    } else if (isSpace(char)) {
      tokens.push({ kind: 'space', at, parens });
      while (at < length && isSpace(selector.charAt(at))) at++;
    } else if (char === ':') {
      const element = selector[at + 1] === ':';
      const start = at + (element ? 2 : 1);
      const end = nameEnd(start);
      tokens.push({ kind: 'pseudo', at, parens, name: selector.slice(start, end), element });
      at = end;
    } else if (nameEnd(at) > at) {
      const end = nameEnd(at);
      tokens.push({ kind: 'name', at, parens, text: selector.slice(at, end) });
      at = end;
    } else {
      if (char === '(' || char === '[') tokens.push({ kind: 'open', at, parens, char });
      else if (char === ')' || char === ']') {
        if (char === ')') parens = Math.max(0, parens - 1);
        else brackets = Math.max(0, brackets - 1);
        tokens.push({ kind: 'close', at, parens, char });
      } else if (char === ',' && brackets === 0) tokens.push({ kind: 'comma', at, parens });
      // Inside [...], `~=`, `|=` and the like are operators, not combinators.
      else if ((char === '>' || char === '+' || char === '~') && brackets === 0)
        tokens.push({ kind: 'combinator', at, parens, char });
      else tokens.push({ kind: 'char', at, parens, char });
      if (char === '(') parens++;
      if (char === '[') brackets++;
      at++;
    }
  }
  return tokens;
}

/** Brackets and parentheses paired up by token index: the first stray closer, what stays open (innermost last). */
export interface Nesting {
  partner: Map<number, number>;
  unclosed: number[];
  stray: number | undefined;
}

export function nesting(tokens: readonly SelectorToken[]): Nesting {
  const partner = new Map<number, number>();
  const open: number[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.kind === 'open') open.push(index);
    else if (token.kind === 'close') {
      const opener = open.at(-1);
      const opening = opener === undefined ? undefined : tokens[opener];
      if (opener === undefined || opening?.kind !== 'open' || (opening.char === '(') !== (token.char === ')'))
        return { partner, unclosed: open, stray: index };
      open.pop();
      partner.set(index, opener);
      partner.set(opener, index);
    }
  }
  return { partner, unclosed: open, stray: undefined };
}

/** The position a reader counts: characters (code points) from 1. */
export function characterAt(selector: string, at: number): number {
  let count = 1;
  for (const _ of selector.slice(0, at)) count++;
  return count;
}
