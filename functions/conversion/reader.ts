import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';
import type { ByteSource } from './text.ts';

export interface ReadOptions extends ConversionOptions {
  /** Told the columns of a tabular input (its header row or generated names) before its first record. */
  onColumns?: (columns: string[]) => void;
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
