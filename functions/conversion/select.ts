/**
 * `fields` and `omit`: which of a record's values an export keeps, and in what order. A name is a
 * column as flattening names it (`Title_text`, `Title_details_Stock_text`) or a group, a name with
 * names under it (`Title_details`), which stands for everything under it. Records are pruned by
 * walking them (a nested value is a group, whatever the names), table columns by name.
 */
import type { ExportOptions } from './export-options.ts';
import { entriesOf, type Fields, isFields } from './values.ts';

/** The names records can be selected by: columns and groups, in order of appearance. */
export interface FieldNames {
  names: readonly string[];
  /** The names that have names under them. */
  groups: ReadonlySet<string>;
  /** False when there were too many to list: an unknown name may then be one of those not listed. */
  complete: boolean;
}

const DROP = Symbol('drop');

/** Every `_`-prefix of a name: `a_b_c` → `a`, `a_b`. */
function* prefixesOf(name: string): Iterable<string> {
  for (let index = name.indexOf('_'); index > 0; index = name.indexOf('_', index + 1))
    yield name.slice(0, index);
}

/** A selection compiled once per export, applied to every record. */
export class Selector {
  /** Each name of `fields` by its position; undefined when every field is kept. */
  private readonly fieldAt: Map<string, number> | undefined;
  /** The prefixes of `fields` names, each with the first position under it. */
  private readonly fieldAbove = new Map<string, number>();
  private readonly omitted: ReadonlySet<string>;
  private readonly omitAbove = new Set<string>();
  private readonly groups: ReadonlySet<string>;

  constructor(options: Pick<ExportOptions, 'fields' | 'omit'>, groups: ReadonlySet<string>) {
    this.groups = groups;
    if (options.fields) {
      this.fieldAt = new Map();
      for (const [index, name] of options.fields.entries()) {
        if (!this.fieldAt.has(name)) this.fieldAt.set(name, index);
        for (const prefix of prefixesOf(name))
          if (!this.fieldAbove.has(prefix)) this.fieldAbove.set(prefix, index);
      }
    }
    this.omitted = new Set(options.omit ?? []);
    for (const name of this.omitted) for (const prefix of prefixesOf(name)) this.omitAbove.add(prefix);
  }

  /** A selector when `fields` or `omit` is given, else undefined (every value kept, in its order). */
  static of(options: ExportOptions, groups: ReadonlySet<string>): Selector | undefined {
    return options.fields || options.omit ? new Selector(options, groups) : undefined;
  }

  /** The record with the selected values only, `fields` order at each level (a Map, in that order). */
  record(record: Fields): Map<string, unknown> {
    return this.fields(record, undefined, this.fieldAt === undefined, 0);
  }

  /** The table's columns that are selected, in `fields` order (theirs among equals). */
  columns(columns: readonly string[]): string[] {
    const kept: [string, number][] = [];
    for (const column of columns) {
      if (this.omits(column)) continue;
      const order = this.columnOrder(column);
      if (order !== undefined) kept.push([column, order]);
    }
    if (this.fieldAt) kept.sort((a, b) => a[1] - b[1]);
    return kept.map(([column]) => column);
  }

  private omits(column: string): boolean {
    if (this.omitted.has(column)) return true;
    for (const prefix of prefixesOf(column))
      if (this.omitted.has(prefix) && this.groups.has(prefix)) return true;
    return false;
  }

  /** A column's position by `fields`: its own, a group's above it, or (a group column, as with flatten=false) the first under it. */
  private columnOrder(column: string): number | undefined {
    if (this.fieldAt === undefined) return 0;
    const own = this.fieldAt.get(column);
    if (own !== undefined) return own;
    for (const prefix of prefixesOf(column)) {
      const above = this.fieldAt.get(prefix);
      if (above !== undefined && this.groups.has(prefix)) return above;
    }
    return this.groups.has(column) ? this.fieldAbove.get(column) : undefined;
  }

  private fields(
    fields: Fields,
    prefix: string | undefined,
    inside: boolean,
    order: number,
  ): Map<string, unknown> {
    const kept: [string, unknown, number][] = [];
    for (const [key, value] of entriesOf(fields)) {
      const name = prefix === undefined ? key : `${prefix}_${key}`;
      const picked = this.pick(value, name, inside);
      if (picked !== DROP)
        kept.push([key, picked, this.fieldAt?.get(name) ?? this.fieldAbove.get(name) ?? order]);
    }
    if (this.fieldAt) kept.sort((a, b) => a[2] - b[2]);
    return new Map(kept.map(([key, value]) => [key, value]));
  }

  /** The value under `name` as selected, or DROP; `inside` when a name above it is selected. */
  private pick(value: unknown, name: string, insideAbove: boolean): unknown {
    if (this.omitted.has(name)) return DROP;
    const inside = insideAbove || this.fieldAt?.has(name) === true;
    const below = this.omitAbove.has(name) || (!inside && this.fieldAbove.has(name));
    if (!below) return inside ? value : DROP;
    // Something under this name is selected or omitted: its items and fields are picked one by one.
    if (Array.isArray(value)) {
      const items = value.map((item) => this.pick(item, name, inside)).filter((item) => item !== DROP);
      return items.length > 0 || inside ? items : DROP;
    }
    if (isFields(value)) {
      const order = this.fieldAt?.get(name) ?? this.fieldAbove.get(name) ?? 0;
      const picked = this.fields(value, name, inside, order);
      return picked.size > 0 || inside ? picked : DROP;
    }
    return inside ? value : DROP;
  }
}

/** Collects the names of records (conversion results) as `FieldNames`, at most `limit` of them. */
export class FieldNameCollector {
  private readonly names = new Set<string>();
  private readonly groups = new Set<string>();
  private complete = true;
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(record: Fields): void {
    for (const [key, value] of entriesOf(record)) this.walk(value, key);
  }

  /** Names that are not paths of the records (a flattened table's `a_b_2`). */
  addName(name: string): void {
    if (this.names.size < this.limit) this.names.add(name);
    else if (!this.names.has(name)) this.complete = false;
  }

  result(): FieldNames {
    return { names: [...this.names], groups: this.groups, complete: this.complete };
  }

  private walk(value: unknown, name: string): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.addName(name);
      for (const item of value) this.walk(item, name);
      return;
    }
    this.addName(name);
    if (!isFields(value)) return;
    if (this.names.has(name)) this.groups.add(name);
    for (const [key, inner] of entriesOf(value)) this.walk(inner, `${name}_${key}`);
  }
}
