import { detailsKey, valueKey } from './record.ts';
import type { PageScheme } from './scheme.ts';

/**
 * The tabular columns of a scheme, in its order: each field's attrs, then its details' columns
 * prefixed `<field>_details_`; with `path: true` only the details' columns.
 */
export function columnsFor(scheme: PageScheme): string[] {
  const columns = scheme.fields.flatMap((field) => {
    const nested = field.details ? columnsFor(field.details) : [];
    if (scheme.path) return nested;
    const prefix = `${detailsKey(field.name)}_`;
    return [
      ...field.attrs.map((attr) => valueKey(field.name, attr)),
      ...nested.map((column) => prefix + column),
    ];
  });
  return [...new Set(columns)];
}

/**
 * One flat row for CSV and Excel: nested objects flattened with `_` between names, arrays (and
 * the values of several details records) joined with `;`, missing columns "".
 */
export function flattenRecord(
  record: Record<string, unknown>,
  columns: readonly string[],
): Record<string, string> {
  const values = new Map<string, string[]>();
  collect(record, '', values);
  return Object.fromEntries(columns.map((column) => [column, values.get(column)?.join(';') ?? '']));
}

function collect(value: unknown, key: string, into: Map<string, string[]>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, key, into);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [name, inner] of Object.entries(value))
      collect(inner, key === '' ? name : `${key}_${name}`, into);
    return;
  }
  const text = value === null || value === undefined ? '' : String(value);
  const list = into.get(key);
  if (list) list.push(text);
  else into.set(key, [text]);
}
