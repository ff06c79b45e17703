import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';
import type { ByteSource } from './text.ts';

export interface ReadOptions extends ConversionOptions {
  /** Told the columns of a tabular input (its header row or generated names) before its first record. */
  onColumns?: (columns: string[]) => void;
  /**
   * The output is a table whose header is written before its rows: a tabular input must name in
   * `onColumns` every column its records will have, or fail rather than have a value dropped.
   */
  table?: boolean;
  /** Excel input: every worksheet in tab order as one table, each later one's header row skipped. */
  allSheets?: boolean;
}

/**
 * Reads one format's records from its bytes, in batches (those one input chunk holds: an async
 * step per record would cost more than parsing it); malformed input throws MalformedInputError.
 */
export type RecordReader = (input: ByteSource, options: ReadOptions) => AsyncIterable<OutputRecord[]>;

/** `column1`, `column2`…: the names of columns that have none. */
export const generatedColumn = (index: number) => `column${index + 1}`;

/**
 * Column names from a header row: an empty name becomes `columnN`, a repeated one gets `_2`,
 * `_3`… so that no value is lost to a key collision.
 */
export function uniqueColumns(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, index) => {
    let name = raw.trim() === '' ? generatedColumn(index) : raw;
    for (let suffix = 2; seen.has(name); suffix++) name = `${raw}_${suffix}`;
    seen.add(name);
    return name;
  });
}

/**
 * Names for the fields of a row past its header's columns: `_extra1`, `_extra2`… (with `_2`, `_3`
 * when the header has that name), or `columnN` for an input without a header.
 */
export class ExtraColumns {
  private readonly extras: string[] = [];
  private readonly columns: readonly string[];
  private readonly header: boolean;

  constructor(columns: readonly string[], header: boolean) {
    this.columns = columns;
    this.header = header;
  }

  /** The column of the field at `index`, which is at or past the header's width. */
  name(index: number): string {
    const width = this.columns.length;
    for (let next = width + this.extras.length; next <= index; next++) {
      const wanted = this.header ? `_extra${next - width + 1}` : generatedColumn(next);
      const named = uniqueColumns([...this.columns, ...this.extras, wanted]);
      this.extras.push(named[named.length - 1] as string);
    }
    return this.extras[index - width] as string;
  }

  /** The header's columns followed by the extra ones up to `width`. */
  upTo(width: number): string[] {
    const names = [...this.columns];
    for (let index = this.columns.length; index < width; index++) names.push(this.name(index));
    return names;
  }
}
