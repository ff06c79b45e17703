/**
 * JSON text of record values, written here because JSON.stringify writes a Map as `{}` and an
 * object's integer keys first: Maps and objects are written in their own key order, numbers read
 * as text (RawNumber) as they were written, strings as JSON.stringify writes them.
 */
import { entriesOf, type Fields, isRawNumber } from './values.ts';

/**
 * Characters JSON.stringify escapes in well-formed text, which decoded input always is (a
 * TextDecoder refuses lone surrogates; only a `\ud800` escape in JSON input makes one).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters JSON escapes
export const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** A string as JSON, exactly as JSON.stringify writes it (a lone surrogate escaped too). */
export const quoted = (text: string): string =>
  NEEDS_ESCAPE.test(text) || !text.isWellFormed() ? JSON.stringify(text) : `"${text}"`;

export function jsonText(value: unknown): string {
  if (typeof value === 'string') return quoted(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (isRawNumber(value)) return value.rawJSON;
  if (Array.isArray(value)) {
    let text = '[';
    for (let index = 0; index < value.length; index++)
      text += (index === 0 ? '' : ',') + jsonText(value[index]);
    return `${text}]`;
  }
  let text = '{';
  for (const [key, inner] of entriesOf(value as Fields)) {
    if (inner === undefined) continue; // as JSON.stringify leaves it out
    text += `${text.length === 1 ? '' : ','}${quoted(key)}:${jsonText(inner)}`;
  }
  return `${text}}`;
}
