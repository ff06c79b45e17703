import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { EXPORT_DEFAULTS, type ExportOptions } from './export-options.ts';
import { flatCells } from './flatten.ts';
import { chunked, type RecordSource, type RecordWriter } from './records.ts';

/**
 * CSV with a header row from the columns; records flattened, arrays joined with `;` (`arrayJoin`),
 * fields separated by `,` (`delimiter`), a byte order mark first with `bom`.
 */
export const writeCsv: RecordWriter = (records, columns, options = {}) =>
  chunked(csvParts(records, columns, options));

async function* csvParts(
  records: RecordSource,
  columns: readonly string[],
  options: ExportOptions,
): AsyncIterable<string> {
  // Rows as arrays: csv-stringify reads a record's column `a.b` as a path, `__proto__` as its prototype.
  const stringifier = stringify({
    eof: true,
    bom: options.bom === true,
    delimiter: options.delimiter ?? EXPORT_DEFAULTS.delimiter,
  });
  stringifier.setEncoding('utf8');
  const separator = options.arrayJoin ?? EXPORT_DEFAULTS.arrayJoin;
  const feeding = pipeline(Readable.from(rows(records, columns, separator)), stringifier);
  // The stringifier is read here while the pipeline feeds it; its error surfaces from either side.
  feeding.catch(() => undefined);
  for await (const chunk of stringifier) yield chunk as string;
  await feeding;
}

async function* rows(
  records: RecordSource,
  columns: readonly string[],
  separator: string,
): AsyncIterable<string[]> {
  yield [...columns];
  for await (const record of records) yield flatCells(record, columns, separator);
}
