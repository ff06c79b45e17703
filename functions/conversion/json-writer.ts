import { jsonText } from './json-text.ts';
import { chunked, type RecordSource, type RecordWriter } from './records.ts';

/** A JSON array, one compact record per line; nested details stay nested. */
export const writeJson: RecordWriter = (records) => chunked(jsonParts(records));

async function* jsonParts(records: RecordSource): AsyncIterable<string> {
  let first = true;
  for await (const record of records) {
    yield `${first ? '[\n' : ',\n'}${jsonText(record)}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}
