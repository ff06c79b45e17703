import { jsonText } from './json-text.ts';
import { chunked, type RecordSource, type RecordWriter } from './records.ts';

/** JSON Lines: one record per line, nested details kept. */
export const writeJsonl: RecordWriter = (records) => chunked(jsonlParts(records));

async function* jsonlParts(records: RecordSource): AsyncIterable<string> {
  for await (const record of records) yield `${jsonText(record)}\n`;
}
