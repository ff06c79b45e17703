import type { FieldNames } from '#conversion/select';
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

/** A record's own keys, in scheme order: the columns of a table that is not flattened (`flatten: false`). */
export function recordKeysFor(scheme: PageScheme): string[] {
  const keys = scheme.fields.flatMap((field) => {
    if (scheme.path) return field.details ? recordKeysFor(field.details) : [];
    return [
      ...field.attrs.map((attr) => valueKey(field.name, attr)),
      ...(field.details ? [detailsKey(field.name)] : []),
    ];
  });
  return [...new Set(keys)];
}

/** What `fields` and `omit` may name: every column, and every `<field>_details` above its columns. */
export function fieldNamesFor(scheme: PageScheme): FieldNames {
  const names: string[] = [];
  const groups = new Set<string>();
  const visit = (level: PageScheme, prefix: string) => {
    for (const field of level.fields) {
      if (level.path) {
        if (field.details) visit(field.details, prefix);
        continue;
      }
      for (const attr of field.attrs) names.push(prefix + valueKey(field.name, attr));
      if (field.details) {
        const group = prefix + detailsKey(field.name);
        names.push(group);
        groups.add(group);
        visit(field.details, `${group}_`);
      }
    }
  };
  visit(scheme, '');
  return { names: [...new Set(names)], groups, complete: true };
}
