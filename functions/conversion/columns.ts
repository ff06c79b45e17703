import { MalformedInputError } from './errors.ts';
import type { OutputRecord } from './records.ts';
import { entriesOf } from './values.ts';

/** Most columns a tabular output gets (Excel's limit); more means the input is not a table. */
export const MAX_COLUMNS = 16_384;

export const tooManyColumns = () =>
  new MalformedInputError(`The records have more than ${MAX_COLUMNS} distinct columns`);

/** Adds a shaped record's keys (its columns: a table's records come flat) in their order. */
export function addColumns(record: OutputRecord, into: Set<string>): void {
  for (const [key] of entriesOf(record)) into.add(key);
  if (into.size > MAX_COLUMNS) throw tooManyColumns();
}
