/**
 * The one flattening of nested records, shared by the CSV and Excel writers (extraction exports
 * too) and `flatten: true`: nested keys joined with `_`, each array's items under the same key,
 * several values of one key joined with `;`.
 */
import type { OutputRecord } from './records.ts';

export const isNested = (value: unknown): value is object => value !== null && typeof value === 'object';

const flatKey = (parent: string, name: string) => (parent === '' ? name : `${parent}_${name}`);

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

interface LeafVisitor {
  leaf(key: string, value: unknown): void;
  emptyArray?(key: string): void;
}

function walk(value: unknown, key: string, visitor: LeafVisitor): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, key, visitor);
    if (value.length === 0) visitor.emptyArray?.(key);
  } else if (isNested(value)) {
    for (const [name, inner] of Object.entries(value)) walk(inner, flatKey(key, name), visitor);
  } else visitor.leaf(key, value);
}

/** Every value of a record under its flat key, in the order they appear. */
function leafValues(record: OutputRecord): Map<string, unknown[]> {
  const values = new Map<string, unknown[]>();
  walk(record, '', {
    leaf(key, value) {
      const list = values.get(key);
      if (list) list.push(value);
      else values.set(key, [value]);
    },
  });
  return values;
}

/** One row for CSV and Excel: each column's values as text joined with `;`, a missing column "". */
export function flatRow(record: OutputRecord, columns: readonly string[]): Record<string, string> {
  const values = leafValues(record);
  return Object.fromEntries(columns.map((column) => [column, values.get(column)?.map(text).join(';') ?? '']));
}

/** One flat record: a key with one value keeps it as it is, several are joined as text with `;`. */
export function flattenRecord(record: OutputRecord): OutputRecord {
  return Object.fromEntries(
    [...leafValues(record)].map(([key, list]) => [
      key,
      list.length === 1 ? list[0] : list.map(text).join(';'),
    ]),
  );
}

/** Adds the flat column names of a record, in order of appearance; an empty array still names its column. */
export function addFlatColumns(record: OutputRecord, into: Set<string>): void {
  const add = (key: string) => {
    if (key !== '') into.add(key);
  };
  walk(record, '', { leaf: add, emptyArray: add });
}
