/**
 * What a record holds. Fields are a Map when a reader makes them: every key in the input's order
 * (a plain object puts `2024` before `country`) and `__proto__` a key like any other. Extraction
 * records are plain objects, whose `<field>_<attr>` keys are never array indexes. A number read
 * from JSON, or typed by `inferTypes`, is its text as written (a JSON.rawJSON value), so no digit
 * is lost and `1E400` stays `1E400`.
 */
export type Fields = ReadonlyMap<string, unknown> | { readonly [key: string]: unknown };

/** A number as its JSON text, written as it is by every writer. */
export type RawNumber = RawJSON;

export const rawNumber = (text: string): RawNumber => JSON.rawJSON(text);

export const isRawNumber = (value: unknown): value is RawNumber => JSON.isRawJSON(value);

/** Fields or a list: a value with values inside. */
export const isNested = (value: unknown): value is Fields | readonly unknown[] =>
  value !== null && typeof value === 'object' && !isRawNumber(value);

export const isFields = (value: unknown): value is Fields => isNested(value) && !Array.isArray(value);

/** The fields' keys and values, in their order. */
export const entriesOf = (fields: Fields): Iterable<[string, unknown]> =>
  fields instanceof Map ? fields : Object.entries(fields);

/** One field's value, or undefined when there is none. */
export function fieldOf(fields: Fields, key: string): unknown {
  if (fields instanceof Map) return fields.get(key);
  return Object.hasOwn(fields, key) ? (fields as Record<string, unknown>)[key] : undefined;
}

/** A value that is not nested as a table cell or an XML element shows it: null as "", a number as written. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (isRawNumber(value)) return value.rawJSON;
  return String(value);
}
