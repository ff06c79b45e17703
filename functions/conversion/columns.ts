import { MalformedInputError } from './errors.ts';
import { addFlatColumns } from './flatten.ts';
import type { OutputRecord } from './records.ts';

/** Most columns a tabular output gets (Excel's limit); more means the input is not a table. */
export const MAX_COLUMNS = 16_384;

/** Adds a shaped record's column names: its flat `a_b` names, or its own keys when not flattened. */
export function addColumns(record: OutputRecord, flatten: boolean, into: Set<string>): void {
  if (flatten) addFlatColumns(record, into);
  else for (const key of Object.keys(record)) into.add(key);
  if (into.size > MAX_COLUMNS) {
    throw new MalformedInputError(`The records have more than ${MAX_COLUMNS} distinct columns`);
  }
}
