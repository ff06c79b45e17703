/**
 * The one flattening of nested records for tables (and `flatten: true`): nested keys joined with
 * `_`, each array's items under the same key, several values of one key joined with `;` (or `arrayJoin`).
 */
import { MAX_COLUMNS, tooManyColumns } from './columns.ts';
import { EXPORT_DEFAULTS } from './export-options.ts';
import { entriesOf, type Fields, fieldOf, isFields, isNested, scalarText } from './values.ts';

/** What an empty array gives its column: no value, so "". */
const EMPTY = Symbol('empty array');

type Visit = (names: readonly string[], value: unknown) => void;

/** Every value that is not nested, with the keys that lead to it (an empty array as EMPTY). */
function walk(value: unknown, names: string[], visit: Visit): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, names, visit);
    if (value.length === 0) visit(names, EMPTY);
  } else if (isFields(value)) {
    for (const [name, inner] of entriesOf(value)) {
      names.push(name);
      walk(inner, names, visit);
      names.pop();
    }
  } else visit(names, value);
}

function collect(values: Map<string, unknown[]>, column: string, value: unknown): void {
  let list = values.get(column);
  if (list === undefined) {
    list = [];
    values.set(column, list);
  }
  if (value !== EMPTY) list.push(value);
}

/** The contract's separator of several values in one cell (`arrayJoin` changes it). */
const ARRAY_JOIN: string = EXPORT_DEFAULTS.arrayJoin;

const joined = (list: readonly unknown[], separator: string) => list.map(scalarText).join(separator);

const isFlat = (record: Fields) => {
  for (const [, value] of entriesOf(record)) if (isNested(value)) return false;
  return true;
};

/**
 * One row for CSV and Excel: each column's values as text joined with `separator`, a missing
 * column "". A converted record comes flat (Flattener); an extraction record is flattened here,
 * its keys joined with `_` into the columns its scheme names.
 */
export function flatCells(record: Fields, columns: readonly string[], separator = ARRAY_JOIN): string[] {
  if (isFlat(record)) return columns.map((column) => scalarText(fieldOf(record, column)));
  const values = new Map<string, unknown[]>();
  walk(record, [], (names, value) => collect(values, names.join('_'), value));
  return columns.map((column) => joined(values.get(column) ?? [], separator));
}

/** `flatCells` by column name. */
export function flatRow(
  record: Fields,
  columns: readonly string[],
  separator = ARRAY_JOIN,
): Record<string, string> {
  const cells = flatCells(record, columns, separator);
  return Object.fromEntries(columns.map((column, index) => [column, cells[index] as string]));
}

interface PathNode {
  column?: string;
  children?: Map<string, PathNode>;
}

/**
 * Flattens the records of one conversion. Each path of keys gets its column the first time it
 * gives a value, its keys joined with `_`; when another path gave that name first (`a_b` and
 * `a` → `b`), it gets `_2`, `_3`… so that two values never share a cell. Names are kept for the
 * whole conversion (both passes), so a path has the same column in every record.
 */
export class Flattener {
  private readonly root: PathNode = {};
  private readonly taken = new Set<string>();
  private readonly separator: string;

  constructor(separator = ARRAY_JOIN) {
    this.separator = separator;
  }

  /** The record flat: one value of a column as it is, several joined as text with the separator, none "". */
  flatten(record: Fields): Map<string, unknown> {
    const values = new Map<string, unknown[]>();
    walk(record, [], (names, value) => collect(values, this.column(names), value));
    const flat = new Map<string, unknown>();
    for (const [column, list] of values)
      flat.set(column, list.length === 1 ? list[0] : joined(list, this.separator));
    return flat;
  }

  private column(names: readonly string[]): string {
    let node = this.root;
    for (const name of names) {
      node.children ??= new Map();
      let child = node.children.get(name);
      if (child === undefined) {
        child = {};
        node.children.set(name, child);
      }
      node = child;
    }
    if (node.column === undefined) {
      const base = names.join('_');
      let column = base;
      for (let suffix = 2; this.taken.has(column); suffix++) column = `${base}_${suffix}`;
      this.taken.add(column);
      if (this.taken.size > MAX_COLUMNS) throw tooManyColumns();
      node.column = column;
    }
    return node.column;
  }
}
