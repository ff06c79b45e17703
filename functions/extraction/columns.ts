import type { FieldNames } from '#conversion/select';
import { detailsKey, valueKey } from './record.ts';
import type { PageScheme } from './scheme.ts';

/** A column of a scheme's table and the field that gives it, by its path in the scheme. */
interface OwnedColumn {
  column: string;
  path: (string | number)[];
  field: string;
}

/**
 * The tabular columns of a scheme, in its order: each field's attrs, then its details' columns
 * prefixed `<field>_details_`; with `path: true` only the details' columns.
 */
export function columnsFor(scheme: PageScheme): string[] {
  return [...new Set(ownedColumns(scheme).map((owned) => owned.column))];
}

function ownedColumns(scheme: PageScheme, at: (string | number)[] = []): OwnedColumn[] {
  return scheme.fields.flatMap((field, index) => {
    const path = [...at, 'fields', index];
    const nested = field.details ? ownedColumns(field.details, [...path, 'details']) : [];
    if (scheme.path) return nested;
    const prefix = `${detailsKey(field.name)}_`;
    return [
      ...field.attrs.map((attr) => ({ column: valueKey(field.name, attr), path, field: field.name })),
      ...nested.map((owned) => ({ ...owned, column: prefix + owned.column })),
    ];
  });
}

/** A column two fields would both fill: the later field's path, and what it collides with. */
export interface ColumnCollision {
  path: (string | number)[];
  message: string;
}

/**
 * Columns that two fields give (`a` with attr `b_c` and `a_b` with attr `c` both give `a_b_c`):
 * their values would share one cell, so the scheme is refused rather than a value lost.
 */
export function columnCollisions(scheme: PageScheme): ColumnCollision[] {
  const owners = new Map<string, OwnedColumn>();
  const collisions: ColumnCollision[] = [];
  for (const owned of ownedColumns(scheme)) {
    const first = owners.get(owned.column);
    if (first === undefined) owners.set(owned.column, owned);
    else if (first.path.join('.') !== owned.path.join('.'))
      collisions.push({
        path: [...owned.path, 'name'],
        message: `Field "${owned.field}" gives the column ${owned.column}, which field "${first.field}" (${first.path.join('.')}) gives too: rename one of them`,
      });
  }
  return collisions;
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
