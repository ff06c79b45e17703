import type { ExportOptions } from './export-options.ts';
import type { Format } from './formats.ts';
import { TABULAR } from './readers.ts';
import type { OutputRecord, RecordSource } from './records.ts';
import { Selector } from './select.ts';
import { stringifyNested } from './shape.ts';
import { writerFor } from './writers.ts';

export interface ExportTable {
  /** A table's columns without options (an extraction's, from its scheme). */
  columns: readonly string[];
  /** The names with names under them, by which `fields` and `omit` pick whole groups. */
  groups: ReadonlySet<string>;
}

/**
 * The file of records with export options: `fields` and `omit` picked from each record, nested
 * values as JSON text in a table with `flatten: false` (the caller gives that table's columns),
 * then the format's writer with its own options.
 */
export function writeExport(
  format: Format,
  records: RecordSource,
  table: ExportTable,
  options: ExportOptions,
): AsyncIterable<string | Buffer> {
  const selector = Selector.of(options, table.groups);
  const asJson = TABULAR.has(format) && options.flatten === false;
  const shaped =
    selector || asJson
      ? mapped(records, (record) => {
          const picked = selector ? selector.record(record) : record;
          return asJson ? stringifyNested(picked) : picked;
        })
      : records;
  const columns = selector ? selector.columns(table.columns) : table.columns;
  return writerFor(format)(shaped, columns, options);
}

async function* mapped(
  records: RecordSource,
  map: (record: OutputRecord) => OutputRecord,
): AsyncIterable<OutputRecord> {
  for await (const record of records) yield map(record);
}
