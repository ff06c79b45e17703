import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { flatCells } from './flatten.ts';
import { chunked, type RecordSource, type RecordWriter } from './records.ts';

/** CSV with a header row from the columns; records flattened, arrays joined with `;`. */
export const writeCsv: RecordWriter = (records, columns) => chunked(csvParts(records, columns));

async function* csvParts(records: RecordSource, columns: readonly string[]): AsyncIterable<string> {
  // Rows as arrays: csv-stringify reads a record's column `a.b` as a path, `__proto__` as its prototype.
  const stringifier = stringify({ eof: true });
  stringifier.setEncoding('utf8');
  const feeding = pipeline(Readable.from(rows(records, columns)), stringifier);
  // The stringifier is read here while the pipeline feeds it; its error surfaces from either side.
  feeding.catch(() => undefined);
  for await (const chunk of stringifier) yield chunk as string;
  await feeding;
}

async function* rows(records: RecordSource, columns: readonly string[]): AsyncIterable<string[]> {
  yield [...columns];
  for await (const record of records) yield flatCells(record, columns);
}
