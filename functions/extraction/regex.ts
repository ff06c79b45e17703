import { RE2JS, RE2JSSyntaxException } from 're2js';

/**
 * The `regex` filter's patterns run on re2js: RE2 syntax (what Dataflow Kit's Go parser accepts),
 * matched in time linear in the value, so no user pattern ever runs on a backtracking engine.
 */

/** Compiled patterns by source: extraction compiles a field's filters for every page. */
const compiled = new Map<string, RE2JS>();
/** Patterns kept; the oldest is dropped beyond this (a Lambda container sees few schemes). */
const cacheSize = 100;

/** The one way a `regex` param is compiled, shared by validation and extraction; throws if RE2 refuses it. */
export function compileRegex(pattern: string): RE2JS {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = RE2JS.compile(pattern);
    if (compiled.size >= cacheSize) compiled.delete(compiled.keys().next().value as string);
    compiled.set(pattern, regex);
  }
  return regex;
}

/** The concatenation of every match of `regex` in `value`, left to right, without overlaps. */
export function joinMatches(regex: RE2JS, value: string): string {
  // A Matcher's find loop: about twice as fast as matchAll, which builds an array per match.
  const matcher = regex.matcher(value);
  let joined = '';
  while (matcher.find()) joined += matcher.group() ?? '';
  return joined;
}

/** Why RE2 refuses a `regex` param, in words a scheme's author can act on, or null. */
export function regexError(pattern: string): string | null {
  try {
    compileRegex(pattern);
    return null;
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return syntaxReason(error.error, error.input ?? '');
    return error instanceof Error ? error.message : String(error);
  }
}

const unsupported = (what: string) => `RE2 syntax does not support ${what}`;
/** A stretch of the pattern, in backquotes as Go's regexp errors quote it. */
const quote = (text: string) => `\`${text}\``;

/**
 * re2js reports a syntax error as one of its parser's fixed texts (Parser.ERR_*, not exported,
 * the texts of Go's regexp/syntax) and the stretch of the pattern at fault; the Perl and JavaScript
 * constructs RE2 lacks land in a few of them, told apart here by that stretch.
 */
function syntaxReason(error: string, at: string): string {
  switch (error) {
    case 'invalid or unsupported Perl syntax':
      return groupReason(at);
    case 'invalid named capture':
      if (at.startsWith('(?<=')) return unsupported('lookbehind (?<=…)');
      if (at.startsWith('(?<!')) return unsupported('negative lookbehind (?<!…)');
      return `invalid group name in ${quote(at)}: a named group is (?<name>…) or (?P<name>…), the name made of letters, digits and _`;
    case 'invalid escape sequence':
      return escapeReason(at);
    case 'invalid nested repetition operator':
      if (/^(?:[*+?]|\{[\d,]*\})\+$/u.test(at)) return unsupported(`possessive quantifiers (${quote(at)})`);
      return `a repetition cannot directly repeat another (${quote(at)}); put the first in a group, as (?:a*)*`;
    case 'invalid repeat count':
      return `invalid repeat count ${quote(at)}: RE2 allows at most 1000 repetitions (nested counts multiply), the minimum not above the maximum`;
    case 'missing argument to repetition operator':
      return `${quote(at)} has nothing to repeat`;
    case 'missing closing )':
      return `missing closing ) in ${quote(at)}`;
    case 'unexpected )':
      return `unmatched ) in ${quote(at)}`;
    case 'missing closing ]':
      return `missing closing ] in ${quote(at)}`;
    case 'trailing backslash at end of expression':
      return 'it ends with a lone backslash';
    case 'duplicate capture group name':
      return `the group name ${quote(at)} is used twice`;
    case 'invalid character class range':
      if (/^\\[pP]/u.test(at))
        return `unknown Unicode class ${quote(at)} (RE2 knows general categories and scripts: \\p{L}, \\p{Lu}, \\p{Greek})`;
      if (at.startsWith('[:')) return `unknown POSIX class ${quote(at)}`;
      return `invalid character range ${quote(at)}`;
    case 'expression nests too deeply':
      return 'it nests too deeply for RE2 (at most 1000 levels)';
    case 'expression too large':
      return 'it is too large for RE2 once its repetitions are expanded';
    default:
      return at === '' ? error : `${error}: ${quote(at)}`;
  }
}

/** `at` is the group opening RE2 could not read, from its `(`. */
function groupReason(at: string): string {
  if (at === '(?') return 'an unfinished group `(?` at the end';
  if (at.startsWith('(?=')) return unsupported('lookahead (?=…)');
  if (at.startsWith('(?!')) return unsupported('negative lookahead (?!…)');
  if (at.startsWith('(?>')) return unsupported('atomic groups (?>…)');
  if (at.startsWith('(?#')) return unsupported('comments (?#…)');
  if (at.startsWith('(?|')) return unsupported('branch reset groups (?|…)');
  if (at.startsWith('(?P'))
    return unsupported('(?P=name) or (?P>name); a named group is (?P<name>…) or (?<name>…)');
  if (/^\(\?(?:R|[+-]?\d|&)/u.test(at)) return unsupported(`recursion or subroutine calls (${quote(at)})`);
  return `invalid flags in ${quote(at)}: RE2's flags are i, m, s and U, as (?i) or (?i:…)`;
}

/** `at` is the escape RE2 does not know, backslash and letter. */
function escapeReason(at: string): string {
  if (/^\\[1-9]$/u.test(at)) return unsupported(`backreferences (${quote(at)})`);
  if (at === '\\k' || at === '\\g') return unsupported(`backreferences (${quote(`${at}…`)})`);
  if (at === '\\u') return unsupported('\\u escapes; write a code point as \\x{e9}');
  if (at === '\\Z') return unsupported('\\Z; \\z is the end of the text');
  return unsupported(`the escape ${quote(at)}`);
}
