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
